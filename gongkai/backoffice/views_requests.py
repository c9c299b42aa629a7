"""依申请公开 in the back office: the list of open requests by working days left, registering a request
received by letter, in person, fax or e-mail, and the request page with its applicant (staff only), the
event log, the clock with its written explanation, and the actions of each stage. Each action is one
service in disclosure_requests.services; a domain error comes back as a Chinese message on the same
page with what was typed kept. The reply letter comes from exchange.reply_letters (docx and PDF)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action, can, unit_scope
from gongkai.backoffice import forms_requests as forms
from gongkai.backoffice.views import attempt, backoffice_view, guard, posted
from gongkai.disclosure_requests import selectors, services
from gongkai.disclosure_requests.models import OPEN_STATUSES, ReplyTemplate, ReplyType, Request, Status
from gongkai.exchange import reply_letters
from gongkai.organizations.models import Unit


def _today() -> datetime.date:
    return datetime.date.today()


# --- the list ---------------------------------------------------------------------------------------


def urgency(days_left: int | None) -> tuple[str, str]:
    """(badge class, Chinese label) for the working days left before the due date."""
    if days_left is None:
        return "", "未起算"
    if days_left < 0:
        return "bad", f"已逾期 {-days_left} 个工作日"
    if days_left == 0:
        return "bad", "今日到期"
    if days_left <= 2:
        return "bad", f"剩余 {days_left} 个工作日"
    if days_left <= 5:
        return "warn", f"剩余 {days_left} 个工作日"
    return "ok", f"剩余 {days_left} 个工作日"


def _units_for(user):
    return unit_scope(user, Action.HANDLE_REQUEST)


@backoffice_view
def request_list(request):
    guard(request, Action.HANDLE_REQUEST)
    form = forms.FilterForm(request.GET or None, units=_units_for(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or "open"
    today = _today()
    rows = []
    for entry in selectors.open_requests(request.user, today=today):
        badge, label = urgency(entry.workdays_left)
        rows.append({"request": entry.request, "due": entry.due, "provisional": entry.provisional,
                     "badge": badge, "label": label})
    if show == "all":
        for item in selectors.requests_for(request.user).exclude(status__in=OPEN_STATUSES).order_by("-id"):
            rows.append({"request": item, "due": None, "provisional": False, "badge": "",
                         "label": item.get_status_display()})
    if data.get("stage"):
        rows = [r for r in rows if r["request"].stage == data["stage"]]
    if data.get("unit"):
        rows = [r for r in rows if r["request"].assigned_unit_id == data["unit"].pk]
    return render(request, "backoffice/requests/list.html", {
        "rows": rows, "form": form, "today": today,
        "can_register": _register_units(request.user).exists(),
        "can_edit_letters": can(request.user, Action.APPROVE_EXTENSION),
    })


# --- registering a request typed in by the officer ------------------------------------------------------


def _register_units(user):
    """Units that receive requests: the disclosure offices in the user's scope."""
    return _units_for(user).filter(is_disclosure_office=True, is_active=True)


