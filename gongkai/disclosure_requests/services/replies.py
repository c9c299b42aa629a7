"""The reply (答复书/告知书), its delivery and archiving (第四十五条)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.accounts.policies import Action, Actor, require
from gongkai.core import clock
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import workflow
from gongkai.disclosure_requests.models import (
    DeliveryMethod,
    DeliveryRecord,
    DisclosureRequest,
    EventKind,
    Reply,
    ReplyAttachment,
    ReplyType,
)
from gongkai.disclosure_requests.reply_types import ReplyFieldsMissing, article_for, check_reply, report_row
from gongkai.disclosure_requests.selectors import (
    default_remedies,
)
from gongkai.disclosure_requests.services._common import (
    _audit,
    _check_order,
    _date,
    _iso,
    _log,
    _move,
    _next_letter_number,
    _not_future,
    _set_status,
    _user,
)

REPLY_FIELDS = ("reasons", "information", "how_to_obtain", "responsible_agency", "responsible_agency_contact",
                "special_law", "withholding_ground")


def request_reply(*, actor: Actor, request: DisclosureRequest, type: str, on: date, letter_number: str = "", remedies: str = "",
                  attachments: Sequence[Any] = (), **fields: Any) -> Reply:
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


def request_deliver(*, actor: Actor, request: DisclosureRequest, method: str, delivered_on: date, recipient: str, proof: str = "",
                    proof_file: Any = None) -> DeliveryRecord:
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


def request_archive(*, actor: Actor, request: DisclosureRequest, on: date | None = None, note: str = "") -> DisclosureRequest:
    """归档 (第四十五条), after the reply."""
    require(actor, Action.HANDLE_REQUEST, request)
    day = _date(on, "归档日期") if on is not None else clock.today()
    status = _move(request, workflow.ARCHIVE)
    _not_future(day, "归档日期")
    _check_order(request, day, "归档")
    with transaction.atomic():
        _set_status(request, status)
        request.save()
        _log(request, EventKind.ARCHIVED, day, actor, note=note.strip())
        _audit(actor, "request.archived", request)
    return request
