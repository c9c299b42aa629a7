"""Writing and verifying the append-only, hash-chained audit log.

Every service calls `record_event` inside its own transaction, so the event exists exactly when the
change does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from gongkai.core import clock
from gongkai.core.models import AuditEvent

# Serialises writers on PostgreSQL so that two concurrent events never chain onto the same parent.
_PG_AUDIT_LOCK = 72_000_001


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])


def record_event(
    *,
    actor=None,
    action: str,
    target: Any = None,
    data: dict | None = None,
    ip_address: str | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
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
            target_repr=str(target)[:300] if target is not None else "",
            data=data or {},
            ip_address=ip_address,
            prev_hash=last.hash if last else "",
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Walk the log in order; report the first event whose stored hash or link does not hold."""
    prev = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.id, "与上一条事件的链接断开（可能有记录被删除或插入）")
        if event.compute_hash() != event.hash:
            return ChainReport(False, checked, event.id, "内容与哈希不符（记录被修改）")
        prev = event.hash
    return ChainReport(True, checked)
