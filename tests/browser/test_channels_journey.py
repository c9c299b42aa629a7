"""The channels journey in Chromium: an information officer records a WeChat publication of a published
record, prints the notice-board bulletin (a PDF download), and after the record is revised sees the printed
copy marked 已过期（原文已修改）."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, url
from tests.factories import publish_revision, published_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_a_channel_prints_a_bulletin_and_sees_it_go_out_of_date(page):
    world = county_world(standard=False)
    record = published_record(world.edu, title="关于2026年秋季学期义务教育招生范围的公告")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    login(page, "jiaoyu.officer")
    page.goto(url(page, f"/admin/records/{record.pk}/channels/"))
    expect(page.get_by_role("heading", name="发布渠道和纸质公告")).to_be_visible()
    page.get_by_role("link", name="登记渠道发布").click()
    page.get_by_label("发布渠道").select_option(label="两微一端")
    page.get_by_label("发布位置").fill("“大祥教育”微信公众号")
    page.get_by_label("发布日期").fill("2026-11-20")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("cell", name="“大祥教育”微信公众号")).to_be_visible()

    page.get_by_label("张贴的公示栏").fill("中心路街道城西社区公示栏")
    with page.expect_download() as download:
        page.get_by_role("button", name="打印公告（下载PDF）").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages).replace("\n", "")
    assert "义务教育招生范围的公告" in text and f"/r/{record.index_number}/" in text.replace(" ", "")

    page.reload()
    expect(page.get_by_text("现行", exact=True)).to_be_visible()
    publish_revision(record, title="关于2026年秋季学期义务教育招生范围的公告（更正）")
    page.reload()
    expect(page.get_by_text("已过期（原文已修改）")).to_be_visible()
    page.get_by_role("link", name="本单位待更换的公告").click()
    expect(page.get_by_role("cell", name="中心路街道城西社区公示栏")).to_be_visible()
    shot(page, "channels-boards")
    assert errors == []
