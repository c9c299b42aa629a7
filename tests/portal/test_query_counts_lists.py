"""The record lists, the item page, the domain column, the record page and the feeds make the same small
number of queries with 5 public records as with 50 (issue 13: no work proportional to the records)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.core import keyset
from gongkai.core.paging import CappedPaginator
from gongkai.portal import selectors_records
from gongkai.portal.feeds import FEED_SIZE
from gongkai.publishing import selectors
from gongkai.publishing.models import Record
from tests.bulk_records import bulk_public_records
from tests.portal.test_query_counts import _queries

pytestmark = pytest.mark.django_db
CODE = "430503000000"

# page → the most queries it may make uncached, at 5 records and at 50
BOUNDS = {
    "latest": 9,
    "item": 13,
    "domain": 16,
    "record": 12,
    "feed_rss": 3,
    "feed_json": 3,
    "feed_rss_older": 3,
    "feed_domain_json": 5,
    "feed_unit_rss": 3,
}


def _public_count() -> int:
    return Record.objects.filter(status="published", disclosure_attribute="proactive").count()


def _grow_to(records, n: int) -> None:
    """At least n public records of the county's education unit, filed under the measured item (the item,
    the domain column, every feed)."""
    while _public_count() < n:
        bulk_public_records([records["unit"]], [records["items"][0]], n - _public_count() + 2,
                            seed=_public_count())


def _url(records, page: str) -> str:
    if page == "feed_rss_older":
        first = Record.objects.filter(status="published", disclosure_attribute="proactive").order_by(
            "-published_at", "-id").first()
        return reverse("portal:feed_jurisdiction_rss", kwargs={"code": CODE}) + "?before=" + keyset.cursor_of(
            first, ("-published_at", "-id"))
    return {
        "latest": reverse("portal:latest", kwargs={"code": CODE}),
        "item": reverse("portal:item", kwargs={"code": CODE, "key": records["items"][0].key}),
        "domain": reverse("portal:domain", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        "record": reverse("portal:record", kwargs={"code": CODE, "ref": records["public"].index_number}),
        "feed_rss": reverse("portal:feed_jurisdiction_rss", kwargs={"code": CODE}),
        "feed_json": reverse("portal:feed_jurisdiction_json", kwargs={"code": CODE}),
        "feed_domain_json": reverse("portal:feed_domain_json", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        "feed_unit_rss": reverse("portal:feed_unit_rss", kwargs={"handle": records["unit"].handle}),
    }[page]


@pytest.mark.parametrize("page", list(BOUNDS))
def test_queries_are_the_same_at_5_and_at_50_records(client, records, page, django_assert_max_num_queries):
    _grow_to(records, 5)
    small = _queries(client, _url(records, page))
    _grow_to(records, 50)
    assert _public_count() >= 50
    cache.clear()
    with django_assert_max_num_queries(BOUNDS[page]):
        assert client.get(_url(records, page)).status_code == 200
    large = _queries(client, _url(records, page))
    assert large == small, f"{page}: {small} queries at 5 records, {large} at 50"


def test_the_feeds_page_50_at_a_time_with_a_next_link(client, records):
    _grow_to(records, FEED_SIZE + 10)
    feed = reverse("portal:feed_jurisdiction_json", kwargs={"code": CODE})
    first = client.get(feed).json()
    assert len(first["items"]) == FEED_SIZE and first["next_url"].startswith("http://testserver" + feed + "?before=")
    second = client.get(first["next_url"]).json()
    assert "next_url" not in second
    ids = [i["id"] for i in first["items"] + second["items"]]
    public = Record.objects.filter(unit__jurisdiction=records["county"], status="published",
                                   disclosure_attribute="proactive").order_by("-published_at", "-id")
    assert ids == [f"record-{pk}" for pk in public.values_list("pk", flat=True)]
    rss = client.get(reverse("portal:feed_jurisdiction_rss", kwargs={"code": CODE})).content.decode()
    assert re.search(r'<atom:link href="http://testserver/feeds/j/430503000000\.rss\?before=[-\w]+" rel="next"/>', rss)
    assert rss.count("<item>") == FEED_SIZE


@pytest.mark.parametrize("feed", ["portal:feed_jurisdiction_rss", "portal:feed_jurisdiction_json"])
@pytest.mark.parametrize("before", ["nonsense", "eyJ4IjoxfQ", "W1siaSIsMV1d"])  # garbage, a dict, one int
def test_a_bad_cursor_is_a_400_in_chinese_not_a_500(client, records, feed, before):
    response = client.get(reverse(feed, kwargs={"code": CODE}) + f"?before={before}")
    assert response.status_code == 400
    assert "翻页参数无效" in response.content.decode()


def test_the_count_of_an_item_or_domain_counts_the_records_its_list_shows(records):
    """The count (ids only, no order, no joins for the columns) finds the same records the pages list."""
    _grow_to(records, 8)
    item, version, domain = records["items"][0], records["version"], records["education"]
    for listed in (selectors_records.records_of_item(item), selectors.published_records(domain=domain, version=version)):
        ids = list(listed.values_list("pk", flat=True))
        paginator = CappedPaginator(listed, 3)
        shown = [r.pk for n in paginator.page_range for r in paginator.page(n).object_list]
        assert len(ids) >= 8 and paginator.count == len(ids) and sorted(shown) == sorted(ids)


@pytest.mark.parametrize("ref", ["JIAOYU980101/2025-00027", "大祥区教育局/2024-0001", "a b%20c", "（2024）第1号", "x~y:z@w",
                                 "!$&'()*+,;=", "中文〔2023〕15号", "17"])
def test_record_urls_are_record_url_for_any_reference(records, ref):
    """The list pages' addresses (indexing.record_urls, one reverse per jurisdiction) are the very strings
    record_url gives (one reverse per record), whatever the index number holds."""
    from gongkai.publishing.indexing import record_url, record_urls

    record = records["public"]
    record.index_number = "" if ref == "17" else ref
    assert record_urls([record, record]) == [record_url(record)] * 2
