"""The API's root, the national guidelines, jurisdictions and their published catalogs (catalog's public
selectors only: a draft or a reference catalog is never shown)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from ninja import Path, Query
from pydantic import Field

from gongkai.api import paging as paged
from gongkai.api.api import API_VERSION, api
from gongkai.api.errors import PUBLIC_ERRORS
from gongkai.api.paging import Paging
from gongkai.api.routes_records import CODE
from gongkai.api.schemas import (
    CatalogOut,
    DomainOut,
    ItemOut,
    JurisdictionDetail,
    JurisdictionOut,
    Page,
    Root,
)
from gongkai.catalog import selectors
from gongkai.catalog.models import CatalogItem, CatalogVersion
from gongkai.columns import selectors as column_selectors
from gongkai.organizations.models import Jurisdiction


@api.get("/", response=Root, tags=["说明"], summary="接口版本与说明文档地址")
def root(request: HttpRequest):
    return {"version": API_VERSION, "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:openapi-view"))}


@api.get("/domains", response={200: Page[DomainOut], **PUBLIC_ERRORS}, tags=["目录"],
         summary="各领域现行国家标准指引")
def domains(request: HttpRequest, paging: Query[Paging]):
    rows, following = paged.page(selectors.guidelines_overview(), paging, ("domain__order", "id"))
    return {"items": [
        {"domain": g.domain.slug, "name": g.domain.name, "guideline": g.name, "issuer": g.issuer,
         "document_number": g.document_number, "year": g.year, "completeness": g.completeness,
         "topics": g.topic_count, "items": g.item_count} for g in rows], "next": following}


def jurisdiction_row(jurisdiction: Jurisdiction, parent_code: str | None) -> dict:
    return {"code": jurisdiction.code, "name": jurisdiction.name, "level": jurisdiction.level,
            "kind": jurisdiction.kind, "parent": parent_code}


def _parent_code(jurisdiction: Jurisdiction) -> str | None:
    return jurisdiction.parent.code if jurisdiction.parent is not None else None


def public_jurisdiction(code: str) -> Jurisdiction:
    found = Jurisdiction.objects.filter(code=code).select_related("parent").first()
    if found is None:
        raise Http404(f"没有区划代码为 {code} 的行政区划")
    return found


class JurisdictionFilters(Paging):
    within: str | None = Field(None, pattern=CODE, description="只列出该行政区划及其下级")


@api.get("/jurisdictions", response={200: Page[JurisdictionOut], **PUBLIC_ERRORS}, tags=["行政区划"],
         summary="已发布公开事项目录的行政区划（按区划代码排序）")
def jurisdictions(request: HttpRequest, filters: Query[JurisdictionFilters]):
    root = public_jurisdiction(filters.within) if filters.within else None
    qs = selectors.jurisdictions_with_published_catalogs(root).select_related("parent")
    rows, following = paged.page(qs, filters, ("code",))
    return {"items": [jurisdiction_row(j, _parent_code(j)) for j in rows], "next": following}


def _summary(version: CatalogVersion | None) -> dict | None:
    if version is None:
        return None
    return {"title": version.catalog.title, "version": version.label, "published_at": version.published_at}


@api.get("/jurisdictions/{code}", response={200: JurisdictionDetail, **PUBLIC_ERRORS}, tags=["行政区划"],
         summary="一个行政区划：现行目录和政务公开工作机构")
def jurisdiction(request: HttpRequest, code: str = Path(..., pattern=CODE)):
    found = public_jurisdiction(code)
    office = column_selectors.answering_office(found)
    return {**jurisdiction_row(found, _parent_code(found)),
            "catalog": _summary(selectors.published_version(found)),
            "office": {"name": office.name, "phone": office.phone} if office is not None else None}


def _published(code: str) -> tuple[Jurisdiction, CatalogVersion]:
    found = public_jurisdiction(code)
    version = selectors.published_version(found)
    if version is None:
        raise Http404("该行政区划尚未发布公开事项目录")
    return found, version


@api.get("/jurisdictions/{code}/catalog", response={200: CatalogOut, **PUBLIC_ERRORS}, tags=["目录"],
         summary="某行政区划现行的公开事项目录：各领域是否适用及事项数（事项见 /catalog/items）")
def jurisdiction_catalog(request: HttpRequest, response: HttpResponse, code: str = Path(..., pattern=CODE)):
    found, version = _published(code)
    published = selectors.published_domains(version)
    counts = dict(published)
    sections = [{"domain": s.domain.slug, "name": s.domain.name, "applies": s.applies,
                 "reason": s.entry.reason if s.entry and not s.applies else "",
                 "items": counts.get(s.domain, 0)} for s in _domain_entries(version, published)]
    if version.published_at:
        response["Last-Modified"] = http_date(version.published_at.timestamp())
    return {"jurisdiction": jurisdiction_row(found, _parent_code(found)),
            "catalog": version.catalog.title, "version": version.label, "published_at": version.published_at,
            "domains": sections}


class _Section:
    def __init__(self, domain, entry):
        self.domain, self.entry = domain, entry

    @property
    def applies(self) -> bool:
        return self.entry is None or self.entry.applies


def _domain_entries(version: CatalogVersion, published: list) -> list[_Section]:
    """The version's domains (its own entries and every domain with an effective item), in domain order —
    without reading the items themselves."""
    entries = {e.domain_id: _Section(e.domain, e) for e in version.domains.select_related("domain")}
    for domain, _count in published:
        entries.setdefault(domain.pk, _Section(domain, None))
    return sorted(entries.values(), key=lambda s: (s.domain.order, s.domain.slug))


def item_row(item: CatalogItem) -> dict:
    return {
        "key": str(item.key), "domain": item.domain.slug, "topic": item.topic, "name": item.name,
        "elements": item.elements, "basis": item.basis, "time_limit": item.time_limit, "subject": item.subject,
        "responsible_unit": item.responsible_unit.name if item.responsible_unit is not None else None,
        "channels": item.channels, "audience": item.audience, "manner": item.manner, "tiers": item.tiers,
        "local": item.is_local,
    }


class ItemFilters(Paging):
    domain: str | None = Field(None, pattern=r"^[-a-zA-Z0-9_]{1,80}$", description="领域标识")


@api.get("/jurisdictions/{code}/catalog/items", response={200: Page[ItemOut], **PUBLIC_ERRORS}, tags=["目录"],
         summary="某行政区划现行目录的事项（适用的事项，按领域和序号）")
def catalog_items(request: HttpRequest, filters: Query[ItemFilters], code: str = Path(..., pattern=CODE)):
    _found, version = _published(code)
    qs = selectors.effective_items(version).select_related("domain", "responsible_unit")
    if filters.domain:
        qs = qs.filter(domain__slug=filters.domain)
    rows, following = paged.page(qs, filters, ("domain__order", "order", "id"))
    return {"items": [item_row(i) for i in rows], "next": following}
