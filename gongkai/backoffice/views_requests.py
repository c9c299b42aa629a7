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
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action, can, unit_scope
from gongkai.backoffice import forms_requests as forms
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.core import clock
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.disclosure_requests import fees, selectors, services, workflow
from gongkai.disclosure_requests.models import (
    OPEN_STATUSES,
    DisclosureRequest,
    EventKind,
    ReplyType,
    Status,
)
from gongkai.exchange import reply_letters
from gongkai.organizations.models import Jurisdiction, Unit

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


def clock_label(entry: selectors.OpenRequest) -> tuple[str, str]:
    """(badge class, Chinese label) for an open request's clock: working days left once it has a due date;
    paused while a consultation (第三十二条), a 补正 (第三十条) or a fee payment (109号, where the jurisdiction
    leaves the wait out) is outstanding — the clock started and
    stands still, it is not "not started"; 未起算 only before the request is confirmed (no receipt day)."""
    if entry.workdays_left is not None:
        return urgency(entry.workdays_left)
    state = str(entry.deadline.state) if entry.deadline is not None else ""
    if entry.request.status == Status.AWAITING_PAYMENT and state == "suspended":
        return "", "已暂停（待缴费）"  # 国办函〔2020〕109号: the jurisdiction leaves the wait out (the default)
    if entry.request.status == Status.IN_CONSULTATION or state == "suspended":
        return "", "已暂停（征求意见中）"
    if entry.request.status == Status.AWAITING_CORRECTION or state == "awaiting_correction":
        return "", "已暂停（待补正）"
    return urgency(None)


def _units_for(user):
    return unit_scope(user, Action.HANDLE_REQUEST)


