"""The disclosure map (公开地图, issue 12) as the office and a visitor use it: the office uploads a township's
boundary in the back office; the visitor goes from the county's home to its map, where Leaflet draws the shape,
and from the shape to the township's catalog with its counts. Without JavaScript the list leads there too."""

import json

import pytest
from django.core.cache import cache

from tests.browser.conftest import shot
from tests.browser.support import expect, login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHAPE = {"type": "Feature", "properties": {"name": "罗市镇"}, "geometry": {"type": "Polygon", "coordinates": [[
    [111.30, 27.26], [111.43, 27.26], [111.43, 27.12], [111.34, 27.10], [111.30, 27.26]]]}}
STREET = {"type": "Polygon", "coordinates": [[[111.43, 27.26], [111.47, 27.26], [111.47, 27.22], [111.43, 27.22],
                                              [111.43, 27.26]]]}


def _upload(page, name: str, content: dict) -> None:
    page.goto(url(page, "/admin/jurisdictions/"))
    row = page.locator("li", has=page.get_by_text(name, exact=True))
    row.get_by_role("link", name="地图边界").click()
    page.get_by_label("边界文件（GeoJSON）").set_input_files(
        {"name": f"{name}.geojson", "mimeType": "application/geo+json",
         "buffer": json.dumps(content, ensure_ascii=False).encode()})
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_text(f"已上传{name}的地图边界。")).to_be_visible()


def test_office_uploads_shapes_and_the_visitor_goes_from_the_map_to_a_township_catalog(page, portal):
    cache.clear()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(page, portal["publisher"].username)
    _upload(page, "罗市镇", SHAPE)
    _upload(page, "中心路街道", STREET)
    page.get_by_role("button", name="退出登录").click()

    page.goto(url(page, "/j/430503000000/"))
    page.get_by_role("link", name="查看大祥区公开地图").click()
    expect(page.get_by_role("heading", name="大祥区基层政务公开地图", level=1)).to_be_visible()
    expect(page.locator("path.portal-map-shape")).to_have_count(2)
    expect(page.locator(".portal-map-label", has_text="罗市镇")).to_be_visible()
    shot(page, "portal-disclosure-map")
    page.locator("path.portal-map-shape-430503100000").click()

    expect(page).to_have_url(url(page, "/j/430503100000/catalog/"))
    expect(page.get_by_text("罗市镇低保名单公示").first).to_be_visible()
    assert errors == []


def test_without_javascript_the_list_leads_to_the_catalog_with_its_counts(browser, live_server, portal):
    cache.clear()
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    page.goto(url(page, "/j/430503000000/map/"))
    town = page.locator('li[data-code="430503100000"]')
    expect(town.locator('[data-count="items"]')).to_have_text("1 项")
    expect(town.locator('[data-count="records"]')).to_have_text("0 条")
    town.get_by_role("link", name="查看罗市镇公开事项目录").click()
    expect(page).to_have_url(url(page, "/j/430503100000/catalog/"))
    expect(page.get_by_text("罗市镇低保名单公示").first).to_be_visible()
    context.close()
