"""Events of the answer clock: 补正 (第三十条), consultation (第三十二条、第三十四条), extension (第三十三条第二款),
a later deadline (第三十五条)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.accounts.policies import Action, Actor, can, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import workflow
from gongkai.disclosure_requests.deadlines import EventKind as ClockKind
from gongkai.disclosure_requests.models import (
    DisclosureRequest,
    EventKind,
    ReplyType,
    RequestEvent,
)
from gongkai.disclosure_requests.selectors import (
    chinese_date,
    open_consultations,
)
from gongkai.disclosure_requests.services._common import (
    DEFAULT_CORRECTION_WORKDAYS,
    THIRD_PARTY_WORKDAYS,
    _abandon,
    _actor_name,
    _audit,
    _check_order,
    _clock_with,
    _date,
    _iso,
    _log,
    _move,
    _not_future,
    _pending_correction,
    _set_status,
    _store_clock,
    _user,
)


def request_correction(*, actor: Actor, request: DisclosureRequest, on: date, items: str, period_workdays: int | None = None,
                       correction_due: date | None = None, note: str = "") -> DisclosureRequest:
    """补正 notice (第三十条): one-time, written, lists what to correct and a reasonable correction period.
    Due within 7 working days of receipt; a later notice is recorded but flagged as a procedural defect."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "补正通知日期")
    status = _move(request, workflow.CORRECTION)
    if not (items or "").strip():
        raise ValidationFailed("补正通知必须一次性写明需要补正的事项（第三十条）。")
    _not_future(day, "补正通知日期")
    _check_order(request, day, "补正通知")
    calendar = workday_calendar()
    if correction_due is not None:
        due = _date(correction_due, "补正期限")
        if due <= day:
            raise ValidationFailed("补正期限应晚于补正通知的日期。")
    else:
        n = DEFAULT_CORRECTION_WORKDAYS if period_workdays is None else int(period_workdays)
        if n < 1:
            raise ValidationFailed("补正期限应至少为1个工作日。")
        due = calendar.add_workdays(day, n)
    deadline = _clock_with(request, (ClockKind.CORRECTION_REQUESTED, day), calendar)
    late = deadline is not None and day > deadline.correction_notice_due  # 第三十条: after 7 working days, a defect
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.CORRECTION_REQUESTED, day, actor, note=note.strip(),
             data={"items": items.strip(), "correction_due": due.isoformat(), "late_notice": bool(late)})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.correction_requested", request,
               {"correction_due": due.isoformat(), "late_notice": bool(late)})
    return request


def request_correction_received(*, actor: Actor, request: DisclosureRequest, on: date, note: str = "") -> DisclosureRequest:
    """The corrected application arrived: the 20 working days start again from that day (第三十条)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "收到补正日期")
    status = _move(request, workflow.CORRECTION_RECEIVED)
    _not_future(day, "收到补正日期")
    _check_order(request, day, "收到补正")
    calendar = workday_calendar()
    deadline = _clock_with(request, (ClockKind.CORRECTION_RECEIVED, day), calendar)
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.CORRECTION_RECEIVED, day, actor, note=note.strip())
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.correction_received", request, {"due_on": _iso(request.due_on)})
    return request


def request_correction_period_ended(*, actor: Actor, request: DisclosureRequest, on: date, note: str = "") -> DisclosureRequest:
    """No correction within the period, without good reason: deemed abandoned (第三十条; row 三(六)1)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "补正期限届满日期")
    status = _move(request, workflow.CORRECTION_PERIOD_ENDED)
    notice = _pending_correction(request)
    if notice is None:
        raise TransitionNotAllowed("该申请没有发出过补正通知，不能按补正期限届满处理。")
    due = date.fromisoformat(notice.data["correction_due"])
    if day <= due:
        raise ValidationFailed(f"补正期限至{due.isoformat()}，届满之后才能按逾期不补正处理（第三十条）。")
    _not_future(day, "补正期限届满日期")
    _check_order(request, day, "补正期限届满")
    reason = "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请（第三十条）。"
    with transaction.atomic():
        _log(request, EventKind.CORRECTION_PERIOD_ENDED, day, actor, note=note.strip(),
             data={"correction_due": due.isoformat()})
        _abandon(actor=actor, request=request, status=status, day=day, reply_type=ReplyType.CORRECTION_NOT_MADE, reason=reason,
                 event_data={"row": "三(六)1"})
        _audit(actor, "request.deemed_abandoned", request, {"row": "三(六)1"})
    return request


CONSULTATION_PARTIES = {"third_party": "第三方", "agency": "其他行政机关"}


CONSULTATION_OUTCOMES = {"consent": "同意公开", "objection": "不同意公开", "silence": "逾期未答复"}