@backoffice_view
def request_list(request):
    guard(request, Action.HANDLE_REQUEST)
    form = forms.FilterForm(request.GET or None, units=_units_for(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or "open"
    today = clock.today()
    rows = []
    for entry in selectors.open_requests(request.user, today=today):
        badge, label = clock_label(entry)
        rows.append({"request": entry.request, "due": entry.due, "provisional": entry.provisional,
                     "badge": badge, "label": label, "paused": label.startswith("已暂停")})
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
        "can_edit_letters": can(request.user, Action.EDIT_LETTER_TEMPLATES),
        "can_set_clock": can(request.user, Action.SET_REQUEST_CLOCK),
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
            jurisdiction=unit.jurisdiction, intake_channel=data["intake_channel"], data=form.applicant_data(),
            addressed_to_office=data["addressed_to_office"],
            submitted_at=data["submitted_on"], arrived_at=data["arrived_on"])
        if ok:
            messages.success(request, f"已登记申请，查询码 {created.tracking_code}。")
            return redirect("backoffice:request", created.pk)
    return render(request, "backoffice/requests/register.html", {"form": form})


# --- the request page and its actions -------------------------------------------------------------------


def _request(request, pk) -> DisclosureRequest:
    item = get_object_or_404(
        DisclosureRequest.objects.select_related("assigned_unit", "receiving_unit", "jurisdiction", "created_by"), pk=pk)
    guard(request, Action.HANDLE_REQUEST, item)
    return item


@dataclass
class Step:
    """The screen of one move (disclosure_requests.workflow): its form and the service call. Which moves are
    offered is asked of selectors.request_moves, never decided here."""

    name: str
    title: str
    form: type
    call: Any  # (view request, DisclosureRequest, cleaned data) -> service result
    button: str = "保存"
    files: bool = False
    form_kwargs: Any = None  # (view request, DisclosureRequest) -> dict
    guide: bool = False  # the table of what each reply type must state
    preview: bool = False  # a "计算金额" button (the fee notice)


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
    Step(workflow.CONFIRM, "双方确认 / 取得联系（收到申请之日，第三十一条）", forms.ConfirmForm, _confirm_call, "确认"),
    Step(workflow.ASSIGN, "交办承办单位", forms.AssignForm,
         lambda r, item, d: services.request_assign(actor=r.user, request=item, unit=d["unit"], on=d["date"],
                                                    note=d["note"]),
         "交办", form_kwargs=_assign_units),
    Step(workflow.TRANSFER, "转办其他单位（须写明原因）", forms.AssignForm,
         lambda r, item, d: services.request_transfer(actor=r.user, request=item, unit=d["unit"], on=d["date"],
                                                      note=d["note"]),
         "转办", form_kwargs=_assign_units),
    Step(workflow.CORRECTION, "发出补正通知（第三十条，收到申请之日起 7 个工作日内）", forms.CorrectionForm,
         lambda r, item, d: services.request_correction(actor=r.user, request=item, on=d["date"], items=d["items"],
                                                        period_workdays=d["period_workdays"], note=d["note"]),
         "发出补正通知"),
    Step(workflow.CORRECTION_RECEIVED, "收到补正后的申请（答复期限重新计算）", forms.DatedForm,
         lambda r, item, d: services.request_correction_received(actor=r.user, request=item, on=d["date"],
                                                                 note=d["note"]),
         "登记补正"),
    Step(workflow.CORRECTION_PERIOD_ENDED, "补正期限届满未补正（视为放弃）", forms.DatedForm,
         lambda r, item, d: services.request_correction_period_ended(actor=r.user, request=item, on=d["date"],
                                                                     note=d["note"]),
         "按逾期不补正处理"),
    Step(workflow.CONSULTATION_SENT, "发出征求意见（第三十二、三十四条，所需时间不计入答复期限）",
         forms.ConsultationSentForm,
         lambda r, item, d: services.request_consultation_sent(actor=r.user, request=item, on=d["date"],
                                                               party_kind=d["party_kind"],
                                                               party_name=d["party_name"], note=d["note"]),
         "登记征求意见"),
    Step(workflow.CONSULTATION_RECEIVED, "被征求意见方收到征求意见（其15个工作日自收到之日起计算）",
         forms.ConsultationReceivedForm,
         lambda r, item, d: services.request_consultation_received(actor=r.user, request=item, on=d["date"],
                                                                   party_name=d["party_name"], note=d["note"]),
         "登记收到日期"),
    Step(workflow.CONSULTATION_REPLIED, "收到征求意见答复", forms.ConsultationRepliedForm,
         lambda r, item, d: services.request_consultation_replied(actor=r.user, request=item, on=d["date"],
                                                                  outcome=d["outcome"],
                                                                  party_name=d["party_name"], note=d["note"]),
         "登记答复"),
    Step(workflow.EXTENSION, "延长答复期限（须政府信息公开工作机构负责人同意，第三十三条第二款）", forms.ExtensionForm,
         lambda r, item, d: services.request_extension(actor=r.user, request=item, decided_on=d["decided_on"],
                                                       notice_on=d["notice_on"], reason=d["reason"],
                                                       days=d["days"]),
         "批准延期"),
    Step(workflow.LATER_DEADLINE, "确定延迟答复的合理期限（第三十五条）", forms.LaterDeadlineForm,
         lambda r, item, d: services.request_later_deadline(actor=r.user, request=item, on=d["date"], due=d["due"],
                                                            reason=d["reason"]),
         "确定并告知"),
    Step(workflow.FEE_NOTICE, "收费通知（信息处理费，国办函〔2020〕109号）", forms.FeeNoticeForm,
         lambda r, item, d: services.request_fee_notice(actor=r.user, request=item, on=d["date"], method=d["method"],
                                                        quantity=d["quantity"], note=d["note"]),
         "发出收费通知", preview=True),
    Step(workflow.FEE_NOTICE_RECEIVED, "申请人收到收费通知（缴费期限自收到之日起20个工作日）", forms.DatedForm,
         lambda r, item, d: services.request_fee_notice_received(actor=r.user, request=item, on=d["date"]),
         "登记收到日期"),
    Step(workflow.FEE_PAID, "已缴费", forms.FeePaidForm,
         lambda r, item, d: services.request_fee_paid(actor=r.user, request=item, on=d["date"],
                                                      receipt_number=d["receipt_number"]),
         "登记缴费"),
    Step(workflow.FEE_PERIOD_ENDED, "逾期未缴费（视为放弃申请，年度报告 三(六)2）", forms.FeePeriodEndedForm,
         lambda r, item, d: services.request_fee_period_ended(actor=r.user, request=item, on=d["date"],
                                                              note=d["note"]),
         "按逾期未缴费处理"),
    Step(workflow.REPLY, "答复", forms.ReplyForm, _reply_call, "作出答复", files=True, guide=True),
    Step(workflow.DELIVER, "送达记录", forms.DeliveryRecordForm,
         lambda r, item, d: services.request_deliver(actor=r.user, request=item, method=d["method"],
                                                     delivered_on=d["delivered_on"], recipient=d["recipient"],
                                                     proof=d["proof"]),
         "登记送达"),
    Step(workflow.ARCHIVE, "归档（第四十五条）", forms.DatedForm,
         lambda r, item, d: services.request_archive(actor=r.user, request=item, on=d["date"], note=d["note"]),
         "归档"),
]
STEPS_BY_NAME = {s.name: s for s in STEPS}
# 取得联系 is entered on the confirmation form (a box on it), not a screen of its own.
COVERED_BY = {workflow.CONTACT_MADE: workflow.CONFIRM}


