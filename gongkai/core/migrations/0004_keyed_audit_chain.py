"""Rehash the audit chain with the HMAC key (docs/adr/0007-keyed-audit-chain.md).

The events written before this migration carry plain SHA-256 hashes. The unkeyed chain is verified first;
the events up to the first one that does not hold are rehashed with the key, in order, each linked to
the new hash of the one before. From a break on nothing is touched, so that `gongkai audit verify`
reports the break at the same event as before. The hash and the content are frozen here as they were
when the migration was written."""

import hashlib
import hmac
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations


def _content(event) -> str:
    payload = {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "data": event.data,
        "ip_address": event.ip_address,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _key() -> bytes:
    path = getattr(settings, "GONGKAI_AUDIT_KEY_FILE", "")
    key = Path(path).read_bytes().strip() if path else (getattr(settings, "GONGKAI_AUDIT_KEY", "") or "").encode()
    if len(key) < 16:
        raise ImproperlyConfigured("审计日志密钥未配置：请先设置 GONGKAI_AUDIT_KEY_FILE 或 GONGKAI_AUDIT_KEY，再运行 migrate。")
    return key


def rehash(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    if not AuditEvent.objects.exists():
        return
    key = _key()
    old_prev = ""
    new_prev = ""
    updates = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        content = _content(event)
        if event.prev_hash != old_prev:
            break
        if hashlib.sha256((old_prev + "\n" + content).encode("utf-8")).hexdigest() != event.hash:
            break
        old_prev = event.hash
        new_hash = hmac.new(key, (new_prev + "\n" + content).encode("utf-8"), hashlib.sha256).hexdigest()
        updates.append((event.pk, new_prev, new_hash))
        new_prev = new_hash
    # Old and new hashes never collide, so the unique index holds at every step.
    for pk, prev_hash, new_hash in updates:
        AuditEvent.objects.filter(pk=pk).update(prev_hash=prev_hash, hash=new_hash)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_auditevent_actor_protect"),
    ]

    operations = [
        migrations.RunPython(rehash, migrations.RunPython.noop),
    ]