def request_consultation_sent(*, actor: Actor, request: DisclosureRequest, on: date, party_kind: str, party_name: str,
                              note: str = "") -> DisclosureRequest:
    """征求意见: third party (第三十二条, 15 working days to answer) or another agency (第三十四条, silence =
    consent). The time is not counted in the answer period (第三十三条第三款)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "征求意见日期")
    if party_kind not in CONSULTATION_PARTIES:
        raise ValidationFailed("请选择征求意见的对象：第三方或其他行政机关。")
    if not (party_name or "").strip():
        raise ValidationFailed("请填写被征求意见的第三方或机关名称。")
    status = _move(request, workflow.CONSULTATION_SENT)
    _not_future(day, "征求意见日期")
    _check_order(request, day, "征求意见")
    calendar = workday_calendar()
    deadline = _clock_with(request, (ClockKind.CONSULTATION_SENT, day), calendar)
    answer_by = calendar.add_workdays(day, THIRD_PARTY_WORKDAYS)
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.CONSULTATION_SENT, day, actor, note=note.strip(),
             data={"party_kind": party_kind, "party_name": party_name.strip(), "answer_by": answer_by.isoformat(),
                   "article": "第三十二条" if party_kind == "third_party" else "第三十四条"})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.consultation_sent", request, {"party_kind": party_kind})
    return request


def _consultation_receipt(request: DisclosureRequest, sent: RequestEvent) -> RequestEvent | None:
    return request.events.filter(kind=EventKind.CONSULTATION_RECEIVED, data__sent_event=sent.pk).first()


def request_consultation_received(*, actor: Actor, request: DisclosureRequest, on: date, party_name: str = "",
                                  note: str = "") -> DisclosureRequest:
    """The consulted party received the letter (第三十二条、第三十四条): its 15 working days count from that day;
    without an answer the suspension ends by itself when they run out."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "对方收到征求意见日期")
    _move(request, workflow.CONSULTATION_RECEIVED)
    pending = [e for e in open_consultations(request) if _consultation_receipt(request, e) is None]
    if party_name.strip():
        pending = [e for e in pending if e.data.get("party_name") == party_name.strip()]
    if not pending:
        raise ValidationFailed("没有尚未录入收到日期的征求意见" + (f"（{party_name}）" if party_name.strip() else "") + "。")
    sent = pending[0]
    if day < sent.date:
        raise ValidationFailed(f"对方收到征求意见的日期不能早于发出日期（{chinese_date(sent.date)}）。")
    _not_future(day, "对方收到征求意见日期")
    _check_order(request, day, "对方收到征求意见")
    calendar = workday_calendar()
    deadline = _clock_with(request, (ClockKind.CONSULTATION_RECEIVED, day), calendar)
    answer_by = calendar.add_workdays(day, THIRD_PARTY_WORKDAYS)
    with transaction.atomic():
        _log(request, EventKind.CONSULTATION_RECEIVED, day, actor, note=note.strip(),
             data={"sent_event": sent.pk, "party_kind": sent.data.get("party_kind"),
                   "party_name": sent.data.get("party_name"), "answer_by": answer_by.isoformat()})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.consultation_received", request, {"answer_by": answer_by.isoformat()})
    return request


