"""Writes of the channels app: record a publication on another channel, record a printed bulletin, correct
a mistaken channel entry. Each asks the policy first (the record's own unit: its information officer or
reviewer), then writes in one transaction with its audit event."""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction

from gongkai.accounts.policies import Action, Actor, acting_user, can, require
from gongkai.channels import printed_state
from gongkai.channels.models import CHANNELS_NEEDING_WHERE, ChannelKind, ChannelPublication, PrintedCopy
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.publishing.models import Record, RecordRevision

MAX_COPIES = 200


def may_record_channels(actor: Actor, record: Record | None) -> bool:
    """The record's unit: its information officer (who drafts) or its reviewer (who publishes). With no
    record: an officer or reviewer of some unit."""
    return can(actor, Action.RECORD_CHANNELS, record)


def may_view_channels(actor: Actor, record: Record) -> bool:
    """Those who record, and the disclosure office overseeing the record's jurisdiction (read only)."""
    return can(actor, Action.VIEW_RECORD, record)


def require_record_channels(actor: Actor, record: Record | None, *, ip_address: str | None = None) -> None:
    require(actor, Action.RECORD_CHANNELS, record, ip_address=ip_address)


def require_board_list(actor: Actor, *, ip_address: str | None = None) -> None:
    """The list of notice boards to visit: a unit's officer or reviewer (its own records), or a disclosure office
    (its subtree's records, read only)."""
    if can(actor, Action.OVERSEE_RECORDS):
        return
    require(actor, Action.RECORD_CHANNELS, None, ip_address=ip_address)


def require_view_channels(actor: Actor, record: Record, *, ip_address: str | None = None) -> None:
    require(actor, Action.VIEW_RECORD, record, ip_address=ip_address)


def _require_public(record: Record, what: str) -> RecordRevision:
    if not record.is_public or record.public_revision is None:
        raise ValidationFailed(
            f"“{record.title}”当前为“{record.get_status_display()}”（{record.get_disclosure_attribute_display()}），"
            f"不在网上公开，不能{what}。只有已发布的主动公开信息才能{what}。"
        )
    return record.public_revision


def _actor_name(actor: Actor) -> str:
    return str(getattr(actor, "display_name", "") or getattr(actor, "username", "") or actor)


def channel_publication_record(
    *, actor: Actor, record: Record, channel: str, published_on: datetime.date, done_by: str = "", where: str = "",
    link: str = "", note: str = "", today: datetime.date | None = None,
) -> ChannelPublication:
    """Record that `record` was also published on `channel` (at `where`) on `published_on`."""
    require_record_channels(actor, record)
    today = today or clock.today()
    revision = _require_public(record, "登记其他渠道发布")
    if channel not in ChannelKind.values:
        raise ValidationFailed("请选择发布渠道。")
    where, done_by, note, link = where.strip(), (done_by.strip() or _actor_name(actor)), note.strip(), link.strip()
    if channel in CHANNELS_NEEDING_WHERE and not where:
        raise ValidationFailed(f"请填写发布位置（{ChannelKind(channel).label}：哪一个公示栏、账号或地点）。")
    if published_on > today:
        raise ValidationFailed(f"发布日期{published_on:%Y-%m-%d}晚于今天，只能登记已经完成的发布。")
    if published_on < record.formed_on:
        raise ValidationFailed(f"发布日期{published_on:%Y-%m-%d}早于该信息的形成日期{record.formed_on:%Y-%m-%d}。")
    with transaction.atomic():
        publication = ChannelPublication.objects.create(
            record=record, revision=revision, channel=channel, where=where, published_on=published_on,
            done_by=done_by, link=link, note=note, recorded_by=acting_user(actor),
        )
        record_event(actor=actor, action="channel.published", target=record, data={
            "publication": publication.pk, "channel": channel, "channel_label": str(ChannelKind(channel).label),
            "where": where, "published_on": published_on.isoformat(), "done_by": done_by,
            "revision": revision.number,
        })
    return publication


def channel_publication_delete(*, actor: Actor, publication: ChannelPublication, reason: str) -> None:
    """Remove a mistaken entry (wrong record, wrong channel). The audit event keeps what it said and why."""
    require_record_channels(actor, publication.record)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写删除理由（例如：登记错了信息或渠道）。")
    with transaction.atomic():
        record_event(actor=actor, action="channel.publication_deleted", target=publication.record, data={
            "publication": publication.pk, "channel": publication.channel, "where": publication.where,
            "published_on": publication.published_on.isoformat(), "done_by": publication.done_by,
            "reason": reason,
        })
        publication.delete()


def printed_copy_record(
    *, actor: Actor, record: Record, revision: RecordRevision, board: str, public_url: str, copies: int = 1,
    pdf: bytes = b"",
) -> PrintedCopy:
    """Record a bulletin printed for `board`, showing `revision` (the public one when it was rendered).
    Older copies of the same record for the same board count as replaced by this one."""
    require_record_channels(actor, record)
    current = _require_public(record, "打印公告")
    board = " ".join(board.split())
    if not board:
        raise ValidationFailed("请填写张贴的公示栏（如 罗市镇新华村村务公开栏）。")
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationFailed(f"份数应在1到{MAX_COPIES}之间。")
    if revision.record_id != record.pk:
        raise ValidationFailed("打印的版本不属于这条信息。")
    if revision.pk != current.pk:
        raise ValidationFailed("打印期间该信息的公开版本已更新，请重新打印。")
    with transaction.atomic():
        copy = PrintedCopy.objects.create(
            record=record, revision=revision, revision_number=revision.number, board=board, copies=copies,
            public_url=public_url, sha256=hashlib.sha256(pdf).hexdigest() if pdf else "",
            printed_at=clock.now(), printed_by=acting_user(actor),
            printed_by_name=_actor_name(actor),
        )
        replaced = list(
            PrintedCopy.objects.select_for_update()
            .filter(record=record, board_key=printed_state.board_key(board), replaced_by__isnull=True)
            .exclude(pk=copy.pk).values_list("pk", flat=True)
        )
        PrintedCopy.objects.filter(pk__in=replaced).update(replaced_by=copy)
        record_event(actor=actor, action="channel.bulletin_printed", target=record, data={
            "printed_copy": copy.pk, "board": board, "copies": copies, "revision": revision.number,
            "public_url": public_url, "sha256": copy.sha256, "replaces": replaced,
        })
    return copy