def _fee_noticed(item: DisclosureRequest) -> bool:
    return item.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists()


def fee_state(item: DisclosureRequest) -> dict | None:
    """The fee of a request as its log records it: the notice (date, amount, basis, payment window end),
    the payment (date, receipt) or the request deemed abandoned for not paying."""
    events = list(item.events.filter(kind__in=(EventKind.FEE_NOTICE_SENT, EventKind.FEE_PAID,
                                               EventKind.DEEMED_ABANDONED)).order_by("date", "id"))
    notice = next((e for e in events if e.kind == EventKind.FEE_NOTICE_SENT), None)
    if notice is None:
        return None
    paid = next((e for e in events if e.kind == EventKind.FEE_PAID), None)
    lapsed = next((e for e in events if e.kind == EventKind.DEEMED_ABANDONED and e.data.get("row") == "三(六)2"), None)
    return {
        "notice_on": notice.date, "amount": notice.data.get("amount"), "basis": notice.data.get("basis", ""),
        "method": dict(forms.FEE_METHODS).get(notice.data.get("method"), ""),
        "pay_by": datetime.date.fromisoformat(notice.data["pay_by"]) if notice.data.get("pay_by") else None,
        "paid_on": paid.date if paid else None, "receipt_number": paid.data.get("receipt_number", "") if paid else "",
        "lapsed_on": lapsed.date if lapsed else None,
    }


def fee_preview(item: DisclosureRequest, data: dict) -> str:
    """The amount the notice would charge (the same computation as services.request_fee_notice), before it is
    sent. Raises a domain error (Chinese) when the numbers cannot be charged."""
    quantity = data["quantity"]
    if data["method"] == "per_item":
        before = services.items_this_month_before(item, data["date"])
        amount = fees.fee_per_item(before, quantity)
        basis = f"按件计收：本月此前已申请{before}件，本次{quantity}件"
    else:
        amount = fees.fee_per_page(quantity)
        basis = f"按量计收：{quantity}页"
    if amount == 0:
        return f"{basis}，未超过免费范围，应收费用为0元，不需要发出收费通知。"
    return f"{basis}，应收信息处理费 {amount} 元。确认无误后点击“发出收费通知”。"


def _form(step: Step, http_request, item, data=None, files=None):
    kwargs = step.form_kwargs(http_request, item) if step.form_kwargs else {}
    if step.files:
        return step.form(data, files, prefix=step.name, **kwargs)
    return step.form(data, prefix=step.name, **kwargs)


