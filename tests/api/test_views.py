"""The public /api/v1/ (gongkai/api): generated OpenAPI, only published data, keyset pagination, ETags, the
one JSON error format, the rate limit, and query counts that do not grow with the data."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publishing.models import Entry
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    add_attachment,
    county_tree,
    make_record,
)

# Publishing's services index on commit; the search tests read the index right after.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"


def walk(client, url, params=None):
    """Every item of a paginated list, following `next`."""
    params = dict(params or {})
    items, pages = [], 0
    while True:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) >= {"items", "next"}
        items += body["items"]
        pages += 1
        if body["next"] is None:
            return items, pages
        assert body["next"] != params.get("cursor") and pages < 100, "the cursor does not move on"
        params["cursor"] = body["next"]


def test_openapi_is_generated_from_the_schemas_and_includes_records(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/records", "/api/v1/records/{id}", "/api/v1/jurisdictions/{code}/catalog",
                 "/api/v1/domains", "/api/v1/search", "/api/v1/staff/records"):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert {"RecordOut", "RecordDetail", "ErrorOut", "ItemOut"} <= set(schemas)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if path in ("/api/v1/",):
                continue
            assert {"404", "422"} <= set(operation["responses"]), (method, path)
            assert operation["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorOut")


def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()


def test_root_names_the_schema(client):
    body = client.get("/api/v1/").json()
    assert body["version"] == "1" and body["openapi"].endswith("/api/v1/openapi.json")


def test_only_published_catalog_is_served_and_items_page(client):
    tree = county_tree()
    catalog = CatalogFactory(jurisdiction=tree["county"])
    draft = CatalogVersionFactory(catalog=catalog, label="2022版", year=2022, status="draft")
    CatalogItemFactory(version=draft, name="草稿事项")
    assert client.get(f"/api/v1/jurisdictions/{CODE}/catalog").status_code == 404
    assert client.get(f"/api/v1/jurisdictions/{CODE}/catalog/items").status_code == 404
    published = CatalogVersionFactory(catalog=catalog, label="2021版", year=2021, status="published")
    for i in range(5):
        CatalogItemFactory(version=published, name=f"已发布事项{i}", order=i)
    data = client.get(f"/api/v1/jurisdictions/{CODE}/catalog").json()
    assert data["version"] == "2021版" and sum(d["items"] for d in data["domains"]) == 5
    items, pages = walk(client, f"/api/v1/jurisdictions/{CODE}/catalog/items", {"limit": 2})
    assert [i["name"] for i in items] == [f"已发布事项{i}" for i in range(5)] and pages == 3


def test_jurisdictions_list_and_detail(client, portal):
    codes = [j["code"] for j in walk(client, "/api/v1/jurisdictions", {"limit": 1})[0]]
    assert codes == sorted(codes) and CODE in codes and "430502000000" not in codes  # 双清区: no catalog
    detail = client.get(f"/api/v1/jurisdictions/{CODE}").json()
    assert detail["name"] == "大祥区" and detail["parent"] == "430500000000"
    assert detail["catalog"]["version"] == "2021版"
    assert detail["office"] == {"name": "大祥区人民政府办公室", "phone": "0739-5555555"}
    within = [j["code"] for j in walk(client, "/api/v1/jurisdictions", {"within": "430503100000"})[0]]
    assert within == ["430503100000"]


def test_unknown_jurisdiction_and_unknown_address_are_json_404(client, db):
    for url in ("/api/v1/jurisdictions/999999999999/catalog", "/api/v1/jurisdictions/999999999999",
                "/api/v1/nothing/here", "/api/v1/records/0"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


def test_records_are_only_the_public_ones_newest_first_across_pages(client, records):
    for i in range(5):
        make_record(records["unit"], [records["items"][0]], title=f"公开通知{i}",
                    published_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i))
    items, pages = walk(client, "/api/v1/records", {"limit": 2})
    titles = [r["title"] for r in items]
    assert not any("隐藏" in t for t in titles)
    assert len(titles) == len(set(titles)) == 7 and pages == 4
    moments = [(r["published_at"], r["id"]) for r in items]
    assert moments == sorted(moments, reverse=True)
    assert titles[-5:] == [f"公开通知{i}" for i in (4, 3, 2, 1, 0)]


def test_records_filters(client, records):
    admission, relief = records["items"][0], records["items"][4]
    old = make_record(records["unit"], [admission], title="往年的通知",
                      published_at=dt.datetime(2020, 5, 5, 3, tzinfo=dt.UTC))

    def titles(**params):
        return {r["title"] for r in walk(client, "/api/v1/records", params)[0]}

    assert titles(domain="shehui-jiuzhu") == {"城乡低保金发放情况公示"}
    assert titles(item=str(admission.key)) == {"关于强化学区划分管理的通知", "往年的通知"}
    assert titles(item=str(relief.key)) == {"城乡低保金发放情况公示"}
    assert titles(published_from="2020-05-05", published_to="2020-05-05") == {old.public_revision.title}
    assert titles(published_to="2020-12-31") == {"往年的通知"}
    assert titles(jurisdiction="430503100000") == set()
    assert titles(jurisdiction=CODE, q="学区") == {"关于强化学区划分管理的通知"}  # never the hidden 学区 records
    assert client.get("/api/v1/records", {"domain": "no-such"}).status_code == 404
    assert client.get("/api/v1/records", {"item": "0" * 32}).status_code == 404
    assert client.get("/api/v1/records", {"published_from": "2020-13-01"}).status_code == 422
    # The calendar's ends are open ends (a local midnight on 0001-01-01 is before any UTC moment; 9999-12-31
    # has no next day): they were server errors.
    everything = titles()
    assert titles(published_from="0001-01-01") == titles(published_to="9999-12-31") == everything
    assert titles(published_from="0001-01-02", published_to="9999-12-30") == everything
    assert titles(published_from="9999-12-31") == titles(published_to="0001-01-01") == set()


def test_search_pages_by_cursor(client, records):
    for i in range(3):
        make_record(records["unit"], [records["items"][0]], title=f"学区调整{i}")
    hits, pages = walk(client, "/api/v1/search", {"q": "学区", "limit": 2})
    assert len(hits) == 4 and pages == 2 and all(h["kind"] == "record" for h in hits)
    assert not any("隐藏" in h["title"] for h in hits)
    assert client.get("/api/v1/search").status_code == 422


def test_search_pages_end_with_the_ranked_candidates(client, records, monkeypatch):
    """Pages reach the ranked candidates only (search.backends.CANDIDATES); past them `next` is null, never the
    same cursor again, and the total says whether it is exact."""
    from gongkai.search import backends

    monkeypatch.setattr(backends, "CANDIDATES", 3)
    for i in range(5):
        make_record(records["unit"], [records["items"][0]], title=f"学区调整{i}")
    hits, pages = walk(client, "/api/v1/search", {"q": "学区调整", "limit": 2})
    assert len(hits) == 3 and pages == 2
    first = client.get("/api/v1/search", {"q": "学区调整", "limit": 2}).json()
    assert first["total"] == 5 and first["total_exact"] is True


def test_record_detail_has_masked_entries_and_public_copies(client, records):
    record = records["public"]
    attachment = add_attachment(record, "名单.pdf")
    add_attachment(record, "原件.pdf", public=False)
    Entry.objects.create(item=records["items"][0], record=record, unit=records["unit"],
                         values={"学校名称": "第一小学", "学区范围": "城南", "联系电话": "13812345678"})
    body = client.get(f"/api/v1/records/{record.pk}").json()
    assert body["title"] == "关于强化学区划分管理的通知" and "学区划分管理" in body["body"]
    assert [a["name"] for a in body["attachments"]] == ["名单.pdf"]
    assert body["attachments"][0]["url"].endswith(f"/a/{attachment.pk}/")
    assert client.get(body["attachments"][0]["url"]).status_code == 200
    assert {"学校名称", "学区范围"} <= set(body["entries"]["columns"])  # (jsonb keeps its own key order)
    assert "13812345678" not in str(body["entries"])
    for hidden in records["hidden"].values():
        assert client.get(f"/api/v1/records/{hidden.pk}").status_code == 404


def test_every_get_has_an_etag_and_304(client, records):
    for url in (f"/api/v1/records/{records['public'].pk}", "/api/v1/records", "/api/v1/openapi.json",
                f"/api/v1/jurisdictions/{CODE}/catalog"):
        response = client.get(url)
        etag = response["ETag"]
        assert etag and response.status_code == 200
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"", url
    record = client.get(f"/api/v1/records/{records['public'].pk}")
    assert client.get(f"/api/v1/records/{records['public'].pk}",
                      HTTP_IF_MODIFIED_SINCE=record["Last-Modified"]).status_code == 304


def test_head_answers_like_the_get_without_a_body(client, records):
    """A link checker's or a proxy's HEAD: the GET's status, ETag, Content-Length and Cache-Control, no body; a
    HEAD with the ETag gets its 304; other methods stay a JSON 405; a HEAD of nothing is a 404."""
    for url in ("/api/v1/records", f"/api/v1/records/{records['public'].pk}", "/api/v1/openapi.json"):
        got, head = client.get(url), client.head(url)
        assert head.status_code == 200 and head.content == b"", url
        for header in ("ETag", "Cache-Control", "Content-Type"):
            assert head[header] == got[header], (url, header)
        assert head["Content-Length"] == str(len(got.content))
        assert client.head(url, HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304
    refused = client.delete("/api/v1/records")
    assert refused.status_code == 405 and refused.json()["error"]["code"] == "method_not_allowed"
    assert client.head("/api/v1/records/999999").status_code == 404


def test_rate_limit_answers_429_in_the_error_format(client, records, settings):
    settings.GONGKAI_API_RATE_PER_IP = 3
    cache.clear()
    statuses = [client.get("/api/v1/records").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/records")
    assert response.json()["error"]["code"] == "too_many_requests" and int(response["Retry-After"]) > 0


def _grow(records, n):
    for i in range(n):
        record = make_record(records["unit"], [records["items"][0], records["items"][2]], title=f"学区调整{i}",
                             summary="学区")
        add_attachment(record, f"名单{i}.pdf")
        add_attachment(records["public"], f"附件{i}.pdf")
        Entry.objects.create(item=records["items"][0], record=records["public"], unit=records["unit"],
                             values={"学校名称": f"第{i}小学", "学区范围": "城南"})


BOUNDS = {
    "/api/v1/records?limit=100": 4,
    f"/api/v1/records?jurisdiction={CODE}&domain=yiwu-jiaoyu&limit=100": 5,
    f"/api/v1/records?jurisdiction={CODE}&q=学区&limit=100": 11,  # PostgreSQL's search takes two more
    "/api/v1/search?q=学区&limit=100": 6,
    "/api/v1/jurisdictions": 2,
    f"/api/v1/jurisdictions/{CODE}": 4,
    f"/api/v1/jurisdictions/{CODE}/catalog": 6,
    f"/api/v1/jurisdictions/{CODE}/catalog/items?limit=100": 4,
    f"/api/v1/jurisdictions/{CODE}/map": 6,
    "/api/v1/domains": 2,
    "RECORD": 6,
}


@pytest.mark.parametrize("url", list(BOUNDS))
def test_query_counts_do_not_grow_with_the_data(client, records, url):
    """5 and then 50 more records (each with an attachment, and the measured record's entries and
    attachments growing alike): the same number of queries, under the bound."""
    target = f"/api/v1/records/{records['public'].pk}" if url == "RECORD" else url
    counts = []
    for n in (5, 45):
        _grow(records, n)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(target)
        assert response.status_code == 200, response.content
        counts.append(len(context))
    assert counts[0] == counts[1], f"{url}: {counts}"
    assert counts[1] <= BOUNDS[url], f"{url}: {counts[1]} queries"


def _grow_columns(records, n, start):
    from django.utils import timezone

    from gongkai.columns.models import RulesDocument
    from gongkai.interaction.models import Concern, ConcernResponse, Message
    from tests.factories import (
        AnnualReportFactory,
        ConsultationCommentFactory,
        ConsultationFactory,
        service_guide,
    )

    now = timezone.now()
    for i in range(start, start + n):
        AnnualReportFactory(unit=records["unit"], year=1900 + i, status="published", published_at=now)
        ConsultationFactory(unit=records["unit"])
        ConsultationCommentFactory(consultation=records["consultation"], status="approved", reply="已采纳")
        Message.objects.create(
            jurisdiction=records["county"], unit=records["unit"], subject=f"咨询{i}", body="正文", writer_name="张某某",
            received_at=now, received_on=now.date(), due_on=now.date(), status="published", public_subject=f"咨询{i}",
            public_body="正文", answer="答复", answered_at=now, published_at=now)
        make_record(records["unit"], [records["items"][0]], title=f"草稿{i}", status="draft", public=False)
        concern = Concern.objects.create(jurisdiction=records["county"], unit=records["unit"], title=f"关切{i}",
                                         arose_at=now, level="general")
        ConcernResponse.objects.create(concern=concern, kind="statement", responded_at=now, channel="门户网站",
                                       content="回应")
        RulesDocument.objects.create(jurisdiction=records["county"], title=f"制度{i}", issued_on=now.date())
        service_guide(records["items"][0], name=f"办事指南{i}")


COLUMN_BOUNDS = {
    "reports": 3, "messages": 3, "consultations": 3, "consultation": 4, "staff_records": 4, "staff_requests": 4,
    "concerns": 3, "rules": 2, "services": 2,
}


@pytest.mark.parametrize("name", list(COLUMN_BOUNDS))
def test_query_counts_of_the_columns_and_staff_do_not_grow(client, records, name):
    from gongkai.accounts import tokens
    from tests.factories import ConsultationFactory

    records["consultation"] = ConsultationFactory(unit=records["unit"])
    raw = tokens.api_token_create(actor=records["publisher"], owner=records["publisher"], name="平台").raw
    urls = {
        "reports": f"/api/v1/jurisdictions/{CODE}/reports?limit=100",
        "messages": f"/api/v1/jurisdictions/{CODE}/messages?limit=100",
        "consultations": f"/api/v1/jurisdictions/{CODE}/consultations?limit=100",
        "consultation": f"/api/v1/jurisdictions/{CODE}/consultations/{records['consultation'].pk}",
        "staff_records": "/api/v1/staff/records?limit=100",
        "staff_requests": "/api/v1/staff/requests",
        "concerns": f"/api/v1/jurisdictions/{CODE}/concerns?limit=100",
        "rules": f"/api/v1/jurisdictions/{CODE}/rules?limit=100",
        "services": f"/api/v1/jurisdictions/{CODE}/services?limit=100",
    }
    counts = []
    for start, n in ((0, 5), (5, 45)):
        _grow_columns(records, n, start)
        cache.clear()
        client.get(urls[name], HTTP_AUTHORIZATION=f"Bearer {raw}")  # the token's last use is written once
        with CaptureQueriesContext(connection) as context:
            response = client.get(urls[name], HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200, response.content
        counts.append(len(context))
    assert counts[0] == counts[1], f"{name}: {counts}"
    assert counts[1] <= COLUMN_BOUNDS[name], f"{name}: {counts[1]} queries"
    if name != "staff_requests":
        body = response.json()
        assert len(body.get("items", body.get("comments", []))) >= 50


def test_a_records_items_are_listed_in_the_catalogs_order(client, records):
    """The list reads every record's item keys in one query (routes_records._item_keys): in the items' own order,
    the same as the record's own endpoint."""
    record = make_record(records["unit"], [records["items"][4], records["items"][0]], title="两个事项的信息")
    expected = [str(item.key) for item in record.items.all()]
    assert len(expected) == 2 and expected[0] == str(records["items"][0].key)
    listed = {row["id"]: row["items"] for row in client.get("/api/v1/records", {"limit": 100}).json()["items"]}
    assert listed[record.pk] == expected
    assert listed[records["public"].pk] == [str(records["items"][0].key)]
    assert client.get(f"/api/v1/records/{record.pk}").json()["items"] == expected


