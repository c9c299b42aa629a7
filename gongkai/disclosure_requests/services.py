"""Writes of the 依申请公开 lifecycle. Each service checks the policy first, then validates everything
(Chinese ValidationFailed, nothing written), then writes in one transaction with an audit event.

Dates are `date` objects or ISO strings (YYYY-MM-DD); times are aware datetimes, dates (taken as the
start of that local day) or ISO strings. The answer clock is recomputed from the event log after every
change (deadlines.answer_deadline) and cached on the request (due_on, due_provisional)."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template import Template, TemplateSyntaxError
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.policies import COMMAND_LINE, Action, can, require
from gongkai.calendars.domain import WorkdayCalendar
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.audit import record_event
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import fees, receipt, workflow
from gongkai.disclosure_requests.deadlines import DeadlineError, answer_deadline
from gongkai.disclosure_requests.models import (
    OPEN_STATUSES,
    ApplicantType,
    DeliveryForm,
    DeliveryMethod,
    DeliveryRecord,
    DisclosureRequest,
    EventKind,
    IdType,
    IntakeChannel,
    ObtainingMethod,
    Reply,
    ReplyAttachment,
    ReplyTemplate,
    ReplyType,
    RequestEvent,
    WarningSent,
)
from gongkai.disclosure_requests.reply_types import ReplyFieldsMissing, article_for, check_reply, report_row
from gongkai.disclosure_requests.selectors import (
    clock_events,
    default_remedies,
    open_consultations,
    request_deadline,
)
from gongkai.organizations.models import Jurisdiction, Unit

THIRD_PARTY_WORKDAYS = 15  # 第三十二条
AGENCY_CONSULTATION_WORKDAYS = 15  # 第三十四条
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号 regime
DEFAULT_CORRECTION_WORKDAYS = 15  # a "reasonable" correction period (第三十条 sets none)
WARNING_WORKDAYS = (5, 2)

_PHONE = re.compile(r"^[0-9+\-() ]{5,40}$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


# --- input helpers --------------------------------------------------------------------------------

def _date(value, label: str) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationFailed(f"{label}“{value}”不是有效的日期，请按 YYYY-MM-DD 填写（例如 2025-03-10）。")


def _datetime(value, label: str) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(9, 0)))
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationFailed(f"{label}“{value}”不是有效的日期或时间，请按 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 填写。")
        if len(text) == 10:
            parsed = datetime.combine(parsed.date(), time(9, 0))
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    raise ValidationFailed(f"{label}“{value}”不是有效的日期或时间，请按 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 填写。")


def _not_future(day: date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationFailed(f"{label}（{day.isoformat()}）晚于今天，不能录入尚未发生的事件。")


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _problems(problems: list[str]) -> None:
    if problems:
        raise ValidationFailed("申请信息不完整或不正确：" + "；".join(problems) + "。")


def _clean_applicant(data: dict) -> dict:  # noqa: C901 — every field of the application form checked at once (第二十九条)
    """The applicant and the information asked for (第二十九条第二款), checked all at once."""
    problems: list[str] = []
    cleaned: dict = {}
    applicant_type = _text(data, "applicant_type")
    if applicant_type not in ApplicantType.values:
        problems.append("请选择申请人类型（自然人，或法人/其他组织的类别）")
    cleaned["applicant_type"] = applicant_type
    for key in ("applicant_name", "id_type", "id_number", "organisation_name", "credit_code",
                "legal_representative", "contact_name", "contact_phone", "contact_email", "contact_address",
                "postal_code", "description", "document_number", "purpose"):
        cleaned[key] = _text(data, key)
    if applicant_type == ApplicantType.NATURAL_PERSON:
        if not cleaned["applicant_name"]:
            problems.append("请填写申请人姓名")
        if not cleaned["id_number"]:
            problems.append("请填写身份证明（证件号码）")
        if cleaned["id_type"] and cleaned["id_type"] not in IdType.values:
            problems.append("证件类型无法识别")
        cleaned["id_type"] = cleaned["id_type"] or IdType.RESIDENT_ID
        if cleaned["id_type"] == IdType.RESIDENT_ID and cleaned["id_number"] and not _resident_id_ok(cleaned["id_number"]):
            problems.append("居民身份证号码不正确（应为18位，末位校验码须正确）")
    elif applicant_type:
        if not cleaned["organisation_name"]:
            problems.append("请填写组织名称")
        if not cleaned["credit_code"]:
            problems.append("请填写统一社会信用代码")
        elif not _CREDIT_CODE.match(cleaned["credit_code"].upper()):
            problems.append("统一社会信用代码应为18位（数字或大写字母）")
        cleaned["credit_code"] = cleaned["credit_code"].upper()
        if cleaned["id_type"] and cleaned["id_type"] not in IdType.values:
            problems.append("证件类型无法识别")
        if not cleaned["applicant_name"]:
            cleaned["applicant_name"] = cleaned["contact_name"] or cleaned["legal_representative"]
    if not (cleaned["contact_phone"] or cleaned["contact_email"] or cleaned["contact_address"]):
        problems.append("请至少填写一种联系方式（电话、电子邮箱或通信地址）")
    if cleaned["contact_phone"] and not _PHONE.match(cleaned["contact_phone"]):
        problems.append("联系电话格式不正确")
    if cleaned["contact_email"] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", cleaned["contact_email"]):
        problems.append("电子邮箱格式不正确")
    if cleaned["postal_code"] and not re.fullmatch(r"\d{6}", cleaned["postal_code"]):
        problems.append("邮政编码应为6位数字")
    if len(cleaned["description"]) < 4:
        problems.append("请描述所需政府信息（名称、文号或便于查询的其他特征性描述）")
    delivery_form = _text(data, "delivery_form") or DeliveryForm.PAPER
    if delivery_form not in DeliveryForm.values:
        problems.append("信息的提供形式无法识别")
    obtaining_method = _text(data, "obtaining_method") or ObtainingMethod.POST
    if obtaining_method not in ObtainingMethod.values:
        problems.append("获取信息的方式无法识别")
    if obtaining_method == ObtainingMethod.POST and not cleaned["contact_address"]:
        problems.append("选择邮寄获取时请填写通信地址")
    if obtaining_method == ObtainingMethod.EMAIL and not cleaned["contact_email"]:
        problems.append("选择电子邮件获取时请填写电子邮箱")
    cleaned["delivery_form"] = delivery_form
    cleaned["obtaining_method"] = obtaining_method
    _problems(problems)
    return cleaned


def _resident_id_ok(number: str) -> bool:
    number = number.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17]


def _office_of(jurisdiction: Jurisdiction) -> Unit | None:
    return Unit.objects.filter(jurisdiction=jurisdiction, is_disclosure_office=True, is_active=True).first()


def _actor_name(actor) -> str:
    if actor is None:
        return "申请人"
    return getattr(actor, "display_name", "") or getattr(actor, "username", "") or str(actor)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _last_event_date(request: DisclosureRequest) -> date | None:
    return request.events.aggregate(last=Max("date"))["last"]


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


def _log(request, kind, day, actor, *, note="", data=None, approver=None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, date=day, actor=_user(actor), actor_name=_actor_name(actor), note=note,
        data=data or {}, approver=approver,
    )


def _check_clock(request: DisclosureRequest, extra: tuple | None, calendar: WorkdayCalendar, *, drop_last_kind=None):
    """The deadline the log would give with `extra` appended; raises (Chinese) when the rules refuse it."""
    if request.received_on is None:
        return None
    events = clock_events(request)
    if extra is not None:
        events.append(extra)
    try:
        return answer_deadline(request.received_on, events, calendar)
    except DeadlineError as exc:
        raise ValidationFailed(exc.message) from exc


def _store_clock(request: DisclosureRequest, calendar: WorkdayCalendar) -> None:
    deadline = request_deadline(request, calendar)
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


def _audit(actor, action, request, data=None):
    record_event(
        actor=_user(actor), actor_name=None if _user(actor) else _actor_name(actor), action=action, target=request,
        data=data or {},
    )


# --- intake ---------------------------------------------------------------------------------------

def request_submit_online(*, jurisdiction: Jurisdiction, data: dict, receiving_unit: Unit | None = None,
                          submitted_at=None, ip_address: str | None = None) -> DisclosureRequest:
    """The portal form (public, no login). Returns the request; give the applicant `tracking_code`.
    The receipt day is the day both sides confirm (第三十一条第（三）项), so the clock waits for
    request_confirm."""
    cleaned = _clean_applicant(data)
    submitted = _datetime(submitted_at, "提交时间") if submitted_at is not None else timezone.now()
    receiving_unit = receiving_unit or _office_of(jurisdiction)
    if receiving_unit is not None and not receiving_unit.jurisdiction.is_within(jurisdiction):
        raise ValidationFailed("受理机关不属于所选行政区划。")
    with transaction.atomic():
        request = DisclosureRequest(jurisdiction=jurisdiction, receiving_unit=receiving_unit, intake_channel=IntakeChannel.ONLINE,
                          submitted_at=submitted, arrived_at=submitted, **cleaned)
        request.save()
        _derive_receipt(request)
        _set_status(request, workflow.initial_status(received=request.received_on is not None))
        request.save()
        _log(request, EventKind.REGISTERED, timezone.localdate(submitted), None, note="网上提交",
             data={"intake_channel": IntakeChannel.ONLINE})
        record_event(actor=None, actor_name="申请人", action="request.submitted", target=request,
                     data={"intake_channel": IntakeChannel.ONLINE}, ip_address=ip_address)
    return request


def request_register(*, actor, jurisdiction: Jurisdiction, intake_channel: str, data: dict, submitted_at=None,
                     arrived_at=None, confirmed_at=None, confirmation_method: str = "",
                     addressed_to_office: bool = True, receiving_unit: Unit | None = None) -> DisclosureRequest:
    """An officer types in a request that came by letter, in person, fax, e-mail or another channel."""
    require(actor, Action.HANDLE_REQUEST, jurisdiction)
    if intake_channel not in IntakeChannel.values or intake_channel == IntakeChannel.ONLINE:
        raise ValidationFailed("请选择申请渠道（信函、当面、传真、电子邮件或其他公布的渠道）；网上申请由申请人在门户提交。")
    cleaned = _clean_applicant(data)
    submitted = _datetime(submitted_at, "提交时间") if submitted_at is not None else None
    arrived = _datetime(arrived_at, "到达（签收）时间") if arrived_at is not None else None
    confirmed = _datetime(confirmed_at, "确认时间") if confirmed_at is not None else None
    if intake_channel == IntakeChannel.IN_PERSON and submitted is None:
        raise ValidationFailed("当面提交的申请请填写提交时间。")
    if intake_channel in (IntakeChannel.REGISTERED_POST, IntakeChannel.ORDINARY_POST) and arrived is None:
        raise ValidationFailed("邮寄的申请请填写到达（签收）时间。")
    if submitted is None:
        submitted = arrived or timezone.now()
    for value, label in ((submitted, "提交时间"), (arrived, "到达时间"), (confirmed, "确认时间")):
        if value is not None:
            _not_future(timezone.localdate(value), label)
    if arrived and arrived < submitted:
        raise ValidationFailed("到达（签收）时间不能早于提交（寄出）时间。")
    if confirmed and confirmed < (arrived or submitted):
        if timezone.localdate(confirmed) != timezone.localdate(arrived or submitted):
            raise ValidationFailed("确认时间不能早于申请到达的时间。")
        confirmed = arrived or submitted  # the same day, typed as a date only
    if confirmed and not confirmation_method.strip():
        raise ValidationFailed("请填写确认方式（如电话确认、电子邮件回复）。")
    receiving_unit = receiving_unit or _office_of(jurisdiction)
    with transaction.atomic():
        request = DisclosureRequest(jurisdiction=jurisdiction, receiving_unit=receiving_unit, intake_channel=intake_channel,
                          addressed_to_office=addressed_to_office, submitted_at=submitted,
                          arrived_at=arrived or (submitted if intake_channel == IntakeChannel.IN_PERSON else None),
                          confirmed_at=confirmed, confirmation_method=confirmation_method.strip(),
                          created_by=_user(actor), **cleaned)
        request.save()
        _derive_receipt(request)
        _set_status(request, workflow.initial_status(received=request.received_on is not None))
        _store_clock(request, workday_calendar())
        request.save()
        _log(request, EventKind.REGISTERED, timezone.localdate(arrived or submitted), actor,
             data={"intake_channel": intake_channel})
        if confirmed:
            _log(request, EventKind.CONFIRMED, timezone.localdate(confirmed), actor, note=confirmation_method.strip())
        _audit(actor, "request.registered", request, {"intake_channel": intake_channel, "received_on": _iso(request.received_on)})
    return request


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def request_confirm(*, actor, request: DisclosureRequest, confirmed_at, method: str) -> DisclosureRequest:
    """Both sides confirmed (第三十一条第（二）（三）项): for online, fax, e-mail and unsigned letters the
    confirmation day is the receipt day."""
    require(actor, Action.HANDLE_REQUEST, request)
    confirmed = _datetime(confirmed_at, "确认时间")
    if not (method or "").strip():
        raise ValidationFailed("请填写确认方式（如电话确认、电子邮件回复、短信回复）。")
    if request.confirmed_at is not None:
        raise TransitionNotAllowed(f"该申请已于{timezone.localdate(request.confirmed_at).isoformat()}确认，不能重复确认。")
    status = _move(request, workflow.CONFIRM)
    day = timezone.localdate(confirmed)
    _not_future(day, "确认日期")
    start = request.arrived_at or request.submitted_at
    if start and confirmed < start:
        if timezone.localdate(confirmed) != timezone.localdate(start):
            raise ValidationFailed(f"确认时间不能早于申请到达的时间（{timezone.localdate(start).isoformat()}）。")
        confirmed = start  # the same day, typed as a date only: confirmed on the day it arrived
    _check_order(request, day, "确认")
    with transaction.atomic():
        request.confirmed_at = confirmed
        request.confirmation_method = method.strip()
        _derive_receipt(request)
        _set_status(request, status)
        _store_clock(request, workday_calendar())
        request.save()
        _log(request, EventKind.CONFIRMED, day, actor, note=method.strip())
        _audit(actor, "request.confirmed", request, {"received_on": _iso(request.received_on)})
    return request


def request_contact_made(*, actor, request: DisclosureRequest, contact_made_at, note: str = "") -> DisclosureRequest:
    """An applicant who could not be reached was reached: the clock starts that day (207号)."""
    require(actor, Action.HANDLE_REQUEST, request)
    made = _datetime(contact_made_at, "取得联系时间")
    day = timezone.localdate(made)
    _not_future(day, "取得联系日期")
    status = _move(request, workflow.CONTACT_MADE)
    if not receipt.needs_confirmation(request.intake_channel, addressed_to_office=request.addressed_to_office):
        raise TransitionNotAllowed("该渠道的申请不以确认或取得联系之日为收到申请之日。")
    _check_order(request, day, "取得联系")
    with transaction.atomic():
        request.contact_made_at = made
        _derive_receipt(request)
        _set_status(request, status)
        _store_clock(request, workday_calendar())
        request.save()
        _log(request, EventKind.CONTACT_MADE, day, actor, note=note.strip())
        _audit(actor, "request.contact_made", request, {"received_on": _iso(request.received_on)})
    return request


# --- handling -------------------------------------------------------------------------------------

def _check_unit(actor, request: DisclosureRequest, unit: Unit) -> None:
    if not isinstance(unit, Unit) or not unit.is_active:
        raise ValidationFailed("请选择一个启用的承办单位。")
    if not unit.jurisdiction.is_within(request.jurisdiction):
        raise ValidationFailed(f"承办单位“{unit.name}”不属于{request.jurisdiction.name}，不能交办。")
    if not can(actor, Action.HANDLE_REQUEST, unit) and not can(actor, Action.HANDLE_REQUEST, request.jurisdiction):
        raise PermissionRefused(f"您没有权限把申请交给“{unit.name}”办理。")


def request_assign(*, actor, request: DisclosureRequest, unit: Unit, on=None, note: str = "") -> DisclosureRequest:
    """Give the request to the responsible unit (办理)."""
    require(actor, Action.HANDLE_REQUEST, request)
    _check_unit(actor, request, unit)
    status = _move(request, workflow.ASSIGN)
    if request.assigned_unit_id is not None:
        raise TransitionNotAllowed(f"该申请已交{request.assigned_unit.name}办理；如需改由其他单位办理，请使用转办。")
    day = _date(on, "交办日期") if on is not None else timezone.localdate()
    _not_future(day, "交办日期")
    _check_order(request, day, "交办")
    with transaction.atomic():
        request.assigned_unit = unit
        _set_status(request, status)
        request.save()
        _log(request, EventKind.ASSIGNED, day, actor, note=note.strip(), data={"unit": unit.pk, "unit_name": unit.name})
        _audit(actor, "request.assigned", request, {"unit": unit.pk})
    return request


def request_transfer(*, actor, request: DisclosureRequest, unit: Unit, on=None, note: str = "") -> DisclosureRequest:
    """Move the request to another unit in scope."""
    require(actor, Action.HANDLE_REQUEST, request)
    _check_unit(actor, request, unit)
    status = _move(request, workflow.TRANSFER)
    if request.assigned_unit_id == unit.pk:
        raise ValidationFailed(f"该申请已由{unit.name}办理。")
    if not note.strip():
        raise ValidationFailed("请写明转办的原因。")
    day = _date(on, "转办日期") if on is not None else timezone.localdate()
    _not_future(day, "转办日期")
    _check_order(request, day, "转办")
    previous = request.assigned_unit
    with transaction.atomic():
        request.assigned_unit = unit
        _set_status(request, status)
        request.save()
        _log(request, EventKind.TRANSFERRED, day, actor, note=note.strip(),
             data={"from": previous.pk if previous else None, "from_name": previous.name if previous else "",
                   "unit": unit.pk, "unit_name": unit.name})
        _audit(actor, "request.transferred", request, {"from": previous.pk if previous else None, "unit": unit.pk})
    return request


def request_correction(*, actor, request: DisclosureRequest, on, items: str, period_workdays: int | None = None,
                       correction_due=None, note: str = "") -> DisclosureRequest:
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
    before = _check_clock(request, None, calendar)
    deadline = _check_clock(request, ("correction-requested", day), calendar)
    late = len(deadline.warnings) > len(before.warnings)  # 第三十条: a notice after 7 working days is a defect
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.CORRECTION_REQUESTED, day, actor, note=note.strip(),
             data={"items": items.strip(), "correction_due": due.isoformat(), "late_notice": bool(late)})
        _store_clock(request, calendar)
        request.save()
        _audit(actor, "request.correction_requested", request,
               {"correction_due": due.isoformat(), "late_notice": bool(late)})
    return request


def request_correction_received(*, actor, request: DisclosureRequest, on, note: str = "") -> DisclosureRequest:
    """The corrected application arrived: the 20 working days start again from that day (第三十条)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "收到补正日期")
    status = _move(request, workflow.CORRECTION_RECEIVED)
    _not_future(day, "收到补正日期")
    _check_order(request, day, "收到补正")
    calendar = workday_calendar()
    _check_clock(request, ("correction-received", day), calendar)
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.CORRECTION_RECEIVED, day, actor, note=note.strip())
        _store_clock(request, calendar)
        request.save()
        _audit(actor, "request.correction_received", request, {"due_on": _iso(request.due_on)})
    return request


