"""An audit chain that cannot be rewritten (等保 2.0 三级 安全审计: 应对审计记录进行保护，定期备份，避免受到未预期
的删除、修改或覆盖; 《网络安全法》第二十一条: 网络日志留存不少于六个月), played as the attacker who holds the
database: he deletes the last rows, recomputes every hash with the model's own function, or — holding the
key as well — rewrites an event and rehashes everything after it. Each is found, with the first event that
differs."""

import hashlib
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.deletion import ProtectedError

from gongkai.accounts.models import Role
from gongkai.core.audit import anchor_head, read_anchors, record_event, verify_chain
from gongkai.core.models import AuditEvent
from tests.factories import UnitFactory, county_tree, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    for n in range(6):
        record_event(actor_name=f"user{n}", action="login.succeeded", data={"n": n})
    return list(AuditEvent.objects.order_by("id"))


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _rehash_all(key: bytes | None, *, plain: bool = False) -> None:
    """What an attacker with database access does: recompute the chain, row by row, in SQL."""
    prev = ""
    for event in AuditEvent.objects.order_by("id"):
        event.prev_hash = prev
        if plain:
            new = hashlib.sha256((prev + "\n" + event.content_for_hash()).encode()).hexdigest()
        else:
            new = event.compute_hash(key)
        _raw("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, event.pk])
        prev = new


def test_an_intact_chain_verifies_against_its_anchors(events, anchors):
    anchor_head()
    record_event(actor_name="later", action="logout")
    anchor_head()
    report = verify_chain(anchors=read_anchors())
    assert report.ok and report.checked == 7 and report.anchors_checked == 2


def test_deleting_the_last_rows_is_found_by_the_anchor(events, anchors):
    anchor_head()
    _raw("DELETE FROM core_auditevent WHERE id >= %s", [events[4].pk])
    assert verify_chain().ok  # without the anchor, a truncated chain is a valid chain
    report = verify_chain(anchors=read_anchors())
    assert not report.ok
    assert report.first_broken_id == events[4].pk
    assert "截断" in report.reason and "共 6 条" in report.reason


def test_recomputing_every_hash_with_the_old_unkeyed_function_is_found_at_the_first_event(events, anchors):
    _rehash_all(None, plain=True)
    report = verify_chain()
    assert not report.ok and report.first_broken_id == events[0].pk and "密钥" in report.reason


def test_recomputing_every_hash_with_another_key_is_found(events, anchors):
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["nobody", events[2].pk])
    _rehash_all(b"a key the attacker guessed, not ours")
    report = verify_chain()
    assert not report.ok and report.first_broken_id == events[0].pk


def test_a_key_holder_rewriting_an_event_and_rehashing_is_found_by_the_anchor(events, anchors, settings):
    anchor_head()
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["nobody", events[2].pk])
    _rehash_all(settings.GONGKAI_AUDIT_KEY.encode())
    assert verify_chain().ok  # the key alone no longer protects
    report = verify_chain(anchors=read_anchors())
    assert not report.ok and report.first_broken_id == events[-1].pk
    assert "锚定值不符" in report.reason and "改写" in report.reason


def test_a_key_holder_deleting_a_middle_event_and_rehashing_is_found(events, anchors, settings):
    anchor_head()  # covers all six
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    _rehash_all(settings.GONGKAI_AUDIT_KEY.encode())
    report = verify_chain(anchors=read_anchors())
    # the anchored last event is still there, but neither its hash nor the count up to it match
    assert not report.ok and "锚定" in report.reason and report.first_broken_id == events[-1].pk


def test_the_commands_anchor_and_verify(events, anchors, capsys):
    call_command("audit", "anchor")
    line = json.loads(anchors.read_text(encoding="utf-8").splitlines()[-1])
    assert line["count"] == 6 and line["last_id"] == events[-1].pk and line["head"] == events[-1].hash
    call_command("audit", "verify")
    assert "审计日志完整：共 6 条" in capsys.readouterr().out
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--json")
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["first_broken_id"] == events[-1].pk and "截断" in out["reason"]


def test_an_unreadable_anchor_line_is_an_error_not_ignored(events, anchors):
    from django.core.management.base import CommandError

    anchors.write_text("not json\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert "第 1 行无法读取" in str(exc.value)


def test_the_anchor_goes_to_the_configured_sink(events, anchors, settings):
    settings.GONGKAI_AUDIT_ANCHOR_SINK = "tests.core.test_audit_chain.remember_anchor"
    RECEIVED.clear()
    anchor_head()
    assert RECEIVED == [{"at": RECEIVED[0]["at"], "count": 6, "last_id": events[-1].pk, "head": events[-1].hash}]


RECEIVED: list[dict] = []


def remember_anchor(anchor: dict) -> None:
    RECEIVED.append(anchor)


def test_no_delete_path_in_the_application(events):
    """Retention ≥ 6 months: the model, the manager, the base manager and bulk writes all refuse."""
    event = events[0]
    for attempt in (
        lambda: event.delete(),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent._base_manager.filter(pk=event.pk).delete(),
        lambda: AuditEvent.objects.filter(pk=event.pk).update(actor_name="x"),
        lambda: AuditEvent.objects.bulk_update([event], ["actor_name"]),
    ):
        with pytest.raises(PermissionError):
            attempt()
    assert AuditEvent.objects.count() == 6 and verify_chain().ok


def test_an_account_with_audit_events_cannot_be_deleted():
    tree = county_tree()
    user = user_with_role(Role.INFORMATION_OFFICER, UnitFactory(jurisdiction=tree["town"]))
    record_event(actor=user, action="login.succeeded", target=user)
    with pytest.raises(ProtectedError):
        user.delete()
    assert verify_chain().ok


def test_the_key_is_needed(settings, events):
    from django.core.exceptions import ImproperlyConfigured

    settings.GONGKAI_AUDIT_KEY = ""
    with pytest.raises(ImproperlyConfigured) as exc:
        record_event(actor_name="x", action="logout")
    assert "GONGKAI_AUDIT_KEY" in str(exc.value)


def test_a_key_file_is_read(settings, tmp_path, events):
    key_file = tmp_path / "audit.key"
    key_file.write_text(settings.GONGKAI_AUDIT_KEY + "\n", encoding="utf-8")
    settings.GONGKAI_AUDIT_KEY = ""
    settings.GONGKAI_AUDIT_KEY_FILE = str(key_file)
    assert verify_chain().ok


@pytest.mark.parametrize("key_env", [{}, {"GONGKAI_AUDIT_KEY": "short"},
                                     {"GONGKAI_AUDIT_KEY_FILE": "/nonexistent/audit.key"}])
def test_production_refuses_to_start_without_an_audit_key(key_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_AUDIT")}
    env.update({"SECRET_KEY": "abcdefghij" * 6, "DEBUG": "false", "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                **key_env})
    result = subprocess.run([sys.executable, "-c", "import gongkai.settings.production"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "审计日志密钥" in result.stderr


def test_the_migration_rehashes_an_unkeyed_chain_up_to_its_first_break(events, settings):
    """Existing installations: an intact chain hashed before the key existed verifies after the migration."""
    _rehash_all(None, plain=True)
    assert not verify_chain().ok
    migration = importlib.import_module("gongkai.core.migrations.0004_keyed_audit_chain")
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state(("core", "0003_auditevent_actor_protect")).apps
    migration.rehash(apps, None)
    assert verify_chain().ok
    # A chain already broken stays broken at the same event.
    _rehash_all(None, plain=True)
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["nobody", events[3].pk])
    migration.rehash(apps, None)
    report = verify_chain()
    assert not report.ok and report.first_broken_id == events[3].pk
