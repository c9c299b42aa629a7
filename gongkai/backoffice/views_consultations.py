"""Consultation screens (征求意见) of the drafting unit and the office: the list, a new draft, one consultation
(publish, close, moderate its comments, write and publish the summary, its hearings) and the yearly list of major
decisions (重大行政决策事项目录). Views parse and render; the consultations services decide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.backoffice.forms_consultations import (
    ConsultationForm,
    DecisionItemForm,
    DecisionListForm,
    HearingForm,
    ModerateForm,
    SummaryForm,
)
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.calendars.selectors import workday_calendar
from gongkai.consultations import periods, selectors, services
from gongkai.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    DecisionItem,
    DecisionList,
    Hearing,
)
from gongkai.consultations.workflow import TABLE, Status
from gongkai.core import clock
from gongkai.core.paging import page_of
from gongkai.core.workflow import MoveRefused

PAGE_SIZE = 50


def _items_for(user):
    """Decision items of the lists in the user's jurisdictions (to link a consultation to its 目录 item)."""
    units = unit_scope(user, Action.MANAGE_CONSULTATIONS)
    return DecisionItem.objects.filter(unit__in=units).select_related("decision_list").order_by(
        "-decision_list__year", "order")


@backoffice_view
def consultations(request):
    guard(request, Action.MANAGE_CONSULTATIONS)
    page = page_of(selectors.consultations_for(request.user), PAGE_SIZE, request.GET.get("page"))
    return render(request, "backoffice/consultations/list.html", {
        "page": page, "may_lists": can(request.user, Action.MANAGE_DECISION_LIST)})


@backoffice_view
def consultation_new(request):
    guard(request, Action.MANAGE_CONSULTATIONS)
    units = unit_scope(request.user, Action.MANAGE_CONSULTATIONS).select_related("jurisdiction").order_by(
        "jurisdiction__code", "name")
    today = clock.today()
    form = ConsultationForm(posted(request), units=units, items=_items_for(request.user),
                            initial={"opens_on": today, "kind": "major_decision"})
    if request.method == "POST" and form.is_valid():
        created, ok = attempt(form, services.consultation_create, actor=request.user,
                              unit=form.cleaned_data["unit"], **form.values())
        if ok:
            messages.success(request, "已保存草稿。发布前可继续修改。")
            return redirect("backoffice:consultation", created.pk)
    return render(request, "backoffice/consultations/form.html", {"form": form, "consultation": None},
                  status=400 if form.errors else 200)


def _consultation(request, pk) -> Consultation:
    consultation = get_object_or_404(Consultation.objects.select_related("unit__jurisdiction", "decision_item"),
                                     pk=pk)
    guard(request, Action.MANAGE_CONSULTATIONS, consultation)
    return consultation


@backoffice_view
def consultation_edit(request, pk):
    consultation = _consultation(request, pk)
    if not TABLE.is_editable(consultation.status):
        messages.error(request, "已发布的征求意见不能修改。")
        return redirect("backoffice:consultation", consultation.pk)
    form = ConsultationForm(posted(request), fixed_unit=True, items=_items_for(request.user),
                            initial={f: getattr(consultation, f) for f in services.CONSULTATION_FIELDS})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.consultation_change, actor=request.user, consultation=consultation,
                        **form.values())
        if ok:
            messages.success(request, "已保存。")
            return redirect("backoffice:consultation", consultation.pk)
    return render(request, "backoffice/consultations/form.html", {"form": form, "consultation": consultation},
                  status=400 if form.errors else 200)


MOVE_SERVICES = {"publish": services.consultation_publish, "close": services.consultation_close,
                 "publish_summary": services.consultation_summary_publish}


def _post(request, consultation, forms_by_name):  # noqa: C901 — one branch per form on the page
    """Handle one posted form of the consultation page; (done, message) or the bound forms keep the error."""
    which = request.POST.get("form")
    if which == "move":
        form = forms_by_name["move"]
        move = request.POST.get("move", "")
        if move not in selectors.moves_for(request.user, consultation):
            guard(request, Action.MANAGE_CONSULTATIONS, consultation)
            form.add_error(None, _refusal(consultation, move))
            return False
        _, ok = attempt(form, MOVE_SERVICES[move], actor=request.user, consultation=consultation)
        return ok and f"已{TABLE.label(move)}。"
    if which == "moderate":
        form = forms_by_name["moderate"]
        if not form.is_valid():
            return False
        guard(request, Action.MODERATE_COMMENTS, consultation)
        comment = get_object_or_404(Comment, pk=form.cleaned_data["comment"], consultation=consultation)
        approve = form.cleaned_data["decision"] == "approve"
        _, ok = attempt(form, services.comment_moderate, actor=request.user, comment=comment, approve=approve,
                        reply=form.cleaned_data["reply"])
        return ok and ("意见已显示在门户网站。" if approve else "意见不予显示（仍计入收到的意见）。")
    if which == "summary":
        form = forms_by_name["summary"]
        if not form.is_valid():
            return False
        _, ok = attempt(form, services.consultation_summary_save, actor=request.user, consultation=consultation,
                        **form.cleaned_data)
        return ok and "已保存意见采纳情况。核对无误后请按“公布采纳情况”。"
    if which == "hearing":
        form = forms_by_name["hearing"]
        if not form.is_valid():
            return False
        _, ok = attempt(form, services.hearing_create, actor=request.user, consultation=consultation,
                        **form.cleaned_data)
        return ok and "已登记听证会。"
    if which == "hearing_notice":
        form = forms_by_name["move"]
        hearing = get_object_or_404(Hearing, pk=request.POST.get("hearing") or 0, consultation=consultation)
        _, ok = attempt(form, services.hearing_notice_publish, actor=request.user, hearing=hearing)
        return ok and "已发布听证公告。"
    return None


