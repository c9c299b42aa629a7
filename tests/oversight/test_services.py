"""Inspections through the database: findings kept per rule and target, resolved when their cause is gone,
fixed → confirmed or reopened, self-checks, and the users who must be refused."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.accounts.models import Role
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.oversight.collect import COLLECTORS, Scope
from gongkai.oversight.models import Finding, FindingState, TargetState
from gongkai.oversight.registry import CHECKS
from gongkai.oversight.services import finding_report_fixed, finding_waive, inspection_run
from gongkai.oversight.watermarks import SOURCES
from tests.factories import CatalogItemFactory, UnitFactory, user_with_role

TODAY = date(2026, 11, 20)


def scan(world, today=TODAY, **kw):
    return inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=today, **kw)


def blank(world, item):
    return Finding.objects.get(rule="blank_item", target=str(item.key))


def test_a_blank_item_is_found_once_and_a_rescan_keeps_the_same_row(world):
    first = scan(world)
    finding = blank(world, world.item)
    assert finding.state == FindingState.OPEN and finding.unit == world.unit
    assert finding.first_seen == TODAY and first.totals["new"] >= 2
    second = scan(world, today=date(2026, 11, 23))
    finding.refresh_from_db()
    assert finding.first_seen == TODAY and finding.last_seen == date(2026, 11, 23)
    assert Finding.objects.filter(rule="blank_item", target=str(world.item.key)).count() == 1
    assert second.totals["new"] == 0
    # Nothing changed: no target is evaluated again.
    assert second.totals["evaluated"] == 0 and second.totals["skipped"] == first.totals["evaluated"]
    assert AuditEvent.objects.filter(action="oversight.inspection_run").count() == 2


def test_a_finding_resolves_itself_when_its_cause_is_gone(world):
    scan(world)
    assert blank(world, world.policy_item).is_open
    world.published(items=[world.policy_item])
    inspection = scan(world, today=date(2026, 11, 23))
    finding = blank(world, world.policy_item)
    assert finding.state == FindingState.RESOLVED and finding.resolved_at == date(2026, 11, 23)
    assert inspection.totals["resolved"] >= 1


def test_fixed_then_confirmed_by_the_next_inspection(world):
    scan(world)
    finding = blank(world, world.policy_item)
    finding_report_fixed(actor=world.officer, finding=finding, answer="已发布2021年招生通知")
    world.published(items=[world.policy_item])
    scan(world, today=date(2026, 11, 23))
    finding.refresh_from_db()
    assert finding.state == FindingState.CONFIRMED
    assert [e.to_state for e in finding.events.all()] == ["open", "fixed", "confirmed"]


def test_fixed_but_still_there_is_reopened(world):
    scan(world)
    finding = blank(world, world.item)
    finding_report_fixed(actor=world.officer, finding=finding, answer="已整改")
    scan(world, today=date(2026, 11, 23))
    finding.refresh_from_db()
    assert finding.state == FindingState.REOPENED


def test_late_publication_found_for_a_record_published_years_after_it_was_formed(world):
    record = world.published(items=[world.policy_item], formed_on=date(2021, 7, 1))
    scan(world)
    finding = Finding.objects.get(rule="late_publication", target=str(record.pk))
    assert finding.evidence["publish_by"] == "2021-07-29" and finding.unit == world.unit


def test_self_check_covers_only_the_units_own_items(world):
    other_item = CatalogItemFactory(
        version=world.version, domain=world.item.domain, order=99, topic="民政", name="低保对象名单",
        responsible_unit=world.other_unit)
    inspection_run(actor=world.officer, jurisdiction=world.tree["county"], today=TODAY, unit=world.unit)
    targets = set(Finding.objects.filter(rule="blank_item").values_list("target", flat=True))
    assert str(world.item.key) in targets and str(other_item.key) not in targets


def test_an_officer_cannot_run_an_inspection_nor_self_check_another_unit(world):
    with pytest.raises(PermissionRefused):
        inspection_run(actor=world.officer, jurisdiction=world.tree["county"], today=TODAY)
    with pytest.raises(PermissionRefused):
        inspection_run(actor=world.officer, jurisdiction=world.tree["county"], today=TODAY, unit=world.other_unit)


def test_another_countys_office_is_refused(world):
    stranger = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(jurisdiction=world.tree["other_county"],
                                                                  is_disclosure_office=True))
    with pytest.raises(PermissionRefused):
        inspection_run(actor=stranger, jurisdiction=world.tree["county"], today=TODAY)


def test_only_the_units_own_people_answer_and_only_the_office_waives(world):
    scan(world)
    finding = blank(world, world.item)
    with pytest.raises(PermissionRefused):
        finding_report_fixed(actor=world.other_officer, finding=finding, answer="不是我们的")
    with pytest.raises(ValidationFailed):
        finding_report_fixed(actor=world.officer, finding=finding, answer="  ")
    with pytest.raises(PermissionRefused):
        finding_waive(actor=world.officer, finding=finding, reason="自己核销")
    with pytest.raises(ValidationFailed):
        finding_waive(actor=world.office, finding=finding, reason="")
    finding_waive(actor=world.office, finding=finding, reason="该事项本县由市级统一公开")
    finding.refresh_from_db()
    assert finding.state == FindingState.WAIVED
    with pytest.raises(TransitionNotAllowed, match="不能报告已整改"):
        finding_report_fixed(actor=world.officer, finding=finding, answer="已整改")


def test_scan_command_json(world):
    out = StringIO()
    call_command("scan", "--jurisdiction", "430503", "--today", "2026-11-20", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"findings", "rules_run", "seconds"} <= set(data)
    assert "blank_item" in data["rules_run"] and "late_publication" in data["rules_run"]
    item = next(f for f in data["findings"] if f["rule"] == "blank_item" and f["target"] == str(world.item.key))
    assert item["unit"] == "jiaoyu@dxjczw" and item["severity"] == "high" and item["evidence"]["text"]
    assert TargetState.objects.exists()


def test_scan_command_refuses_an_unknown_jurisdiction_in_chinese(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="尚未载入区划代码"):
        call_command("scan", "--jurisdiction", "439999", stdout=StringIO())


def _counting_collectors(monkeypatch) -> list[str]:
    from gongkai.oversight import collect

    called: list[str] = []
    for name, collector in list(collect.COLLECTORS.items()):
        def counted(scope, name=name, collector=collector):
            called.append(name)
            return collector(scope)
        monkeypatch.setitem(collect.COLLECTORS, name, counted)
    return called


def test_an_unchanged_rescan_reads_no_facts_of_data_driven_rules(world, monkeypatch):
    """Watermarks (oversight.watermarks): nothing changed, no recheck day come, no fix to confirm → no collector
    runs but those without a watermark (public_links asks the file storage); the open findings are seen again."""
    first = scan(world)
    called = _counting_collectors(monkeypatch)
    again = scan(world)
    unmarked = [name for name in COLLECTORS if name not in SOURCES]
    assert "public_links" in unmarked and "items" not in unmarked
    assert sorted(called) == sorted(unmarked)
    assert again.totals["evaluated"] == 0
    assert again.totals["read"] == sum(len(list(COLLECTORS[name](Scope(world.tree["county"])))) for name in unmarked)
    assert again.totals["rules_unchanged"] == sum(1 for code in first.rules_run if CHECKS[code].facts in SOURCES)
    assert again.totals["found"] == first.totals["found"]
    finding = blank(world, world.item)
    assert finding.is_open and finding.last_inspection_id == again.pk
    # a later day is read again only where time may change a verdict (a recheck day come), else skipped too
    called.clear()
    scan(world, today=date(2026, 11, 21))
    assert "entries" not in called and "catalog_domains" not in called


def test_a_change_or_a_fix_to_confirm_is_read_again_the_same_day(world, monkeypatch):
    scan(world)
    world.published(items=[world.policy_item])
    called = _counting_collectors(monkeypatch)
    scan(world)
    assert "items" in called and blank(world, world.policy_item).state == FindingState.RESOLVED
    called.clear()
    finding_report_fixed(actor=world.officer, finding=blank(world, world.item), answer="已补充")
    scan(world)
    assert "items" in called and blank(world, world.item).state == FindingState.REOPENED


def test_a_back_dated_inspection_reads_again(world, monkeypatch):
    scan(world)
    called = _counting_collectors(monkeypatch)
    scan(world, today=date(2026, 11, 2))
    assert "items" in called and "entries" in called


def test_a_findings_label_and_evidence_keep_no_personal_data(world):
    """Whatever rule finds a record, its stored label is the masked title (《政府信息公开条例》第十五条)."""
    record = world.record(title="关于李四（身份证号430503199001011236）申领临时救助的公示")
    scan(world)
    finding = Finding.objects.get(rule="late_publication", target=str(record.pk))
    assert "430503199001011236" not in finding.label and "430503********1236" in finding.label
    assert "430503199001011236" not in json.dumps(finding.evidence, ensure_ascii=False)
