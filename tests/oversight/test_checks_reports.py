"""annual_report_late (《政府信息公开条例》第四十九条、第五十条): planted cases that must be found, near misses that
must not; and once through `inspection_run`."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from gongkai.oversight.checks.facts import ReportDutyFacts
from gongkai.oversight.checks.reports import annual_report_late, recheck_on
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run
from tests.factories import AnnualReportFactory, UnitFactory


def duty(reports=(), month_day=(1, 31), since=date(2020, 1, 1)) -> ReportDutyFacts:
    return ReportDutyFacts(id=3, unit_id=3, unit_name="区教育局", kind_label="政府部门年度报告",
                           due_month_day=month_day, since=since, reports=tuple(reports))


def test_annual_report_late_department_by_31_january():
    """第四十九条: a department publishes last year's report by 31 January: published that day is lawful; still
    missing on 1 February, or published on 2 February, is late; on 31 January nothing is due yet."""
    assert list(annual_report_late([duty()], today=date(2026, 1, 31))) == []
    hits = list(annual_report_late([duty()], today=date(2026, 2, 1)))
    assert [h.rule for h in hits] == ["annual_report_late"] and hits[0].evidence["year"] == 2025
    assert "至今未发布" in hits[0].evidence["text"]
    assert recheck_on(duty(), date(2026, 1, 31)) == date(2026, 2, 1)
    assert recheck_on(duty(), date(2026, 2, 1)) == date(2027, 1, 1)
    assert list(annual_report_late([duty([(2025, date(2026, 1, 31))])], today=date(2026, 6, 1))) == []
    late = list(annual_report_late([duty([(2025, date(2026, 2, 2))])], today=date(2026, 6, 1)))
    assert late and late[0].evidence["published_on"] == "2026-02-02"
    draft = list(annual_report_late([duty([(2025, None)])], today=date(2026, 6, 1)))
    assert draft and draft[0].evidence["published_on"] is None


def test_annual_report_late_government_by_31_march_and_a_new_unit_owes_nothing():
    """第四十九条: a government's report is due 31 March (not found on 1 February); a unit created this year owes
    no report for last year."""
    government = duty(month_day=(3, 31))
    assert list(annual_report_late([government], today=date(2026, 2, 1))) == []
    assert list(annual_report_late([government], today=date(2026, 4, 1)))
    assert list(annual_report_late([duty(since=date(2026, 1, 5))], today=date(2026, 6, 1))) == []


@pytest.mark.django_db
def test_annual_report_late_through_an_inspection(world):
    """第四十九条 through `inspection_run`: of two departments, the one whose 2025 report was published on time is
    not found; the one without a report is."""
    on_time = world.unit
    AnnualReportFactory(unit=on_time, kind="department", year=2025, title="t", status="published",
                        published_at=timezone.make_aware(datetime(2026, 1, 20, 10)))
    missing = UnitFactory(jurisdiction=world.tree["county"], name="区卫健局", handle="weijian@dxjczw")
    for unit in (on_time, missing):
        type(unit).objects.filter(pk=unit.pk).update(kind="department",
                                                      created_at=timezone.make_aware(datetime(2024, 1, 1)))
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=date(2026, 3, 2),
                   rules=["annual_report_late"])
    found = {f.target: f for f in Finding.objects.filter(rule="annual_report_late")}
    assert str(missing.pk) in found and str(on_time.pk) not in found
    assert found[str(missing.pk)].evidence["due"] == "2026-01-31"
