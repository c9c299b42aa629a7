"""Purging audit events older than six months (《网络安全法》第二十一条第（三）项: 网络日志留存不少于六个月; 等保
8.1.4.3 c) 审计记录免受未预期的删除): refused inside six months; outside, a purge anchor is written first and
the rest of the chain still verifies — and a rewrite or a truncation after the purge is still found."""

import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.core.audit import anchor_head, purge_before, read_anchors, record_event, verify_chain
from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


@pytest.fixture
def history(clock, anchors):
    """Three events a year ago, two seven months ago, three this week; anchored along the way."""
    for day, n in [(date(2025, 12, 1), 3), (date(2026, 5, 4), 2), (date(2026, 11, 30), 3)]:
        clock.set(datetime.combine(day, datetime.min.time()).replace(hour=10))
        for i in range(n):
            record_event(actor_name=f"user{i}", action="login.succeeded", data={"day": day.isoformat()})
        anchor_head()
    clock.set(TODAY)
    return list(AuditEvent.objects.order_by("id"))


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def test_a_purge_inside_six_months_is_refused(history):
    """《网络安全法》第二十一条: 2026-06-03 is less than six months before 2026-12-02."""
    with pytest.raises(ValidationFailed) as exc:
        purge_before(before=date(2026, 6, 3))
    assert "至少保存六个月" in str(exc.value) and "2026-06-02" in str(exc.value)
    assert AuditEvent.objects.count() == len(history)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "purge", "--before", "2026-11-01")
    assert "至少保存六个月" in str(exc.value)
    assert AuditEvent.objects.count() == len(history)


def test_a_dry_run_counts_and_changes_nothing(history, anchors, capsys):
    lines = anchors.read_text(encoding="utf-8")
    call_command("audit", "purge", "--before", "2026-06-01", "--dry-run")
    out = capsys.readouterr().out
    assert "试运行" in out and "5 条" in out
    assert AuditEvent.objects.count() == len(history) and anchors.read_text(encoding="utf-8") == lines


def test_a_purge_outside_six_months_leaves_a_chain_that_verifies(history, anchors, capsys):
    call_command("audit", "purge", "--before", "2026-06-01")
    assert "已删除 2026-06-01 之前的审计事件 5 条" in capsys.readouterr().out
    remaining = list(AuditEvent.objects.order_by("id"))
    # only what is older than the date went, and the purge left its own event
    assert [e.id for e in remaining[:-1]] == [e.id for e in history[5:]]
    purge_event = remaining[-1]
    assert purge_event.action == "audit.purged" and purge_event.data["deleted"] == 5
    purge_anchor = read_anchors()[-1]
    assert purge_anchor.purged and purge_anchor.last_id == history[4].id and purge_anchor.head == history[4].hash
    assert purge_anchor.count == 5
    report = verify_chain(anchors=read_anchors())
    assert report.ok and report.checked == 4 and report.purged == 5 and report.purged_up_to == history[4].id
    assert report.anchors_checked == 1  # the anchor of this week's events; older ones are history
    # anchors after the purge count from the chain's very first event, and keep verifying
    anchor_head()
    assert read_anchors()[-1].count == 5 + 4
    call_command("audit", "verify")
    assert "审计日志完整：共 4 条（此前 5 条已按保存期清理" in capsys.readouterr().out


def test_a_rewrite_after_the_purge_is_still_found(history, anchors, settings):
    purge_before(before=date(2026, 6, 1))
    anchor_head()
    target = AuditEvent.objects.order_by("id").first()
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["nobody", target.pk])
    report = verify_chain(anchors=read_anchors())
    assert not report.ok and report.first_broken_id == target.pk and "校验值不符" in report.reason
    # a key holder who rehashes from the purge anchor on is found by the later anchors
    prev = read_anchors()[-2].head  # the purge anchor
    key = settings.GONGKAI_AUDIT_KEY.encode()
    for event in AuditEvent.objects.order_by("id"):
        event.prev_hash = prev
        new = event.compute_hash(key)
        _raw("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, event.pk])
        prev = new
    report = verify_chain(anchors=read_anchors())
    assert not report.ok and "锚定值不符" in report.reason


def test_deleting_more_after_the_purge_is_found(history, anchors):
    """The purge anchor names the one event the chain may start after: deleting the next ones too is found."""
    purge_before(before=date(2026, 6, 1))
    first = AuditEvent.objects.order_by("id").first()
    _raw("DELETE FROM core_auditevent WHERE id = %s", [first.pk])
    report = verify_chain(anchors=read_anchors())
    assert not report.ok and "日志开头被删除" in report.reason


def test_deleting_the_start_without_a_purge_is_found(history, anchors):
    _raw("DELETE FROM core_auditevent WHERE id <= %s", [history[4].pk])
    report = verify_chain(anchors=read_anchors())
    assert not report.ok and report.first_broken_id == history[5].pk and "日志开头被删除" in report.reason


def test_a_truncation_after_the_purge_is_still_found(history, anchors):
    purge_before(before=date(2026, 6, 1))
    anchor_head()
    last = AuditEvent.objects.order_by("-id").first()
    _raw("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    report = verify_chain(anchors=read_anchors())
    assert not report.ok and "截断" in report.reason and report.first_broken_id == last.pk


def test_a_broken_chain_is_not_purged(history, anchors):
    """A purge must not erase the evidence of a rewrite."""
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["nobody", history[1].pk])
    with pytest.raises(ValidationFailed) as exc:
        purge_before(before=date(2026, 6, 1))
    assert "校验未通过" in str(exc.value)
    assert AuditEvent.objects.count() == len(history)


def test_a_second_purge_goes_on_from_the_first(history, anchors, clock):
    purge_before(before=date(2026, 1, 1))
    assert verify_chain(anchors=read_anchors()).purged == 3
    clock.set(date(2027, 1, 15))
    report = purge_before(before=date(2026, 7, 1))
    assert report.deleted == 2 and report.anchor["count"] == 5
    verified = verify_chain(anchors=read_anchors())
    assert verified.ok and verified.purged == 5


def test_the_purge_anchor_goes_to_the_sink(history, anchors, settings):
    from tests.core import test_audit_chain

    settings.GONGKAI_AUDIT_ANCHOR_SINK = "tests.core.test_audit_chain.remember_anchor"
    test_audit_chain.RECEIVED.clear()
    purge_before(before=date(2026, 6, 1))
    assert test_audit_chain.RECEIVED[-1]["purged"] is True and test_audit_chain.RECEIVED[-1]["count"] == 5
    assert json.loads(anchors.read_text(encoding="utf-8").splitlines()[-1])["purged"] is True
