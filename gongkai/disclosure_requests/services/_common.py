"""What every write of the 依申请公开 lifecycle shares: typed-value checks, the move asked of the table
(workflow.py), the log, the clock stored once per write, the receipt day, the audit event."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Max
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.policies import Actor, acting_user
from gongkai.calendars.domain import WorkdayCalendar
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.disclosure_requests import receipt, workflow
from gongkai.disclosure_requests.deadlines import Deadline, DeadlineError
from gongkai.disclosure_requests.models import (
    DisclosureRequest,
    EventKind,
    Reply,
    RequestEvent,
)
from gongkai.disclosure_requests.reply_types import article_for, report_row
from gongkai.disclosure_requests.selectors import (
    default_remedies,
    request_deadline,
)
from gongkai.organizations.models import Jurisdiction, Unit

THIRD_PARTY_WORKDAYS = 15  # 第三十二条
AGENCY_CONSULTATION_WORKDAYS = 15  # 第三十四条
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号 regime
DEFAULT_CORRECTION_WORKDAYS = 15  # a "reasonable" correction period (第三十条 sets none)
WARNING_WORKDAYS = (5, 2)


def _date(value: object, label: str) -> date:
    """A typed date (a datetime gives its local day). Text is parsed by the delivery layer, not here: a
    service given anything else refuses it in Chinese."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    raise ValidationFailed(f"{label}“{value}”不是有效的日期，请按 YYYY-MM-DD 填写（例如 2025-03-10）。")


def _datetime(value: object, label: str) -> datetime:
    """A typed time; a date alone is taken as 09:00 of that local day."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(9, 0)))
    raise ValidationFailed(f"{label}“{value}”不是有效的日期或时间，请按 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 填写。")


def _not_future(day: date, label: str) -> None:
    if day > clock.today():
        raise ValidationFailed(f"{label}（{day.isoformat()}）晚于今天，不能录入尚未发生的事件。")


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _problems(problems: list[str]) -> None:
    if problems:
        raise ValidationFailed("申请信息不完整或不正确：" + "；".join(problems) + "。")


def _office_of(jurisdiction: Jurisdiction) -> Unit | None:
    return Unit.objects.filter(jurisdiction=jurisdiction, is_disclosure_office=True, is_active=True).first()


def _actor_name(actor: Actor | None) -> str:
    if actor is None:
        return "申请人"
    return getattr(actor, "display_name", "") or getattr(actor, "username", "") or str(actor)


def _user(actor: Actor | None) -> User | None:
    return acting_user(actor)


def _last_event_date(request: DisclosureRequest) -> date | None:
    last: date | None = request.events.aggregate(last=Max("date"))["last"]
    return last


def _check_order(request: DisclosureRequest, day: date, label: str) -> None:
    """Events are entered in the order they happened."""
    last = _last_event_date(request)
    if last is not None and day < last:
        raise ValidationFailed(
            f"事件顺序不正确：{label}（{day.isoformat()}）早于上一条办理记录（{last.isoformat()}）。请按发生的先后顺序录入。"
        )
    if request.received_on and day < request.received_on and label not in ("确认", "取得联系"):
        raise ValidationFailed(
            f"事件顺序不正确：{label}（{day.isoformat()}）早于收到申请之日（{request.received_on.isoformat()}）。"
        )


def _move(request: DisclosureRequest, move: str) -> str:
    """The status `move` leads to from the request's status (workflow.TABLE); refused in Chinese otherwise."""
    return workflow.next_status(request.status, move)


def _set_status(request: DisclosureRequest, status: str) -> None:
    """The one place status changes, and the stage with it (workflow.stage_for)."""
    request.status = status
    request.stage = workflow.stage_for(status, assigned=request.assigned_unit_id is not None)


def _log(request: DisclosureRequest, kind: str, day: date, actor: Actor | None, *, note: str = "",
         data: dict[str, Any] | None = None, approver: User | None = None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, date=day, actor=_user(actor), actor_name=_actor_name(actor), note=note,
        data=data or {}, approver=approver,
    )


def _clock_with(request: DisclosureRequest, then: tuple[Any, ...] | None, calendar: WorkdayCalendar) -> Deadline | None:
    """The clock of the request's log with `then` (the event this write is about to log, in the clock's form)
    appended last: each write computes it once, checks with it, and stores it (`_store_clock`). Raises
    (Chinese) when the rules refuse the event."""
    try:
        return request_deadline(request, calendar, then=then)
    except DeadlineError as exc:
        raise ValidationFailed(exc.message) from exc


def _store_clock(request: DisclosureRequest, deadline: Deadline | None) -> None:
    """Keep the clock a write computed on the request (its list and warnings read these fields)."""
    if deadline is None:
        request.due_on, request.due_provisional, request.due_missing_years, request.clock_warnings = None, False, [], []
    else:
        request.due_on = deadline.due
        request.due_provisional = deadline.provisional
        request.due_missing_years = list(deadline.missing_years)
        request.clock_warnings = list(deadline.warnings)


def _derive_receipt(request: DisclosureRequest) -> None:
    result = receipt.received_on(
        request.intake_channel,
        submitted=_local(request.submitted_at),
        arrived=_local(request.arrived_at),
        confirmed=_local(request.confirmed_at),
        contact_made=_local(request.contact_made_at),
        addressed_to_office=request.addressed_to_office,
    )
    request.received_on = result.received_on
    request.receipt_explanation = f"{result.explanation}（{result.article}）"


def _local(value: datetime | None) -> date | None:
    return timezone.localdate(value) if value else None


def _audit(actor: Actor, action: str, request: DisclosureRequest, data: dict[str, Any] | None = None) -> None:
    record_event(
        actor=_user(actor), actor_name=None if _user(actor) else _actor_name(actor), action=action, target=request,
        data=data or {},
    )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _pending_correction(request: DisclosureRequest) -> RequestEvent | None:
    return request.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-date", "-id").first()


def _abandon(*, actor: Actor, request: DisclosureRequest, status: str, day: date, reply_type: str, reason: str,
             event_data: dict[str, Any]) -> None:
    _set_status(request, status)
    _log(request, EventKind.DEEMED_ABANDONED, day, actor, note=reason, data=event_data)
    Reply.objects.create(
        request=request, type=reply_type, report_row=report_row(reply_type), article=article_for(reply_type),
        reasons=reason, remedies=default_remedies(), letter_date=day, letter_number=_next_letter_number(request, day),
        created_by=_user(actor),
    )
    request.save()


def _fee_notice(request: DisclosureRequest) -> RequestEvent:
    return request.events.filter(kind=EventKind.FEE_NOTICE_SENT).latest("date", "id")


def _next_letter_number(request: DisclosureRequest, day: date) -> str:
    prefix = (request.receiving_unit.name if request.receiving_unit else request.jurisdiction.name)
    count = Reply.objects.filter(request__jurisdiction=request.jurisdiction, letter_date__year=day.year).count()
    return f"{prefix}依申请公开答复〔{day.year}〕{count + 1}号"
