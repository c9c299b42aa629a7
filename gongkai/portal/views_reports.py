"""The portal's annual-report column (政府信息公开工作年度报告, 《条例》第四十九条): each jurisdiction's
published reports by year, each as a page with its tables, docx and PDF downloads, and a comparison
with the same unit's previous published year. Public: nothing unpublished, no personal data (the
report holds figures only)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from gongkai.exchange import annual_report_files as files
from gongkai.exchange import stored_files
from gongkai.portal.selectors import published_version
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, portal_view
from gongkai.reports import selectors
from gongkai.reports.compare import compare
from gongkai.reports.models import AnnualReport

TYPES = {"docx": files.DOCX_TYPE, "pdf": files.PDF_TYPE}


def _report(code: str, pk: int) -> tuple:
    jurisdiction = _jurisdiction(code)
    report = selectors.published_report(jurisdiction, int(pk))
    if report is None:
        raise NotPublished(f"{jurisdiction.name}没有这份已发布的政府信息公开工作年度报告。")
    return jurisdiction, report


def _previous(report: AnnualReport) -> AnnualReport | None:
    return (selectors.published_reports(report.unit.jurisdiction)
            .filter(unit_id=report.unit_id, year__lt=report.year).order_by("-year").first())


@portal_view
def annual_reports(request, code: str):
    jurisdiction = _jurisdiction(code)
    reports = list(selectors.published_reports(jurisdiction))
    years: dict[int, list] = {}
    for r in reports:
        years.setdefault(r.year, []).append(r)
    return render(request, "portal/reports/list.html", {
        **_frame(jurisdiction, published_version(jurisdiction)), "years": sorted(years.items(), reverse=True), "active": "reports", "messages": (),
    })


@portal_view
def annual_report(request, code: str, pk: int):
    jurisdiction, report = _report(code, pk)
    return render(request, "portal/reports/detail.html", {
        **_frame(jurisdiction, published_version(jurisdiction)), **files.report_context(report), "previous": _previous(report),
        "active": "reports", "messages": (),
    })


@portal_view
def annual_report_compare(request, code: str, pk: int, other: int):
    jurisdiction, report = _report(code, pk)
    _j, older = _report(code, other)
    if older.unit_id != report.unit_id:
        raise NotPublished("只能比较同一单位不同年度的年度报告。")
    if older.year > report.year:
        report, older = older, report
    return render(request, "portal/reports/compare.html", {
        **_frame(jurisdiction, published_version(jurisdiction)), "report": report, "older": older,
        "rows": compare(older.tables, report.tables), "active": "reports", "messages": (),
    })


@portal_view
def annual_report_download(request, code: str, pk: int, fmt: str):
    _jurisdiction_, report = _report(code, pk)
    content = stored_files.report_file(report, fmt)
    response = HttpResponse(content, content_type=TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=files.filename(report, fmt))
    return response
