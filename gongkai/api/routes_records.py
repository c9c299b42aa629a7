"""Public records (主动公开, published) and search. Records come only through publishing's public selectors
(`published_records`, `public_record`, `public_attachments`, `public_entry_table`); what the search index
returns passes `published_records` again. Each record shows its public revision, never a working copy."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from ninja import Query
from pydantic import Field

from gongkai.api import paging as paged
from gongkai.api.api import api
from gongkai.api.errors import PUBLIC_ERRORS
from gongkai.api.paging import Paging
from gongkai.api.schemas import Page, RecordDetail, RecordOut, SearchPage
from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem, Domain
from gongkai.core import clock, compiled, keyset
from gongkai.organizations.models import Jurisdiction
from gongkai.publishing import indexing
from gongkai.publishing import selectors as publishing_selectors
from gongkai.publishing.models import Record
from gongkai.publishing.sanitising import plain_text
from gongkai.search import services as search

ORDER = ("-published_at", "-id")
CODE = r"^[0-9]{12}$"


class RecordFilters(Paging):
    jurisdiction: str | None = Field(None, pattern=CODE, description="行政区划代码（含下级）")
    domain: str | None = Field(None, pattern=r"^[-a-zA-Z0-9_]{1,80}$", description="领域标识")
    item: str | None = Field(None, pattern=r"^[0-9a-fA-F-]{32,36}$", description="目录事项标识（key）")
    published_from: datetime.date | None = Field(None, description="发布日期起（含）")
    published_to: datetime.date | None = Field(None, description="发布日期止（含）")
    q: str | None = Field(None, max_length=100, description="关键词（全文检索，按相关度排序）")


def _jurisdiction(code: str | None) -> Jurisdiction | None:
    if not code:
        return None
    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        raise Http404(f"没有区划代码为 {code} 的行政区划")
    return found


def _domain(slug: str | None) -> Domain | None:
    if not slug:
        return None
    found = Domain.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"没有标识为 {slug} 的领域")
    return found


def _item(key: str | None) -> CatalogItem | None:
    """A published catalog item by its stable key (the records filed under it in any version of its catalog)."""
    if not key:
        return None
    found = catalog_selectors.published_item_by_key(key)
    if found is None:
        raise Http404("没有这个目录事项")
    return found


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def record_row(record: Record, keys: list[str] | None = None) -> dict:
    """A record as the API shows it (a single record's answer); `keys` its items' keys when already read."""
    revision = record.public_revision
    assert revision is not None  # published_records: every public record has its public revision
    return _row(record.pk, record.index_number, revision.title, revision.document_number, record.formed_on,
                record.unit.name, record.unit.jurisdiction.code, record.published_at, record.changed_at,
                revision.number, revision.summary, keys=keys if keys is not None else _item_keys([record.pk])[record.pk],
                url=indexing.record_url(record))


# What a list reads of each record (plain values, no model instances), in `_row`'s order.
LIST_VALUES = ("pk", "index_number", "public_revision__title", "public_revision__document_number", "formed_on",
               "unit__name", "unit__jurisdiction__code", "published_at", "changed_at", "public_revision__number",
               "public_revision__summary")
_ID, _INDEX_NUMBER, _CODE, _PUBLISHED_AT = (LIST_VALUES.index(name) for name in (
    "pk", "index_number", "unit__jurisdiction__code", "published_at"))


def _row(pk, index_number, title, document_number, formed_on, unit, code, published_at, changed_at, number, summary,
         *, keys: list[str], url: str) -> dict:
    return {"id": pk, "index_number": index_number, "title": title, "document_number": document_number,
            "formed_on": formed_on, "unit": unit, "jurisdiction": code, "attribute": "主动公开",
            "published_at": published_at, "updated_at": changed_at, "revision": number, "items": keys,
            "summary": summary, "url": url}


def _item_keys(record_ids: list[int]) -> dict[int, list[str]]:
    """The keys of each record's items, in the items' own order (CatalogItem's ordering), in one query read as
    plain values (compiled once per process; padded to a full page with ids no record has, so that every page
    is the same statement)."""
    keys: dict[int, list[str]] = {pk: [] for pk in record_ids}
    if not keys:
        return keys
    size = _bucket(len(keys))
    for record_id, key in _filed_keys(([*keys, *range(-1, len(keys) - size - 1, -1)],)):
        keys[record_id].append(str(key))
    return keys


@compiled.shape("API：政府信息的事项标识")
def _filed_keys(record_ids: list[int]):
    ordering = [f"-catalogitem__{f[1:]}" if f.startswith("-") else f"catalogitem__{f}"
                for f in map(str, CatalogItem._meta.ordering or ())]
    return (Record.items.through.objects.filter(record_id__in=record_ids).order_by(*ordering, "catalogitem_id")
            .values_list("record_id", "catalogitem__key"))


def _rows(values: list[tuple]) -> list[dict]:
    """The API's rows of records read as LIST_VALUES: their items' keys in one query, their addresses as the
    portal writes them (one reverse per jurisdiction)."""
    keys = _item_keys([row[_ID] for row in values])
    urls = indexing.record_addresses((row[_CODE], indexing.reference_of(row[_INDEX_NUMBER], row[_ID]))
                                     for row in values)
    return [_row(*row, keys=keys[row[_ID]], url=url) for row, url in zip(values, urls, strict=True)]


@compiled.shape("API：政府信息列表")
def _newest(now, after: list, limit: int):
    """The public records, newest first, after the (published_at, id) of `after` (empty: from the start)."""
    records = publishing_selectors.published_records(now=now)
    return keyset.after_values(records, after, ORDER).values_list(*LIST_VALUES)[: limit + 1]


def _page_of_values(qs, filters: Paging) -> tuple[list[tuple], str | None]:
    """`keyset.page` of `qs` read as LIST_VALUES: a page and the cursor of the next one."""
    rows = list(keyset.after(qs, filters.cursor, ORDER).values_list(*LIST_VALUES)[: filters.limit + 1])
    return _cut(rows, filters.limit)


def _bucket(count: int) -> int:
    """`count` rounded up to one of a few sizes: the compiled statements are kept per size (core.compiled keeps
    MAX_FORMS of them), and a client trying every page size from 1 to 100 must not push the common ones out."""
    return next((n for n in (1, paged.DEFAULT_LIMIT, paged.MAX_LIMIT) if count <= n), count)


def _cut(rows: list[tuple], limit: int) -> tuple[list[tuple], str | None]:
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, keyset.encode([rows[-1][_PUBLISHED_AT], rows[-1][_ID]])


@api.get("/records", response={200: Page[RecordOut], **PUBLIC_ERRORS}, tags=["政府信息"],
         summary="主动公开的政府信息（按行政区划、领域、事项、发布日期、关键词筛选；游标分页，新发布的在前）")
def records(request: HttpRequest, filters: Query[RecordFilters]):
    if not (filters.jurisdiction or filters.domain or filters.item or filters.published_from or filters.published_to
            or (filters.q and filters.q.strip())):
        # The whole list, newest first (what a client following every county's publications pages through):
        # its statement compiled once per process.
        after = list(keyset.values_of(Record, filters.cursor, ORDER)) if filters.cursor else []
        rows, following = _cut(_newest((clock.now(), after), fixed=(_bucket(filters.limit),)), filters.limit)
        return {"items": _rows(rows), "next": following}
    jurisdiction = _jurisdiction(filters.jurisdiction)
    domain = _domain(filters.domain)
    item = _item(filters.item)
    qs = publishing_selectors.published_records(within=jurisdiction, domain=domain, item=item)
    qs = qs.filter(**clock.local_days("published_at", filters.published_from, filters.published_to))
    if filters.q and filters.q.strip():
        return _searched(filters, qs, jurisdiction)
    rows, following = _page_of_values(qs, filters)
    return {"items": _rows(rows), "next": following}


def _index_filters(jurisdiction: Jurisdiction | None, domain: str | None) -> dict:
    filters: dict = {"kind": "record"}
    if jurisdiction is not None:
        filters["jurisdiction"] = list(Jurisdiction.objects.filter(path__startswith=jurisdiction.path)
                                       .values_list("code", flat=True))
    if domain:
        filters["domain"] = domain
    return filters


def _searched(filters: RecordFilters, qs, jurisdiction: Jurisdiction | None) -> dict:
    """Ranked by the search index (best first); the cursor carries the position in the ranking."""
    offset = paged.offset_of(filters.cursor)
    results = search.search(filters.q or "", filters=_index_filters(jurisdiction, filters.domain),
                            limit=filters.limit, offset=offset)
    ids = [int(doc.object_id) for doc in results if doc.object_id.isdigit()]
    # What the index returns passes the public selector (and the filters) again.
    by_id = {row[_ID]: row for row in qs.filter(pk__in=ids).order_by().values_list(*LIST_VALUES)}
    return {"items": _rows([by_id[i] for i in ids if i in by_id]),
            "next": (paged.offset_cursor(offset + len(results.documents), results.pageable)
                     if results.documents else None)}


@api.get("/records/{int:id}", response={200: RecordDetail, **PUBLIC_ERRORS}, tags=["政府信息"],
         summary="一条主动公开的政府信息：正文、公开附件（遮盖后的副本）和明细（个人信息已遮盖）")
def record(request: HttpRequest, id: int, response: HttpResponse):
    found = publishing_selectors.public_record(id) if 0 < id < 2**63 else None
    if found is None:
        raise Http404("该政府信息不存在或未公开")
    columns, rows = publishing_selectors.public_entry_table(found)
    code = found.unit.jurisdiction.code
    attachments = [
        {"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size,
         "url": reverse("portal:record_attachment", kwargs={"code": code, "ref": indexing.record_reference(found),
                                                            "attachment_id": a.pk})}
        for a in publishing_selectors.public_attachments(found) if a.public_file]
    changed = found.changed_at or found.published_at
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    body = found.public_revision.body if found.public_revision else ""
    return {**record_row(found), "body": plain_text(body), "attachments": attachments,
            "entries": {"columns": columns, "rows": rows}}


class SearchFilters(Paging):
    q: str = Field(..., min_length=1, max_length=100, description="关键词")
    jurisdiction: str | None = Field(None, pattern=CODE, description="行政区划代码（含下级）")


@api.get("/search", response={200: SearchPage, **PUBLIC_ERRORS}, tags=["政府信息"],
         summary="全文检索（与门户网站的搜索相同，按相关度排序）")
def search_all(request: HttpRequest, filters: Query[SearchFilters]):
    jurisdiction = _jurisdiction(filters.jurisdiction)
    offset = paged.offset_of(filters.cursor)
    results = search.search(filters.q, filters=_index_filters(jurisdiction, None), limit=filters.limit,
                            offset=offset)
    ids = [int(doc.object_id) for doc in results if doc.object_id.isdigit()]
    public = set(publishing_selectors.published_records().filter(pk__in=ids).values_list("pk", flat=True))
    hits = []
    for doc in results:
        if doc.kind == "record" and not (doc.object_id.isdigit() and int(doc.object_id) in public):
            continue
        before, hit, after = search.excerpt(doc.body, filters.q)
        hits.append({"kind": doc.kind, "id": doc.object_id, "title": doc.title, "url": doc.url,
                     "jurisdiction": doc.jurisdiction_code, "published_at": doc.published_at,
                     "excerpt": before + hit + after})
    return {"items": hits, "total": results.total, "total_exact": results.total_exact,
            "next": (paged.offset_cursor(offset + len(results.documents), results.pageable)
                     if results.documents else None)}