def _detail_context(http_request, item: DisclosureRequest, bound: tuple[str, Any] | None = None,
                    preview: str = "") -> dict:
    user = http_request.user
    moves = selectors.request_moves(user, item)
    names = []
    for move in moves:
        name = COVERED_BY.get(move, move)
        if name in STEPS_BY_NAME and name not in names:
            names.append(name)
    # the step just posted stays on the page even when the request no longer offers it, so that the service's
    # refusal shows next to what was typed
    if bound and bound[0] not in names:
        names.append(bound[0])
    actions = []
    for name in names:
        step = STEPS_BY_NAME[name]
        form = bound[1] if bound and bound[0] == name else _form(step, http_request, item)
        actions.append({"step": step, "form": form, "open": bool(bound and bound[0] == name),
                        "next": name in workflow.NEXT_STEPS or (bound is not None and bound[0] == name)})
    next_actions = [a for a in actions if a["next"]]
    if not next_actions and actions:  # nothing is the obvious next step: the first move the table allows is
        actions[0]["next"] = True
        next_actions = [actions[0]]
    clock = selectors.request_deadline(item)
    reply = item.reply if hasattr(item, "reply") else None
    return {
        "item": item, "clock": clock, "actions": actions, "bound": bound[0] if bound else None,
        "next_actions": next_actions, "more_actions": [a for a in actions if not a["next"]],
        "events": [(e, selectors.event_summary(e)) for e in item.events.select_related("actor", "approver")
                   .order_by("date", "id")],
        "reply": reply,
        "attachments": list(reply.attachments.all()) if reply else [],
        "deliveries": list(reply.deliveries.all()) if reply else [],
        "reply_guide": forms.reply_type_guide(),
        "similar": [other for other, _score in selectors.similar_requests(item)],
        "suggestion": selectors.proactive_disclosure_suggestion(item),
        "can_extend": can(user, Action.APPROVE_EXTENSION, item),
        "fee": fee_state(item),
        "receipt_flag": selectors.receipt_flag(item),
        "fee_preview": preview,
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
    if step.name == workflow.EXTENSION:
        guard(request, Action.APPROVE_EXTENSION, item)
    form = _form(step, request, item, request.POST, request.FILES)
    preview = ""
    if form.is_valid() and step.preview and request.POST.get("do") == "preview":
        try:
            preview = fee_preview(item, form.cleaned_data)
        except GongkaiError as exc:
            form.add_error(None, exc.message)
    elif form.is_valid():
        _, ok = attempt(form, lambda: step.call(request, item, form.cleaned_data))
        if ok:
            messages.success(request, f"已保存：{step.title}。" + _fee_message(step.name, item))
            return redirect("backoffice:request", item.pk)
    item = _request(request, pk)  # fresh from the database: nothing half-written shows
    return render(request, "backoffice/requests/detail.html",
                  _detail_context(request, item, bound=(step.name, form), preview=preview), status=200)


def _fee_message(step_name: str, item: DisclosureRequest) -> str:
    if step_name != workflow.FEE_NOTICE:
        return ""
    fee = fee_state(item)
    if not fee or fee["pay_by"] is None:
        return ""
    pay_by = fee["pay_by"]
    return f"应收信息处理费 {fee['amount']} 元，缴费期限至 {pay_by.year}年{pay_by.month}月{pay_by.day}日。"


# --- the letter templates (editable per reply type; the disclosure office) --------------------------------


def _letter_template_target(request, code: str, reply_type: str):
    """(jurisdiction, label) of a template the office may set: refused (403) without the right, a 404 for a
    jurisdiction outside its scope or an unknown reply type."""
    guard(request, Action.EDIT_LETTER_TEMPLATES)
    jurisdiction = get_object_or_404(selectors.letter_template_jurisdictions(user=request.user), code=code)
    if reply_type not in ReplyType.values:
        raise Http404("没有这个答复类型。")
    return jurisdiction, ReplyType(reply_type).label


def _letter_templates_url(jurisdiction) -> str:
    return f"{reverse('backoffice:letter_templates')}?j={jurisdiction.code}"


@backoffice_view
def letter_templates(request):
    guard(request, Action.EDIT_LETTER_TEMPLATES)
    choices = list(selectors.letter_template_jurisdictions(user=request.user))
    code = request.GET.get("j") or None
    jurisdiction = next((j for j in choices if j.code == code), None) if code else (choices[0] if choices else None)
    if jurisdiction is None:
        raise Http404("没有这个行政区划，或您无权维护其答复书模板。")
    rows = selectors.letter_templates_for(user=request.user, jurisdiction=jurisdiction)
    return render(request, "backoffice/requests/letter_templates.html",
                  {"rows": rows, "jurisdiction": jurisdiction, "choices": choices})


@backoffice_view
def letter_template_edit(request, code, reply_type):
    jurisdiction, label = _letter_template_target(request, code, reply_type)
    current = selectors.reply_template_for(reply_type, jurisdiction)
    form = forms.ReplyTemplateForm(posted(request), initial={"title": current.title, "body": current.body})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.reply_template_save, actor=request.user, jurisdiction=jurisdiction,
                        reply_type=reply_type, title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        if ok:
            messages.success(request, f"已保存{jurisdiction.name}“{label}”的答复书模板。")
            return redirect(_letter_templates_url(jurisdiction))
    return render(request, "backoffice/requests/letter_template_edit.html", {
        "form": form, "reply_type": reply_type, "label": label,
        "jurisdiction": jurisdiction, "current": current,
    })


@backoffice_view
@require_POST
def letter_template_revert(request, code, reply_type):
    jurisdiction, label = _letter_template_target(request, code, reply_type)
    try:
        services.reply_template_revert(actor=request.user, jurisdiction=jurisdiction, reply_type=reply_type)
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, exc.message)
    else:
        inherited = selectors.reply_template_for(reply_type, jurisdiction)
        messages.success(request, f"{jurisdiction.name}“{label}”的答复书模板已恢复沿用{inherited.source_label}的模板。")
    return redirect(_letter_templates_url(jurisdiction))


