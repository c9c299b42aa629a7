"""Annual report services: computed from records, requests and the case register; publish gate."""

import datetime
from decimal import Decimal

import pytest

from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.reports import selectors, services
from gongkai.reports.models import AnnualReport, ReportKind, ReportStatus
from tests.factories import counted_record, counted_request

pytestmark = pytest.mark.django_db
D = datetime.date


def _data(edu):
    counted_record(edu, category="normative_document", formed_on=D(2024, 3, 1))
    counted_record(edu, category="normative_document", formed_on=D(2025, 3, 1))
    counted_record(edu, category="licensing_decision", formed_on=D(2025, 4, 1))
    counted_record(edu, category="fee", formed_on=D(2025, 5, 1), fee=Decimal("2500"))
    counted_request(edu, received_on=D(2024, 12, 28), replied_on=D(2025, 1, 15))
    counted_request(edu, received_on=D(2025, 3, 3), applicant_type="commercial", replied_on=D(2025, 3, 20),
            reply_type="partial", row="三(二)")
    counted_request(edu, received_on=D(2025, 12, 29))


def test_report_create_computes_the_three_tables(world):
    _data(world["edu"])
    report = services.report_create(actor=world["reviewer"], unit=world["edu"], year=2025)
    t = report.tables
    assert report.kind == ReportKind.DEPARTMENT and report.due_on == D(2026, 1, 31)
    assert t["table2"]["行政规范性文件"] == {"issued": 1, "repealed": 0, "in_force": 2}
    assert t["table2"]["行政事业性收费"]["fee_wan"] == 0.25
    assert t["table3"]["一"]["total"] == 2 and t["table3"]["二"]["total"] == 1
    assert t["table3"]["三(二)"]["business"] == 1 and t["table3"]["四"]["total"] == 1
    assert AuditEvent.objects.filter(action="annual_report.created").count() == 1


def test_government_report_counts_its_level(world):
    _data(world["edu"])
    report = services.report_create(actor=world["office"], unit=world["gov"], year=2025)
    assert report.kind == ReportKind.GOVERNMENT and report.due_on == D(2026, 3, 31)
    assert report.tables["table3"]["三(七)"]["total"] == 2


def test_case_register_fills_table_4(world):
    services.case_create(actor=world["reviewer"], unit=world["edu"], year=2025, kind="review", result="upheld")
    services.case_create(actor=world["reviewer"], unit=world["edu"], year=2025, kind="litigation_direct",
                         result="pending")
    report = services.report_create(actor=world["reviewer"], unit=world["edu"], year=2025)
    assert report.tables["table4"]["review"]["total"] == 1
    assert report.tables["table4"]["litigation_direct"]["pending"] == 1


def test_officer_and_other_unit_are_refused(world):
    with pytest.raises(PermissionRefused):
        services.report_create(actor=world["officer"], unit=world["edu"], year=2025)
    with pytest.raises(PermissionRefused):
        services.report_create(actor=world["reviewer"], unit=world["gov"], year=2025)
    assert not AnnualReport.objects.exists()


def test_publish_needs_narrative_then_freezes(world):
    _data(world["edu"])
    report = services.report_create(actor=world["reviewer"], unit=world["edu"], year=2025)
    with pytest.raises(ValidationFailed, match="总体情况"):
        services.report_publish(actor=world["reviewer"], report=report)
    services.report_update_narrative(actor=world["reviewer"], report=report,
                                     section_general="<p>全年新收政府信息公开申请2件。</p><script>x()</script>",
                                     section_problems="", section_other="")
    report.refresh_from_db()
    assert "<script>" not in report.section_general
    report = services.report_publish(actor=world["reviewer"], report=report)
    assert report.status == ReportStatus.PUBLISHED and report.warnings == []
    with pytest.raises(TransitionNotAllowed):
        services.report_recompute(actor=world["reviewer"], report=report)


def test_publish_refuses_an_unbalanced_import(world):
    from gongkai.reports.layout import empty_tables
    tables = empty_tables()
    tables["table3"]["一"].update(natural_person=1, total=1)  # nowhere to go: 一 ≠ 三(七) + 四
    report = services.report_import(actor=world["reviewer"], unit=world["edu"], year=2020, tables=tables,
                                    publish=False, narrative={"一": "总体情况"})
    with pytest.raises(ValidationFailed, match="自然人"):
        services.report_publish(actor=world["reviewer"], report=report)
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_deadline_watch(world):
    """《条例》第四十九条: departments by 31 January, governments by 31 March."""
    services.report_create(actor=world["reviewer"], unit=world["edu"], year=2025)
    rows = selectors.deadline_watch(world["county"].units.all(), 2025, D(2026, 2, 10))
    by_unit = {r["unit"].name: r for r in rows}
    assert by_unit["大祥区教育局"]["state"] == "draft" and by_unit["大祥区教育局"]["overdue"]
    assert by_unit["大祥区人民政府"]["state"] == "missing" and not by_unit["大祥区人民政府"]["overdue"]
    assert by_unit["大祥区人民政府"]["due_on"] == D(2026, 3, 31)


def test_article_49_this_years_report_is_drafted_but_not_published(world, clock):
    """《条例》第四十九条: a report of year Y is 上一年度's — drafted during Y, published from 1 January Y+1."""
    clock.set(D(2026, 12, 2))
    report = services.report_create(actor=world["reviewer"], unit=world["edu"], year=2026)
    services.report_update_narrative(actor=world["reviewer"], report=report, section_general="<p>总体情况。</p>",
                                     section_problems="", section_other="")
    assert "2027年1月1日" in services.publish_refusal(report)
    with pytest.raises(TransitionNotAllowed, match="2026年度尚未结束.*2027年1月1日起方可发布"):
        services.report_publish(actor=world["reviewer"], report=report)
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    assert not AuditEvent.objects.filter(action="annual_report.published").exists()
    clock.set(D(2027, 1, 1))
    assert services.publish_refusal(report) == ""
    assert services.report_publish(actor=world["reviewer"], report=report).is_published


def test_article_49_an_import_of_a_year_not_ended_is_not_published(world, clock):
    from gongkai.reports.layout import empty_tables
    clock.set(D(2026, 6, 1))
    with pytest.raises(ValidationFailed, match="第四十九条"):
        services.report_import(actor=world["reviewer"], unit=world["edu"], year=2026, tables=empty_tables())
    assert not AnnualReport.objects.exists()
    draft = services.report_import(actor=world["reviewer"], unit=world["edu"], year=2026, tables=empty_tables(),
                                   publish=False)
    assert draft.status == ReportStatus.DRAFT
