"""我要看 ↔ 我要办 as a resident sees it: a record page links to the 办事指南 of its item and the guide links back to
the item's records; and a service hall's touch terminal in kiosk mode goes back home when left alone."""

import re

import pytest
from django.core.cache import cache

from tests.browser.support import expect, url
from tests.factories import published_record, service_guide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_record_links_to_its_guide_and_the_guide_back_to_the_records(page, records_world):
    cache.clear()
    world = records_world
    service_guide(world.items.dibao, name="最低生活保障申请")
    record = published_record(world.civil, title="2026年第一季度城乡低保对象名单", items=[world.items.dibao])
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(url(page, f"/j/{world.county.code}/r/{record.index_number}/"))
    page.get_by_role("link", name="最低生活保障申请").click()
    expect(page.get_by_role("heading", name=re.compile("最低生活保障申请"))).to_be_visible()
    expect(page.get_by_role("cell", name="自受理之日起30个工作日")).to_be_visible()
    expect(page.get_by_role("link", name="到政务服务平台网上办理")).to_have_attribute(
        "href", "https://zwfw.hunan.gov.cn/example/dibao")
    page.get_by_role("link", name="2026年第一季度城乡低保对象名单").click()
    expect(page.get_by_role("heading", name="2026年第一季度城乡低保对象名单")).to_be_visible()
    page.get_by_role("link", name=re.compile("城乡低保对象名单$")).first.click()  # the item page
    expect(page.get_by_role("link", name="最低生活保障申请")).to_be_visible()
    assert not errors


def test_kiosk_mode_returns_home_after_the_idle_time(page, records_world):
    cache.clear()
    world = records_world
    record = published_record(world.civil, title="2026年第一季度城乡低保对象名单", items=[world.items.dibao])
    home = f"/j/{world.county.code}/"
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(url(page, f"/kiosk/{world.county.code}/?idle=5"))
    assert page.url.endswith(home)
    expect(page.locator("body")).to_have_class(re.compile(r"\bkiosk\b"))
    page.goto(url(page, f"/j/{world.county.code}/r/{record.index_number}/"))
    button = page.get_by_role("button", name="打印本页")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 56
    # Touches keep the page: 3 s, a touch, 3 s more — still here.
    page.wait_for_timeout(3000)
    page.mouse.click(5, 300)
    page.wait_for_timeout(3000)
    assert "/r/" in page.url
    page.wait_for_url(re.compile(re.escape(home) + "$"), timeout=10_000)
    assert not errors
    # Without kiosk mode, no idle script and no print button.
    page.goto(url(page, "/kiosk/exit/"))
    page.goto(url(page, f"/j/{world.county.code}/r/{record.index_number}/"))
    expect(page.get_by_role("button", name="打印本页")).to_have_count(0)
