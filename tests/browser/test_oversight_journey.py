"""The oversight journey in a browser: the county's disclosure office runs an inspection from the 监测检查 screen,
sees the blank columns of its units, drafts a 通报 from the inspection, gives it its 文号 and publishes it; the
public reads it on the portal; the 教育局's officer logs in, sees only its own findings with how to fix them, and
reports what it did; the office's next inspection finds the column filled and confirms the fix."""

import pytest

from gongkai.accounts.models import Role
from gongkai.core import clock
from gongkai.publishing import services as publishing
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import user_with_role
from tests.worlds import published_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_inspects_and_publishes_a_notice_unit_answers_and_the_fix_is_confirmed(page):
    world = county_world(standard=False)
    items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    reviewer = user_with_role(Role.REVIEWER, world.edu, username="jiaoyu.reviewer", display_name="陈审核")
    today = clock.today().isoformat()

    # --- the office inspects --------------------------------------------------------------------------
    login(page, "dx.office")
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="监测检查").click()
    expect(page.get_by_role("heading", name="监测检查", level=1)).to_be_visible()
    page.get_by_label("检查日期").fill(today)
    page.get_by_role("button", name="开始检查").click()
    expect(page.get_by_text("检查完成")).to_be_visible()
    expect(page.get_by_role("heading", name="新发现（3）")).to_be_visible()
    expect(page.locator("main")).to_contain_text("城乡低保对象名单")
    shot(page, "oversight-01-inspection")

    # --- drafts a notice, edits it, publishes it ------------------------------------------------------
    page.get_by_label("整改期限").fill("2099-12-31")
    page.get_by_role("button", name="根据本次检查起草通报").click()
    expect(page.get_by_text("已根据本次检查起草通报")).to_be_visible()
    expect(page.get_by_label("正文")).to_contain_text("二、存在的问题")
    page.get_by_label("文号").fill("大政务公开办〔2026〕5号")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存通报")).to_be_visible()
    page.get_by_role("button", name="发布通报").click()
    expect(page.get_by_text("通报已发布到门户网站")).to_be_visible()
    shot(page, "oversight-02-notice-published")
    # the office's dashboard: every unit's score, open findings by rule, the trend (issue 8)
    page.goto(url(page, "/admin/"))
    overview = page.locator("section", has=page.get_by_role("heading", name="监测与考核：大祥区"))
    expect(overview.get_by_role("heading", name="得分最低的单位")).to_be_visible()
    expect(overview).to_contain_text("区民政局")
    expect(overview.get_by_role("heading", name="趋势（近6个月）")).to_be_visible()
    logout(page)

    # --- the public reads it ----------------------------------------------------------------------------
    page.goto(url(page, f"/j/{world.county.code}/notices/"))
    page.get_by_role("link", name="基层政务公开检查情况的通报").first.click()
    expect(page.locator("main")).to_contain_text("大政务公开办〔2026〕5号")
    expect(page.locator("main")).to_contain_text("三、整改要求")
    shot(page, "oversight-03-portal-notice")

    # --- the education bureau's officer sees its own findings and answers one ---------------------------
    login(page, "jiaoyu.officer")
    # the dashboard lists the bureau's own findings, each with how to fix it and where (issue 8)
    own = page.locator("section", has=page.get_by_role("heading", name="本单位待整改的问题"))
    expect(own).to_contain_text("怎么改：")
    expect(own.get_by_role("link", name="新建该事项的信息").first).to_be_visible()
    expect(own).not_to_contain_text("城乡低保对象名单")
    shot(page, "oversight-04a-unit-dashboard")
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="监测检查").click()
    main = page.locator("main")
    expect(main).to_contain_text("规范性文件")
    expect(main).not_to_contain_text("城乡低保对象名单")  # the 民政局's finding is not theirs
    expect(page.get_by_role("button", name="开始检查")).to_have_count(0)
    page.get_by_role("link", name="政策文件 / 规范性文件").click()
    expect(page.get_by_role("heading", name="如何整改")).to_be_visible()
    expect(page.get_by_role("link", name="新建该事项的信息")).to_be_visible()
    page.get_by_role("button", name="报告已整改").click()  # empty: refused (the browser's required check), nothing changes
    expect(page.locator("main")).to_contain_text("待整改")
    expect(page.get_by_text("已报告整改情况")).to_have_count(0)
    page.get_by_role("textbox", name="整改情况").fill("已发布《大祥区2026年义务教育招生政策》")
    page.get_by_role("button", name="报告已整改").click()
    expect(page.get_by_text("已报告整改情况")).to_be_visible()
    expect(page.locator("main")).to_contain_text("单位已整改待确认")
    shot(page, "oversight-04-unit-answered")
    logout(page)

    # The bureau publishes the document it spoke of (through the services: the publishing journey tests screens).
    record = publishing.record_create(actor=world.users.officer, unit=world.edu, items=[items.policy],
                                      title="大祥区2026年义务教育招生政策", formed_on=clock.today(),
                                      document_number="大教发〔2026〕1号", disclosure_attribute="proactive",
                                      body="<p>招生政策。</p>")
    publishing.record_submit(actor=world.users.officer, record=record)
    publishing.record_review(actor=reviewer, record=record)
    publishing.record_approve(actor=reviewer, record=record)
    publishing.record_publish(actor=reviewer, record=record)

    # --- the office's next inspection confirms it ---------------------------------------------------------
    login(page, "dx.office")
    page.goto(url(page, "/admin/oversight/"))
    page.get_by_label("检查日期").fill(today)
    page.get_by_role("button", name="开始检查").click()
    expect(page.get_by_role("heading", name="已整改或消除（1）")).to_be_visible()
    expect(page.locator("main")).to_contain_text("已确认整改")
    shot(page, "oversight-05-confirmed")
