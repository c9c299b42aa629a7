"""Writes of the channels app: record a publication on another channel, record a printed bulletin, correct
a mistaken channel entry. Each asks the policy first (the record's own unit: its information officer or
reviewer), then writes in one transaction with its audit event."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import models, transaction

from gongkai.accounts.policies import Action, Actor, acting_user, can, require
from gongkai.channels import printed_state
from gongkai.channels.models import (
    CHANNELS_NEEDING_WHERE,
    ChannelKind,
    ChannelPublication,
    NewMediaAccount,
    NewMediaPlatform,
    PrintedCopy,
)
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.organizations.models import Unit
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
    link: str = "", note: str = "", today: datetime.date | None = None, account: NewMediaAccount | None = None,
) -> ChannelPublication:
    """Record that `record` was also published on `channel` (at `where`) on `published_on`. On a registered
    new-media account, the account's last update moves to that day."""
    require_record_channels(actor, record)
    today = today or clock.today()
    revision = _require_public(record, "登记其他渠道发布")
    if channel not in ChannelKind.values:
        raise ValidationFailed("请选择发布渠道。")
    if account is not None:
        if channel != ChannelKind.NEW_MEDIA:
            raise ValidationFailed("只有“两微一端”渠道才能选择政务新媒体账号。")
        if account.pk not in {a.pk for a in accounts_for_record(record)}:
            raise ValidationFailed(f"{account}不是该信息所在地区（本级或上级）登记的在用政务新媒体账号。")
        where = where.strip() or str(account)
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
            done_by=done_by, link=link, note=note, recorded_by=acting_user(actor), account=account,
        )
        if account is not None:
            _account_touched(account, published_on)
        record_event(actor=actor, action="channel.published", target=record, data={
            "publication": publication.pk, "channel": channel, "channel_label": str(ChannelKind(channel).label),
            "where": where, "published_on": published_on.isoformat(), "done_by": done_by,
            "revision": revision.number, "account": account.pk if account else None,
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


# --- The register of government new-media accounts (政务新媒体) -----------------------------------------------

ACCOUNT_FIELDS = ("platform", "name", "account_id", "url", "operator", "operator_phone", "review_arrangement",
                  "opened_on")
# Staff contact details changed are recorded as changed, not copied into the audit log.
_PRIVATE_FIELDS = {"operator_phone"}


def accounts_for_record(record: Record) -> list[NewMediaAccount]:
    """The open accounts a record may be recorded as published on: those of units of the record's jurisdiction
    and of the jurisdictions above it (a county's 大祥发布 carries its departments' news)."""
    path = record.unit.jurisdiction.path  # "430000000000/430500000000/430503000000/"
    ancestors = [path[:i + 1] for i, char in enumerate(path) if char == "/"]
    return list(NewMediaAccount.objects.filter(closed_on__isnull=True, unit__jurisdiction__path__in=ancestors)
                .select_related("unit").order_by("platform", "name"))


def _account_touched(account: NewMediaAccount, on: datetime.date) -> None:
    NewMediaAccount.objects.filter(pk=account.pk).filter(
        models.Q(last_update_on__isnull=True) | models.Q(last_update_on__lt=on)).update(last_update_on=on)
    account.refresh_from_db(fields=["last_update_on", "updated_at"])


def _clean_account(values: dict[str, Any], *, today: datetime.date, exclude_pk: int | None = None) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if cleaned.get("platform") not in NewMediaPlatform.values:
        raise ValidationFailed("请选择平台（微信公众号、微博、抖音等）。")
    for field, label in (("name", "账号名称"), ("operator", "管理人"), ("review_arrangement", "审核机制")):
        if not cleaned.get(field):
            raise ValidationFailed(f"请填写{label}。")
    opened_on = cleaned.get("opened_on")
    if not isinstance(opened_on, datetime.date):
        raise ValidationFailed("请填写开设日期。")
    if opened_on > today:
        raise ValidationFailed(f"开设日期{opened_on:%Y年%-m月%-d日}晚于今天。")
    clash = NewMediaAccount.objects.filter(platform=cleaned["platform"], name=cleaned["name"], closed_on__isnull=True)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.select_related("unit").first()
    if other is not None:
        raise ValidationFailed(f"{NewMediaPlatform(cleaned['platform']).label}“{cleaned['name']}”已由{other.unit}登记，"
                               "同一平台上的在用账号名称不能重复。")
    return cleaned


def _account_data(account: NewMediaAccount) -> dict[str, Any]:
    return {"unit": account.unit_id, "platform": account.platform, "platform_label": account.get_platform_display(),
            "name": account.name}


def new_media_account_register(*, actor: Actor, unit: Unit, today: datetime.date | None = None,
                               **values: Any) -> NewMediaAccount:
    """Add an account to the register (备案): the office over the unit's jurisdiction registers it."""
    require(actor, Action.MANAGE_NEW_MEDIA, unit)
    today = today or clock.today()
    unknown = set(values) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean_account({f: values.get(f, "") for f in ACCOUNT_FIELDS} | {"opened_on": values.get("opened_on")},
                             today=today)
    with transaction.atomic():
        account = NewMediaAccount.objects.create(unit=unit, **cleaned)
        record_event(actor=actor, action="new_media.registered", target=account, data=_account_data(account) | {
            "opened_on": account.opened_on.isoformat(), "operator": account.operator})
    return account


def new_media_account_change(*, actor: Actor, account: NewMediaAccount, today: datetime.date | None = None,
                             **values: Any) -> NewMediaAccount:
    """Change what the register says of an account (its operator, its review arrangement …)."""
    require(actor, Action.MANAGE_NEW_MEDIA, account)
    today = today or clock.today()
    unknown = set(values) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    current = {f: getattr(account, f) for f in ACCOUNT_FIELDS}
    cleaned = _clean_account(current | values, today=today, exclude_pk=account.pk)
    changed = {f: v for f, v in cleaned.items() if v != current[f]}
    if not changed:
        return account
    if account.last_update_on and cleaned["opened_on"] > account.last_update_on:
        raise ValidationFailed(f"开设日期不能晚于最近更新日期{account.last_update_on:%Y年%-m月%-d日}。")
    with transaction.atomic():
        for field, value in changed.items():
            setattr(account, field, value)
        account.save()
        record_event(actor=actor, action="new_media.changed", target=account, data=_account_data(account) | {
            "changed": {f: ("（已修改）" if f in _PRIVATE_FIELDS else
                            (v.isoformat() if isinstance(v, datetime.date) else v)) for f, v in changed.items()}})
    return account


def new_media_account_close(*, actor: Actor, account: NewMediaAccount, closed_on: datetime.date, reason: str,
                            today: datetime.date | None = None) -> NewMediaAccount:
    """Close an account (关停注销): it leaves the register's open list and oversight stops watching it."""
    require(actor, Action.MANAGE_NEW_MEDIA, account)
    today = today or clock.today()
    reason = reason.strip()
    if account.closed_on is not None:
        raise ValidationFailed(f"{account}已于{account.closed_on:%Y年%-m月%-d日}关停。")
    if not reason:
        raise ValidationFailed("请填写关停原因（如 整合到“大祥发布”、长期无更新予以关停）。")
    if closed_on > today:
        raise ValidationFailed(f"关停日期{closed_on:%Y年%-m月%-d日}晚于今天。")
    if closed_on < account.opened_on:
        raise ValidationFailed(f"关停日期早于开设日期{account.opened_on:%Y年%-m月%-d日}。")
    with transaction.atomic():
        account.closed_on, account.closed_reason = closed_on, reason
        account.save(update_fields=["closed_on", "closed_reason", "updated_at"])
        record_event(actor=actor, action="new_media.closed", target=account, data=_account_data(account) | {
            "closed_on": closed_on.isoformat(), "reason": reason})
    return account


def new_media_update_report(*, actor: Actor, account: NewMediaAccount, updated_on: datetime.date, note: str = "",
                            today: datetime.date | None = None) -> NewMediaAccount:
    """The unit reports that the account posted on `updated_on` (what the platform's own page shows)."""
    require(actor, Action.REPORT_NEW_MEDIA_UPDATE, account)
    today = today or clock.today()
    if account.closed_on is not None:
        raise ValidationFailed(f"{account}已关停，不能登记更新。")
    if updated_on > today:
        raise ValidationFailed(f"更新日期{updated_on:%Y年%-m月%-d日}晚于今天，只能登记已经发布的内容。")
    if updated_on < account.opened_on:
        raise ValidationFailed(f"更新日期早于账号开设日期{account.opened_on:%Y年%-m月%-d日}。")
    with transaction.atomic():
        _account_touched(account, updated_on)
        record_event(actor=actor, action="new_media.update_reported", target=account, data=_account_data(account) | {
            "updated_on": updated_on.isoformat(), "note": note.strip()[:500]})
    return account
