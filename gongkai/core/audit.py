"""Writing and verifying the append-only, keyed, anchored audit log.

Every service calls `record_event` inside its own transaction, so the event exists exactly when the
change does. Each event's hash is an HMAC (key outside the database: `GONGKAI_AUDIT_KEY` or
`GONGKAI_AUDIT_KEY_FILE`) over its content and the previous hash, so that someone holding only the
database can neither edit a row nor recompute the chain. The head is anchored (`gongkai audit anchor`:
count, last id and head hash appended to a file or sent to a sink), so that deleting the last rows, or a
rewrite by someone who also holds the key, is found by `gongkai audit verify` against the anchors."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils.module_loading import import_string

from gongkai.core import clock
from gongkai.core.models import AuditEvent, audit_key
from gongkai.core.redaction import redact, redact_text

__all__ = ["AuditEvent", "ChainReport", "anchor_head", "audit_key", "read_anchors", "record_event",
           "verify_chain"]

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
            occurred_at=clock.now().replace(microsecond=0),
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
    at: str
    count: int
    last_id: int | None
    head: str


def anchor_file() -> Path:
    return Path(getattr(settings, "GONGKAI_AUDIT_ANCHOR_FILE", "") or Path(settings.VAR_DIR) / "audit-anchors.jsonl")


def current_head() -> Anchor:
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").only("id", "hash").first()
        count = AuditEvent.objects.count()
    return Anchor(at=clock.now().isoformat(timespec="seconds"), count=count,
                  last_id=last.id if last else None, head=last.hash if last else "")


def anchor_head(*, path: Path | None = None) -> Anchor:
    """Append the chain's head (count, last id, head hash) as one JSON line to the anchor file, and hand it
    to the configured sink (`GONGKAI_AUDIT_ANCHOR_SINK`, the dotted path of a callable taking a dict)."""
    anchor = current_head()
    target = path or anchor_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(anchor), ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
    sink = getattr(settings, "GONGKAI_AUDIT_ANCHOR_SINK", "")
    if sink:
        try:
            import_string(sink)(asdict(anchor))
        except ImportError as exc:
            raise ImproperlyConfigured(f"审计锚定接收端 GONGKAI_AUDIT_ANCHOR_SINK={sink} 无法导入：{exc}") from exc
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
                                  head=str(raw["head"])))
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

    def as_dict(self) -> dict:
        return asdict(self)


def verify_chain(*, anchors: list[Anchor] | None = None) -> ChainReport:
    """Walk the log in order: every event must link to the one before and carry the HMAC of its content;
    at every anchor the event anchored must be there, with the anchored hash and the anchored count of
    events up to it. Reports the first event that differs, in Chinese."""
    key = audit_key()
    by_last_id: dict[int, list[Anchor]] = {}
    for anchor in anchors or []:
        if anchor.last_id is not None:
            by_last_id.setdefault(anchor.last_id, []).append(anchor)
    matched: list[Anchor] = []
    prev = ""
    checked = 0
    last_id = None
    last_good: Anchor | None = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.id, f"事件 #{event.id} 与上一条事件的链接断开"
                               "（其前有记录被删除或插入）", len(matched), _last_at(matched))
        if event.compute_hash(key) != event.hash:
            return ChainReport(False, checked, event.id, f"事件 #{event.id} 的内容与其校验值不符"
                               "（记录被修改，或以其他密钥重算）", len(matched), _last_at(matched))
        for anchor in by_last_id.get(event.id, []):
            if anchor.head != event.hash or anchor.count != checked:
                after = f"#{last_good.last_id} 之后、" if last_good else ""
                return ChainReport(
                    False, checked, event.id,
                    f"事件 #{event.id} 与 {anchor.at} 的锚定值不符（锚定时共 {anchor.count} 条，现为 {checked} 条）："
                    f"日志在{after}#{event.id} 及之前被改写", len(matched), _last_at(matched),
                    {"anchor": asdict(anchor), "first_possible_id": last_good.last_id + 1 if last_good and last_good.last_id else 1})
            matched.append(anchor)
            last_good = anchor
        prev = event.hash
        last_id = event.id
    seen = {id(a) for a in matched}
    for anchor in anchors or []:
        if id(anchor) in seen or (anchor.last_id is None and anchor.count == 0):
            continue
        if anchor.last_id is None or last_id is None or anchor.last_id > last_id or anchor.count > checked:
            missing = (last_id or 0) + 1
            return ChainReport(
                False, checked, missing,
                f"日志被截断：{anchor.at} 锚定时共 {anchor.count} 条、最后一条为 #{anchor.last_id}，现只有 "
                f"{checked} 条；从事件 #{missing} 起的记录已不存在", len(matched), _last_at(matched),
                {"anchor": asdict(anchor)})
        return ChainReport(
            False, checked, anchor.last_id,
            f"{anchor.at} 锚定的事件 #{anchor.last_id} 已不存在（记录被删除后链条被重算）",
            len(matched), _last_at(matched), {"anchor": asdict(anchor)})
    return ChainReport(True, checked, anchors_checked=len(matched), last_anchor_at=_last_at(matched))


def _last_at(matched: list[Anchor]) -> str:
    return matched[-1].at if matched else ""