def _pending_correction(request: DisclosureRequest) -> RequestEvent | None:
    return request.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-date", "-id").first()


def _abandon(*, actor, request: DisclosureRequest, status: str, day: date, reply_type: str, reason: str,
             event_data: dict) -> None:
    _set_status(request, status)
    _log(request, EventKind.DEEMED_ABANDONED, day, actor, note=reason, data=event_data)
    Reply.objects.create(
        request=request, type=reply_type, report_row=report_row(reply_type), article=article_for(reply_type),
        reasons=reason, remedies=default_remedies(), letter_date=day, letter_number=_next_letter_number(request, day),
        created_by=_user(actor),
    )
    request.save()


def request_correction_period_ended(*, actor, request: DisclosureRequest, on, note: str = "") -> DisclosureRequest:
    """No correction within the period, without good reason: deemed abandoned (第三十条; row 三(六)1)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "补正期限届满日期")
    status = _move(request, workflow.CORRECTION_PERIOD_ENDED)
    notice = _pending_correction(request)
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


def request_consultation_sent(*, actor, request: DisclosureRequest, on, party_kind: str, party_name: str,
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
    _check_clock(request, ("consultation-sent", day), calendar)
    answer_by = calendar.add_workdays(day, THIRD_PARTY_WORKDAYS)
    with transaction.atomic():
        _set_status(request, status)
        _log(request, EventKind.CONSULTATION_SENT, day, actor, note=note.strip(),
             data={"party_kind": party_kind, "party_name": party_name.strip(), "answer_by": answer_by.isoformat(),
                   "article": "第三十二条" if party_kind == "third_party" else "第三十四条"})
        _store_clock(request, calendar)
        request.save()
        _audit(actor, "request.consultation_sent", request, {"party_kind": party_kind})
    return request


def request_consultation_replied(*, actor, request: DisclosureRequest, on, outcome: str, party_name: str = "",
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
    if outcome == "silence" and day < date.fromisoformat(sent.data["answer_by"]):
        raise ValidationFailed(
            f"征求意见的答复期限至{sent.data['answer_by']}（15个工作日），期限届满前不能按逾期未答复处理。"
        )
    _not_future(day, "收到征求意见答复日期")
    _check_order(request, day, "收到征求意见答复")
    calendar = workday_calendar()
    _check_clock(request, ("consultation-replied", day), calendar)
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
        _store_clock(request, calendar)
        request.save()
        _audit(actor, "request.consultation_replied", request, {"outcome": outcome})
    return request


def request_extension(*, actor, request: DisclosureRequest, decided_on, notice_on, reason: str, days: int = 20,
                      approver=None) -> DisclosureRequest:
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
    before = request_deadline(request, calendar)
    deadline = _check_clock(request, ("extension", decided, days), calendar)
    if before is not None and before.due is not None and notice > before.due:
        raise ValidationFailed(
            f"延期须在原答复期限（{before.due.isoformat()}）届满前告知申请人（第三十三条第二款）；"
            f"告知日期{notice.isoformat()}已超过原答复期限。"
        )
    with transaction.atomic():
        _log(request, EventKind.EXTENSION_APPROVED, decided, actor, note=reason.strip(), approver=approver,
             data={"days": days, "decided_on": decided.isoformat(), "notice_on": notice.isoformat(),
                   "original_due": _iso(before.due if before else None), "new_due": _iso(deadline.due),
                   "approver_name": _actor_name(approver) if approver else ""})
        _store_clock(request, calendar)
        request.save()
        _audit(actor, "request.extended", request, {"days": days, "new_due": _iso(request.due_on)})
    return request


def request_later_deadline(*, actor, request: DisclosureRequest, on, due, reason: str) -> DisclosureRequest:
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
    calendar = workday_calendar()
    current = request_deadline(request, calendar)
    if current is None or current.due is None:
        raise TransitionNotAllowed("答复期限目前中止计算（等待补正或征求意见），不能确定延迟答复期限。")
    if day > current.due:
        raise ValidationFailed(f"延迟答复期限应在答复期限（{current.due.isoformat()}）届满前确定并告知申请人。")
    if later <= current.due:
        raise ValidationFailed(f"延迟答复期限应晚于现在的答复期限（{current.due.isoformat()}）。")
    with transaction.atomic():
        _log(request, EventKind.LATER_DEADLINE_SET, day, actor, note=reason.strip(),
             data={"due": later.isoformat(), "previous_due": current.due.isoformat()})
        _store_clock(request, calendar)
        request.save()
        _audit(actor, "request.later_deadline_set", request, {"due": later.isoformat()})
    return request


# --- fees -----------------------------------------------------------------------------------------

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


def request_fee_notice(*, actor, request: DisclosureRequest, on, method: str, quantity: int, note: str = "") -> DisclosureRequest:
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
    pay_by = calendar.add_workdays(day, FEE_PAYMENT_WORKDAYS)
    with transaction.atomic():
        _set_status(request, status)
        request.save()
        _log(request, EventKind.FEE_NOTICE_SENT, day, actor, note=note.strip(),
             data={"method": method, "items" if method == "per_item" else "pages": quantity,
                   "items_before": before, "amount": amount, "basis": basis, "pay_by": pay_by.isoformat()})
        _audit(actor, "request.fee_notice_sent", request, {"amount": amount, "method": method})
    return request


def _fee_notice(request: DisclosureRequest) -> RequestEvent:
    return request.events.filter(kind=EventKind.FEE_NOTICE_SENT).latest("date", "id")


def request_fee_paid(*, actor, request: DisclosureRequest, on, receipt_number: str = "") -> DisclosureRequest:
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "缴费日期")
    status = _move(request, workflow.FEE_PAID)
    notice = _fee_notice(request)
    pay_by = date.fromisoformat(notice.data["pay_by"])
    if day > pay_by:
        raise ValidationFailed(f"缴费期限至{pay_by.isoformat()}，逾期未缴费的视为放弃申请，请按逾期未缴费处理。")
    _not_future(day, "缴费日期")
    _check_order(request, day, "缴费")
    with transaction.atomic():
        _set_status(request, status)
        request.save()
        _log(request, EventKind.FEE_PAID, day, actor, data={"amount": notice.data["amount"],
                                                            "receipt_number": receipt_number.strip()})
        _audit(actor, "request.fee_paid", request, {"amount": notice.data["amount"]})
    return request


def request_fee_period_ended(*, actor, request: DisclosureRequest, on, note: str = "") -> DisclosureRequest:
    """Not paid within 20 working days: deemed abandoned (109号; row 三(六)2)."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "缴费期限届满日期")
    status = _move(request, workflow.FEE_PERIOD_ENDED)
    pay_by = date.fromisoformat(_fee_notice(request).data["pay_by"])
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


