"""The consultation journey in Chromium: a resident comments on an open draft on the portal (no login), the office
moderates the comment in the back office, the comment shows on the portal without the resident's name, the office
closes the consultation and publishes its feedback summary (意见采纳情况), which the portal then shows."""

from datetime import timedelta

import pytest

from gongkai.core import clock
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import ConsultationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_moderated_shown_then_summary_published(page):
    world = county_world(standard=False)
    today = clock.today()
    consultation = ConsultationFactory(
        unit=world.edu, title="关于征求《大祥区城区停车管理办法（征求意见稿）》意见的公告",
        opens_on=today - timedelta(days=2), closes_on=today + timedelta(days=28))
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(url(page, f"/j/{world.county.code}/consultations/"))
    expect(page.get_by_role("heading", name="正在征求意见")).to_be_visible()
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_role("textbox", name="意见", exact=True).fill("建议在学校周边增设临时停车位。")
    page.get_by_label("姓名").fill("赵某某")
    page.get_by_label("联系方式").fill("13912345678")
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_text("您的意见已提交", exact=False)).to_be_visible()
    expect(page.get_by_text("建议在学校周边增设临时停车位。")).to_have_count(0)

    login(page, "dx.office")
    page.goto(url(page, "/admin/consultations/"))
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_label("答复（可不填）").fill("已转交交通部门研究。")
    page.get_by_role("button", name="显示", exact=True).click()
    expect(page.get_by_text("意见已显示在门户网站。")).to_be_visible()

    page.goto(url(page, f"/j/{world.county.code}/consultations/{consultation.pk}/"))
    expect(page.get_by_text("建议在学校周边增设临时停车位。")).to_be_visible()
    expect(page.get_by_text("赵某某")).to_have_count(0)

    page.goto(url(page, f"/admin/consultations/{consultation.pk}/"))
    page.get_by_role("button", name="截止", exact=True).click()
    expect(page.get_by_text("已截止征求意见。")).to_be_visible()
    page.get_by_role("textbox", name="意见采纳情况", exact=True).fill("共收到意见1条，采纳1条：在学校周边增设临时停车位。")
    page.get_by_label("采纳的意见条数").fill("1")
    page.get_by_role("button", name="保存采纳情况").click()
    expect(page.get_by_text("已保存意见采纳情况。", exact=False)).to_be_visible()
    page.get_by_role("button", name="公布采纳情况").click()
    expect(page.get_by_text("已公布意见采纳情况。")).to_be_visible()
    logout(page)

    page.goto(url(page, f"/j/{world.county.code}/consultations/{consultation.pk}/"))
    expect(page.get_by_role("heading", name="意见采纳情况")).to_be_visible()
    expect(page.get_by_text("共收到意见 1 条，采纳 1 条", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="提交意见")).to_have_count(0)
    shot(page, "consultation-summary")
    assert errors == []
