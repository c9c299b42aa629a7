"""Writes of consultations: each asks the policy, then writes in one transaction with its audit event.

Periods and hearing notices are judged by the pure `periods.py`; status moves by `workflow.TABLE`."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.consultations import periods
from gongkai.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    DecisionItem,
    DecisionList,
    Hearing,
)
from gongkai.consultations.workflow import CLOSE, PUBLISH, PUBLISH_SUMMARY, TABLE, Status
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.organizations.models import Jurisdiction, Unit

COMMENT_MAX = 2000
NAME_MAX = 50
CONTACT_MAX = 100
CONSULTATION_FIELDS = ("title", "kind", "draft", "explanation", "how_to_comment", "opens_on", "closes_on",
                       "shorter_reason", "decision_item")


def _cn(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if cleaned.get("kind") not in [k.value for k in periods.Kind]:
        raise ValidationFailed("请选择类别（重大行政决策、行政规范性文件或其他）。")
    for field, label in (("title", "标题"), ("draft", "征求意见稿"), ("explanation", "起草说明")):
        if not cleaned.get(field):
            raise ValidationFailed(f"请填写{label}。")
    for field, label in (("opens_on", "发布日期"), ("closes_on", "截止日期")):
        if not isinstance(cleaned.get(field), datetime.date):
            raise ValidationFailed(f"请填写{label}。")
    return cleaned


def consultation_create(*, actor: Actor, unit: Unit, **values: Any) -> Consultation:
    """A new draft consultation of `unit` (not public until published)."""
    require(actor, Action.MANAGE_CONSULTATIONS, unit)
    unknown = set(values) - set(CONSULTATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean({f: values.get(f, "") for f in CONSULTATION_FIELDS} | {
        "decision_item": values.get("decision_item")})
    with transaction.atomic():
        consultation = Consultation.objects.create(unit=unit, created_by=acting_user(actor), **cleaned)
        record_event(actor=actor, action="consultation.created", target=consultation, data={
            "unit": unit.pk, "kind": consultation.kind, "opens_on": consultation.opens_on.isoformat(),
            "closes_on": consultation.closes_on.isoformat()})
    return consultation


def consultation_change(*, actor: Actor, consultation: Consultation, **values: Any) -> Consultation:
    """Change a draft (a published consultation keeps what the public read)."""
    require(actor, Action.MANAGE_CONSULTATIONS, consultation)
    unknown = set(values) - set(CONSULTATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if not TABLE.is_editable(consultation.status):
        raise ValidationFailed(f"该征求意见当前为“{consultation.status_label}”，已发布的内容不能修改。")
    current = {f: getattr(consultation, f) for f in CONSULTATION_FIELDS}
    cleaned = _clean(current | values)
    changed = [f for f, v in cleaned.items() if v != current[f]]
    if not changed:
        return consultation
    with transaction.atomic():
        for field in changed:
            setattr(consultation, field, cleaned[field])
        consultation.save()
        record_event(actor=actor, action="consultation.changed", target=consultation, data={"changed": changed})
    return consultation


def consultation_publish(*, actor: Actor, consultation: Consultation, today: datetime.date | None = None,
                         calendar=None) -> Consultation:
    """Publish the draft for comment: the period must satisfy its kind's minimum, or give its reason
    (713号 第十五条; 国办发〔2018〕37号)."""
    require(actor, Action.MANAGE_CONSULTATIONS, consultation)
    today = today or clock.today()
    calendar = calendar or workday_calendar()
    new_status = TABLE.next_status(consultation.status, PUBLISH)
    if consultation.opens_on < today:
        raise ValidationFailed(f"发布日期{_cn(consultation.opens_on)}早于今天，请把发布日期改为今天或以后。")
    refusal = periods.period_refusal(consultation.kind, consultation.opens_on, consultation.closes_on,
                                     consultation.shorter_reason, calendar)
    if refusal:
        raise ValidationFailed(refusal)
    verdict = periods.period(consultation.kind, consultation.opens_on, consultation.closes_on, calendar)
    with transaction.atomic():
        consultation.status = new_status
        consultation.published_at = clock.now()
        consultation.save(update_fields=["status", "published_at", "updated_at"])
        record_event(actor=actor, action="consultation.published", target=consultation, data={
            "opens_on": consultation.opens_on.isoformat(), "closes_on": consultation.closes_on.isoformat(),
            "period": verdict.explain(), "shorter_reason": consultation.shorter_reason})
    return consultation


def consultation_close(*, actor: Actor, consultation: Consultation, today: datetime.date | None = None) -> Consultation:
    """Stop taking comments. Closing before `closes_on` shortens the period the public was promised: it is
    kept (`closed_on`) and oversight judges the period actually given."""
    require(actor, Action.MANAGE_CONSULTATIONS, consultation)
    today = today or clock.today()
    new_status = TABLE.next_status(consultation.status, CLOSE)
    closed_on = min(today, consultation.closes_on)
    with transaction.atomic():
        consultation.status = new_status
        consultation.closed_on = closed_on
        consultation.save(update_fields=["status", "closed_on", "updated_at"])
        record_event(actor=actor, action="consultation.closed", target=consultation, data={
            "closed_on": closed_on.isoformat(), "early": closed_on < consultation.closes_on})
    return consultation


def consultation_summary_save(*, actor: Actor, consultation: Consultation, summary: str, adopted_count: int,
                              other_comment_count: int = 0) -> Consultation:
    """Write the feedback summary (意见采纳情况: what was adopted and why); published by `…_summary_publish`."""
    require(actor, Action.MANAGE_CONSULTATIONS, consultation)
    if consultation.status != Status.CLOSED:
        raise ValidationFailed("征求意见截止后才能填写意见采纳情况；已公布的采纳情况不能再修改。")
    summary = summary.strip()
    if not summary:
        raise ValidationFailed("请填写意见采纳情况：采纳了哪些意见、未采纳的理由。")
    if adopted_count < 0 or other_comment_count < 0:
        raise ValidationFailed("意见条数不能为负数。")
    received = consultation.comments.count() + other_comment_count
    if adopted_count > received:
        raise ValidationFailed(f"采纳的意见条数（{adopted_count}）多于收到的意见条数（{received}）。")
    with transaction.atomic():
        consultation.summary = summary
        consultation.adopted_count = adopted_count
        consultation.other_comment_count = other_comment_count
        consultation.save(update_fields=["summary", "adopted_count", "other_comment_count", "updated_at"])
        record_event(actor=actor, action="consultation.summary_saved", target=consultation, data={
            "adopted_count": adopted_count, "other_comment_count": other_comment_count})
    return consultation


def consultation_summary_publish(*, actor: Actor, consultation: Consultation) -> Consultation:
    """Publish the feedback summary with the number of comments received (713号 第三十二条: how public
    opinions were adopted)."""
    require(actor, Action.MANAGE_CONSULTATIONS, consultation)
    new_status = TABLE.next_status(consultation.status, PUBLISH_SUMMARY)
    if not consultation.summary.strip():
        raise ValidationFailed("请先填写并保存意见采纳情况。")
    pending = consultation.comments.filter(status=CommentStatus.PENDING).count()
    if pending:
        raise ValidationFailed(f"还有{pending}条意见未审核，请先审核后再公布采纳情况。")
    with transaction.atomic():
        consultation.status = new_status
        consultation.summary_published_at = clock.now()
        consultation.save(update_fields=["status", "summary_published_at", "updated_at"])
        record_event(actor=actor, action="consultation.summary_published", target=consultation, data={
            "adopted_count": consultation.adopted_count, "received": received_count(consultation)})
    return consultation


def received_count(consultation: Consultation) -> int:
    return consultation.comments.count() + consultation.other_comment_count


# --- Comments from the public -------------------------------------------------------------------------------

def comment_digest(body: str) -> str:
    """The same text typed again (spaces, width and case aside) gives the same digest: a repeat submission."""
    normal = "".join(unicodedata.normalize("NFKC", body).lower().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def comment_submit(*, consultation: Consultation, name: str, contact: str, body: str,
                   ip_address: str | None = None, today: datetime.date | None = None) -> Comment:
    """A visitor's comment, kept for moderation (nothing shows before it). Name and contact stay private."""
    today = today or clock.today()
    name, contact, body = name.strip(), contact.strip(), body.strip()
    if not consultation.accepts_comments(today):
        raise ValidationFailed("该征求意见已截止或尚未开始，不能再提交意见。")
    if not name or not contact or not body:
        raise ValidationFailed("请填写姓名、联系方式和意见。")
    for value, limit, label in ((name, NAME_MAX, "姓名"), (contact, CONTACT_MAX, "联系方式"), (body, COMMENT_MAX, "意见")):
        if len(value) > limit:
            raise ValidationFailed(f"{label}最多 {limit} 个字。")
    digest = comment_digest(body)
    if Comment.objects.filter(consultation=consultation, digest=digest).exists():
        raise ValidationFailed("相同的意见已经提交过，请勿重复提交。")
    try:
        with transaction.atomic():
            comment = Comment.objects.create(consultation=consultation, name=name, contact=contact, body=body,
                                             digest=digest, submitted_at=clock.now())
            record_event(actor=None, actor_name="公众", action="comment.submitted", target=comment,
                         data={"consultation": consultation.pk, "length": len(body)}, ip_address=ip_address)
    except IntegrityError:  # the same text sent twice at once
        raise ValidationFailed("相同的意见已经提交过，请勿重复提交。") from None
    return comment


