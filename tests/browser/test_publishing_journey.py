"""The publishing journey in a browser: the 民政局's officer drafts the 低保 list under the published
catalog item with an (invented, checksum-valid) ID number and a mobile number in the body → submits →
the reviewer opens it, sees both privacy hits with their proposed masking, cannot approve, sends it
back → the officer masks as proposed and resubmits → the reviewer approves and publishes → the public
record page shows the masked text and not the original → the jurisdiction's JSON and RSS feeds list it."""

import json
import re

import pytest

from gongkai.accounts.models import Role
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import user_with_role
from tests.worlds import published_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = "430503199001011236"  # generated: valid check digit, nobody's
ID_MASKED = "430503********1236"
MOBILE = "13812345678"
MOBILE_MASKED = "138****5678"
TITLE = "2026年第一季度城乡低保对象名单"


def test_officer_drafts_reviewer_sees_hit_officer_masks_reviewer_publishes_public_reads(page):
    world = county_world(standard=False)
    items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="minzheng.officer",
                             display_name="刘信息员")
    reviewer = user_with_role(Role.REVIEWER, world.civil, username="minzheng.reviewer", display_name="陈审核")

    # --- the officer drafts under the published 低保 item -------------------------------------------
    login(page, officer.username)
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="信息发布").click()
    expect(page.get_by_role("heading", name="信息发布", level=1)).to_be_visible()
    row = page.locator(f"#item-{items.dibao.pk}")
    expect(row).to_contain_text("尚未发布信息")
    shot(page, "publishing-01-officer-items")
    row.get_by_role("link", name="新建信息").click()
    expect(page.get_by_role("heading", name="新建政府信息")).to_be_visible()
    expect(page.get_by_label(re.compile("城乡低保对象名单"))).to_be_checked()
    page.get_by_role("textbox", name="标题", exact=True).fill(TITLE)
    page.get_by_label("文号", exact=True).fill("大民发〔2026〕3号")
    page.get_by_label("形成日期").fill("2026-03-31")
    expect(page.get_by_label("主动公开")).to_be_checked()
    page.get_by_role("textbox", name="正文", exact=True).fill(
        f"经审核，以下对象纳入城乡低保：张某某，身份证号 {ID_NUMBER}，联系电话 {MOBILE}，月保障金额 500 元。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(re.compile("已保存草稿"))).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提交审核。")).to_be_visible()
    logout(page)

    # --- the reviewer: the scan shows both hits and their masking; approval is refused -------------
    login(page, reviewer.username)
    page.goto(url(page, "/admin/records/"))
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="开始保密审查").click()
    expect(page.get_by_text("已开始保密审查，自动扫描已完成。")).to_be_visible()
    findings = page.locator("#findings")
    expect(findings).to_contain_text(ID_MASKED)
    expect(findings).to_contain_text(MOBILE_MASKED)
    expect(findings).to_contain_text("身份证号")
    expect(findings.get_by_role("button", name="说明理由后保留").first).to_be_visible()
    shot(page, "publishing-02-reviewer-sees-hits")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_role("alert").filter(has_text="处隐私或敏感内容审查发现未处理")).to_be_visible()
    page.get_by_label("退回意见").fill("名单中的身份证号和手机号请按建议遮蔽后再提交。")
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_text("已退回信息员修改。")).to_be_visible()
    logout(page)

    # --- the officer masks as proposed and resubmits ------------------------------------------------
    login(page, officer.username)
    page.goto(url(page, "/admin/records/"))
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("审核人已退回：名单中的身份证号和手机号请按建议遮蔽后再提交。")).to_be_visible()
    shot(page, "publishing-03-officer-returned")
    page.get_by_role("button", name="全部按建议遮蔽").click()
    expect(page.get_by_text("已按建议遮蔽 2 处。")).to_be_visible()
    body = page.locator(".record-body")
    expect(body).to_contain_text(ID_MASKED)
    expect(body).not_to_contain_text(ID_NUMBER)
    page.get_by_role("button", name="提交审核").click()
    logout(page)

    # --- the reviewer approves and publishes ---------------------------------------------------------
    login(page, reviewer.username)
    page.goto(url(page, "/admin/records/"))
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="开始保密审查").click()
    expect(page.locator("#findings")).to_contain_text("未处理 0 处")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过。")).to_be_visible()
    page.get_by_role("button", name="立即发布").click()
    expect(page.get_by_text("已发布。")).to_be_visible()
    shot(page, "publishing-04-published")
    public_link = page.get_by_role("link", name="查看公开页面")
    public_href = public_link.get_attribute("href")
    logout(page)

    # --- anyone reads the masked text on the portal, and the feeds list it --------------------------
    page.goto(url(page, public_href))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    content = page.content()
    assert ID_MASKED in content and MOBILE_MASKED in content
    assert ID_NUMBER not in content and MOBILE not in content
    shot(page, "publishing-05-public-record")

    feed = page.request.get(url(page, f"/feeds/j/{world.county.code}.json"))
    assert feed.ok
    data = feed.json() if hasattr(feed, "json") else json.loads(feed.text())
    assert TITLE in json.dumps(data, ensure_ascii=False)
    assert ID_NUMBER not in feed.text()
    rss = page.request.get(url(page, f"/feeds/j/{world.county.code}.rss"))
    assert rss.ok and TITLE in rss.text() and ID_NUMBER not in rss.text()
