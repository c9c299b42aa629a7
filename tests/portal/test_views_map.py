"""The disclosure map (公开地图, /j/<code>/map/): the county's townships and streets, each leading to its own
catalog and column with its counts; a list without JavaScript, shapes for Leaflet when uploaded."""

import datetime as dt
import itertools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.organizations import services as org_services
from gongkai.organizations.models import JurisdictionLevel
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    JurisdictionFactory,
    UnitFactory,
    make_record,
)

pytestmark = pytest.mark.django_db
CODE = "430503000000"
SQUARE = [[111.4, 27.2], [111.5, 27.2], [111.5, 27.3], [111.4, 27.3], [111.4, 27.2]]
_places = itertools.count(20)


def map_url(code=CODE) -> str:
    return reverse("portal:map", kwargs={"code": code})


def tile(body: str, code: str) -> str:
    start = body.index(f'data-code="{code}"')
    return body[start:body.index("</li>", start)]


@pytest.fixture
def town_records(portal):
    """罗市镇's own records (two public, one draft) and a village record below it; a withdrawn one never counts."""
    town_unit = UnitFactory(jurisdiction=portal["town"], name="罗市镇人民政府", handle="lsz@dxjczw")
    item = portal["town_version"].items.first()
    newest = timezone.make_aware(dt.datetime(2026, 3, 5, 10, 0))
    make_record(town_unit, [item], title="罗市镇低保名单公示（一月）", published_at=newest - dt.timedelta(days=30))
    make_record(town_unit, [item], title="罗市镇低保名单公示（二月）", published_at=newest)
    make_record(town_unit, [item], title="罗市镇低保名单草稿", status="draft", public=False)
    village = JurisdictionFactory(code="430503100201", name="罗市村", level=JurisdictionLevel.VILLAGE,
                                  parent=portal["town"])
    make_record(UnitFactory(jurisdiction=village, name="罗市村村民委员会", handle="lsc@dxjczw"), [],
                title="罗市村村务公开", published_at=newest - dt.timedelta(days=60))
    return portal


def test_the_map_lists_each_township_with_its_counts_and_links(client, town_records):
    body = client.get(map_url()).content.decode()
    town = tile(body, "430503100000")
    assert "罗市镇" in town
    assert 'data-count="items">1 项' in town
    assert 'data-count="records">3 条' in town  # its own two public records and its village's, not the draft
    assert "2026-03-05" in town
    assert reverse("portal:catalog", kwargs={"code": "430503100000"}) in town
    assert reverse("portal:jurisdiction", kwargs={"code": "430503100000"}) in town
    street = tile(body, "430503001000")
    assert 'data-count="records">0 条' in street and "2021-07-12" in street  # its catalog's publication


def test_a_township_without_a_published_catalog_is_listed_without_a_link(client, portal):
    JurisdictionFactory(code="430503202000", name="蔡锷乡", level=JurisdictionLevel.TOWNSHIP, parent=portal["county"])
    body = client.get(map_url()).content.decode()
    place = tile(body, "430503202000")
    assert "蔡锷乡" in place and "公开事项目录尚未发布" in place and "href" not in place
    assert "3 个乡镇（街道），其中 2 个已发布" in body


def test_without_shapes_the_page_is_the_list_only_and_loads_no_script(client, portal):
    body = client.get(map_url()).content.decode()
    assert "portal-map-canvas" not in body and "leaflet.js" not in body and "portal-map.js" not in body
    assert "<script>" not in body and "style=" not in body  # the CSP: no inline scripts or styles


def test_with_shapes_the_page_loads_leaflet_and_the_features_carry_counts_and_addresses(client, town_records):
    content = json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).encode()
    org_services.boundary_set(actor=None, jurisdiction=town_records["town"], content=content)
    body = client.get(map_url()).content.decode()
    assert "portal-map-canvas" in body and "dist/leaflet.js" in body and "gongkai/portal-map.js" in body
    assert 'data-count="records">3 条' in tile(body, "430503100000")  # the list stays, same counts
    response = client.get(reverse("portal:map_features", kwargs={"code": CODE}))
    assert response["Content-Type"].startswith("application/geo+json")
    features = json.loads(response.content)["features"]
    assert len(features) == 1
    assert features[0]["properties"] == {
        "code": "430503100000", "name": "罗市镇", "published": True, "items": 1, "records": 3,
        "last_update": "2026-03-05", "home": "/j/430503100000/", "catalog": "/j/430503100000/catalog/"}


def test_the_jurisdiction_home_links_to_the_map(client, portal):
    body = client.get(reverse("portal:jurisdiction", kwargs={"code": CODE})).content.decode()
    assert map_url() in body


@pytest.mark.parametrize("code", ["430503999999", "430502000000"])
def test_an_unknown_or_unpublished_jurisdiction_has_no_map(client, portal, code):
    assert client.get(map_url(code)).status_code == 404
    assert client.get(reverse("portal:map_features", kwargs={"code": code})).status_code == 404


def test_the_map_of_a_township_lists_its_villages(client, town_records):
    body = client.get(map_url("430503100000")).content.decode()
    assert "罗市村" in body and 'data-count="records">1 条' in tile(body, "430503100201")


def _grow(portal, n: int) -> None:
    """n more townships, each with a published catalog, items, public records and a shape."""
    content = json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).encode()
    for _ in range(n):
        number = next(_places)
        town = JurisdictionFactory(code=f"430503{number:03d}000", name=f"测试{number}街道",
                                   level=JurisdictionLevel.TOWNSHIP, parent=portal["county"])
        version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=town, tier="township"),
                                        status="published", published_at=timezone.now())
        item = CatalogItemFactory(version=version, domain=portal["relief"], topic="低保", name="低保名单公示")
        CatalogItemFactory(version=version, domain=portal["relief"], topic="低保", name="低保标准")
        unit = UnitFactory(jurisdiction=town, name=f"测试{number}街道办事处", handle=f"t{number}@dxjczw")
        make_record(unit, [item], title=f"测试{number}街道低保名单")
        org_services.boundary_set(actor=None, jurisdiction=town, content=content)


@pytest.mark.parametrize("name", ["portal:map", "portal:map_features"])
def test_the_map_queries_are_bounded_whatever_the_number_of_townships(client, town_records, name):
    url = reverse(name, kwargs={"code": CODE})

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    _grow(town_records, 2)
    small = count()
    _grow(town_records, 10)
    large = count()
    assert large == small and large <= 12, (small, large)
    body = client.get(map_url()).content.decode()
    assert body.count(' data-code="') == 14
