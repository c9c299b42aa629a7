"""The message journey in Chromium: a resident writes to 区教育局 on the portal (no login) and gets a query code; the
bureau's officer answers in the back office; the office moderates and publishes it; the portal shows question and
answer with the resident's name and phone masked, and the query code finds the answer."""

import re

import pytest

from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "城西小学周边路灯损坏"
BODY = "城西小学门口的路灯坏了一个多月，晚上接孩子很不安全。我叫孙某某，电话13912345678。"
ANSWER = "感谢您的反映。我局已联系城管部门，路灯将于本周内修复。"


def test_message_written_answered_moderated_and_shown(page):
    world = county_world(standard=False)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(url(page, f"/j/{world.county.code}/messages/"))
    page.get_by_role("link", name="我要留言").click()
    page.get_by_role("button", name="提交留言").click()  # empty: Chinese messages, nothing stored
    expect(page.get_by_text("留言未能提交", exact=False)).to_be_visible()
    errors.clear()  # the form sent back is a 400 by design; the browser logs it
    page.get_by_label("留言对象").select_option(label="区教育局")
    page.get_by_label("标题").fill(SUBJECT)
    page.get_by_label("留言内容").fill(BODY)
    page.get_by_label("姓名").fill("孙某某")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_role("button", name="提交留言").click()
    expect(page.get_by_role("heading", name="留言已提交")).to_be_visible()
    code = page.locator("#query-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    login(page, "jiaoyu.officer")
    page.goto(url(page, "/admin/messages/"))
    page.get_by_role("link", name=SUBJECT).click()
    page.get_by_label("答复内容").fill(ANSWER)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("已答复。")).to_be_visible()
    logout(page)

    login(page, "dx.office")
    page.goto(url(page, "/admin/messages/?tab=moderate"))
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_label("公开的留言内容")).not_to_have_value(re.compile("13912345678"))
    page.get_by_role("button", name="审核通过并公开").click()
    expect(page.get_by_text("已审核公开。")).to_be_visible()
    logout(page)

    page.goto(url(page, f"/j/{world.county.code}/messages/"))
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("13912345678", exact=False)).to_have_count(0)
    expect(page.get_by_text("孙某某", exact=False)).to_have_count(0)
    shot(page, "message-published")

    page.goto(url(page, "/messages/track/"))
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_role("link", name="查看公开的留言和答复")).to_be_visible()
    assert errors == []
