"""Writes for the annual report: create (computed from the data), edit the narrative, recompute,
publish (hard rules must pass; soft rules are kept as warnings), import a past report, and the
review/litigation register. Each: policy first, then one transaction with its audit event."""

from __future__ import annotations

from html import escape
from typing import Any

import nh3
from django.db import transaction

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.organizations.models import Unit, UnitKind
from gongkai.reports import selectors, validation
from gongkai.reports.layout import FORMATS
from gongkai.reports.models import (
    AnnualReport,
    CaseKind,
    CaseResult,
    ReportKind,
    ReportSource,
    ReportStatus,
    ReviewLitigationCase,
)

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "table", "thead", "tbody",
                "tr", "th", "td", "span", "blockquote"}


def sanitise(html: str) -> str:
    """Rich text of the narrative sections, with every script, style and link removed. Plain text (no
    tags) becomes one paragraph per line."""
    html = (html or "").strip()
    if html and "<" not in html:
        html = "".join(f"<p>{escape(line.strip())}</p>" for line in html.splitlines() if line.strip())
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"td": {"colspan", "rowspan"},
                                                                 "th": {"colspan", "rowspan"}},
                     link_rel=None).strip()


def default_title(unit: Unit, year: int, kind: str = ReportKind.DEPARTMENT) -> str:
    """XX{year}年政府信息公开工作年度报告; a county government's report is titled by its jurisdiction
    (the 人民政府办公室 compiles it for the 人民政府)."""
    name = unit.name
    if kind == ReportKind.GOVERNMENT and unit.kind == UnitKind.GOVERNMENT:
        name = f"{unit.jurisdiction.name}人民政府"
    return f"{name}{year}年政府信息公开工作年度报告"


def _check_year(year: int) -> None:
    if not isinstance(year, int) or year < 2008 or year > clock.today().year:
        raise ValidationFailed(f"报告年度“{year}”不正确：应为 2008 年至今年之间的年份。")


def report_problems(report: AnnualReport) -> list[validation.Problem]:
    previous = selectors.previous_report(report)
    narrative = " ".join([report.section_general, report.section_problems, report.section_other])
    return validation.validate(report.tables, previous=previous.tables if previous else None, narrative=narrative)


def publish_refusal(report: AnnualReport) -> str:
    """Why `report` cannot be published today for its year ("" when the year is over) — 《条例》第四十九条:
    a report of year Y is 上一年度's report, published from 1 January Y+1. A draft may be written before."""
    return validation.article_49_refusal(report.year, clock.today())


def report_create(*, actor: Actor, unit: Unit, year: int, kind: str | None = None) -> AnnualReport:
    """A draft report for `unit` and `year`, its tables computed from the platform's data."""
    require(actor, Action.EDIT_ANNUAL_REPORT, unit)
    _check_year(year)
    kind = kind or selectors.kind_for(unit)
    if kind not in ReportKind.values:
        raise ValidationFailed(f"报告类别“{kind}”不正确。")
    with transaction.atomic():
        if AnnualReport.objects.filter(unit=unit, year=year).exists():
            raise ValidationFailed(f"{unit.name}{year}年的年度报告已经存在。")
        tables, outcomes = selectors.compute_tables(unit, kind, year)
        hard = validation.rule_5_partial_counted_once(outcomes)
        report = AnnualReport.objects.create(
            unit=unit, kind=kind, year=year, title=default_title(unit, year, kind), tables=tables,
            computed_at=clock.now(), warnings=[p.as_dict() for p in hard],
        )
        record_event(actor=actor, action="annual_report.created", target=report,
                     data={"unit": unit.handle, "year": year, "kind": kind})
    return report


def _editable(report: AnnualReport) -> None:
    if report.is_published:
        raise TransitionNotAllowed("年度报告已发布，不能再修改。")


def report_update_narrative(*, actor: Actor, report: AnnualReport, section_general: str, section_problems: str,
                            section_other: str, title: str | None = None) -> AnnualReport:
    require(actor, Action.EDIT_ANNUAL_REPORT, report)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _editable(report)
        report.section_general = sanitise(section_general)
        report.section_problems = sanitise(section_problems)
        report.section_other = sanitise(section_other)
        if title is not None:
            if not title.strip():
                raise ValidationFailed("标题不能为空。")
            report.title = title.strip()[:200]
        report.save()
        record_event(actor=actor, action="annual_report.narrative_updated", target=report, data={})
    return report


