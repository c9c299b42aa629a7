"""Public record pages: a record, an item's records, a jurisdiction's latest records, search, and the
public copies of attachments. Only public records (selectors_records.public_records) and their public
revision; no JavaScript needed."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from gongkai.catalog.models import Domain
from gongkai.columns import selectors as column_selectors
from gongkai.columns import services as column_services
from gongkai.core import clock
from gongkai.core.paging import BadPage, page_number, page_of
from gongkai.exchange import entries_table
from gongkai.guides.selectors import guides_of_items
from gongkai.organizations.models import Jurisdiction
from gongkai.portal import page_cache, selectors, selectors_records, selectors_search
from gongkai.portal.page_cache import public_page
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, frame_piece, framed, portal_view
from gongkai.search import services as search

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 10


def _page(request, object_list, per_page=PAGE_SIZE):
    return page_of(object_list, per_page, request.GET.get("page"))


def _record(code: str, ref: str, jurisdiction: Jurisdiction | None = None):
    jurisdiction = jurisdiction or _jurisdiction(code)
    record = selectors_records.record_by_reference(jurisdiction, ref)
    if record is None:
        raise NotPublished("您访问的政府信息不存在，或尚未公开。")
    return jurisdiction, record


def _guides(jurisdiction: Jurisdiction, keys: list) -> list:
    """我要办: the 办事指南 of these items, kept under the generations that follow guides (sg) and units (jc): a page
    rendered again because records changed does not read them again."""
    return page_cache.kept(*_guides_piece(jurisdiction.code, keys), lambda: guides_of_items(jurisdiction, keys))


def _guides_piece(code: str, keys) -> tuple[list[str], tuple]:
    return [f"jc:{code}", f"sg:{code}"], ("guides", code, *sorted(map(str, keys)))


def _item_piece(code: str, key: str) -> tuple[list[str], tuple]:
    return [f"jc:{code}"], ("item", code, key)


@portal_view
@public_page(page_cache.record_page)
def record_detail(request, code: str, ref: str):
    jurisdiction, _version, frame = framed(code)
    jurisdiction, record = _record(code, ref, jurisdiction)
    view = selectors_records.public_view(record)
    columns, rows = selectors_records.public_entry_table(record)
    return render(request, "portal/records/record.html", {
        **frame,
        "record": view,
        "entry_columns": columns,
        "entry_rows": rows,
        "messages": (),
        # 我要办: the 办事指南 of the record's items (kept apart from the records: _guides).
        "guides": _guides(jurisdiction, [item.key for item in view.items]),
    })


@portal_view
def record_entries_csv(request, code: str, ref: str):
    """The record's 具体内容 as CSV, masked exactly as on its page and its printed bulletin."""
    _, record = _record(code, ref)
    columns, rows = selectors_records.public_entry_table(record)
    if not rows:
        raise NotPublished("该政府信息没有具体内容明细。")
    response = HttpResponse(entries_table.public_entries_csv(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{record.index_number or record.pk}-具体内容.csv")
    return response


@portal_view
def record_attachment(request, code: str, ref: str, attachment_id: int):
    """The public copy (masked where needed) of an attachment listed in the public revision."""
    _, record = _record(code, ref)
    attachment = selectors_records.public_attachment(record, int(attachment_id))
    if attachment is None:
        raise NotPublished("该附件不存在或未公开。")
    response = FileResponse(attachment.public_file.open("rb"))
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=attachment.name)
    return response


@portal_view
@public_page(page_cache.item_page, on_hit=page_cache.count_item_view)
def item_records(request, code: str, key: str):
    # The frame, the item and its guides in one round trip to the cache (page_cache.ahead).
    with page_cache.ahead([frame_piece(code), _item_piece(code, key), _guides_piece(code, [key])]):
        jurisdiction, version, frame = framed(code)
        item = page_cache.kept(*_item_piece(code, key),
                               lambda: selectors_records.item_by_key(version, key) if version else None)
        if item is None:
            raise NotPublished(f"{jurisdiction.name}已发布的公开事项目录中没有这个事项。")
        guides = _guides(jurisdiction, [item.key])
    if request.method == "GET":  # 高频事项 learn from readers; a HEAD (link checkers) is not a reader
        column_services.item_counted(jurisdiction=jurisdiction, item_key=item.key, day=clock.today())
    page_cache.note(request, jurisdiction_id=jurisdiction.pk)
    page = selectors_records.item_page(item, PAGE_SIZE, request.GET.get("page"))
    return render(request, "portal/records/item.html", {
        **frame, "item": item, "page": page, "rows": page.object_list, "messages": (),
        "on_request_titles": selectors_records.on_request_titles_of_item(item), "guides": guides,
    })


@portal_view
@public_page(page_cache.records_list)
def latest(request, code: str):
    jurisdiction, _version, frame = framed(code)
    page = _page(request, selectors_records.records_of_jurisdiction(jurisdiction))
    return render(request, "portal/records/latest.html", {
        **frame, "page": page, "rows": selectors_records.listed_rows(page.object_list), "active": "latest",
        "messages": (),
    })


def _count_search(jurisdiction: Jurisdiction, query: str) -> None:
    """A search naming a catalog item counts for it (高频事项 learn from searches as from views)."""
    version = selectors.published_version(jurisdiction)
    if version is None or len(query) < 2:
        return
    for item in column_selectors.items_named(version, query):
        column_services.item_counted(jurisdiction=jurisdiction, item_key=item.key, day=clock.today(), search=True)


@portal_view
def search_page(request):
    query = (request.GET.get("q") or "").strip()[:100]
    code = (request.GET.get("j") or "").strip()
    slug = (request.GET.get("d") or "").strip()
    jurisdiction = Jurisdiction.objects.filter(code=code).first() if code else None
    domain = Domain.objects.filter(slug=slug).first() if slug else None
    filters = {"kind": "record"}
    if jurisdiction is not None:
        filters["jurisdiction"] = list(Jurisdiction.objects.filter(path__startswith=jurisdiction.path)
                                       .values_list("code", flat=True))
    if domain is not None:
        filters["domain"] = domain.slug
    number = page_number(request.GET.get("page"))
    results = None
    hits = []
    if query and jurisdiction is not None and number == 1:
        _count_search(jurisdiction, query)
    if query:
        results = search.search(query, filters=filters, limit=SEARCH_PAGE_SIZE,
                                offset=(number - 1) * SEARCH_PAGE_SIZE)
        public = selectors_records.public_ids(int(doc.object_id) for doc in results)
        for doc in results:
            if int(doc.object_id) not in public:
                continue
            before, hit, after = search.excerpt(doc.body, query)
            hits.append({"doc": doc, "before": before, "hit": hit, "after": after})
    # Nothing found: the catalog's items holding a word of the query, and names spelt close to it.
    suggestions = (selectors_search.search_suggestions(query, jurisdiction)
                   if results is not None and results.total == 0 else None)
    pages = (results.pageable + SEARCH_PAGE_SIZE - 1) // SEARCH_PAGE_SIZE if results else 0
    if number > max(pages, 1):
        raise BadPage("没有这一页。")
    frame = _frame(jurisdiction, selectors.published_version(jurisdiction)) if jurisdiction else {}
    return render(request, "portal/records/search.html", {
        **frame, "active": "search", "query": query, "results": results, "hits": hits, "number": number, "pages": pages,
        "has_previous": number > 1, "has_next": number < pages, "code": code if jurisdiction else "",
        "slug": domain.slug if domain else "", "search_domain": domain,
        "domains": Domain.objects.order_by("order", "slug"), "messages": (), "suggestions": suggestions,
    })
