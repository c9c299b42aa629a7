"""Issue 12's accessibility bar, in Chromium on the demo county: axe-core (from the npm registry, read from
node_modules) finds no serious or critical violation of WCAG 2 A/AA on the public pages a citizen uses, at
desktop and at phone width; a screenshot of each page at each width is kept in test-artifacts/a11y/."""

from pathlib import Path

import pytest
from django.core.cache import cache

from gongkai.demo.build import demo_build, demo_build_areas
from tests.browser.conftest import ARTIFACTS
from tests.browser.support import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTY = "430503000000"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}));
}"""


def _pages(first_record: str, first_item: str) -> dict[str, str]:
    return {
        "home": "/",
        "jurisdiction": f"/j/{COUNTY}/",
        "column": f"/j/{COUNTY}/d/yiwu-jiaoyu/",
        "catalog": f"/j/{COUNTY}/catalog/",
        "item": first_item,
        "record": first_record,
        "search": f"/search/?j={COUNTY}&q=%E6%8B%9B%E7%94%9F",
        "request": f"/j/{COUNTY}/requests/new/",
        "reports": f"/j/{COUNTY}/reports/",
        "map": f"/j/{COUNTY}/map/",
        "messages": f"/j/{COUNTY}/messages/",
        "message-new": f"/j/{COUNTY}/messages/new/",
        "concerns": f"/j/{COUNTY}/concerns/",
        "consultations": f"/j/{COUNTY}/consultations/",
        "guide": f"/j/{COUNTY}/guide/",
        "rules": f"/j/{COUNTY}/rules/",
        "proactive": f"/j/{COUNTY}/proactive/",
        "services": f"/j/{COUNTY}/services/",
        "zones": f"/j/{COUNTY}/zones/",
        "city": "/j/430500000000/",
    }


@pytest.fixture
def demo_pages(page):
    if not AXE.exists():
        pytest.skip("未找到 node_modules/axe-core（make test 会用 npm 安装）")
    cache.clear()
    demo_build()
    demo_build_areas(log=lambda _line: None)
    page.goto(url(page, f"/j/{COUNTY}/latest/"))
    first_record = page.locator("main a[href*='/r/']").first.get_attribute("href")
    page.goto(url(page, first_record))
    first_item = page.locator("main a[href*='/i/']").first.get_attribute("href")
    assert first_item and first_record
    return _pages(first_record, first_item)


def test_public_pages_have_no_serious_axe_violation_at_desktop_and_phone_width(page, demo_pages):
    source = AXE.read_text(encoding="utf-8")
    out = ARTIFACTS / "a11y"
    out.mkdir(parents=True, exist_ok=True)
    problems = {}
    for width_name, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for name, path in demo_pages.items():
            response = page.goto(url(page, path))
            assert response is not None and response.status == 200, (name, path)
            page.evaluate(source)
            violations = page.evaluate(RUN_AXE)
            page.screenshot(path=str(out / f"{name}-{width_name}.png"), full_page=True, timeout=90_000)
            if violations:
                problems[f"{name} ({width_name}) {path}"] = violations
    assert not problems, problems
