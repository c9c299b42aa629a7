"""What happens to messages and concerns. Every write in a transaction with an audit event; who may act is asked
of `accounts.policies` before the transaction, which move is allowed of `interaction.workflow.TABLE`."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.interaction import limits, workflow
from gongkai.interaction.models import Concern, ConcernResponse, Message, MessageSettings
from gongkai.interaction.workflow import TABLE
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.publishing import privacy

SUBJECT_MAX = 100
BODY_MAX = 2000
ANSWER_MAX = 5000
REASON_MAX = 500


def answer_working_days(jurisdiction: Jurisdiction) -> int:
    row = MessageSettings.objects.filter(jurisdiction=jurisdiction).only("answer_working_days").first()
    return row.answer_working_days if row else limits.DEFAULT_ANSWER_WORKING_DAYS


def answer_limit_set(*, actor: Actor, jurisdiction: Jurisdiction, working_days: int) -> MessageSettings:
    """The office sets its jurisdiction's answer limit; it applies to messages received from now on."""
    require(actor, Action.MODERATE_MESSAGES, jurisdiction)
    if not 1 <= working_days <= limits.MAX_ANSWER_WORKING_DAYS:
        raise ValidationFailed(f"答复时限应为 1 至 {limits.MAX_ANSWER_WORKING_DAYS} 个工作日。")
    with transaction.atomic():
        row, _ = MessageSettings.objects.select_for_update().get_or_create(jurisdiction=jurisdiction)
        before = row.answer_working_days
        row.answer_working_days = working_days
        row.save()
        record_event(actor=actor, action="message_settings.changed", target=row,
                     data={"jurisdiction": jurisdiction.code, "before": before, "after": working_days})
    return row


def public_text(text: str, writer_name: str = "") -> str:
    """What the public may read of a citizen's text: personal numbers, names and addresses masked
    (`publishing.privacy.public_mask`, through the scanner), and the writer's own name wherever it appears."""
    shown = privacy.masked(text, sensitive_words=())
    name = writer_name.strip()
    if len(name) >= 2:
        shown = shown.replace(name, privacy.public_mask(privacy.NAME, name))
    return shown