# --- how the answer clock is counted (per jurisdiction; the disclosure office) ------------------------------


def _setting_label(setting: selectors.FeePause) -> str:
    text = "不计入答复期限" if setting.pause else "计入答复期限"
    if setting.own:
        return f"{text}（本级设置）"
    if setting.source is not None:
        return f"{text}（沿用{setting.source.name}的设置）"
    return f"{text}（默认）"


@backoffice_view
def clock_settings(request):
    guard(request, Action.SET_REQUEST_CLOCK)
    rows = [{"jurisdiction": j, "label": _setting_label(setting)}
            for j, setting in selectors.clock_settings_for(request.user)]
    return render(request, "backoffice/requests/clock_settings.html", {"rows": rows})


@backoffice_view
def clock_setting_edit(request, pk):
    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    guard(request, Action.SET_REQUEST_CLOCK, jurisdiction)
    current = selectors.fee_pause_for(jurisdiction)
    initial = {"fee_pause": ("pause" if current.pause else "count") if current.own else "inherit"}
    form = forms.ClockSettingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.clock_setting_save, actor=request.user, jurisdiction=jurisdiction,
                        fee_pause=form.fee_pause_value())
        if ok:
            messages.success(request, f"已保存{jurisdiction.name}的答复期限计算方式：等待缴费期间"
                                      f"{_setting_label(selectors.fee_pause_for(jurisdiction))}。")
            return redirect("backoffice:clock_settings")
    return render(request, "backoffice/requests/clock_setting_edit.html", {
        "form": form, "jurisdiction": jurisdiction, "current": _setting_label(current),
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

