"""What the portal's jurisdiction pages show besides the catalog and records: the disclosure map (counts per
township), annual reports, the guide (政府信息公开指南), published messages (留言) and consultations (征求意见),
each through its app's public selector. Nothing of a writer or commenter but the masked, published text."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from ninja import Path, Query

from gongkai.api import paging as paged
from gongkai.api.api import api
from gongkai.api.errors import PUBLIC_ERRORS
from gongkai.api.paging import Paging
from gongkai.api.routes_catalog import public_jurisdiction
from gongkai.api.routes_records import CODE
from gongkai.api.schemas import (
    ConsultationDetail,
    ConsultationOut,
    GuideOut,
    MapPlaceOut,
    MessageOut,
    Page,
    ReportDetail,
    ReportOut,
)
from gongkai.columns import selectors as column_selectors
from gongkai.columns.maps import county_map
from gongkai.consultations import selectors as consultation_selectors
from gongkai.interaction import selectors as interaction_selectors
from gongkai.reports import selectors as report_selectors

ID = Path(..., ge=1, le=2**63 - 1)


@api.get("/jurisdictions/{code}/map", response={200: Page[MapPlaceOut], **PUBLIC_ERRORS}, tags=["公开地图"],
         summary="公开地图：下一级各乡镇（街道）的事项数、政府信息数和最近更新日期（按区划代码）")
def disclosure_map(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE)):
    places = county_map(public_jurisdiction(code)).places  # one county's townships: a bounded list
    shown, following = paged.in_memory(places, paging, key=lambda p: p.jurisdiction.code)
    return {"items": [
        {"code": p.jurisdiction.code, "name": p.jurisdiction.name, "kind": p.jurisdiction.kind,
         "published": p.published, "items": p.items, "records": p.records, "last_update": p.last_update}
        for p in shown], "next": following}


def _report_row(report, code: str) -> dict:
    return {"id": report.pk, "title": report.title, "year": report.year, "kind": report.get_kind_display(),
            "unit": report.unit.name, "published_at": report.published_at,
            "url": reverse("portal:annual_report", kwargs={"code": code, "pk": report.pk})}


@api.get("/jurisdictions/{code}/reports", response={200: Page[ReportOut], **PUBLIC_ERRORS}, tags=["年度报告"],
         summary="已发布的政府信息公开工作年度报告（新年度在前）")
def reports(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    qs = report_selectors.published_reports(found).defer("tables", "section_general", "section_problems",
                                                         "section_other", "warnings")
    rows, following = paged.page(qs, paging, ("-year", "id"))
    return {"items": [_report_row(r, found.code) for r in rows], "next": following}


@api.get("/jurisdictions/{code}/reports/{id}", response={200: ReportDetail, **PUBLIC_ERRORS}, tags=["年度报告"],
         summary="一份已发布的年度报告：各部分文字和统计表")
def report(request: HttpRequest, response: HttpResponse, code: str = Path(..., pattern=CODE), id: int = ID):
    found = public_jurisdiction(code)
    shown = report_selectors.published_report(found, id)
    if shown is None:
        raise Http404("该年度报告不存在或未发布")
    if shown.published_at:
        response["Last-Modified"] = http_date(shown.published_at.timestamp())
    return {**_report_row(shown, found.code), "section_general": shown.section_general,
            "section_problems": shown.section_problems, "section_other": shown.section_other,
            "tables": shown.tables or {}}


@api.get("/jurisdictions/{code}/guide", response={200: GuideOut, **PUBLIC_ERRORS}, tags=["政府信息公开指南"],
         summary="现行的政府信息公开指南")
def guide(request: HttpRequest, response: HttpResponse, code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    versions = column_selectors.published_guides(found)
    if not versions:
        raise Http404(f"{found.name}尚未发布政府信息公开指南")
    current = versions[0]
    if current.published_at:
        response["Last-Modified"] = http_date(current.published_at.timestamp())
    return {"number": current.number, "title": current.title, "body": current.body,
            "published_at": current.published_at, "url": reverse("portal:guide", kwargs={"code": found.code})}


@api.get("/jurisdictions/{code}/messages", response={200: Page[MessageOut], **PUBLIC_ERRORS}, tags=["互动"],
         summary="公开的留言及答复（新公开的在前；不含留言人的任何信息）")
def messages(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    rows, following = paged.page(interaction_selectors.public_messages(found), paging, ("-published_at", "-id"))
    return {"items": [
        {"id": m.pk, "subject": m.public_subject, "body": m.public_body, "unit": m.unit.name,
         "received_on": m.received_on, "answer": m.answer, "answered_at": m.answered_at,
         "published_at": m.published_at} for m in rows], "next": following}


def _consultation_row(c, code: str) -> dict:
    return {"id": c.pk, "title": c.title, "kind": c.kind_label, "unit": c.unit.name, "opens_on": c.opens_on,
            "closes_on": c.closes_on, "status": c.status_label, "published_at": c.published_at,
            "url": reverse("portal:consultation", kwargs={"code": code, "pk": c.pk})}


@api.get("/jurisdictions/{code}/consultations", response={200: Page[ConsultationOut], **PUBLIC_ERRORS},
         tags=["互动"], summary="征求意见（新发布的在前）")
def consultations(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    rows, following = paged.page(consultation_selectors.public_consultations(found), paging, ("-published_at", "-id"))
    return {"items": [_consultation_row(c, found.code) for c in rows], "next": following}


@api.get("/jurisdictions/{code}/consultations/{id}", response={200: ConsultationDetail, **PUBLIC_ERRORS},
         tags=["互动"], summary="一次征求意见：征求意见稿、起草说明、采纳情况和公开的意见（不含姓名和联系方式）")
def consultation(request: HttpRequest, code: str = Path(..., pattern=CODE), id: int = ID):
    found = public_jurisdiction(code)
    shown = consultation_selectors.public_consultation(found, id)
    if shown is None:
        raise Http404("该征求意见不存在或未发布")
    comments = [{"body": c.body, "submitted_on": c.submitted_at.date(), "reply": c.reply}
                for c in consultation_selectors.public_comments(shown)]
    return {**_consultation_row(shown, found.code), "draft": shown.draft, "explanation": shown.explanation,
            "summary": shown.summary if shown.summary_published_at else "", "comments": comments}
