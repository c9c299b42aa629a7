"""Every public page makes a bounded number of queries, the same with a few records as with many: no page,
feed or API call does one query per record, per attachment, per entry, per item or per jurisdiction.

Each page is measured uncached (the page cache is emptied first) at two data sizes; the count must not
grow, and must stay under the page's bound."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.organizations.models import JurisdictionLevel
from gongkai.publishing.models import Entry, Interpretation
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    JurisdictionFactory,
    add_attachment,
    make_record,
)

# Publishing's services index on commit; these tests read the index right after a service.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"
_villages = itertools.count(1)

# page → the most queries it may make uncached (today's count and a little room; the page frame, the
# header and footer, takes about eight of them)
BOUNDS = {
    "home": 5,
    "jurisdiction": 19,  # +3: the 高频事项 (the marks, the view counters, the marks' stamp in the cache key)
    "domain": 16,
    "item": 13,
    "record": 13,
    "search": 18,  # PostgreSQL's search page takes more queries than SQLite's (its backend, the words of a query)
    "latest": 11,
    "feed_rss": 4,
    "feed_json": 4,
    "feed_domain_rss": 6,
    "feed_unit_json": 4,
    "sitemap": 12,  # +4: the 政府信息公开 column (guides, 制度 lists and documents, 法定主动公开内容)
    "api_list": 7,
    "api_search": 12,
    "api_detail": 5,
}


def _urls(records) -> dict[str, str]:
    return {
        "home": reverse("portal:home"),
        "jurisdiction": reverse("portal:jurisdiction", kwargs={"code": CODE}),
        "domain": reverse("portal:domain", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        "item": reverse("portal:item", kwargs={"code": CODE, "key": records["items"][0].key}),
        "record": reverse("portal:record", kwargs={"code": CODE, "ref": records["public"].index_number}),
        "search": reverse("portal:search") + f"?q=学区&j={CODE}",
        "latest": reverse("portal:latest", kwargs={"code": CODE}),
        "feed_rss": reverse("portal:feed_jurisdiction_rss", kwargs={"code": CODE}),
        "feed_json": reverse("portal:feed_jurisdiction_json", kwargs={"code": CODE}),
        "feed_domain_rss": reverse("portal:feed_domain_rss", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        "feed_unit_json": reverse("portal:feed_unit_json", kwargs={"handle": records["unit"].handle}),
        "sitemap": reverse("portal:sitemap"),
        "api_list": f"/api/v1/records?jurisdiction={CODE}&domain=yiwu-jiaoyu",
        "api_search": f"/api/v1/records?jurisdiction={CODE}&q=学区",
        "api_detail": f"/api/v1/records/{records['public'].pk}",
    }


def _grow(records, n: int) -> list[str]:
    """n more of everything a page could be tempted to query one by one: records filed under two items
    with an attachment and an interpretation, 依申请公开 titles shown, entries and attachments of the
    measured record, villages with published catalogs (the map, the sitemap)."""
    unit, items = records["unit"], records["items"]
    villages = []
    for i in range(n):
        record = make_record(unit, [items[0], items[2]], title=f"学区调整通知第{i}号", summary="学区",
                             keywords="学区 招生")
        add_attachment(record, f"名单{i}.pdf")
        Interpretation.objects.create(record=record, kind="text", title=f"解读{i}", body="解读",
                                      published_at=record.published_at)
        titled = make_record(unit, [items[0]], title=f"学区论证纪要第{i}号", attribute="on_request")
        titled.show_title_publicly = True
        titled.save()
        Entry.objects.create(item=items[0], record=records["public"], unit=unit,
                             values={"学校名称": f"第{i}小学", "学区范围": "城南"})
        add_attachment(records["public"], f"附件{i}.pdf")
        number = next(_villages)
        village = JurisdictionFactory(code=f"430503100{number:03d}", name=f"测试{number}村",
                                      level=JurisdictionLevel.VILLAGE, parent=records["town"])
        version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=village, title=f"测试{number}村目录"),
                                        status="published")
        CatalogItemFactory(version=version, domain=records["relief"], topic="低保", name="低保名单公示")
        villages.append(village.name)
    return villages


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


@pytest.fixture
def second_county(records):
    """A second county with a published catalog, so that the site's home is the list of jurisdictions."""
    county = records["other_county"]
    version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=county, title="双清区目录"),
                                    status="published")
    CatalogItemFactory(version=version, domain=records["relief"], topic="低保", name="低保名单公示")
    return county


@pytest.mark.parametrize("page", list(BOUNDS))
def test_page_queries_are_bounded_and_do_not_grow_with_the_data(client, records, second_county, page):
    url = _urls(records)[page]
    _grow(records, 2)
    small = _queries(client, url)
    _grow(records, 12)
    large = _queries(client, url)
    assert large == small, f"{page}: {small} queries with few records, {large} with more"
    assert large <= BOUNDS[page], f"{page}: {large} queries, bound {BOUNDS[page]}"


def test_the_measured_pages_show_the_grown_data(client, records, second_county):
    """The measure is of real pages: the lists are full, the record shows its attachments and entries."""
    villages = _grow(records, 3)
    urls = _urls(records)
    assert "学区调整通知第2号" in client.get(urls["latest"]).content.decode()
    assert "学区论证纪要第2号" in client.get(urls["item"]).content.decode()
    record_page = client.get(urls["record"]).content.decode()
    assert "附件2.pdf" in record_page and "第2小学" in record_page
    assert "学区调整通知第2号" in client.get(urls["feed_rss"]).content.decode()
    town_page = client.get(reverse("portal:jurisdiction", kwargs={"code": "430503100000"})).content.decode()
    assert all(name in town_page for name in villages)
    sitemap = client.get(urls["sitemap"]).content.decode()
    assert all(f"/j/{code}/d/shehui-jiuzhu/" in sitemap for code in ("430503000000", "430502000000"))
