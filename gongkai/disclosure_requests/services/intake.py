"""Intake: the portal form, a request typed in by an officer, the receipt day (confirmation, contact made,
第三十一条), and giving the request to a unit (assign, transfer)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.policies import Action, Actor, can, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import receipt, workflow
from gongkai.disclosure_requests.models import (
    ApplicantType,
    DeliveryForm,
    DisclosureRequest,
    EventKind,
    IdType,
    IntakeChannel,
    ObtainingMethod,
)
from gongkai.disclosure_requests.services._common import (
    _audit,
    _check_order,
    _clock_with,
    _date,
    _datetime,
    _derive_receipt,
    _iso,
    _log,
    _move,
    _not_future,
    _office_of,
    _problems,
    _set_status,
    _store_clock,
    _text,
    _user,
)
from gongkai.organizations.models import Jurisdiction, Unit

_PHONE = re.compile(r"^[0-9+\-() ]{5,40}$")


_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def _clean_applicant(data: dict[str, Any]) -> dict[str, Any]:  # noqa: C901 — every field of the application form checked at once (第二十九条)
    """The applicant and the information asked for (第二十九条第二款), checked all at once."""
    problems: list[str] = []
    cleaned: dict[str, Any] = {}
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


def request_submit_online(*, jurisdiction: Jurisdiction, data: dict[str, Any], receiving_unit: Unit | None = None,
                          submitted_at: datetime | date | None = None, ip_address: str | None = None) -> DisclosureRequest:
    """The portal form (public, no login). Returns the request; give the applicant `tracking_code`.
    The receipt day is the day both sides confirm (第三十一条第（三）项), so the clock waits for
    request_confirm."""
    cleaned = _clean_applicant(data)
    submitted = _datetime(submitted_at, "提交时间") if submitted_at is not None else clock.now()
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


def request_register(*, actor: Actor, jurisdiction: Jurisdiction, intake_channel: str, data: dict[str, Any], submitted_at: datetime | date | None = None,
                     arrived_at: datetime | date | None = None, confirmed_at: datetime | date | None = None, confirmation_method: str = "",
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
        submitted = arrived or clock.now()
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
        _store_clock(request, _clock_with(request, None, workday_calendar()))
        request.save()
        _log(request, EventKind.REGISTERED, timezone.localdate(arrived or submitted), actor,
             data={"intake_channel": intake_channel})
        if confirmed:
            _log(request, EventKind.CONFIRMED, timezone.localdate(confirmed), actor, note=confirmation_method.strip())
        _audit(actor, "request.registered", request, {"intake_channel": intake_channel, "received_on": _iso(request.received_on)})
    return request


def request_confirm(*, actor: Actor, request: DisclosureRequest, confirmed_at: datetime | date, method: str) -> DisclosureRequest:
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
        _store_clock(request, _clock_with(request, None, workday_calendar()))
        request.save()
        _log(request, EventKind.CONFIRMED, day, actor, note=method.strip())
        _audit(actor, "request.confirmed", request, {"received_on": _iso(request.received_on)})
    return request


def request_contact_made(*, actor: Actor, request: DisclosureRequest, contact_made_at: datetime | date, note: str = "") -> DisclosureRequest:
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
        _store_clock(request, _clock_with(request, None, workday_calendar()))
        request.save()
        _log(request, EventKind.CONTACT_MADE, day, actor, note=note.strip())
        _audit(actor, "request.contact_made", request, {"received_on": _iso(request.received_on)})
    return request


def _check_unit(actor: Actor, request: DisclosureRequest, unit: Unit) -> None:
    if not isinstance(unit, Unit) or not unit.is_active:
        raise ValidationFailed("请选择一个启用的承办单位。")
    if not unit.jurisdiction.is_within(request.jurisdiction):
        raise ValidationFailed(f"承办单位“{unit.name}”不属于{request.jurisdiction.name}，不能交办。")
    if not can(actor, Action.HANDLE_REQUEST, unit) and not can(actor, Action.HANDLE_REQUEST, request.jurisdiction):
        raise PermissionRefused(f"您没有权限把申请交给“{unit.name}”办理。")


def request_assign(*, actor: Actor, request: DisclosureRequest, unit: Unit, on: date | None = None, note: str = "") -> DisclosureRequest:
    """Give the request to the responsible unit (办理)."""
    require(actor, Action.HANDLE_REQUEST, request)
    _check_unit(actor, request, unit)
    status = _move(request, workflow.ASSIGN)
    if request.assigned_unit is not None:
        raise TransitionNotAllowed(f"该申请已交{request.assigned_unit.name}办理；如需改由其他单位办理，请使用转办。")
    day = _date(on, "交办日期") if on is not None else clock.today()
    _not_future(day, "交办日期")
    _check_order(request, day, "交办")
    with transaction.atomic():
        request.assigned_unit = unit
        _set_status(request, status)
        request.save()
        _log(request, EventKind.ASSIGNED, day, actor, note=note.strip(), data={"unit": unit.pk, "unit_name": unit.name})
        _audit(actor, "request.assigned", request, {"unit": unit.pk})
    return request


def request_transfer(*, actor: Actor, request: DisclosureRequest, unit: Unit, on: date | None = None, note: str = "") -> DisclosureRequest:
    """Move the request to another unit in scope."""
    require(actor, Action.HANDLE_REQUEST, request)
    _check_unit(actor, request, unit)
    status = _move(request, workflow.TRANSFER)
    if request.assigned_unit_id == unit.pk:
        raise ValidationFailed(f"该申请已由{unit.name}办理。")
    if not note.strip():
        raise ValidationFailed("请写明转办的原因。")
    day = _date(on, "转办日期") if on is not None else clock.today()
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
