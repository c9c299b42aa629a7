"""The 政府信息公开 column of a jurisdiction (rules.md §7.7): 政府信息公开指南 (the current version with its date,
the older ones listed), 政府信息公开制度, 法定主动公开内容 by domain and item. The annual reports and the request
entrance have their own modules; the section navigation (portal/column/_nav.html) links all five. Public, GET
only, no JavaScript; only published guide versions and documents the office left public."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from gongkai.columns import guide_text
from gongkai.columns import selectors as column_selectors
from gongkai.portal import selectors
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, _published, portal_view


def _page(request, template: str, jurisdiction, active: str, **context):
    return render(request, template, {
        **_frame(jurisdiction, selectors.published_version(jurisdiction)), "column_active": active, "messages": (),
        **context})


@portal_view
def guide(request, code: str):
    jurisdiction = _jurisdiction(code)
    versions = column_selectors.published_guides(jurisdiction)
    current = versions[0] if versions else None
    return _page(request, "portal/column/guide.html", jurisdiction, "guide", shown=current, current=current,
                 older=versions[1:], blocks=guide_text.blocks(current.body) if current else [])


@portal_view
def guide_version(request, code: str, number: int):
    jurisdiction = _jurisdiction(code)
    versions = column_selectors.published_guides(jurisdiction)
    shown = next((v for v in versions if v.number == int(number)), None)
    if shown is None:
        raise NotPublished(f"{jurisdiction.name}没有这一版已发布的政府信息公开指南。")
    if shown is versions[0]:
        return redirect("portal:guide", code=code)
    return _page(request, "portal/column/guide.html", jurisdiction, "guide", shown=shown, current=versions[0],
                 older=[v for v in versions[1:] if v.pk != shown.pk], blocks=guide_text.blocks(shown.body))


@portal_view
def rules(request, code: str):
    jurisdiction = _jurisdiction(code)
    return _page(request, "portal/column/rules.html", jurisdiction, "rules",
                 documents=list(column_selectors.public_rules_documents(jurisdiction)))


def _document(code: str, pk: int):
    jurisdiction = _jurisdiction(code)
    document = column_selectors.public_rules_document(jurisdiction, int(pk))
    if document is None:
        raise NotPublished(f"{jurisdiction.name}没有这份公开的政府信息公开制度。")
    return jurisdiction, document


@portal_view
def rules_document(request, code: str, pk: int):
    jurisdiction, document = _document(code, pk)
    return _page(request, "portal/column/rules_document.html", jurisdiction, "rules", document=document,
                 paragraphs=[p.strip() for p in document.body.split("\n") if p.strip()])


@portal_view
def rules_attachment(request, code: str, pk: int):
    _, document = _document(code, pk)
    if not document.attachment:
        raise NotPublished("该制度没有附件。")
    response = FileResponse(document.attachment.open("rb"))
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=document.attachment_name)
    return response


@portal_view
def proactive(request, code: str):
    """法定主动公开内容: the published catalog's domains and items, each linked to its domain column and item page."""
    jurisdiction = _jurisdiction(code)
    version = _published(jurisdiction)
    return render(request, "portal/column/proactive.html", {
        **_frame(jurisdiction, version), "column_active": "proactive", "messages": (),
        "sections": selectors.catalog_table(version)})