def _refusal(consultation, move) -> str:
    try:
        TABLE.next_status(consultation.status, move)
    except MoveRefused as exc:  # the table's own Chinese message
        return exc.message
    return "您不能进行该操作。"


@backoffice_view
def consultation(request, pk):
    consultation = _consultation(request, pk)
    may_moderate = can(request.user, Action.MODERATE_COMMENTS, consultation)
    which = request.POST.get("form") if request.method == "POST" else None
    bound = {name: (request.POST if which == name else None) for name in ("moderate", "summary", "hearing")}
    forms_by_name = {
        "move": forms.Form(request.POST if which in ("move", "hearing_notice") else None),
        "moderate": ModerateForm(bound["moderate"]),
        "summary": SummaryForm(bound["summary"], initial={
            "summary": consultation.summary, "adopted_count": consultation.adopted_count,
            "other_comment_count": consultation.other_comment_count}),
        "hearing": HearingForm(bound["hearing"]),
    }
    if request.method == "POST":
        done = _post(request, consultation, forms_by_name)
        if done is None:
            return HttpResponse("未知的操作。", status=400, content_type="text/plain; charset=utf-8")
        if done:
            messages.success(request, done)
            return redirect("backoffice:consultation", consultation.pk)
    comments = list(consultation.comments.order_by("status", "submitted_at", "id"))
    counts = {s: 0 for s in CommentStatus.values}
    for c in comments:
        counts[c.status] += 1
    verdict = periods.period(consultation.kind, consultation.opens_on, consultation.closes_on, workday_calendar())
    return render(request, "backoffice/consultations/detail.html", {
        "consultation": consultation, "moves": [(m, TABLE.button(m)) for m in selectors.moves_for(
            request.user, consultation)],
        "period": verdict, "comments": comments, "counts": counts, "may_moderate": may_moderate,
        "received": len(comments) + consultation.other_comment_count,
        "hearings": list(consultation.hearings.order_by("held_on", "id")),
        "move_form": forms_by_name["move"], "summary_form": forms_by_name["summary"],
        "hearing_form": forms_by_name["hearing"], "moderate_form": forms_by_name["moderate"],
        "editable": TABLE.is_editable(consultation.status), "closed": consultation.status == Status.CLOSED,
        "pending_status": CommentStatus.PENDING,
    }, status=400 if request.method == "POST" else 200)


# --- The yearly list of major decisions -------------------------------------------------------------------------

@backoffice_view
def decision_lists(request):
    guard(request, Action.MANAGE_DECISION_LIST)
    jurisdictions = jurisdiction_scope(request.user, Action.MANAGE_DECISION_LIST).order_by("code")
    form = DecisionListForm(posted(request), jurisdictions=jurisdictions,
                            initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        created, ok = attempt(form, services.decision_list_create, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, f"已建立{created}。")
            return redirect("backoffice:decision_list", created.pk)
    page = page_of(selectors.decision_lists_for(request.user), PAGE_SIZE, request.GET.get("page"))
    return render(request, "backoffice/consultations/decision_lists.html", {"page": page, "form": form},
                  status=400 if form.errors else 200)


@backoffice_view
def decision_list(request, pk):
    found = get_object_or_404(DecisionList.objects.select_related("jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_DECISION_LIST, found)
    units = found.jurisdiction.units.filter(is_active=True).order_by("name")
    which = request.POST.get("form") if request.method == "POST" else None
    item_form = DecisionItemForm(request.POST if which == "item" else None, units=units,
                                 initial={"public_participation": True})
    publish_form = forms.Form(request.POST if which == "publish" else None)
    if which == "item" and item_form.is_valid():
        _, ok = attempt(item_form, services.decision_item_add, actor=request.user, decision_list=found,
                        **item_form.cleaned_data)
        if ok:
            messages.success(request, "已添加决策事项。")
            return redirect("backoffice:decision_list", found.pk)
    elif which == "publish":
        _, ok = attempt(publish_form, services.decision_list_publish, actor=request.user, decision_list=found)
        if ok:
            messages.success(request, "目录已发布到门户网站。")
            return redirect("backoffice:decision_list", found.pk)
    items = list(found.items.select_related("unit").annotate(consulted=Count("consultations")).order_by("order", "id"))
    return render(request, "backoffice/consultations/decision_list.html", {
        "decision_list": found, "items": items, "item_form": item_form, "publish_form": publish_form,
    }, status=400 if request.method == "POST" else 200)