def _clean(value: str, label: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > max_length:
        raise ValidationFailed(f"{label}最多 {max_length} 个字。")
    return value


def message_submit(*, jurisdiction: Jurisdiction, unit: Unit, subject: str, body: str, writer_name: str,
                   writer_phone: str = "", writer_email: str = "", ip_address: str | None = None,
                   at: datetime.datetime | None = None) -> Message:
    """A citizen's message to a unit of the jurisdiction (no account needed). Its answer is due the
    jurisdiction's limit of working days after the day it arrived."""
    if unit.jurisdiction_id != jurisdiction.pk or not unit.is_active:
        raise ValidationFailed("请选择本级的办理单位。")
    subject = _clean(subject, "标题", SUBJECT_MAX)
    body = _clean(body, "留言内容", BODY_MAX)
    writer_name = _clean(writer_name, "姓名", 50)
    writer_phone = _clean(writer_phone, "联系电话", 40, required=False)
    writer_email = _clean(writer_email, "电子邮箱", 254, required=False)
    if not writer_phone and not writer_email:
        raise ValidationFailed("请至少填写联系电话或电子邮箱之一，以便答复您。")
    at = at or clock.now()
    received_on = timezone.localdate(at)
    due_on = limits.answer_due(received_on, answer_working_days(jurisdiction), workday_calendar())
    with transaction.atomic():
        message = Message.objects.create(
            jurisdiction=jurisdiction, unit=unit, subject=subject, body=body, writer_name=writer_name,
            writer_phone=writer_phone, writer_email=writer_email, ip_address=ip_address, received_at=at,
            received_on=received_on, due_on=due_on)
        record_event(actor=None, actor_name="公众", action="message.submitted", target=message,
                     data={"unit": unit.pk, "due_on": due_on.isoformat()}, ip_address=ip_address)
    return message


def _move(actor: Actor, message: Message, move: str, action: Action) -> str:
    require(actor, action, message)
    return TABLE.next_status(message.status, move)


def _locked(message: Message, move: str) -> Message:
    """The row, locked; moved meanwhile by someone else → the table's refusal for its status now."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    TABLE.next_status(locked.status, move)
    return locked


def _save(message: Message, locked: Message, fields: dict[str, Any], event: str, actor: Actor,
          data: dict[str, Any]) -> Message:
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    record_event(actor=actor, action=event, target=locked, data={"status": locked.status, **data})
    for name in (*fields, "updated_at"):
        setattr(message, name, getattr(locked, name))
    return message


def message_assign(*, actor: Actor, message: Message, unit: Unit, note: str = "") -> Message:
    """转办: the office passes a waiting message to another unit of its jurisdiction."""
    status = _move(actor, message, workflow.ASSIGN, Action.MODERATE_MESSAGES)
    if unit.jurisdiction_id != message.jurisdiction_id or not unit.is_active:
        raise ValidationFailed("只能转办到本级的在用单位。")
    if unit.pk == message.unit_id:
        raise ValidationFailed(f"该留言已由{unit.name}办理。")
    note = _clean(note, "转办说明", REASON_MAX, required=False)
    with transaction.atomic():
        locked = _locked(message, workflow.ASSIGN)
        before = locked.unit_id
        return _save(message, locked, {"unit": unit, "status": status}, "message.assigned", actor,
                     {"from_unit": before, "to_unit": unit.pk, "note": note})


def message_answer(*, actor: Actor, message: Message, answer: str,
                   at: datetime.datetime | None = None) -> Message:
    """The unit answers; the office moderates the answer before anything is public. `at`: when (the demo's story;
    never before the message arrived)."""
    status = _move(actor, message, workflow.ANSWER, Action.ANSWER_MESSAGE)
    answer = _clean(answer, "答复内容", ANSWER_MAX)
    with transaction.atomic():
        locked = _locked(message, workflow.ANSWER)
        answered_at = max(at or clock.now(), locked.received_at)
        return _save(message, locked, {"answer": answer, "answered_at": answered_at,
                                       "answered_by": acting_user(actor), "status": status, "reason": ""},
                     "message.answered", actor, {"late": timezone.localdate(answered_at) > locked.due_on})


def message_publish(*, actor: Actor, message: Message, public_subject: str, public_body: str,
                    answer: str | None = None, at: datetime.datetime | None = None) -> Message:
    """审核公开: the office publishes the question (masked again, whatever it typed) and the answer."""
    status = _move(actor, message, workflow.PUBLISH, Action.MODERATE_MESSAGES)
    subject = public_text(_clean(public_subject, "公开标题", SUBJECT_MAX), message.writer_name)
    body = public_text(_clean(public_body, "公开的留言内容", BODY_MAX), message.writer_name)
    fields: dict[str, Any] = {"public_subject": subject, "public_body": body, "status": status,
                              "published_at": at or clock.now(), "decided_by": acting_user(actor)}
    if answer is not None:
        fields["answer"] = _clean(answer, "答复内容", ANSWER_MAX)
    with transaction.atomic():
        locked = _locked(message, workflow.PUBLISH)
        return _save(message, locked, fields, "message.published", actor,
                     {"answer_edited": answer is not None and answer.strip() != locked.answer})


def _with_reason(actor: Actor, message: Message, move: str, reason: str, event: str,
                 extra: dict[str, Any] | None = None) -> Message:
    status = _move(actor, message, move, Action.MODERATE_MESSAGES)
    reason = _clean(reason, "理由", REASON_MAX)
    with transaction.atomic():
        locked = _locked(message, move)
        return _save(message, locked, {"status": status, "reason": reason, "decided_by": acting_user(actor),
                                       **(extra or {})}, event, actor, {"reason": reason})


def message_return(*, actor: Actor, message: Message, reason: str) -> Message:
    """退回修改: the answer goes back to the unit; the clock runs again from the original due day."""
    return _with_reason(actor, message, workflow.RETURN, reason, "message.returned", {"answered_at": None})


def message_close(*, actor: Actor, message: Message, reason: str) -> Message:
    """答复不公开: answered (the writer is told by the unit), but not published — a personal matter, say."""
    return _with_reason(actor, message, workflow.CLOSE, reason, "message.closed")


def message_reject(*, actor: Actor, message: Message, reason: str) -> Message:
    """不予受理: not a valid message (abuse, advertising, a duplicate, a matter for 信访) — the reason is kept."""
    return _with_reason(actor, message, workflow.REJECT, reason, "message.rejected")


# --- responses to public concern -------------------------------------------------------------------------------

def concern_record(*, actor: Actor, jurisdiction: Jurisdiction, unit: Unit, title: str, arose_at: datetime.datetime,
                   level: str, description: str = "", is_public: bool = True) -> Concern:
    """The office records a matter of public concern: what, when it arose, its level (the limits follow)."""
    require(actor, Action.MANAGE_CONCERNS, jurisdiction)
    if unit.jurisdiction_id != jurisdiction.pk:
        raise ValidationFailed("责任单位应为本级单位。")
    title = _clean(title, "关切事项", 200)
    description = _clean(description, "舆情概况", 5000, required=False)
    if level not in {lv.value for lv in limits.ConcernLevel}:
        raise ValidationFailed("请选择舆情级别。")
    if arose_at > clock.now():
        raise ValidationFailed("舆情发生时间晚于现在。")
    with transaction.atomic():
        concern = Concern.objects.create(jurisdiction=jurisdiction, unit=unit, title=title, description=description,
                                         arose_at=arose_at, level=level, is_public=is_public,
                                         recorded_by=acting_user(actor))
        record_event(actor=actor, action="concern.recorded", target=concern,
                     data={"level": level, "arose_at": arose_at.isoformat(), "unit": unit.pk})
    return concern


def concern_response_add(*, actor: Actor, concern: Concern, kind: str, responded_at: datetime.datetime,
                         channel: str, content: str, link: str = "") -> ConcernResponse:
    """A response released (authoritative information, a press conference, a statement), when and where."""
    require(actor, Action.MANAGE_CONCERNS, concern)
    if kind not in {k.value for k in limits.ResponseKind}:
        raise ValidationFailed("请选择回应方式。")
    if responded_at > clock.now():
        raise ValidationFailed("回应时间晚于现在，只能登记已经发布的回应。")
    if responded_at < concern.arose_at:
        raise ValidationFailed("回应时间早于舆情发生时间。")
    channel = _clean(channel, "发布渠道", 100)
    content = _clean(content, "回应内容", 5000)
    with transaction.atomic():
        response = ConcernResponse.objects.create(concern=concern, kind=kind, responded_at=responded_at,
                                                  channel=channel, content=content, link=(link or "").strip(),
                                                  recorded_by=acting_user(actor))
        record_event(actor=actor, action="concern.responded", target=concern,
                     data={"kind": kind, "responded_at": responded_at.isoformat()})
    return response
