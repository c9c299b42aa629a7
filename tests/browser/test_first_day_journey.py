"""Issue 10's done-when on the demo county, in Chromium: the citizen reads the 政策解读 of 大教发〔2021〕8号 as
formatted text and searches from every page; a bounded crawl of the portal from / finds no link that does not
answer 200; the pages of the main journeys carry no English word a citizen or officer reads (allow list:
proper names and units such as PDF, Word, Excel, RSS, API). Screenshots in test-artifacts/."""

import re
from collections import deque
from html import unescape

import pytest
from django.core.cache import cache

from gongkai.demo.build import DEMO_PASSWORD, demo_build, demo_build_areas
from tests.browser.conftest import shot
from tests.browser.support import expect, login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTY = "430503000000"
CRAWL_LIMIT = 400
# Words a Chinese reader meets as names or units, not as English prose.
ALLOWED = {"PDF", "Word", "Excel", "RSS", "JSON", "API", "CSV", "csv", "xlsx", "docx", "pdf", "GB", "T", "WPS",
           "Gongkai", "QR", "ID", "Ctrl", "A", "B", "C", "X", "HTML", "WAI", "ARIA"}
# Codes and addresses are not words: index numbers (JIAOYU/2021-00001), tracking codes, account names,
# e-mail and web addresses (a guide prints the site's paths), file names.
NOT_WORDS = re.compile(r"https?://\S+|(?<![\w/])/(?:j|requests|search)/[\w/.?=&-]*|[\w.+-]+@[\w.-]+|[A-Z]+/\d{4}-\d+|\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b"
                       r"|\b[A-Z0-9]{12}\b|\b[a-z]+\.[a-z]+\b|\S+\.(?:xlsx|docx|pdf|csv)\b")


def _demo():
    cache.clear()
    demo_build()
    demo_build_areas(log=lambda _line: None)


def english_words(text: str) -> set[str]:
    text = NOT_WORDS.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text) if w not in ALLOWED}


def test_citizen_reads_the_interpretation_and_searches_from_every_page(page):
    _demo()
    page.goto(url(page, f"/j/{COUNTY}/latest/"))
    page.get_by_role("link", name="大祥区教育局关于做好2021年义务教育招生入学工作的通知").click()
    expect(page.get_by_role("heading", name="政策解读", level=2)).to_be_visible()
    interpretation = page.locator(".portal-interpretation").first
    expect(interpretation).to_be_visible()
    expect(interpretation.locator("strong").first).to_contain_text("问")
    assert "<p>" not in interpretation.inner_text() and "<strong>" not in interpretation.inner_text()
    shot(page, "firstday-01-interpretation")

    record_url = page.url
    pages = ["/", f"/j/{COUNTY}/", f"/j/{COUNTY}/catalog/", f"/j/{COUNTY}/d/yiwu-jiaoyu/", record_url,
             f"/j/{COUNTY}/latest/", f"/j/{COUNTY}/reports/", f"/j/{COUNTY}/requests/new/",
             f"/requests/track/?j={COUNTY}", f"/search/?j={COUNTY}"]
    for number, path in enumerate(pages, start=1):
        page.goto(path if path.startswith("http") else url(page, path))
        box = page.get_by_role("search", name="站内搜索")
        box.get_by_label("搜索政府信息").fill("招生")
        box.get_by_role("button", name="搜索").click()
        expect(page.get_by_role("heading", name="搜索政府信息", level=1)).to_be_visible()
        expect(page.locator(".portal-record-list a").first).to_contain_text("招生")
        if path != "/":
            # From a jurisdiction's page the results keep its header and navigation.
            expect(page.get_by_role("navigation", name="栏目导航")).to_be_visible()
        if number == 2:
            shot(page, "firstday-02-search-from-jurisdiction")


def test_crawl_of_the_portal_finds_no_broken_link_and_no_english(page):
    _demo()
    seen, queue, broken, english = set(), deque(["/"]), [], {}
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = page.request.get(url(page, path), max_redirects=0)
        if response.status != 200:
            broken.append((response.status, path))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        html = response.text()
        for href in re.findall(r'href="([^"]+)"', html):
            href = unescape(href).split("#")[0]
            # /elder-mode/ is the reading-mode switch: a redirect back, nofollow, disallowed in robots.txt.
            if href.startswith("/") and not href.startswith(("//", "/static/", "/admin/", "/accounts/", "/elder-mode/")) \
                    and href not in seen:
                queue.append(href)
        text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
        for word in english_words(unescape(text)):
            english.setdefault(word, path)
    assert len(seen) > 100
    assert broken == []
    assert english == {}


def test_main_journey_pages_have_no_english_word(page):
    _demo()
    found = {}

    def read(name: str) -> None:
        for word in english_words(page.locator("body").inner_text()):
            found.setdefault(word, f"{name} {page.url}")

    # The citizen applies and tracks.
    page.goto(url(page, f"/j/{COUNTY}/requests/new/"))
    read("申请表")
    page.get_by_label("商业企业").check()
    expect(page.get_by_label("统一社会信用代码")).to_be_visible()
    expect(page.get_by_label("证件号码")).to_be_hidden()
    page.get_by_label("自然人").check()
    page.get_by_label("姓名").fill("张某某")
    page.get_by_label("证件号码").fill("430503199001011236")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("通信地址").fill("湖南省邵阳市大祥区某某路1号")
    page.get_by_label("所需信息的内容描述").fill("请公开2021年义务教育学区划分的文件")
    page.get_by_role("button", name="提交申请", exact=True).last.click()
    expect(page.get_by_role("heading", name="申请已提交", level=1)).to_be_visible()
    code = page.locator(".portal-tracking-code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    expect(page.get_by_role("button", name="复制查询码")).to_be_visible()
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()
    expect(page.get_by_role("navigation", name="栏目导航")).to_be_visible()
    shot(page, "firstday-03-request-submitted")
    read("申请已提交")
    page.get_by_role("link", name="查询办理进度").first.click()
    page.get_by_label("查询码").fill(code.replace("-", "").lower())
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="查询结果")).to_be_visible()
    read("进度查询")

    # The officer, the reviewer and the office at work.
    for username, paths in (("jiaoyu.officer", ["/admin/", "/admin/records/"]),
                            ("jiaoyu.reviewer", ["/admin/", "/admin/records/"]),
                            ("dx.office", ["/admin/", "/admin/requests/", "/admin/reports/"])):
        login(page, username, DEMO_PASSWORD)
        for path in paths:
            page.goto(url(page, path))
            read(username)
        page.context.clear_cookies()
    assert found == {}
