"""The city page /j/CITY/: the city's counties with their published catalogs (links to each county's column)
and the city's reference catalog when published; bounded queries (issue 14)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog.models import Tier
from gongkai.organizations.models import JurisdictionLevel
from tests.factories import CatalogFactory, CatalogItemFactory, CatalogVersionFactory, JurisdictionFactory

pytestmark = pytest.mark.django_db
CITY = "430500000000"


@pytest.fixture
def reference(portal):
    catalog = CatalogFactory(jurisdiction=portal["city"], tier=Tier.COUNTY, is_reference=True,
                             title="邵阳市基层政务公开事项参考目录")
    version = CatalogVersionFactory(catalog=catalog, label="2020版", year=2020, status="published",
                                    decided_by=portal["approver"])
    CatalogItemFactory(version=version, domain=portal["relief"], topic="临时救助", name="临时救助对象名单", order=1,
                       time_limit="每季度公开一次")
    CatalogItemFactory(version=version, domain=portal["education"], topic="招生管理", name="招生范围", order=2)
    CatalogItemFactory(version=version, domain=portal["education"], topic="招生管理", name="不适用的事项", order=3,
                       applicable=False, not_applicable_reason="演示")
    return version


def _page(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_city_page_lists_its_counties_and_links_each_published_one(client, portal):
    page = _page(client, f"/j/{CITY}/")
    assert "邵阳市基层政务公开" in page
    assert f'href="/j/{portal["county"].code}/"' in page and "大祥区基层政务公开标准目录（2021版）" in page
    assert "双清区" in page and "公开事项目录尚未发布" in page
    assert f'href="/j/{portal["other_county"].code}/"' not in page
    assert "参考目录尚未发布" in page


def test_the_city_page_shows_the_published_reference_and_no_person(client, portal, reference):
    page = _page(client, f"/j/{CITY}/")
    assert "邵阳市基层政务公开事项参考目录" in page and "临时救助对象名单" in page and "每季度公开一次" in page
    assert "不适用的事项" not in page
    assert "经邵阳市审批" in page
    for private in ("张审批", "shenpi_zhang", "13812345678", "zhang.shenpi@example.com"):
        assert private not in page


def test_a_draft_reference_is_not_shown(client, portal, reference):
    reference.status = "draft"
    reference.save(update_fields=["status"])
    page = _page(client, f"/j/{CITY}/")
    assert "临时救助对象名单" not in page and "参考目录尚未发布" in page


def test_every_link_of_the_city_page_answers(client, portal, reference):
    page = _page(client, f"/j/{CITY}/")
    for href in set(re.findall(r'href="(/[^"#?]*)', page)):
        if href.startswith("/static/"):
            continue
        assert client.get(href).status_code in (200, 302), href


def test_a_county_taken_from_the_reference_says_so_and_links_the_city(client, portal, reference):
    portal["version"].reference_version = reference
    portal["version"].save(update_fields=["reference_version"])
    city = _page(client, f"/j/{CITY}/")
    assert "以邵阳市参考目录（2020版）为基础" in city
    county = _page(client, f"/j/{portal['county'].code}/")
    assert f'href="/j/{CITY}/"' in county and "邵阳市参考目录</a>（2020版）为基础" in county


def test_a_city_with_nothing_published_below_it_is_not_found(client, portal):
    other = JurisdictionFactory(code="430400000000", name="衡阳市", level=JurisdictionLevel.CITY,
                                parent=portal["province"])
    JurisdictionFactory(code="430405000000", name="珠晖区", level=JurisdictionLevel.COUNTY, parent=other)
    response = client.get(f"/j/{other.code}/")
    assert response.status_code == 404
    assert "衡阳市所辖县（市、区）的公开事项目录尚未发布" in response.content.decode()


def test_the_city_page_makes_the_same_queries_with_more_counties(client, portal, reference):
    url = reverse("portal:jurisdiction", args=[CITY])

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(3):
        county = JurisdictionFactory(code=f"43052{n}000000", name=f"测试县{n}", level=JurisdictionLevel.COUNTY,
                                     parent=portal["city"])
        version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=county), status="published",
                                        reference_version=reference)
        CatalogItemFactory(version=version, domain=portal["relief"])
        CatalogItemFactory(version=reference, domain=portal["relief"], order=10 + n)
    assert count() == few <= 12
