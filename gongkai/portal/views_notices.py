"""The portal's 通报 column: notices of the disclosure office's inspections, published with their 文号, as pages
and PDF. Only published notices; they name units and the titles of public content, never personal data."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from gongkai.core.paging import page_of
from gongkai.exchange import notices as files
from gongkai.oversight.selectors import published_notices
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, portal_view


def _notice(code: str, pk: int):
    jurisdiction = _jurisdiction(code)
    notice = published_notices(jurisdiction).filter(pk=int(pk)).first()
    if notice is None:
        raise NotPublished(f"{jurisdiction.name}没有这份已发布的通报。")
    return jurisdiction, notice


@portal_view
def notices(request, code: str):
    jurisdiction = _jurisdiction(code)
    page = page_of(published_notices(jurisdiction), 20, request.GET.get("page"))
    return render(request, "portal/notices/list.html", {**_frame(jurisdiction), "page": page, "active": "notices",
                                                         "messages": ()})


@portal_view
def notice(request, code: str, pk: int):
    jurisdiction, found = _notice(code, pk)
    return render(request, "portal/notices/detail.html", {**_frame(jurisdiction), "notice": found,
                                                           "active": "notices", "messages": ()})


@portal_view
def notice_pdf(request, code: str, pk: int):
    _jurisdiction_, found = _notice(code, pk)
    response = HttpResponse(files.notice_pdf(found), content_type=files.PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, files.notice_filename(found, "pdf")) or "inline"
    return response
