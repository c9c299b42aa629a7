"""Writing and verifying the append-only, keyed, anchored audit log.

Every service calls `record_event` inside its own transaction, so the event exists exactly when the
change does. Each event's hash is an HMAC (key outside the database: `GONGKAI_AUDIT_KEY` or
`GONGKAI_AUDIT_KEY_FILE`) over its content and the previous hash, so that someone holding only the
database can neither edit a row nor recompute the chain. The head is anchored (`gongkai audit anchor`:
count, last id and head hash appended to a file or sent to a sink), so that deleting the last rows, or a
rewrite by someone who also holds the key, is found by `gongkai audit verify` against the anchors. Events
older than six months may be purged (`gongkai audit purge`), leaving a purge anchor the rest is verified
from."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent, audit_key
from gongkai.core.redaction import redact, redact_text
from gongkai.core.retention import purge_refusal

__all__ = ["AuditEvent", "ChainReport", "PurgeReport", "anchor_head", "audit_key", "purge_before", "read_anchors",
           "record_event", "verify_chain"]

# Serialises writers on PostgreSQL so that two concurrent events never chain onto the same parent.
_PG_AUDIT_LOCK = 72_000_001


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])


def target_label(target: Any) -> str:
    """How the log names a target: its `audit_label` when the model has one (objects that carry people's
    data name themselves by id), else its text; personal numbers masked either way."""
    if target is None:
        return ""
    label = getattr(target, "audit_label", None)
    if label is None:
        label = str(target)
    return redact_text(str(label))[:300]


def record_event(
    *,
    actor=None,
    action: str,
    target: Any = None,
    data: dict | None = None,
    ip_address: str | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    key = audit_key()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").only("hash").first()
        event = AuditEvent(
            # In UTC, as the database gives it back: the hash covers the text of the moment (a clock set to
            # local time in a test would otherwise hash "+08:00" and read back "+00:00").
            occurred_at=clock.now().astimezone(UTC).replace(microsecond=0),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=actor_name if actor_name is not None else (getattr(actor, "username", "") or "system"),
            action=action,
            target_type=target._meta.label_lower if target is not None and hasattr(target, "_meta") else "",
            target_id=str(target.pk) if target is not None and getattr(target, "pk", None) is not None else "",
            target_repr=target_label(target),
            data=redact(data or {}),
            ip_address=ip_address,
            prev_hash=last.hash if last else "",
        )
        event.hash = event.compute_hash(key)
        event.save(force_insert=True)
        return event


# --- anchors ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anchor:
    """The chain's head at a moment: `count` events from the chain's very first (purged ones included), the
    last of them `last_id` with hash `head`. A purge anchor (`purged`) marks the last event a retention purge
    removed: the chain that is left starts after it and links to its hash."""

    at: str
    count: int
    last_id: int | None
    head: str
    purged: bool = False

    def as_dict(self) -> dict:
        data = asdict(self)
        if not self.purged:
            del data["purged"]  # ordinary anchors keep the line format they always had
        return data


def anchor_file() -> Path:
    return Path(getattr(settings, "GONGKAI_AUDIT_ANCHOR_FILE", "") or Path(settings.VAR_DIR) / "audit-anchors.jsonl")


def chain_base(anchors: list[Anchor]) -> Anchor | None:
    """The purge anchor the chain left in the database starts from (None if nothing was ever purged, or if
    the chain's start was deleted without one — `verify_chain` reports that)."""
    first = AuditEvent.objects.order_by("id").only("id", "prev_hash").first()
    if first is None or not first.prev_hash:
        return None
    for anchor in reversed(anchors):
        if anchor.purged and anchor.head == first.prev_hash and anchor.last_id is not None and anchor.last_id < first.id:
            return anchor
    return None


def current_head(*, anchors: list[Anchor] | None = None) -> Anchor:
    """The head now; its count includes the events purged before the chain's first (from `anchors`)."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").only("id", "hash").first()
        count = AuditEvent.objects.count()
        base = chain_base(anchors or [])
    return Anchor(at=clock.now().isoformat(timespec="seconds"), count=count + (base.count if base else 0),
                  last_id=last.id if last else None, head=last.hash if last else "")


def write_anchor(anchor: Anchor, *, path: Path | None = None) -> None:
    """Append `anchor` as one JSON line to the anchor file and hand it to the configured sink
    (`GONGKAI_AUDIT_ANCHOR_SINK`, the dotted path of a callable taking a dict)."""
    target = path or anchor_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(anchor.as_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
    sink = getattr(settings, "GONGKAI_AUDIT_ANCHOR_SINK", "")
    if sink:
        try:
            import_string(sink)(anchor.as_dict())
        except ImportError as exc:
            raise ImproperlyConfigured(f"审计锚定接收端 GONGKAI_AUDIT_ANCHOR_SINK={sink} 无法导入：{exc}") from exc


def anchor_head(*, path: Path | None = None) -> Anchor:
    """Append the chain's head (count, last id, head hash) to the anchor file and the sink (`write_anchor`)."""
    target = path or anchor_file()
    anchor = current_head(anchors=read_anchors(target))
    write_anchor(anchor, path=target)
    return anchor


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """Anchors in the order written; a file that is missing holds none. A line that does not read is an
    error: an anchor file is evidence and must not be half-ignored."""
    source = path or anchor_file()
    if not source.exists():
        return []
    anchors = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            anchors.append(Anchor(at=str(raw["at"]), count=int(raw["count"]),
                                  last_id=int(raw["last_id"]) if raw["last_id"] is not None else None,
                                  head=str(raw["head"]), purged=bool(raw.get("purged", False))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"锚定文件 {source} 第 {number} 行无法读取：{exc}") from exc
    return anchors


# --- verification -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""
    anchors_checked: int = 0
    last_anchor_at: str = ""
    details: dict = field(default_factory=dict)
    purged: int = 0  # events removed by retention purges before the chain's first (from the purge anchor)
    purged_up_to: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def verify_chain(*, anchors: list[Anchor] | None = None) -> ChainReport:  # noqa: C901 — one walk, one report per way the chain breaks
    """Walk the log in order: every event must link to the one before and carry the HMAC of its content;
    at every anchor the event anchored must be there, with the anchored hash and the anchored count of
    events up to it. A chain whose start was purged (`purge_before`) starts from its purge anchor: the first
    event must link to the anchored hash, and counts go on from the anchored count; anchors of purged events
    are history. Reports the first event that differs, in Chinese."""
    key = audit_key()
    anchors = anchors or []
    base = chain_base(anchors)
    offset = base.count if base else 0
    purged_up_to = base.last_id if base else None
    by_last_id: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        if anchor.last_id is not None and (purged_up_to is None or anchor.last_id > purged_up_to):
            by_last_id.setdefault(anchor.last_id, []).append(anchor)
    matched: list[Anchor] = []
    checked = 0

    def failed(event_id: int | None, reason: str, details: dict | None = None) -> ChainReport:
        return ChainReport(False, checked, event_id, reason, len(matched), _last_at(matched), details or {},
                           purged=offset, purged_up_to=purged_up_to)

    prev = base.head if base else ""
    last_id = None
    last_good: Anchor | None = base
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != prev:
            if checked == 1:
                return failed(event.id, f"事件 #{event.id} 之前的记录已不存在，锚定文件中也没有与之衔接的"
                              "保存期清理记录（日志开头被删除）")
            return failed(event.id, f"事件 #{event.id} 与上一条事件的链接断开（其前有记录被删除或插入）")
        if event.compute_hash(key) != event.hash:
            return failed(event.id, f"事件 #{event.id} 的内容与其校验值不符（记录被修改，或以其他密钥重算）")
        for anchor in by_last_id.get(event.id, []):
            if anchor.head != event.hash or anchor.count != offset + checked:
                after = f"#{last_good.last_id} 之后、" if last_good else ""
                return failed(
                    event.id,
                    f"事件 #{event.id} 与 {anchor.at} 的锚定值不符（锚定时共 {anchor.count} 条，现为 {offset + checked} 条）："
                    f"日志在{after}#{event.id} 及之前被改写",
                    {"anchor": asdict(anchor),
                     "first_possible_id": last_good.last_id + 1 if last_good and last_good.last_id else 1})
            matched.append(anchor)
            last_good = anchor
        prev = event.hash
        last_id = event.id
    seen = {id(a) for a in matched}
    for group in by_last_id.values():
        for anchor in group:
            if id(anchor) in seen:
                continue
            if last_id is None or anchor.last_id is None or anchor.last_id > last_id or anchor.count > offset + checked:
                missing = (last_id or purged_up_to or 0) + 1
                return failed(
                    missing,
                    f"日志被截断：{anchor.at} 锚定时共 {anchor.count} 条、最后一条为 #{anchor.last_id}，现只有 "
                    f"{offset + checked} 条；从事件 #{missing} 起的记录已不存在", {"anchor": asdict(anchor)})
            return failed(anchor.last_id, f"{anchor.at} 锚定的事件 #{anchor.last_id} 已不存在（记录被删除后链条被重算）",
                          {"anchor": asdict(anchor)})
    return ChainReport(True, checked, anchors_checked=len(matched), last_anchor_at=_last_at(matched),
                       purged=offset, purged_up_to=purged_up_to)


def _last_at(matched: list[Anchor]) -> str:
    return matched[-1].at if matched else ""


# --- retention ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PurgeReport:
    before: str
    deleted: int
    first_id: int | None = None
    last_id: int | None = None
    dry_run: bool = False
    anchor: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def purge_before(*, before: date, dry_run: bool = False, path: Path | None = None,
                 actor_name: str = "命令行") -> PurgeReport:
    """Delete the events that occurred before `before` (local midnight), which must be six months ago or
    earlier (`core.retention`, 《网络安全法》第二十一条). Only a chain that verifies is purged — a purge must not
    erase the evidence of a rewrite. Before deleting, the last event removed is written as a purge anchor
    (anchor file and sink), so that `verify_chain` checks the rest of the chain from it; only a prefix of the
    chain goes (up to the first event on or after `before`), and the purge leaves an event of its own."""
    refusal = purge_refusal(before, clock.today())
    if refusal:
        raise ValidationFailed(refusal)
    target = path or anchor_file()
    anchors = read_anchors(target)
    report = verify_chain(anchors=anchors)
    if not report.ok:
        raise ValidationFailed(f"审计日志校验未通过，不能清理（清理会抹去被改写的证据）：{report.reason}。")
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    with transaction.atomic():
        _lock_chain()
        keep_from = AuditEvent.objects.filter(occurred_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        doomed = AuditEvent.objects.all() if keep_from is None else AuditEvent.objects.filter(id__lt=keep_from)
        last = doomed.order_by("-id").only("id", "hash").first()
        if last is None:
            return PurgeReport(before.isoformat(), 0, dry_run=dry_run)
        first_id = doomed.order_by("id").values_list("id", flat=True).first()
        deleted = doomed.count()
        anchor = Anchor(at=clock.now().isoformat(timespec="seconds"), count=report.purged + deleted,
                        last_id=last.id, head=last.hash, purged=True)
        if dry_run:
            return PurgeReport(before.isoformat(), deleted, first_id, last.id, True, anchor.as_dict())
        # The anchor goes out first: should the delete fail, it anchors events still there (verify checks it
        # as an ordinary anchor); should it be lost, the shortened chain does not verify.
        write_anchor(anchor, path=target)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id <= %s", [last.id])  # noqa: S608 — the table name is the model's own
        record_event(actor_name=actor_name, action="audit.purged",
                     data={"before": before.isoformat(), "deleted": deleted, "first_id": first_id,
                           "last_id": last.id, "count": anchor.count})
    return PurgeReport(before.isoformat(), deleted, first_id, last.id, False, anchor.as_dict())