# --- reply, delivery, archive ---------------------------------------------------------------------

def _next_letter_number(request: DisclosureRequest, day: date) -> str:
    prefix = (request.receiving_unit.name if request.receiving_unit else request.jurisdiction.name)
    count = Reply.objects.filter(request__jurisdiction=request.jurisdiction, letter_date__year=day.year).count()
    return f"{prefix}依申请公开答复〔{day.year}〕{count + 1}号"


REPLY_FIELDS = ("reasons", "information", "how_to_obtain", "responsible_agency", "responsible_agency_contact",
                "special_law", "withholding_ground")


def request_reply(*, actor, request: DisclosureRequest, type: str, on, letter_number: str = "", remedies: str = "",
                  attachments=(), **fields) -> Reply:
    """Answer the request. The type's required fields (reply_types.REPLY_TYPES) must be given — a withheld
    reply its ground and reasons, a partial one its reasons and redacted attachment, and so on.
    `attachments`: (name, bytes or File, redacted) triples."""
    require(actor, Action.HANDLE_REQUEST, request)
    unknown = set(fields) - set(REPLY_FIELDS)
    if unknown:
        raise ValidationFailed(f"答复中有无法识别的内容：{'、'.join(sorted(unknown))}。")
    day = _date(on, "答复日期")
    if type in (ReplyType.CORRECTION_NOT_MADE, ReplyType.FEE_NOT_PAID):
        raise ValidationFailed("逾期不补正、逾期未缴费请分别使用“补正期限届满”“缴费期限届满”办理。")
    clean = {k: (str(fields.get(k) or "")).strip() for k in REPLY_FIELDS}
    attachments = list(attachments)
    redacted = sum(1 for a in attachments if len(a) > 2 and a[2])
    check_fields = dict(clean, redacted_attachment=redacted,
                        information_or_how_to_obtain=clean["information"] or clean["how_to_obtain"] or attachments)
    try:
        check_reply(type, check_fields)
        row = report_row(type, clean["withholding_ground"] or None)
    except ReplyFieldsMissing as exc:
        raise ValidationFailed(exc.message) from exc
    if type != ReplyType.WITHHELD:
        clean["withholding_ground"] = ""
    status = _move(request, workflow.REPLY)
    if request.status == workflow.Status.AWAITING_CORRECTION and type != ReplyType.UNCLEAR_AFTER_CORRECTION:
        raise TransitionNotAllowed("该申请正在等待补正，不能作出该类答复。")
    _not_future(day, "答复日期")
    _check_order(request, day, "答复")
    for item in attachments:
        if not item[0] or not str(item[0]).strip():
            raise ValidationFailed("每个附件都需要名称。")
    late = request.due_on is not None and day > request.due_on
    with transaction.atomic():
        reply = Reply.objects.create(
            request=request, type=type, withholding_ground=clean["withholding_ground"], report_row=row,
            article=article_for(type, clean["withholding_ground"] or None), reasons=clean["reasons"],
            information=clean["information"], how_to_obtain=clean["how_to_obtain"],
            responsible_agency=clean["responsible_agency"],
            responsible_agency_contact=clean["responsible_agency_contact"], special_law=clean["special_law"],
            remedies=(remedies or "").strip() or default_remedies(), letter_date=day,
            letter_number=(letter_number or "").strip() or _next_letter_number(request, day), created_by=_user(actor),
        )
        for name, content, *rest in attachments:
            attachment = ReplyAttachment(reply=reply, name=str(name).strip(), redacted=bool(rest and rest[0]))
            data = content if not isinstance(content, bytes) else ContentFile(content)
            attachment.file.save(str(name).strip().replace("/", "_"), data, save=False)
            attachment.save()
        _set_status(request, status)
        request.save()
        _log(request, EventKind.REPLIED, day, actor,
             data={"reply": reply.pk, "type": type, "row": row, "late": late,
                   "due_on": _iso(request.due_on)})
        _audit(actor, "request.replied", request, {"type": type, "row": row, "late": late})
    return reply


