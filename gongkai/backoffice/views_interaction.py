"""Interaction screens (互动交流): the messages of a unit (answer) and of the office (pass on, moderate, publish,
refuse — unanswered ones by age), the jurisdiction's answer limit, and the responses to public concern.
Views parse and render; `interaction.services` decides, `interaction.selectors.moves_for` says which steps show."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.backoffice.forms_interaction import (
    AnswerForm,
    AssignForm,
    ConcernForm,
    ConcernResponseForm,
    LimitForm,
    PublishForm,
    ReasonForm,
)
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.core import clock
from gongkai.core.paging import page_of
from gongkai.core.workflow import MoveRefused
from gongkai.interaction import selectors, services, workflow
from gongkai.interaction.models import Concern, Message
from gongkai.organizations.models import Unit

TABS = {"waiting": "待办理", "moderate": "待审核", "all": "全部"}


@backoffice_view
def message_list(request):
    guard(request, Action.VIEW_MESSAGES)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "waiting"
    if tab == "waiting":
        rows = selectors.waiting_by_age(request.user)
    elif tab == "moderate":
        rows = selectors.to_moderate(request.user)
    else:
        rows = selectors.messages_for(request.user).order_by("-received_at", "-id")
    page = page_of(rows, 50, request.GET.get("page"))
    today = clock.today()
    return render(request, "backoffice/interaction/message_list.html", {
        "page": page, "tab": tab, "tabs": TABS, "today": today,
        "rows": [{"m": m, "days": selectors.days_waiting(m, today), "overdue": m.is_waiting and today > m.due_on}
                 for m in page.object_list],
        "may_moderate": can(request.user, Action.MODERATE_MESSAGES),
        "may_concerns": can(request.user, Action.MANAGE_CONCERNS),
    })


def _message(request, pk) -> Message:
    message = get_object_or_404(Message.objects.select_related("unit", "jurisdiction", "answered_by"), pk=pk)
    guard(request, Action.VIEW_MESSAGES, message)
    return message


STEP_FORMS = {workflow.ANSWER: AnswerForm, workflow.ASSIGN: AssignForm, workflow.PUBLISH: PublishForm,
              workflow.RETURN: ReasonForm, workflow.CLOSE: ReasonForm, workflow.REJECT: ReasonForm}


def _initial(step: str, message: Message) -> dict:
    if step == workflow.ANSWER:
        return {"answer": message.answer}
    if step == workflow.PUBLISH:
        return {"public_subject": services.public_text(message.subject, message.writer_name),
                "public_body": services.public_text(message.body, message.writer_name), "answer": message.answer}
    return {}


def _call(step: str, form, request, message: Message):
    data, actor = form.cleaned_data, request.user
    if step == workflow.ANSWER:
        return attempt(form, services.message_answer, actor=actor, message=message, answer=data["answer"])
    if step == workflow.ASSIGN:
        return attempt(form, services.message_assign, actor=actor, message=message, unit=data["unit"],
                       note=data["note"])
    if step == workflow.PUBLISH:
        return attempt(form, services.message_publish, actor=actor, message=message,
                       public_subject=data["public_subject"], public_body=data["public_body"], answer=data["answer"])
    call = {workflow.RETURN: services.message_return, workflow.CLOSE: services.message_close,
            workflow.REJECT: services.message_reject}[step]
    return attempt(form, call, actor=actor, message=message, reason=data["reason"])


@backoffice_view
def message_detail(request, pk):
    message = _message(request, pk)
    moves = selectors.moves_for(request.user, message)
    units = Unit.objects.filter(jurisdiction=message.jurisdiction, is_active=True).exclude(
        pk=message.unit_id).order_by("name")
    posted_step = request.POST.get("step") if request.method == "POST" else None
    if request.method == "POST" and posted_step not in STEP_FORMS:
        return HttpResponse("未知的操作。", status=400, content_type="text/plain; charset=utf-8")
    forms = {}
    for step in moves:
        kwargs = {"units": units} if step == workflow.ASSIGN else {}
        forms[step] = STEP_FORMS[step](posted(request) if step == posted_step else None,
                                       initial=_initial(step, message), prefix=step, **kwargs)
    if posted_step is not None:
        if posted_step not in forms:
            # Not a move this user may make now: the policy's refusal (403) or the table's message.
            guard(request, selectors.MOVE_ACTIONS[posted_step], message)
            flash.error(request, _refusal(message, posted_step))
            return redirect("backoffice:message", message.pk)
        form = forms[posted_step]
        if form.is_valid():
            _, ok = _call(posted_step, form, request, message)
            if ok:
                flash.success(request, f"已{workflow.TABLE.label(posted_step)}。")
                return redirect("backoffice:message", message.pk)
    return render(request, "backoffice/interaction/message.html", {
        "message": message, "steps": [(s, workflow.TABLE.button(s), forms[s]) for s in moves],
        "today": clock.today(), "overdue": message.is_waiting and clock.today() > message.due_on,
    }, status=400 if posted_step is not None else 200)


def _refusal(message: Message, step: str) -> str:
    try:
        workflow.TABLE.next_status(message.status, step)
    except MoveRefused as exc:
        return exc.message
    return "该操作已不能办理。"


@backoffice_view
def message_limit(request):
    guard(request, Action.MODERATE_MESSAGES)
    jurisdictions = jurisdiction_scope(request.user, Action.MODERATE_MESSAGES).order_by("code")
    chosen = request.GET.get("j") or request.POST.get("j")
    jurisdiction = jurisdictions.filter(code=chosen).first() if chosen else jurisdictions.first()
    if jurisdiction is None:
        return redirect("backoffice:messages")
    form = LimitForm(posted(request), initial={"working_days": services.answer_working_days(jurisdiction)})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.answer_limit_set, actor=request.user, jurisdiction=jurisdiction,
                        working_days=form.cleaned_data["working_days"])
        if ok:
            flash.success(request, f"{jurisdiction.name}的留言答复时限已设为{form.cleaned_data['working_days']}个工作日。")
            return redirect(f"{request.path}?j={jurisdiction.code}")
    return render(request, "backoffice/interaction/limit.html", {
        "form": form, "jurisdiction": jurisdiction, "jurisdictions": jurisdictions[:200]},
        status=400 if form.errors else 200)


# --- responses to public concern ---------------------------------------------------------------------------------

def _concern_units(request):
    return unit_scope(request.user, Action.MANAGE_CONCERNS).filter(is_active=True).select_related(
        "jurisdiction").order_by("jurisdiction__code", "name")


@backoffice_view
def concern_list(request):
    guard(request, Action.MANAGE_CONCERNS)
    page = page_of(selectors.concerns_for(request.user), 30, request.GET.get("page"))
    now = clock.now()
    rows = []
    for concern in page.object_list:
        states = selectors.duty_states(concern)
        rows.append({"c": concern, "states": states,
                     "late": any(s.late or s.missed(now) for s in states)})
    return render(request, "backoffice/interaction/concern_list.html", {"page": page, "rows": rows})


@backoffice_view
def concern_new(request):
    guard(request, Action.MANAGE_CONCERNS)
    form = ConcernForm(posted(request), units=_concern_units(request), initial={"arose_at": clock.now()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        concern, ok = attempt(form, services.concern_record, actor=request.user, jurisdiction=data["unit"].jurisdiction,
                              unit=data["unit"], title=data["title"], description=data["description"],
                              arose_at=data["arose_at"], level=data["level"], is_public=data["is_public"])
        if ok:
            flash.success(request, "已登记回应关切。")
            return redirect("backoffice:concern", concern.pk)
    return render(request, "backoffice/interaction/concern_form.html", {"form": form},
                  status=400 if form.errors else 200)


@backoffice_view
def concern_detail(request, pk):
    concern = get_object_or_404(Concern.objects.select_related("unit", "jurisdiction").prefetch_related("responses"),
                                pk=pk)
    guard(request, Action.MANAGE_CONCERNS, concern)
    form = ConcernResponseForm(posted(request), initial={"responded_at": clock.now()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, ok = attempt(form, services.concern_response_add, actor=request.user, concern=concern, kind=data["kind"],
                        responded_at=data["responded_at"], channel=data["channel"], content=data["content"],
                        link=data["link"])
        if ok:
            flash.success(request, "已登记回应。")
            return redirect("backoffice:concern", concern.pk)
    states = selectors.duty_states(concern)
    now = clock.now()
    return render(request, "backoffice/interaction/concern.html", {
        "concern": concern, "form": form, "states": [{"s": s, "missed": s.missed(now)} for s in states]},
        status=400 if form.errors else 200)