def report_recompute(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    require(actor, Action.EDIT_ANNUAL_REPORT, report)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _editable(report)
        if report.source != ReportSource.COMPUTED:
            raise TransitionNotAllowed("导入的既往报告不重新统计。")
        tables, outcomes = selectors.compute_tables(report.unit, report.kind, report.year)
        report.tables = tables
        report.computed_at = clock.now()
        report.warnings = [p.as_dict() for p in validation.rule_5_partial_counted_once(outcomes)]
        report.save()
        record_event(actor=actor, action="annual_report.recomputed", target=report, data={})
    return report


def report_publish(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """Publish: refuse before the report's year is over (《条例》第四十九条), recompute a computed draft,
    refuse when a hard rule fails (naming each cell), keep the soft warnings, freeze the tables."""
    require(actor, Action.EDIT_ANNUAL_REPORT, report)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _editable(report)
        too_early = publish_refusal(report)
        if too_early:
            raise TransitionNotAllowed(too_early)
        outcomes: list[Any] = []
        if report.source == ReportSource.COMPUTED:
            report.tables, outcomes = selectors.compute_tables(report.unit, report.kind, report.year)
            report.computed_at = clock.now()
        problems = report_problems(report) + validation.rule_5_partial_counted_once(outcomes)
        hard = validation.hard(problems)
        if hard:
            raise ValidationFailed("年度报告未通过校验，不能发布：" + "；".join(p.message.rstrip("。") for p in hard) + "。")
        if not report.section_general.strip():
            raise ValidationFailed("请先填写“一、总体情况”。")
        report.status = ReportStatus.PUBLISHED
        report.published_at = clock.now()
        report.published_by = acting_user(actor)
        report.warnings = [p.as_dict() for p in validation.soft(problems)]
        report.save()
        record_event(actor=actor, action="annual_report.published", target=report,
                     data={"year": report.year, "warnings": len(report.warnings),
                           "late": report.published_at.date() > report.due_on})
    return report


def report_import(*, actor: Actor, unit: Unit, year: int, tables: dict[str, Any], kind: str | None = None,
                  narrative: dict[str, Any] | None = None, filename: str = "", publish: bool = True) -> AnnualReport:
    """Store a past report read by exchange.annual_report_import (already checked in its dry run)."""
    require(actor, Action.EDIT_ANNUAL_REPORT, unit)
    _check_year(year)
    if tables.get("format") not in FORMATS:
        raise ValidationFailed("无法识别报告格式。")
    too_early = validation.article_49_refusal(year, clock.today()) if publish else ""
    if too_early:
        raise ValidationFailed(too_early)
    narrative = narrative or {}
    kind = kind or selectors.kind_for(unit)
    with transaction.atomic():
        if AnnualReport.objects.filter(unit=unit, year=year).exists():
            raise ValidationFailed(f"{unit.name}{year}年的年度报告已经存在，未导入。")
        problems = validation.validate(tables, narrative=" ".join(
            str(narrative.get(key, "")) for key in ("一", "五", "六")))
        report = AnnualReport.objects.create(
            unit=unit, kind=kind, year=year, format=tables["format"],
            source=ReportSource.IMPORTED, title=default_title(unit, year, kind), tables=tables,
            section_general=sanitise(narrative.get("一", "")), section_problems=sanitise(narrative.get("五", "")),
            section_other=sanitise(narrative.get("六", "")), source_filename=filename[:200],
            warnings=[p.as_dict() for p in problems],
            status=ReportStatus.PUBLISHED if publish else ReportStatus.DRAFT,
            published_at=clock.now() if publish else None,
        )
        record_event(actor=actor, action="annual_report.imported", target=report,
                     data={"year": year, "format": tables["format"], "file": filename, "problems": len(problems)})
    return report


def case_create(*, actor: Actor, unit: Unit, year: int, kind: str, result: str, case_number: str = "",
                note: str = "") -> ReviewLitigationCase:
    require(actor, Action.EDIT_ANNUAL_REPORT, unit)
    _check_year(year)
    if kind not in CaseKind.values:
        raise ValidationFailed(f"案件类别“{kind}”不正确。")
    if result not in CaseResult.values:
        raise ValidationFailed(f"案件结果“{result}”不正确。")
    with transaction.atomic():
        case = ReviewLitigationCase.objects.create(unit=unit, year=year, kind=kind, result=result,
                                                   case_number=case_number.strip(), note=note.strip())
        record_event(actor=actor, action="review_case.created", target=case,
                     data={"year": year, "kind": kind, "result": result})
    return case


def case_set_result(*, actor: Actor, case: ReviewLitigationCase, result: str) -> ReviewLitigationCase:
    require(actor, Action.EDIT_ANNUAL_REPORT, case)
    if result not in CaseResult.values:
        raise ValidationFailed(f"案件结果“{result}”不正确。")
    with transaction.atomic():
        case.result = result
        case.save(update_fields=["result", "updated_at"])
        record_event(actor=actor, action="review_case.result_set", target=case, data={"result": result})
    return case