def comment_moderate(*, actor: Actor, comment: Comment, approve: bool, reply: str = "") -> Comment:
    """Show a comment on the portal, or keep it off (abuse, advertising, personal data): it still counts."""
    require(actor, Action.MODERATE_COMMENTS, comment.consultation)
    if comment.status != CommentStatus.PENDING:
        raise ValidationFailed("该意见已审核。")
    with transaction.atomic():
        comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
        comment.moderated_at = clock.now()
        comment.moderated_by = acting_user(actor)
        comment.reply = reply.strip()
        comment.save(update_fields=["status", "moderated_at", "moderated_by", "reply"])
        record_event(actor=actor, action="comment.approved" if approve else "comment.rejected", target=comment,
                     data={"consultation": comment.consultation_id})
    return comment


# --- Hearings -------------------------------------------------------------------------------------------------

def hearing_create(*, actor: Actor, consultation: Consultation, held_on: datetime.date, place: str, notice: str,
                   participants: str = "", today: datetime.date | None = None) -> Hearing:
    require(actor, Action.MANAGE_CONSULTATIONS, consultation)
    today = today or clock.today()
    place, notice = place.strip(), notice.strip()
    if not place or not notice:
        raise ValidationFailed("请填写听证会地点和听证公告。")
    if held_on <= today:
        raise ValidationFailed("听证会的举行日期应在今天以后。")
    refusal = periods.hearing_notice_refusal(held_on, today)
    if refusal:
        raise ValidationFailed(refusal)
    with transaction.atomic():
        hearing = Hearing.objects.create(consultation=consultation, held_on=held_on, place=place, notice=notice,
                                         participants=participants.strip())
        record_event(actor=actor, action="hearing.created", target=hearing, data={
            "consultation": consultation.pk, "held_on": held_on.isoformat()})
    return hearing


