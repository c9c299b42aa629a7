"""The portal's other public columns as data: 回应关切 (the responses to public concern, interaction app), 制度
(the office's rules documents, columns app) and 办事指南 (我要办, guides app), each through its app's public
selector: what the portal shows, nothing more (who recorded a concern or wrote a guide is never in it)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query

from gongkai.api import paging as paged
from gongkai.api.api import api
from gongkai.api.errors import PUBLIC_ERRORS
from gongkai.api.paging import Paging
from gongkai.api.routes_catalog import public_jurisdiction
from gongkai.api.routes_records import CODE
from gongkai.api.schemas import (
    ConcernOut,
    Page,
    RulesDocumentDetail,
    RulesDocumentOut,
    ServiceGuideDetail,
    ServiceGuideOut,
)
from gongkai.columns import selectors as column_selectors
from gongkai.guides import selectors as guide_selectors
from gongkai.interaction import selectors as interaction_selectors

ID = Path(..., ge=1, le=2**63 - 1)
ITEM_KEY = Query(None, description="公开事项的稳定标识 key（UUID）")


@api.get("/jurisdictions/{code}/concerns", response={200: Page[ConcernOut], **PUBLIC_ERRORS}, tags=["互动"],
         summary="回应关切：公开的舆情事项和已作出的回应（新发生的在前）")
def concerns(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    rows, following = paged.page(interaction_selectors.public_concerns(found), paging, ("-arose_at", "-id"))
    return {"items": [
        {"id": c.pk, "title": c.title, "description": c.description, "level": c.get_level_display(),
         "unit": c.unit.name, "arose_at": c.arose_at,
         "responses": [{"kind": r.get_kind_display(), "responded_at": r.responded_at, "channel": r.channel,
                        "content": r.content, "link": r.link} for r in c.responses.all()]}
        for c in rows], "next": following}


def _rules_row(document, code: str) -> dict:
    kwargs = {"code": code, "pk": document.pk}
    return {"id": document.pk, "title": document.title, "document_number": document.document_number,
            "issued_on": document.issued_on, "url": reverse("portal:rules_document", kwargs=kwargs),
            "attachment_url": reverse("portal:rules_attachment", kwargs=kwargs) if document.attachment else None}


@api.get("/jurisdictions/{code}/rules", response={200: Page[RulesDocumentOut], **PUBLIC_ERRORS},
         tags=["政府信息公开"], summary="政府信息公开制度（新发布的在前）")
def rules(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    rows, following = paged.page(column_selectors.public_rules_documents(found).defer("body"), paging,
                                 ("-issued_on", "-id"))
    return {"items": [_rules_row(d, found.code) for d in rows], "next": following}


@api.get("/jurisdictions/{code}/rules/{id}", response={200: RulesDocumentDetail, **PUBLIC_ERRORS},
         tags=["政府信息公开"], summary="一项政府信息公开制度的全文")
def rules_document(request: HttpRequest, code: str = Path(..., pattern=CODE), id: int = ID):
    found = public_jurisdiction(code)
    document = column_selectors.public_rules_document(found, id)
    if document is None:
        raise Http404("该制度不存在或未公开")
    return {**_rules_row(document, found.code), "body": document.body}


def _guide_row(guide, code: str) -> dict:
    return {"id": guide.pk, "name": guide.name, "domain": guide.domain.name, "unit": guide.unit.name,
            "item_key": guide.item_key, "item_name": guide.item_name, "online_mode": guide.get_online_mode_display(),
            "url": reverse("portal:service", kwargs={"code": code, "pk": guide.pk})}


@api.get("/jurisdictions/{code}/services", response={200: Page[ServiceGuideOut], **PUBLIC_ERRORS},
         tags=["办事指南"], summary="办事指南（我要办），按领域；可按公开事项筛选")
def services(request: HttpRequest, paging: Query[Paging], code: str = Path(..., pattern=CODE),
             item: UUID | None = ITEM_KEY):
    found = public_jurisdiction(code)
    guides = guide_selectors.public_guides(found, item_key=item)
    rows, following = paged.page(guides, paging, ("domain__order", "name", "id"))
    return {"items": [_guide_row(g, found.code) for g in rows], "next": following}


@api.get("/jurisdictions/{code}/services/{id}", response={200: ServiceGuideDetail, **PUBLIC_ERRORS},
         tags=["办事指南"], summary="一份办事指南：依据、条件、材料、流程、时限、收费、地点、咨询电话")
def service(request: HttpRequest, code: str = Path(..., pattern=CODE), id: int = ID):
    found = public_jurisdiction(code)
    guide = guide_selectors.public_guide(found, id)
    if guide is None:
        raise Http404("该办事指南不存在")
    return {**_guide_row(guide, found.code), "basis": guide.basis, "conditions": guide.conditions,
            "materials": guide.materials, "procedure": guide.procedure, "time_limit": guide.time_limit,
            "fees": guide.fees, "place": guide.place, "phone": guide.phone, "office_hours": guide.office_hours,
            "online_url": guide.online_url}