@backoffice_view
def request_register(request):
    guard(request, Action.HANDLE_REQUEST)
    units = _register_units(request.user)
    form = forms.RegisterForm(posted(request), units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["receiving_unit"]
        guard(request, Action.HANDLE_REQUEST, unit)
        created, ok = attempt(
            form, services.request_register, actor=request.user, receiving_unit=unit,
            jurisdiction=unit.jurisdiction, channel=data["channel"], data=form.applicant_data(),
            addressed_to_office=data["addressed_to_office"],
            submitted_at=data["submitted_on"], arrived_at=data["arrived_on"])
        if ok:
            messages.success(request, f"已登记申请，查询码 {created.tracking_code}。")
            return redirect("backoffice:request", created.pk)
    return render(request, "backoffice/requests/register.html", {"form": form})


# --- the request page and its actions -------------------------------------------------------------------


def _request(request, pk) -> Request:
    item = get_object_or_404(
        Request.objects.select_related("assigned_unit", "receiving_unit", "jurisdiction", "created_by"), pk=pk)
    guard(request, Action.HANDLE_REQUEST, item)
    return item


@dataclass
class Step:
    """One action of the request page: its form, the service call and when it is offered."""

    name: str
    title: str
    form: type
    call: Any  # (view request, Request, cleaned data) -> service result
    when: Any  # (Request, user) -> bool
    button: str = "保存"
    files: bool = False
    form_kwargs: Any = None  # (view request, Request) -> dict


def _is_open(item: Request) -> bool:
    return item.status in OPEN_STATUSES


def _received(item: Request) -> bool:
    return item.received_on is not None and item.is_open


def _assign_units(http_request, item):
    return {"units": Unit.objects.filter(jurisdiction__path__startswith=item.jurisdiction.path,
                                         is_active=True).order_by("name")}


def _confirm_call(r, item, d):
    if d["contact_made"]:
        return services.request_contact_made(actor=r.user, request=item, contact_made_at=d["date"], note=d["note"])
    return services.request_confirm(actor=r.user, request=item, confirmed_at=d["date"], method=d["method"])


def _reply_call(http_request, item, data):
    files = data["attachments"] or []
    fields = {k: data[k] for k in services.REPLY_FIELDS}
    return services.request_reply(
        actor=http_request.user, request=item, type=data["type"], on=data["letter_date"],
        letter_number=data["letter_number"],
        attachments=[(f.name, f, data["attachments_redacted"]) for f in files], **fields)


STEPS = [
    Step("confirm", "双方确认 / 取得联系（收到申请之日，第三十一条）", forms.ConfirmForm, _confirm_call,
         lambda item, user: item.received_on is None and _is_open(item), "确认"),
    Step("assign", "交办承办单位", forms.AssignForm,
         lambda r, item, d: services.request_assign(actor=r.user, request=item, unit=d["unit"], on=d["date"],
                                                    note=d["note"]),
         lambda item, user: item.assigned_unit_id is None and _is_open(item), "交办", form_kwargs=_assign_units),
    Step("transfer", "转办其他单位（须写明原因）", forms.AssignForm,
         lambda r, item, d: services.request_transfer(actor=r.user, request=item, unit=d["unit"], on=d["date"],
                                                      note=d["note"]),
         lambda item, user: item.assigned_unit_id is not None and _is_open(item), "转办", form_kwargs=_assign_units),
    Step("correction", "发出补正通知（第三十条，收到申请之日起 7 个工作日内）", forms.CorrectionForm,
         lambda r, item, d: services.request_correction(actor=r.user, request=item, on=d["date"], items=d["items"],
                                                        period_workdays=d["period_workdays"], note=d["note"]),
         lambda item, user: _received(item) and item.status == Status.IN_PROGRESS, "发出补正通知"),
    Step("correction_received", "收到补正后的申请（答复期限重新计算）", forms.DatedForm,
         lambda r, item, d: services.request_correction_received(actor=r.user, request=item, on=d["date"],
                                                                 note=d["note"]),
         lambda item, user: item.status == Status.AWAITING_CORRECTION, "登记补正"),
    Step("correction_period_ended", "补正期限届满未补正（视为放弃）", forms.DatedForm,
         lambda r, item, d: services.request_correction_period_ended(actor=r.user, request=item, on=d["date"],
                                                                     note=d["note"]),
         lambda item, user: item.status == Status.AWAITING_CORRECTION, "按逾期不补正处理"),
    Step("consultation_sent", "发出征求意见（第三十二、三十四条，所需时间不计入答复期限）", forms.ConsultationSentForm,
         lambda r, item, d: services.request_consultation_sent(actor=r.user, request=item, on=d["date"],
                                                               party_kind=d["party_kind"],
                                                               party_name=d["party_name"], note=d["note"]),
         lambda item, user: _received(item) and item.status in (Status.IN_PROGRESS, Status.IN_CONSULTATION),
         "登记征求意见"),
    Step("consultation_replied", "收到征求意见答复", forms.ConsultationRepliedForm,
         lambda r, item, d: services.request_consultation_replied(actor=r.user, request=item, on=d["date"],
                                                                  outcome=d["outcome"],
                                                                  party_name=d["party_name"], note=d["note"]),
         lambda item, user: item.status == Status.IN_CONSULTATION, "登记答复"),
    Step("extension", "延长答复期限（须政府信息公开工作机构负责人同意，第三十三条第二款）", forms.ExtensionForm,
         lambda r, item, d: services.request_extension(actor=r.user, request=item, decided_on=d["decided_on"],
                                                       notice_on=d["notice_on"], reason=d["reason"],
                                                       days=d["days"]),
         lambda item, user: _received(item) and can(user, Action.APPROVE_EXTENSION, item), "批准延期"),
    Step("reply", "答复", forms.ReplyForm, _reply_call,
         lambda item, user: _received(item) and item.status == Status.IN_PROGRESS, "作出答复", files=True),
    Step("deliver", "送达记录", forms.DeliveryRecordForm,
         lambda r, item, d: services.request_deliver(actor=r.user, request=item, method=d["method"],
                                                     delivered_on=d["delivered_on"], recipient=d["recipient"],
                                                     proof=d["proof"]),
         lambda item, user: item.status in (Status.REPLIED, Status.ABANDONED), "登记送达"),
    Step("archive", "归档（第四十五条）", forms.DatedForm,
         lambda r, item, d: services.request_archive(actor=r.user, request=item, on=d["date"], note=d["note"]),
         lambda item, user: item.status in (Status.REPLIED, Status.ABANDONED), "归档"),
]
STEPS_BY_NAME = {s.name: s for s in STEPS}


def _form(step: Step, http_request, item, data=None, files=None):
    kwargs = step.form_kwargs(http_request, item) if step.form_kwargs else {}
    if step.files:
        return step.form(data, files, prefix=step.name, **kwargs)
    return step.form(data, prefix=step.name, **kwargs)


def _detail_context(http_request, item: Request, bound: tuple[str, Any] | None = None) -> dict:
    user = http_request.user
    actions = []
    for step in STEPS:
        if not step.when(item, user):
            continue
        form = bound[1] if bound and bound[0] == step.name else _form(step, http_request, item)
        actions.append({"step": step, "form": form, "open": bool(bound and bound[0] == step.name)})
    clock = selectors.request_deadline(item)
    reply = item.reply if hasattr(item, "reply") else None
    return {
        "item": item, "clock": clock, "actions": actions, "bound": bound[0] if bound else None,
        "events": item.events.select_related("actor", "approver").order_by("date", "id"),
        "reply": reply,
        "attachments": list(reply.attachments.all()) if reply else [],
        "deliveries": list(reply.deliveries.all()) if reply else [],
        "reply_guide": forms.reply_type_guide(),
        "similar": [other for other, _score in selectors.similar_requests(item)],
        "suggestion": selectors.proactive_disclosure_suggestion(item),
        "can_extend": can(user, Action.APPROVE_EXTENSION, item),
    }


@backoffice_view
def request_detail(request, pk):
    item = _request(request, pk)
    return render(request, "backoffice/requests/detail.html", _detail_context(request, item))


@backoffice_view
@require_POST
def request_action(request, pk, action):
    item = _request(request, pk)
    step = STEPS_BY_NAME.get(action)
    if step is None:
        raise Http404("没有这个操作。")
    if step.name == "extension":
        guard(request, Action.APPROVE_EXTENSION, item)
    form = _form(step, request, item, request.POST, request.FILES)
    if form.is_valid():
        _, ok = attempt(form, lambda: step.call(request, item, form.cleaned_data))
        if ok:
            messages.success(request, f"已保存：{step.title}。")
            return redirect("backoffice:request", item.pk)
    item = _request(request, pk)  # fresh from the database: nothing half-written shows
    return render(request, "backoffice/requests/detail.html",
                  _detail_context(request, item, bound=(step.name, form)), status=200)


# --- the letter templates (editable per reply type; the disclosure office) --------------------------------


@backoffice_view
def letter_templates(request):
    guard(request, Action.APPROVE_EXTENSION)
    edited = {t.reply_type: t for t in ReplyTemplate.objects.select_related("updated_by")}
    rows = [{"type": value, "label": label, "edited": edited.get(value)} for value, label in ReplyType.choices]
    return render(request, "backoffice/requests/letter_templates.html", {"rows": rows})


@backoffice_view
def letter_template_edit(request, reply_type):
    guard(request, Action.APPROVE_EXTENSION)
    if reply_type not in ReplyType.values:
        raise Http404("没有这个答复类型。")
    title, body = selectors.reply_template_for(reply_type)
    form = forms.ReplyTemplateForm(posted(request), initial={"title": title, "body": body})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.reply_template_save, actor=request.user, reply_type=reply_type,
                        title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        if ok:
            messages.success(request, f"已保存“{ReplyType(reply_type).label}”的答复书模板。")
            return redirect("backoffice:letter_templates")
    return render(request, "backoffice/requests/letter_template_edit.html", {
        "form": form, "reply_type": reply_type, "label": ReplyType(reply_type).label,
    })


# --- the reply letter -------------------------------------------------------------------------------------

LETTER_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@backoffice_view
def request_letter(request, pk, fmt):
    item = _request(request, pk)
    reply = item.reply if hasattr(item, "reply") else None
    if reply is None or fmt not in LETTER_TYPES:
        raise Http404("该申请尚未答复，没有答复书。")
    content = reply_letters.reply_letter_docx(reply) if fmt == "docx" else reply_letters.reply_letter_pdf(reply)
    response = HttpResponse(content, content_type=LETTER_TYPES[fmt])
    filename = reply_letters.reply_letter_filename(reply, fmt)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response