def request_deliver(*, actor, request: DisclosureRequest, method: str, delivered_on, recipient: str, proof: str = "",
                    proof_file=None) -> DeliveryRecord:
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(delivered_on, "送达日期")
    if method not in DeliveryMethod.values:
        raise ValidationFailed("请选择送达方式。")
    if not (recipient or "").strip():
        raise ValidationFailed("请填写签收人（或收件人）。")
    _move(request, workflow.DELIVER)
    reply = getattr(request, "reply", None) if hasattr(request, "reply") else None
    if reply is None:
        raise TransitionNotAllowed(workflow.refusal(workflow.Status.IN_PROGRESS, workflow.DELIVER))
    if day < reply.letter_date:
        raise ValidationFailed(f"送达日期不能早于答复日期（{reply.letter_date.isoformat()}）。")
    _not_future(day, "送达日期")
    _check_order(request, day, "送达")
    with transaction.atomic():
        record = DeliveryRecord(reply=reply, method=method, delivered_on=day, recipient=recipient.strip(),
                                proof=(proof or "").strip(), recorded_by=_user(actor))
        if proof_file is not None:
            record.proof_file.save(getattr(proof_file, "name", "proof"), proof_file, save=False)
        record.save()
        _log(request, EventKind.DELIVERED, day, actor, data={"method": method, "recipient": recipient.strip()})
        _audit(actor, "request.delivered", request, {"method": method})
    return record