def request_consultation_replied(*, actor: Actor, request: DisclosureRequest, on: date, outcome: str, party_name: str = "",
                                 note: str = "") -> DisclosureRequest:
    """The consulted party answered (or stayed silent: for another agency silence is consent, 第三十四条;
    for a third party the agency decides itself, 第三十二条)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "收到征求意见答复日期")
    if outcome not in CONSULTATION_OUTCOMES:
        raise ValidationFailed("请选择征求意见的结果：同意公开、不同意公开或逾期未答复。")
    status = _move(request, workflow.CONSULTATION_REPLIED)
    pending = open_consultations(request)
    if not pending:
        raise TransitionNotAllowed(workflow.refusal(workflow.Status.IN_PROGRESS, workflow.CONSULTATION_REPLIED))
    sent = pending[0]
    if party_name.strip():
        match = [e for e in pending if e.data.get("party_name") == party_name.strip()]
        if not match:
            raise ValidationFailed(f"没有向“{party_name}”发出的未答复征求意见。")
        sent = match[0]
    if outcome == "silence":
        letter = _consultation_receipt(request, sent)
        if letter is None:
            raise ValidationFailed("请先录入被征求意见方收到征求意见的日期：其15个工作日自收到之日起计算（第三十二条、第三十四条），"
                                   "届满之后才能按逾期未答复处理。")
        answer_by = date.fromisoformat(letter.data["answer_by"])
        if day <= answer_by:
            raise ValidationFailed(f"被征求意见方的答复期限至{chinese_date(answer_by)}（含当日），届满之后才能按逾期未答复处理"
                                   "（第三十二条、第三十四条）。")
    _not_future(day, "收到征求意见答复日期")
    _check_order(request, day, "收到征求意见答复")
    calendar = workday_calendar()
    # silence is only accepted after the letter's receipt was recorded (above): the clock reads it as the party's
    # 15 working days run out (selectors.clock_events), so the suspension ends on the last of them
    then = ClockKind.CONSULTATION_EXPIRED if outcome == "silence" else ClockKind.CONSULTATION_REPLIED
    deadline = _clock_with(request, (then, day), calendar)
    meaning = ""
    if outcome == "silence":
        meaning = ("其他行政机关逾期未答复，视为同意公开（第三十四条）。" if sent.data.get("party_kind") == "agency"
                   else "第三方逾期未提出意见，由本机关依照《条例》规定决定（第三十二条）。")
    with transaction.atomic():
        _log(request, EventKind.CONSULTATION_REPLIED, day, actor, note=(note.strip() + " " + meaning).strip(),
             data={"sent_event": sent.pk, "party_kind": sent.data.get("party_kind"),
                   "party_name": sent.data.get("party_name"), "outcome": outcome})
        if len(pending) == 1:  # else it stays in consultation until the last one is answered
            _set_status(request, status)
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.consultation_replied", request, {"outcome": outcome})
    return request


def request_extension(*, actor: Actor, request: DisclosureRequest, decided_on: date, notice_on: date, reason: str, days: int = 20,
                      approver: User | None = None) -> DisclosureRequest:
    """Extend the answer period by up to 20 working days (第三十三条第二款): only with the consent of the head
    of the 政府信息公开工作机构, decided and notified no later than the original due date."""
    require(actor, Action.APPROVE_EXTENSION, request)
    decided = _date(decided_on, "延期决定日期")
    notice = _date(notice_on, "告知申请人日期")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationFailed("延长的工作日数应为1至20之间的整数。")
    if not (reason or "").strip():
        raise ValidationFailed("请写明延长答复期限的理由。")
    approver = approver or _user(actor)
    if approver is not None and not can(approver, Action.APPROVE_EXTENSION, request):
        raise PermissionRefused("批准人须为本级政府信息公开工作机构负责人（政务公开办）。")
    _move(request, workflow.EXTENSION)
    if notice < decided:
        raise ValidationFailed("告知申请人的日期不能早于延期决定的日期。")
    _not_future(decided, "延期决定日期")
    _check_order(request, decided, "延期决定")
    calendar = workday_calendar()
    deadline = _clock_with(request, (ClockKind.EXTENSION, decided, days), calendar)
    original_due = deadline.due_before_last if deadline else None
    if original_due is not None and notice > original_due:
        raise ValidationFailed(
            f"延期须在原答复期限（{original_due.isoformat()}）届满前告知申请人（第三十三条第二款）；"
            f"告知日期{notice.isoformat()}已超过原答复期限。"
        )
    with transaction.atomic():
        _log(request, EventKind.EXTENSION_APPROVED, decided, actor, note=reason.strip(), approver=approver,
             data={"days": days, "decided_on": decided.isoformat(), "notice_on": notice.isoformat(),
                   "original_due": _iso(original_due), "new_due": _iso(deadline.due if deadline else None),
                   "approver_name": _actor_name(approver) if approver else ""})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.extended", request, {"days": days, "new_due": _iso(request.due_on)})
    return request


def request_later_deadline(*, actor: Actor, request: DisclosureRequest, on: date, due: date, reason: str) -> DisclosureRequest:
    """第三十五条: the applicant's reasons for a large or repeated request are reasonable but the answer cannot
    be made within 第三十三条's period: the agency sets a reasonable later deadline and notifies the applicant."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "告知日期")
    later = _date(due, "延迟答复期限")
    if not (reason or "").strip():
        raise ValidationFailed("请写明申请人说明的理由以及无法在法定期限内答复的原因（第三十五条）。")
    _move(request, workflow.LATER_DEADLINE)
    _not_future(day, "告知日期")
    _check_order(request, day, "确定延迟答复期限")
    # the pure clock applies 第三十五条 (deadlines._later_deadline) and refuses a deadline set while the clock stands
    # still, after the due date, or not later than it
    deadline = _clock_with(request, (ClockKind.LATER_DEADLINE, day, later), workday_calendar())
    previous = deadline.due_before_last if deadline else None
    with transaction.atomic():
        _log(request, EventKind.LATER_DEADLINE_SET, day, actor, note=reason.strip(),
             data={"due": later.isoformat(), "previous_due": _iso(previous)})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.later_deadline_set", request, {"due": later.isoformat()})
    return request
