"""Issue 9 in a browser: the officer clicks 检查隐私 on the record form and sees, without leaving the page, the
identity number he typed with its proposed masking (htmx; the record is not saved by the check); he saves
and submits; the reviewer opens the review, clicks 按建议遮盖 — the record stays in review — and approves and
publishes; the public page, its 具体内容 and the bulletin's CSV sibling show the masked forms only."""

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.publishing import services
from gongkai.publishing.models import Entry, Record
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import user_with_role
from tests.publishing.privacy_support import fake_id
from tests.worlds import published_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = fake_id()  # generated: valid check digit, nobody's
ID_MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
TITLE = "2026年第二季度城乡低保对象名单"


def test_officer_checks_reviewer_masks_as_suggested_and_approves_public_sees_masked(page):
    world = county_world(standard=False)
    items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="minzheng.officer",
                             display_name="刘信息员")
    reviewer = user_with_role(Role.REVIEWER, world.civil, username="minzheng.reviewer", display_name="陈审核")
    record = services.record_create(actor=officer, unit=world.civil, items=[items.dibao], title=TITLE,
                                    formed_on=date(2026, 6, 30), disclosure_attribute="proactive",
                                    body="<p>现将本季度城乡低保对象名单公示如下。</p>")
    Entry.objects.create(item=items.dibao, record=record, unit=world.civil, order=1,
                         values={"姓名": "张三", "身份证号": ID_NUMBER, "家庭人口": 3, "保障金额": "900.00"})
    Entry.objects.create(item=items.dibao, record=record, unit=world.civil, order=2,
                         values={"姓名": "李小红", "家庭人口": 1, "保障金额": "450.00"})

    # --- the officer types an identity number and checks before submitting ------------------------
    login(page, officer.username)
    page.goto(url(page, f"/admin/records/{record.pk}/edit/"))
    body = f"现将本季度城乡低保对象名单公示如下。户主：王小明，身份证号 {ID_NUMBER}。"
    page.get_by_role("textbox", name="正文", exact=True).fill(body)
    page.get_by_role("button", name="检查隐私").click()
    check = page.locator("#privacy-check")
    expect(check).to_contain_text("发现")
    expect(check).to_contain_text(ID_MASKED)
    expect(check).to_contain_text("王*明")
    expect(check).to_contain_text("明细“城乡低保对象名单”第1行")
    expect(page.get_by_role("textbox", name="正文", exact=True)).to_contain_text("王小明")  # still as typed
    shot(page, "privacy-01-officer-checks")
    assert Record.objects.get(pk=record.pk).status == "draft" and ID_NUMBER not in Record.objects.get(pk=record.pk).body
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text(f"已保存“{TITLE}”。")).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提交审核。")).to_be_visible()
    logout(page)

    # --- the reviewer masks as suggested during the review and approves ------------------------------
    login(page, reviewer.username)
    page.goto(url(page, f"/admin/records/{record.pk}/review/"))
    page.get_by_role("button", name="开始保密审查").click()
    expect(page.get_by_text("已开始保密审查，自动扫描已完成。")).to_be_visible()
    findings = page.locator("#findings")
    expect(findings).to_contain_text(ID_MASKED)
    page.get_by_role("button", name="按建议遮盖").click()
    expect(page.get_by_text("信息仍在保密审查中，可审核通过")).to_be_visible()
    expect(page.locator("#findings")).to_contain_text("未处理 0 处")
    expect(page.locator(".badge.big")).to_have_text("保密审查中")
    expect(page.locator(".record-body")).to_contain_text(ID_MASKED)
    expect(page.locator(".record-body")).not_to_contain_text(ID_NUMBER)
    shot(page, "privacy-02-reviewer-masked")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过。")).to_be_visible()
    page.get_by_role("button", name="立即发布").click()
    expect(page.get_by_text("已发布。")).to_be_visible()
    public_href = page.get_by_role("link", name="查看公开页面").get_attribute("href")
    logout(page)

    # --- the public page shows the masked forms, the same in the body and in 具体内容 ---------------
    page.goto(url(page, public_href))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    content = page.content()
    for masked in (ID_MASKED, "王*明", "张*", "李*红"):
        assert masked in content, masked
    for full in (ID_NUMBER, "王小明", "张三", "李小红"):
        assert full not in content, full
    shot(page, "privacy-03-public-masked")
    export = page.request.get(url(page, public_href + "entries.csv"))
    assert export.ok
    text = export.text()
    assert "张*" in text and "李*红" in text and ID_MASKED in text
    assert "张三" not in text and ID_NUMBER not in text
