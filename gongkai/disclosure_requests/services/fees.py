"""Fees (国办函〔2020〕109号): the notice, the payment, the payment period run out."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q

from gongkai.accounts.policies import Action, Actor, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import fees, workflow
from gongkai.disclosure_requests.deadlines import EventKind as ClockKind
from gongkai.disclosure_requests.models import (
    ApplicantType,
    DisclosureRequest,
    EventKind,
    ReplyType,
)
from gongkai.disclosure_requests.selectors import fee_pause_for
from gongkai.disclosure_requests.services._common import (
    FEE_PAYMENT_WORKDAYS,
    _abandon,
    _audit,
    _check_order,
    _clock_with,
    _date,
    _fee_notice,
    _log,
    _move,
    _not_future,
    _set_status,
    _store_clock,
)


def _applicant_key(request: DisclosureRequest) -> tuple[str, str]:
    if request.applicant_type == ApplicantType.NATURAL_PERSON:
        return ("id_number", request.id_number)
    return ("credit_code", request.credit_code)


def items_this_month_before(request: DisclosureRequest, day: date) -> int:
    """Items the same applicant asked for earlier in the same calendar month (109号 第四条, counted per
    applicant, per calendar month, cumulatively): each earlier request counts as the items of its fee
    notice if it had one, else as one item (一事一申请)."""
    field, value = _applicant_key(request)
    if not value:
        return 0
    earlier = (DisclosureRequest.objects.filter(**{field: value}, received_on__year=day.year, received_on__month=day.month)
               .exclude(pk=request.pk).filter(Q(received_on__lt=request.received_on)
                                              | Q(received_on=request.received_on, pk__lt=request.pk)))
    total = 0
    for other in earlier.prefetch_related("events"):
        notices = [e for e in other.events.all() if e.kind == EventKind.FEE_NOTICE_SENT and e.data.get("items")]
        total += int(notices[0].data["items"]) if notices else 1
    return total


def request_fee_notice(*, actor: Actor, request: DisclosureRequest, on: date, method: str, quantity: int, note: str = "") -> DisclosureRequest:
    """收费通知 (《条例》第四十二条; 国办函〔2020〕109号): per item (counted per applicant per calendar month) or per
    page, never both; the applicant pays within 20 working days from the day after receiving it."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "收费通知日期")
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise ValidationFailed("件数或页数应为整数。")
    if method not in ("per_item", "per_page"):
        raise ValidationFailed("请选择计收方式：按件计收或按量计收（不得同时适用）。")
    status = _move(request, workflow.FEE_NOTICE)
    if request.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists():
        raise TransitionNotAllowed("该申请已发出收费通知；同一申请只能按一种方式计收一次。")
    _not_future(day, "收费通知日期")
    _check_order(request, day, "收费通知")
    if method == "per_item":
        before = items_this_month_before(request, day)
        amount = fees.fee_per_item(before, quantity)
        basis = f"按件计收：本月此前已申请{before}件，本次{quantity}件（国办函〔2020〕109号第四条）"
    else:
        before = 0
        amount = fees.fee_per_page(quantity)
        basis = f"按量计收：{quantity}页（国办函〔2020〕109号第五条）"
    if amount == 0:
        raise ValidationFailed(f"{basis}，未超过免费范围，应收费用为0元，不需要发出收费通知。")
    calendar = workday_calendar()
    # whether waiting for payment is counted: the jurisdiction's setting now, kept in the log for this request
    pause = fee_pause_for(request.jurisdiction).pause
    deadline = _clock_with(request, (ClockKind.FEE_NOTICE_SENT, day, pause), calendar)  # refused after the due date
    pay_by = calendar.add_workdays(day, FEE_PAYMENT_WORKDAYS)
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.FEE_NOTICE_SENT, day, actor, note=note.strip(),
             data={"method": method, "items" if method == "per_item" else "pages": quantity,
                   "items_before": before, "amount": amount, "basis": basis, "pay_by": pay_by.isoformat(),
                   "fee_pause": pause})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.fee_notice_sent", request, {"amount": amount, "method": method})
    return request


def _pay_by(request: DisclosureRequest) -> date:
    """The end of the payment window: 20 working days from the applicant's receipt of the notice once that day
    is recorded, else from the notice's sending (国办函〔2020〕109号)."""
    received = request.events.filter(kind=EventKind.FEE_NOTICE_RECEIVED).order_by("-date", "-id").first()
    event = received or _fee_notice(request)
    return date.fromisoformat(event.data["pay_by"])


def request_fee_notice_received(*, actor: Actor, request: DisclosureRequest, on: date) -> DisclosureRequest:
    """The applicant received the fee notice: the payment window counts from that day (国办函〔2020〕109号)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "申请人收到收费通知日期")
    _move(request, workflow.FEE_NOTICE_RECEIVED)
    notice = _fee_notice(request)
    if request.events.filter(kind=EventKind.FEE_NOTICE_RECEIVED).exists():
        raise ValidationFailed("已录入申请人收到收费通知的日期。")
    if day < notice.date:
        raise ValidationFailed("申请人收到收费通知的日期不能早于通知发出的日期。")
    _not_future(day, "申请人收到收费通知日期")
    _check_order(request, day, "申请人收到收费通知")
    calendar = workday_calendar()
    pay_by = calendar.add_workdays(day, FEE_PAYMENT_WORKDAYS)
    with transaction.atomic():
        _log(request, EventKind.FEE_NOTICE_RECEIVED, day, actor, data={"pay_by": pay_by.isoformat()})
        _audit(actor, "request.fee_notice_received", request, {"pay_by": pay_by.isoformat()})
    return request


def request_fee_paid(*, actor: Actor, request: DisclosureRequest, on: date, receipt_number: str = "") -> DisclosureRequest:
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "缴费日期")
    status = _move(request, workflow.FEE_PAID)
    notice = _fee_notice(request)
    pay_by = _pay_by(request)
    if day > pay_by:
        raise ValidationFailed(f"缴费期限至{pay_by.isoformat()}，逾期未缴费的视为放弃申请，请按逾期未缴费处理。")
    _not_future(day, "缴费日期")
    _check_order(request, day, "缴费")
    deadline = _clock_with(request, (ClockKind.FEE_PAID, day), workday_calendar())  # resumes the day after payment
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.FEE_PAID, day, actor, data={"amount": notice.data["amount"],
                                                            "receipt_number": receipt_number.strip()})
        _store_clock(request, deadline)
        request.save()
        _audit(actor, "request.fee_paid", request, {"amount": notice.data["amount"]})
    return request


def request_fee_period_ended(*, actor: Actor, request: DisclosureRequest, on: date, note: str = "") -> DisclosureRequest:
    """Not paid within 20 working days: deemed abandoned (109号; row 三(六)2)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "缴费期限届满日期")
    status = _move(request, workflow.FEE_PERIOD_ENDED)
    pay_by = _pay_by(request)
    if day <= pay_by:
        raise ValidationFailed(f"缴费期限至{pay_by.isoformat()}，届满之后才能按逾期未缴费处理。")
    _not_future(day, "缴费期限届满日期")
    _check_order(request, day, "缴费期限届满")
    reason = "申请人逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理该政府信息公开申请（国办函〔2020〕109号）。"
    with transaction.atomic():
        _abandon(actor=actor, request=request, status=status, day=day, reply_type=ReplyType.FEE_NOT_PAID, reason=reason,
                 event_data={"row": "三(六)2", "note": note.strip()})
        _audit(actor, "request.deemed_abandoned", request, {"row": "三(六)2"})
    return request
