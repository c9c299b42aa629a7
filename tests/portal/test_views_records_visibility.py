"""Unpublished and 不予公开 records are absent from every public surface (《条例》第十四至十六条; issue 3)."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from gongkai.search import services as search
from gongkai.search.models import SearchDocument

# Publishing's services index on commit; these tests read the index right after a service.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"


def _surfaces(client, records):
    """The text of every public surface that lists records."""
    item = records["items"][0]
    urls = [
        reverse("portal:item", kwargs={"code": CODE, "key": item.key}),
        reverse("portal:latest", kwargs={"code": CODE}),
        reverse("portal:domain", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        reverse("portal:search") + "?q=学区",
        reverse("portal:search") + f"?q=学区&j={CODE}",
        reverse("portal:feed_jurisdiction_rss", kwargs={"code": CODE}),
        reverse("portal:feed_jurisdiction_json", kwargs={"code": CODE}),
        reverse("portal:feed_domain_rss", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        reverse("portal:feed_domain_json", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"}),
        reverse("portal:feed_unit_rss", kwargs={"handle": records["unit"].handle}),
        reverse("portal:feed_unit_json", kwargs={"handle": records["unit"].handle}),
        reverse("portal:sitemap"),
        "/api/v1/records",
        f"/api/v1/records?jurisdiction={CODE}&q=学区",
    ]
    out = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = response.content.decode()
    return out


def test_unpublished_and_withheld_records_absent_from_every_public_surface(client, records):
    """《条例》第十四条至第十六条: 不予公开 information and information not yet published never reach the
    public: pages, item lists, latest, domain column, search, feeds, sitemap, API."""
    pages = _surfaces(client, records)
    for url, text in pages.items():
        if "sitemap" not in url:
            assert "关于强化学区划分管理的通知" in text, url
        for state, record in records["hidden"].items():
            assert record.title not in text, (state, url)
            assert record.index_number not in text, (state, url)
    sitemap = pages[reverse("portal:sitemap")]
    assert records["public"].index_number in sitemap


def test_hidden_record_pages_are_404(client, records):
    for state, record in records["hidden"].items():
        for ref in (record.index_number, str(record.pk)):
            response = client.get(reverse("portal:record", kwargs={"code": CODE, "ref": ref}))
            assert response.status_code == 404, state
            assert record.title not in response.content.decode()
        assert client.get(f"/api/v1/records/{record.pk}").status_code == 404


def test_search_index_holds_only_public_records(records):
    indexed = set(SearchDocument.objects.values_list("object_id", flat=True))
    assert indexed == {str(records["public"].pk), str(records["relief_public"].pk)}
    assert [d.object_id for d in search.search("隐藏信息")] == []


def test_record_of_another_jurisdiction_is_not_found_under_this_one(client, records):
    response = client.get(reverse("portal:record", kwargs={"code": "430502000000",
                                                           "ref": records["public"].index_number}))
    assert response.status_code == 404


def test_feeds_are_valid(client, records):
    rss = client.get(reverse("portal:feed_jurisdiction_rss", kwargs={"code": CODE}))
    assert rss["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(rss.content)
    titles = [e.text for e in root.iter("title")]
    assert "关于强化学区划分管理的通知" in titles
    feed = json.loads(client.get(reverse("portal:feed_jurisdiction_json", kwargs={"code": CODE})).content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {"title", "home_page_url", "feed_url", "items"} <= set(feed)
    for item in feed["items"]:
        assert {"id", "url", "title", "content_text", "date_published"} <= set(item)
        assert item["url"].startswith("http")
    sitemap = ET.fromstring(client.get(reverse("portal:sitemap")).content)
    assert sitemap.tag.endswith("urlset")


def test_unknown_feed_targets_are_404(client, records):
    assert client.get("/feeds/j/999999999999.rss").status_code == 404
    assert client.get("/feeds/u/nobody@nowhere.json").status_code == 404
    assert client.get(f"/feeds/j/{CODE}/d/no-such-domain.rss").status_code == 404
