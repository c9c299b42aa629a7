"""长者模式 (issue 12) as a visitor sees it: one link in the portal header, no JavaScript needed; larger type,
44 px click targets, a visible focus ring, the decorative tagline gone; the standard look one link away."""

import pytest

from tests.browser.conftest import shot
from tests.browser.support import expect, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLE = """(selector) => { const el = document.querySelector(selector); const s = getComputedStyle(el);
  return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight), height: el.getBoundingClientRect().height,
          outline: parseFloat(s.outlineWidth), display: s.display}; }"""


def test_elder_mode_from_the_header_link_and_back(page):
    page.goto(url(page, "/"))
    page.get_by_role("link", name="长者模式").click()
    expect(page.locator("body")).to_have_class("portal elder")
    assert page.url.endswith("/") and "elder-mode" not in page.url
    body = page.evaluate(STYLE, "body")
    assert body["size"] >= 20 and body["line"] >= 1.8 * 20 - 0.5
    assert page.evaluate(STYLE, ".portal-header-search button")["height"] >= 44
    assert page.evaluate(STYLE, ".portal-tagline")["display"] == "none"
    switch = page.get_by_role("link", name="标准模式")
    switch.focus()
    assert page.evaluate(STYLE, ".portal-mode-switch")["outline"] >= 3
    assert page.evaluate(STYLE, ".portal-mode-switch")["height"] >= 44
    shot(page, "portal-elder-mode")
    switch.click()
    expect(page.locator("body")).to_have_class("portal")
    expect(page.get_by_role("link", name="长者模式")).to_be_visible()