def test_the_whole_list_is_compiled_and_pages_as_the_filtered_list_does(client, records):
    """The list without filters reads through its compiled statement (core.compiled, learnt on this database); its
    pages are those Django's own evaluation gives (compiled.ordinary), and the same records, rows and cursors as the
    list read the ordinary way with a filter that keeps every record (published since 2000), for every page size."""
    from gongkai.core import compiled

    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for i in range(23):  # some published at the same moment: the id breaks the tie across pages
        make_record(records["unit"], [records["items"][i % 5]], title=f"汇总通知{i}",
                    published_at=moment + dt.timedelta(days=i // 3))
    sizes = (1, 2, 20, 21, 100)
    walked = {size: walk(client, "/api/v1/records", {"limit": size})[0] for size in sizes}
    with compiled.ordinary():
        assert {size: walk(client, "/api/v1/records", {"limit": size})[0] for size in sizes} == walked
    for size in sizes:
        assert walk(client, "/api/v1/records", {"limit": size, "published_from": "2000-01-01"})[0] == walked[size]
        assert len(walked[size]) == 25
    first = client.get("/api/v1/records", {"limit": 3}).json()
    assert client.get("/api/v1/records", {"limit": 3, "published_from": "2000-01-01"}).json() == first
    for name in ("API：政府信息列表", "API：政府信息的事项标识"):
        forms = compiled.SHAPES[name].forms()
        assert forms and all(forms.values()), (name, forms)
    row = walked[20][0]
    assert row["url"] == f"/j/{CODE}/r/{row['index_number']}/" and row["attribute"] == "主动公开"


def test_a_bad_cursor_of_the_whole_list_is_a_400_in_the_error_format(client, records):
    import base64
    import json

    def cursor(values) -> str:
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    for bad in ("!!!", "e30", cursor([["i", 1]]), cursor([["i", 1], ["i", 2]]), cursor([["s", "x"], ["i", 2]])):
        response = client.get("/api/v1/records", {"cursor": bad})
        assert response.status_code == 400, bad
        assert response.json()["error"]["code"] == "bad_cursor"


def test_a_record_without_an_index_number_is_listed_and_shown_at_its_id(client, records):
    """A public record with no 索引号 (an imported one, say) has the portal's address by its id, in the list, the
    search, the record and its attachments' addresses: no server error."""
    from gongkai.publishing.models import Record

    record = make_record(records["unit"], [records["items"][0]], title="没有索引号的通知")
    attachment = add_attachment(record, "名单.pdf")
    Record.objects.filter(pk=record.pk).update(index_number="")
    expected = f"/j/{CODE}/r/{record.pk}/"
    listed = {row["id"]: row for row in client.get("/api/v1/records", {"limit": 100}).json()["items"]}
    assert listed[record.pk]["url"] == expected and listed[record.pk]["index_number"] == ""
    filtered = client.get("/api/v1/records", {"jurisdiction": CODE, "limit": 100}).json()["items"]
    assert expected in [row["url"] for row in filtered]
    detail = client.get(f"/api/v1/records/{record.pk}")
    assert detail.status_code == 200
    assert detail.json()["url"] == expected
    assert detail.json()["attachments"][0]["url"] == f"{expected}a/{attachment.pk}/"
    assert client.get(expected).status_code == 200
    assert client.get(detail.json()["attachments"][0]["url"]).status_code == 200


def test_every_page_size_shares_a_few_compiled_statements(client, records):
    """The whole list's statement is kept per page-size bucket (1, 20, 100), not per size: a client trying every size
    cannot push the common ones out of the table of compiled forms."""
    from gongkai.core import compiled

    for i in range(3):
        make_record(records["unit"], [records["items"][0]], title=f"分桶通知{i}")
    before = set(compiled.SHAPES["API：政府信息列表"].forms())
    for size in range(1, 101):
        first = client.get("/api/v1/records", {"limit": size}).json()
        assert len(first["items"]) == min(size, 5)
        if first["next"]:
            assert client.get("/api/v1/records", {"limit": size, "cursor": first["next"]}).status_code == 200
    forms = set(compiled.SHAPES["API：政府信息列表"].forms()) - before
    assert len({fixed for _alias, _lengths, fixed in forms}) <= 3