def hearing_notice_publish(*, actor: Actor, hearing: Hearing, today: datetime.date | None = None) -> Hearing:
    """Publish the hearing notice: at least 7 days before the hearing (713号 第十六条)."""
    require(actor, Action.MANAGE_CONSULTATIONS, hearing.consultation)
    today = today or clock.today()
    if hearing.notice_published_on is not None:
        raise ValidationFailed("听证公告已发布。")
    if hearing.consultation.status == Status.DRAFT:
        raise ValidationFailed("请先发布征求意见稿（听证前应公布决策草案及其说明）。")
    refusal = periods.hearing_notice_refusal(hearing.held_on, today)
    if refusal:
        raise ValidationFailed(refusal)
    with transaction.atomic():
        hearing.notice_published_on = today
        hearing.save(update_fields=["notice_published_on", "updated_at"])
        record_event(actor=actor, action="hearing.notice_published", target=hearing, data={
            "held_on": hearing.held_on.isoformat(), "notice_published_on": today.isoformat()})
    return hearing


# --- The yearly list of major decisions ------------------------------------------------------------------------

def decision_list_create(*, actor: Actor, jurisdiction: Jurisdiction, year: int, note: str = "") -> DecisionList:
    require(actor, Action.MANAGE_DECISION_LIST, jurisdiction)
    if not 2000 <= year <= 2100:
        raise ValidationFailed("请填写正确的年度。")
    if DecisionList.objects.filter(jurisdiction=jurisdiction, year=year).exists():
        raise ValidationFailed(f"{jurisdiction.name}{year}年度的目录已经建立。")
    with transaction.atomic():
        found = DecisionList.objects.create(jurisdiction=jurisdiction, year=year, note=note.strip())
        record_event(actor=actor, action="decision_list.created", target=found, data={"year": year})
    return found


def decision_item_add(*, actor: Actor, decision_list: DecisionList, title: str, unit: Unit, planned: str = "",
                      public_participation: bool = True, hearing: bool = False) -> DecisionItem:
    require(actor, Action.MANAGE_DECISION_LIST, decision_list)
    title = title.strip()
    if not title:
        raise ValidationFailed("请填写决策事项。")
    if unit.jurisdiction_id != decision_list.jurisdiction_id:
        raise ValidationFailed("承办单位应为本级单位。")
    with transaction.atomic():
        order = decision_list.items.count() + 1
        item = DecisionItem.objects.create(decision_list=decision_list, order=order, title=title, unit=unit,
                                           planned=planned.strip(), public_participation=public_participation,
                                           hearing=hearing)
        record_event(actor=actor, action="decision_list.item_added", target=decision_list, data={
            "item": item.pk, "title": title, "unit": unit.pk})
    return item


def decision_list_publish(*, actor: Actor, decision_list: DecisionList) -> DecisionList:
    require(actor, Action.MANAGE_DECISION_LIST, decision_list)
    if decision_list.published_at is not None:
        raise ValidationFailed("该目录已发布。")
    if not decision_list.items.exists():
        raise ValidationFailed("目录中还没有决策事项。")
    with transaction.atomic():
        decision_list.published_at = clock.now()
        decision_list.save(update_fields=["published_at", "updated_at"])
        record_event(actor=actor, action="decision_list.published", target=decision_list, data={
            "year": decision_list.year, "items": decision_list.items.count()})
    return decision_list
