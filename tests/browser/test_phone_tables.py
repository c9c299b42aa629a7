"""Wide back-office tables on a phone (issue 10): never one character per line. The catalog version's items
and the dashboard's items become one card per row; the annual report's tables keep their columns and scroll
sideways in their own region. Checked by measuring the rendered cells at 390 px."""

import pytest

from gongkai.catalog import services
from gongkai.catalog.models import Tier
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST = """(selector) => Math.min(...Array.from(document.querySelectorAll(selector))
  .filter((el) => el.offsetParent !== null && el.textContent.trim().length > 1)
  .map((el) => el.getBoundingClientRect().width))"""


def test_catalog_items_are_cards_on_a_phone(page):
    world = county_world()
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.county, tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2021版", year=2021)
    services.catalog_adopt_standard(actor=office, version=version)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, office.username)
    page.goto(url(page, f"/admin/versions/{version.pk}/?domain=yiwu-jiaoyu"))
    table = page.locator("table.items").first
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # every cell spans (nearly) the card's width: a phone never shows a column one character wide
    assert page.evaluate(NARROWEST, "table.items td") > 250
    expect(table.locator("td[data-label='公开时限']").first).to_be_visible()
    shot(page, "phone-catalog-version-cards")

    page.goto(url(page, f"/admin/versions/{version.pk}/?q=招生"))
    expect(page.get_by_role("status")).to_contain_text("找到")
    assert page.evaluate(NARROWEST, "table.items td") > 250

    # with JavaScript, typing is enough: htmx swaps the items in place and the address keeps the query
    page.goto(url(page, f"/admin/versions/{version.pk}/"))
    page.get_by_role("searchbox", name="查找事项").press_sequentially("招生", delay=30)
    expect(page.get_by_role("status")).to_contain_text("名称含“招生”")
    assert "q=" in page.url


def test_annual_report_table_three_keeps_its_row_headings_in_view_on_a_phone(page):
    """表三 on a phone (issue 10): the figures scroll sideways in their own region while the three columns of row
    headings (result, group, item) stay where they are — a sticky first column, never one character per line."""
    from gongkai.reports.services import report_create

    world = county_world(standard=False)
    office = world.users.office
    report = report_create(actor=office, unit=world.office_unit, year=2025)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, office.username)
    page.goto(url(page, f"/admin/reports/{report.pk}/"))
    region = page.get_by_role("region", name="表3")
    item = region.locator("th.lead-2").first
    figure = region.locator("td.num").first
    item.scroll_into_view_if_needed()
    before_item, before_figure = item.bounding_box(), figure.bounding_box()
    region.evaluate("el => { el.scrollLeft = 300; }")
    page.wait_for_timeout(100)
    after_item, after_figure = item.bounding_box(), figure.bounding_box()
    assert after_figure["x"] < before_figure["x"] - 200  # the figures moved
    assert abs(after_item["x"] - before_item["x"]) < 2  # the item's heading did not
    assert page.evaluate(NARROWEST, ".report-table-3 th.lead-2") > 60  # and it is readable, not one character wide
    shot(page, "phone-annual-report-table-3-scrolled")