def request_archive(*, actor, request: DisclosureRequest, on=None, note: str = "") -> DisclosureRequest:
    """归档 (第四十五条), after the reply."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "归档日期") if on is not None else timezone.localdate()
    status = _move(request, workflow.ARCHIVE)
    _not_future(day, "归档日期")
    _check_order(request, day, "归档")
    with transaction.atomic():
        _set_status(request, status)
        request.save()
        _log(request, EventKind.ARCHIVED, day, actor, note=note.strip())
        _audit(actor, "request.archived", request)
    return request


# --- templates and recomputation ------------------------------------------------------------------

def reply_template_save(*, actor, reply_type: str, title: str, body: str) -> ReplyTemplate:
    """Edit the letter text of a reply type (the disclosure office)."""
    require(actor, Action.APPROVE_EXTENSION)
    if reply_type not in ReplyType.values:
        raise ValidationFailed("答复类型无法识别。")
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationFailed("模板的标题和正文都不能为空。")
    try:
        Template(body)
    except TemplateSyntaxError as exc:
        raise ValidationFailed(f"模板语法有误：{exc}") from exc
    with transaction.atomic():
        template, _ = ReplyTemplate.objects.update_or_create(
            reply_type=reply_type, defaults={"title": title.strip(), "body": body, "updated_by": _user(actor)},
        )
        record_event(actor=_user(actor), action="request.reply_template_saved", target=template,
                     data={"reply_type": reply_type})
    return template


def requests_recompute_deadlines(*, calendar: WorkdayCalendar | None = None) -> int:
    """Recompute every open request's cached due date (after the calendar changed, e.g. a year was loaded).
    Returns how many changed."""
    calendar = calendar or workday_calendar()
    changed = 0
    for request in DisclosureRequest.objects.filter(status__in=OPEN_STATUSES, received_on__isnull=False):
        before = (request.due_on, request.due_provisional)
        _store_clock(request, calendar)
        if (request.due_on, request.due_provisional) != before:
            request.save(update_fields=["due_on", "due_provisional", "due_missing_years", "clock_warnings",
                                        "updated_at"])
            changed += 1
    return changed


# --- warnings -------------------------------------------------------------------------------------

def _warning_recipients(request: DisclosureRequest) -> list[str]:
    unit = request.assigned_unit or request.receiving_unit
    if unit is None:
        return []
    roles = [Role.INFORMATION_OFFICER, Role.REVIEWER] if request.assigned_unit else [Role.DISCLOSURE_OFFICE]
    emails = (Membership.objects.filter(unit=unit, role__in=roles, user__is_active=True)
              .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(set(emails))


def requests_send_warnings(*, today=None, actor=COMMAND_LINE, send: bool = True) -> list[dict]:
    """Warn the unit handling each open request 5 and 2 working days before its due date, by e-mail; once
    per request per day (WarningSent). Returns what was (or, already sent today, had been) warned."""
    today = _date(today, "日期") if today is not None else timezone.localdate()
    calendar = workday_calendar()
    result = []
    for request in (DisclosureRequest.objects.filter(status__in=OPEN_STATUSES, received_on__isnull=False)
                    .select_related("assigned_unit", "receiving_unit", "jurisdiction")):
        deadline = request_deadline(request, calendar)
        if deadline is None or deadline.due is None or deadline.due < today:
            continue
        left = calendar.workdays_between(today, deadline.due)
        if left not in WARNING_WORKDAYS:
            continue
        recipients = _warning_recipients(request)
        row = {"tracking_code": request.tracking_code, "pk": request.pk, "due": deadline.due.isoformat(),
               "workdays_left": left, "provisional": deadline.provisional,
               "unit": (request.assigned_unit or request.receiving_unit).name
               if (request.assigned_unit or request.receiving_unit) else "",
               "recipients": recipients, "already_sent": False}
        if WarningSent.objects.filter(request=request, sent_on=today).exists():
            row["already_sent"] = True
            result.append(row)
            continue
        with transaction.atomic():
            WarningSent.objects.create(request=request, sent_on=today, workdays_left=left, due_on=deadline.due,
                                       recipients=recipients)
            record_event(actor=_user(actor), actor_name=None if _user(actor) else str(actor),
                         action="request.warning_sent", target=request,
                         data={"workdays_left": left, "due_on": deadline.due.isoformat(), "recipients": recipients})
            if send and recipients:
                subject = f"政府信息公开申请 {request.tracking_code} 还有{left}个工作日到期"
                body = (
                    f"申请 {request.tracking_code}（{request.get_status_display()}）的答复期限为{deadline.due.isoformat()}"
                    f"{'（暂定：缺少工作日历年度）' if deadline.provisional else ''}，距今还有{left}个工作日。\n"
                    f"所需信息：{request.description[:200]}\n\n期限计算：\n" + "\n".join(deadline.explanation)
                )
                transaction.on_commit(lambda s=subject, b=body, r=recipients: send_mail(
                    s, b, settings.DEFAULT_FROM_EMAIL, r, fail_silently=True))
        result.append(row)
    return result
