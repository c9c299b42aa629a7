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
