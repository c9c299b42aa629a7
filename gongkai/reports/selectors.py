"""Reads for the annual report: the rows the builders count (from publishing, disclosure_requests and
the case register), the reports a user may see, the published ones the portal shows, and the deadline
watch (《条例》第四十九条).

Scope of a report's figures: a department's report counts its own records and the requests made to
it; a government's report (县、乡级人民政府) counts every unit of its jurisdiction's own level (the
government and its departments), not the levels below, which report for themselves."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.core.errors import ValidationFailed
from gongkai.disclosure_requests.models import ApplicantType, DisclosureRequest
from gongkai.organizations.models import Jurisdiction, Unit, UnitKind
from gongkai.publishing import workflow
from gongkai.publishing.models import DisclosureAttribute, Record, ReportCategory
from gongkai.reports.builders import CaseRow, RecordRow, RequestRow, build_tables
from gongkai.reports.models import (
    DUE_MONTH_DAY,
    AnnualReport,
    ReportKind,
    ReportStatus,
    ReviewLitigationCase,
)

# publishing.ReportCategory → table 二 row (and whether it is a repeal notice).
RECORD_CATEGORY_ROWS = {
    ReportCategory.REGULATION: ("规章", False),
    ReportCategory.NORMATIVE_DOCUMENT: ("行政规范性文件", False),
    ReportCategory.NORMATIVE_DOCUMENT_REPEALED: ("行政规范性文件", True),
    ReportCategory.LICENSING_DECISION: ("行政许可", False),
    ReportCategory.PENALTY_DECISION: ("行政处罚", False),
    ReportCategory.ENFORCEMENT_DECISION: ("行政强制", False),
    ReportCategory.FEE: ("行政事业性收费", False),
}

# disclosure_requests.ApplicantType → table 三 column.
APPLICANT_COLUMNS = {
    ApplicantType.NATURAL_PERSON: "natural_person",
    ApplicantType.COMMERCIAL: "business",
    ApplicantType.RESEARCH: "research",
    ApplicantType.PUBLIC_WELFARE: "public_interest",
    ApplicantType.LEGAL_SERVICE: "legal_service",
    ApplicantType.OTHER_ORGANISATION: "other",
}

GOVERNMENT_UNIT_KINDS = {UnitKind.GOVERNMENT, UnitKind.TOWNSHIP, UnitKind.STREET}


def kind_for(unit: Unit) -> str:
    return ReportKind.GOVERNMENT if unit.kind in GOVERNMENT_UNIT_KINDS else ReportKind.DEPARTMENT


def scope_units(unit: Unit, kind: str) -> QuerySet[Unit]:
    if kind == ReportKind.GOVERNMENT:
        return Unit.objects.filter(jurisdiction_id=unit.jurisdiction_id)
    return Unit.objects.filter(pk=unit.pk)


def record_rows(units: QuerySet[Unit], year: int) -> list[RecordRow]:
    records = Record.objects.filter(
        unit__in=units, disclosure_attribute=DisclosureAttribute.PROACTIVE,
        status__in=[*workflow.PUBLIC_STATUSES, workflow.ARCHIVED], published_at__isnull=False,
        formed_on__lte=datetime.date(year, 12, 31), report_category__in=list(RECORD_CATEGORY_ROWS),
    ).values_list("report_category", "formed_on", "published_at", "fee_amount_yuan")
    rows = []
    for category, formed_on, published_at, fee in records:
        row, is_repeal = RECORD_CATEGORY_ROWS[ReportCategory(category)]
        rows.append(RecordRow(row, formed_on, published_at.date() if published_at else None, fee, is_repeal))
    return rows


def request_rows(units: QuerySet[Unit], year: int) -> list[RequestRow]:
    requests = (DisclosureRequest.objects
                .filter(Q(receiving_unit__in=units) | Q(receiving_unit__isnull=True, assigned_unit__in=units))
                .filter(received_on__isnull=False, received_on__lte=datetime.date(year, 12, 31))
                .select_related("reply"))
    rows = []
    for r in requests:
        if r.received_on is None:  # filtered out above; says so to the type checker
            continue
        reply = getattr(r, "reply", None)
        rows.append(RequestRow(
            ref=r.tracking_code, applicant=APPLICANT_COLUMNS[ApplicantType(r.applicant_type)], received_on=r.received_on,
            decided_on=reply.letter_date if reply else None, row_code=reply.report_row if reply else "",
        ))
    return rows


def case_rows(units: QuerySet[Unit], year: int) -> list[CaseRow]:
    return [CaseRow(kind, result, y) for kind, result, y in
            ReviewLitigationCase.objects.filter(unit__in=units, year=year).values_list("kind", "result", "year")]


def compute_tables(unit: Unit, kind: str, year: int) -> tuple[dict, list]:
    units = scope_units(unit, kind)
    try:
        return build_tables(record_rows(units, year), request_rows(units, year), case_rows(units, year), year)
    except ValueError as exc:  # a row the tables cannot place: say which
        raise ValidationFailed(str(exc)) from exc


def previous_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit_id=report.unit_id, year=report.year - 1).first()


# --- what users see ---------------------------------------------------------------------------------

def reports_for(user) -> QuerySet[AnnualReport]:
    """Reports of the units the user may edit reports for (office: subtree; reviewer: own unit)."""
    units = Unit.objects.filter(
        Q(jurisdiction__in=jurisdiction_scope(user, Action.EDIT_ANNUAL_REPORT))
        | Q(pk__in=unit_scope(user, Action.EDIT_ANNUAL_REPORT).values("pk")))
    return AnnualReport.objects.filter(unit__in=units).select_related("unit__jurisdiction")


def units_for(user) -> QuerySet[Unit]:
    return Unit.objects.filter(
        Q(jurisdiction__in=jurisdiction_scope(user, Action.EDIT_ANNUAL_REPORT))
        | Q(pk__in=unit_scope(user, Action.EDIT_ANNUAL_REPORT).values("pk"))).filter(is_active=True)


def cases_for(user) -> QuerySet[ReviewLitigationCase]:
    return ReviewLitigationCase.objects.filter(unit__in=units_for(user)).select_related("unit")


def may_edit(user, report: AnnualReport) -> bool:
    return can(user, Action.EDIT_ANNUAL_REPORT, report)


def published_reports(jurisdiction: Jurisdiction) -> QuerySet[AnnualReport]:
    """The portal's annual-report column: published reports of the jurisdiction's own units."""
    return (AnnualReport.objects.filter(unit__jurisdiction=jurisdiction, status=ReportStatus.PUBLISHED)
            .select_related("unit").order_by("-year", "kind", "unit__name"))


def published_report(jurisdiction: Jurisdiction, pk: int) -> AnnualReport | None:
    return published_reports(jurisdiction).filter(pk=pk).first()


# --- deadline watch (第四十九条) -------------------------------------------------------------------

def due_on(kind: str, year: int) -> datetime.date:
    month, day = DUE_MONTH_DAY[ReportKind(kind)]
    return datetime.date(year + 1, month, day)


def deadline_watch(units: QuerySet[Unit], year: int, today: datetime.date) -> list[dict]:
    """Every department and government unit's report for `year`: published (on time or late), draft,
    or missing; overdue when past its due date (31 January / 31 March of the next year) unpublished."""
    reports = {r.unit_id: r for r in AnnualReport.objects.filter(unit__in=units, year=year)}
    rows: list[dict] = []
    for unit in units.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.GOVERNMENT], is_active=True):
        kind = kind_for(unit)
        due = due_on(kind, year)
        report = reports.get(unit.pk)
        if report is None:
            state = "missing"
        elif report.is_published:
            state = "late" if report.published_at and report.published_at.date() > due else "on_time"
        else:
            state = "draft"
        rows.append({
            "unit": unit, "kind": kind, "due_on": due, "report": report, "state": state,
            "overdue": state in ("missing", "draft") and today > due,
            "days_left": (due - today).days,
        })
    rows.sort(key=lambda r: (r["due_on"], r["unit"].name))
    return rows
