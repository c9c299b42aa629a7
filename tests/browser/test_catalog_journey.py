"""The catalog's whole journey in a browser: the county disclosure office builds its 2021版 from the
national standard, the city approves it, the office publishes it, and anyone reads it on the portal.

Known at the time of writing: marking an adopted domain 未涉及 leaves its items applicable, so they still
need a responsible unit before submission, count in the totals, and show on the portal as a domain tile
next to the domain's own 未涉及 note. The test asserts what must hold either way."""

import re

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADOPTED = ["义务教育", "社会救助", "国有土地上房屋征收与补偿"]
NOT_HANDLED = "国有土地上房屋征收与补偿"
NOT_HANDLED_SLUG = "guoyou-tudi-fangwu-zhengshou"
REASON = "本区近年无国有土地上房屋征收项目，相关工作由市征收办统一办理。"
RENAMED = "义务教育相关法律法规（大祥区）"
TITLE = "大祥区基层政务公开标准目录"


def test_office_builds_city_approves_office_publishes_public_reads(page, tmp_path):
    world = county_world()
    office, approver = world.users.office, world.users.approver

    # --- the county disclosure office: a catalog and its first version -----------------------------
    login(page, office.username)
    expect(page.get_by_text("本辖区还没有公开事项目录。")).to_be_visible()
    shot(page, "01-office-dashboard-empty")
    page.get_by_role("link", name="创建公开事项目录").click()
    expect(page.get_by_role("heading", name="创建公开事项目录")).to_be_visible()
    page.get_by_label("行政区划").select_option(label="大祥区")
    page.get_by_label("层级").select_option(label="县级")
    page.get_by_role("button", name="创建", exact=True).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(f"已创建“{TITLE}”。下一步：创建第一个版本。")).to_be_visible()
    expect(page.get_by_text("该目录还没有版本。")).to_be_visible()

    page.get_by_label("版本名称").fill("2021版")
    page.get_by_label("年度").fill("2021")
    expect(page.get_by_label("基于版本")).to_have_value("")  # 空白版本: nothing published yet
    page.get_by_role("button", name="创建版本").click()

    # --- adopt the national standard for a few domains ------------------------------------------------
    expect(page.get_by_role("heading", name="采用国家标准目录", level=1)).to_be_visible()
    expect(page.get_by_text("已创建版本“2021版”。")).to_be_visible()
    boxes = page.get_by_role("checkbox")
    expect(boxes.first).to_be_checked()  # every domain is chosen at first
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    for name in ADOPTED:
        page.get_by_label(name, exact=True).check()
    shot(page, "02-office-adopt")
    page.get_by_role("button", name="采用所选领域").click()
    expect(page.get_by_role("heading", name=f"{TITLE}（2021版）")).to_be_visible()
    expect(page.get_by_text(re.compile(r"已采用国家标准目录，新增 \d+ 个事项。"))).to_be_visible()
    toc = page.get_by_role("navigation", name="领域目录")
    for name in ADOPTED:
        expect(toc.get_by_role("link", name=name)).to_be_visible()

    # --- a domain the county does not handle: a reason is required ----------------------------------
    section = page.locator(f"#domain-{NOT_HANDLED_SLUG}")
    section.get_by_role("link", name="设置是否涉及").click()
    expect(page.get_by_role("heading", name=f"“{NOT_HANDLED}”领域是否涉及")).to_be_visible()
    page.get_by_label("未涉及", exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text(f"“{NOT_HANDLED}”领域标为未涉及时，须填写未涉及领域事项说明。")
    expect(page.get_by_role("heading", name=f"“{NOT_HANDLED}”领域是否涉及")).to_be_visible()  # still the form
    expect(page.get_by_label("未涉及", exact=True)).to_be_checked()  # what was chosen is kept
    shot(page, "03-office-domain-reason-required")
    page.get_by_label("未涉及领域事项说明").fill(REASON)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已将“{NOT_HANDLED}”标为未涉及。")).to_be_visible()
    expect(section.get_by_text("未涉及", exact=True)).to_be_visible()
    expect(section).to_contain_text(f"未涉及领域事项说明：{REASON}")

    # --- localise one item: rename it --------------------------------------------------------------
    education = page.locator("#domain-yiwu-jiaoyu")
    first_row = education.locator("tbody tr").first
    original = first_row.locator("td").nth(1).locator("strong").inner_text()
    first_row.get_by_role("link", name=re.compile("^编辑")).click()
    expect(page.get_by_role("heading", name=re.compile(f"编辑事项：.*{re.escape(original)}"))).to_be_visible()
    expect(page.get_by_label("二级事项")).to_have_value(original)
    page.get_by_label("二级事项").fill(RENAMED)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(re.compile(f"已保存“.*{re.escape(RENAMED)}”。"))).to_be_visible()
    renamed_row = education.locator("tbody tr", has_text=RENAMED)
    expect(renamed_row.get_by_text("已本地化")).to_be_visible()
    expect(renamed_row).to_contain_text("改动：二级事项")
    expect(page.get_by_role("list", name="本版本概况")).to_contain_text("1 个已本地化")
    shot(page, "04-office-version-draft")

    # --- submit to the level above ------------------------------------------------------------------
    page.get_by_role("link", name="报送上级审批").click()
    expect(page.get_by_role("heading", name="报送上级审批")).to_be_visible()
    expect(page.get_by_text("检查通过，可以报送。")).to_be_visible()
    page.get_by_label("说明").fill("按国家标准目录编制，报请审批。")
    page.get_by_role("button", name="报送审批").click()
    expect(page.get_by_text(f"“{TITLE}（2021版）”已报送上级审批。")).to_be_visible()
    expect(page.locator(".badge.big")).to_have_text("已报送待审批")
    expect(page.get_by_role("link", name="报送上级审批")).to_have_count(0)
    logout(page)

    # --- the city approver --------------------------------------------------------------------------
    login(page, approver.username)
    awaiting = page.locator("section", has=page.get_by_role("heading", name="待审批的目录版本"))
    expect(awaiting).to_contain_text("大祥区")
    shot(page, "05-approver-dashboard")
    awaiting.get_by_role("link", name=re.compile("2021版")).click()
    expect(page.get_by_role("heading", name=re.compile("^审批："))).to_be_visible()
    expect(page.get_by_text(re.compile("已本地化 1 个.*未涉及领域 1 个"))).to_be_visible()
    page.get_by_label("审批通过").check()
    page.get_by_label("审批意见").fill("同意发布。")
    shot(page, "06-approver-decide")
    page.get_by_role("button", name="提交审批结论").click()
    expect(page.get_by_text(f"“{TITLE}（2021版）”已审批通过。")).to_be_visible()
    expect(page.get_by_role("region", name="流转记录")).to_contain_text("（同意发布。）")
    logout(page)

    # --- the office publishes ------------------------------------------------------------------------
    login(page, office.username)
    expect(page.get_by_text("已审批通过，待发布")).to_be_visible()
    page.locator("ul.todo").get_by_role("link", name=re.compile("2021版")).click()
    page.get_by_role("link", name="发布", exact=True).click()
    expect(page.get_by_role("heading", name=f"发布“{TITLE}（2021版）”")).to_be_visible()
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text(f"“{TITLE}（2021版）”已发布，公开门户将显示该版本。")).to_be_visible()
    expect(page.locator(".badge.big")).to_have_text("已发布")
    shot(page, "07-office-published")
    logout(page)

    # --- the public portal, without logging in --------------------------------------------------------
    page.context.clear_cookies()
    page.goto(url(page, f"/j/{world.county.code}/"))
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    domains = page.locator("section", has=page.get_by_role("heading", name="公开领域"))
    for name in ("义务教育", "社会救助"):
        expect(domains.locator(".portal-tile-name", has_text=name)).to_be_visible()
    expect(domains.get_by_role("heading", name="未涉及领域")).to_be_visible()
    expect(domains).to_contain_text(f"{NOT_HANDLED}：{REASON}")
    shot(page, "08-portal-jurisdiction")

    domains.get_by_role("link", name=re.compile("^义务教育")).click()
    expect(page.get_by_role("heading", name="义务教育领域公开事项", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=RENAMED, level=3)).to_be_visible()
    expect(page.get_by_role("heading", name=original, level=3, exact=True)).to_have_count(0)
    shot(page, "09-portal-domain")

    page.get_by_role("link", name=f"返回{world.county.name}首页").click()
    page.get_by_role("link", name=NOT_HANDLED, exact=True).click()
    expect(page.get_by_role("heading", name="未涉及领域事项说明")).to_be_visible()
    expect(page.get_by_text(REASON)).to_be_visible()
    shot(page, "10-portal-domain-not-handled")

    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="公开事项目录").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(RENAMED)
    shot(page, "11-portal-catalog")

    with page.expect_download() as info:
        page.locator("#downloads").get_by_role("link", name=re.compile("Excel")).click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path, read_only=True)
    cells = {str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    workbook.close()
    assert RENAMED in cells
    assert original not in cells
