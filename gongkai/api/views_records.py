"""/api/v1/records: public records (主动公开, published) only, through publishing's public selectors.
Filters: j (12-digit jurisdiction code, its subtree included), d (domain slug), q (search words),
page. Each record shows its public revision, never a working copy; nothing personal."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from gongkai.catalog.models import Domain
from gongkai.core.paging import BadPage, CappedPaginator, page_number
from gongkai.organizations.models import Jurisdiction
from gongkai.publishing import selectors as publishing_selectors
from gongkai.publishing.sanitising import plain_text
from gongkai.search import services as search

PAGE_SIZE = 50


def _record(record, *, full: bool = False) -> dict:
    revision = record.public_revision
    data = {
        "id": record.pk, "index_number": record.index_number, "title": revision.title,
        "document_number": revision.document_number, "formed_on": record.formed_on.isoformat(),
        "unit": record.unit.name, "jurisdiction": record.unit.jurisdiction.code,
        "attribute": "主动公开",
        "published_at": record.published_at.isoformat(),
        "updated_at": record.changed_at.isoformat() if record.changed_at else None,
        "revision": revision.number,
        "items": [str(i.key) for i in record.items.all()],
        "summary": revision.summary,
    }
    if full:
        data["body"] = plain_text(revision.body)
        data["attachments"] = [{"id": a.pk, "name": a.name, "kind": a.kind}
                               for a in publishing_selectors.public_attachments(record) if a.public_file]
    return data


def _json(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def records(request):
    code, slug, query = request.GET.get("j", ""), request.GET.get("d", ""), request.GET.get("q", "").strip()
    number = page_number(request.GET.get("page"))  # not a page → the API's JSON 404
    jurisdiction = domain = None
    if code:
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None:
            raise Http404(f"没有区划代码为 {code} 的行政区划")
    if slug:
        domain = Domain.objects.filter(slug=slug).first()
        if domain is None:
            raise Http404(f"没有标识为 {slug} 的领域")
    qs = publishing_selectors.published_records(within=jurisdiction, domain=domain).prefetch_related("items")
    if query:
        filters = {"kind": "record"}
        if jurisdiction is not None:
            filters["jurisdiction"] = list(Jurisdiction.objects.filter(path__startswith=jurisdiction.path)
                                           .values_list("code", flat=True))
        if slug:
            filters["domain"] = slug
        results = search.search(query, filters=filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        ids = [int(doc.object_id) for doc in results]
        by_id = qs.in_bulk(ids)  # what the index returns passes the public selector again
        rows = [by_id[i] for i in ids if i in by_id]
        return _json({"count": results.total, "page": number, "results": [_record(r) for r in rows]})
    paginator = CappedPaginator(qs, PAGE_SIZE)
    if number > max(paginator.num_pages, 1):
        raise BadPage("没有这一页。")
    return _json({"count": paginator.count, "count_capped": paginator.capped, "page": number,
                  "results": [_record(r) for r in paginator.page(number)]})


@require_GET
def record(request, pk: int):
    found = publishing_selectors.public_record(pk)
    if found is None:
        raise Http404("该政府信息不存在或未公开")
    return _json(_record(found, full=True))
