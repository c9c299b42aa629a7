"""The city roll-out in a browser (issue 14): 邵阳市's office compiles its reference catalog for the counties from
the national guidelines, the city's approver 审定s it and the office publishes it; 大祥区's office adopts it and
localises an item; the city sees 大祥区's adoption and the difference; the county cannot see the city's view, and the
public reads the reference on the city page."""

import re

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "邵阳市基层政务公开事项参考目录"
RENAMED = "义务教育相关法律法规（大祥区）"


def test_city_compiles_county_adopts_city_sees_the_difference(page):
    world = county_world()
    city_unit = world.users.approver.unit
    city_office = user_with_role(Role.DISCLOSURE_OFFICE, city_unit, username="sy.office", display_name="市政务公开办")

    # --- the city office compiles the reference catalog from the national guidelines ---------------------
    login(page, city_office.username)
    page.goto(url(page, reverse("backoffice:catalog_create")))
    page.get_by_label("行政区划").select_option(label="邵阳市")
    page.get_by_label("层级").select_option(label="县级")
    page.get_by_label("目录名称").fill(TITLE)
    page.get_by_label("这是供下级采用的参考目录").check()
    page.get_by_role("button", name="创建", exact=True).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("县（市、区）参考目录").first).to_be_visible()
    new_version = page.locator("section", has=page.get_by_role("heading", name="创建新版本"))
    new_version.get_by_label("版本名称").fill("2020版")
    new_version.get_by_label("年度").fill("2020")
    new_version.get_by_role("button", name="创建版本").click()
    expect(page.get_by_role("heading", name="采用国家标准目录", level=1)).to_be_visible()
    boxes = page.get_by_role("checkbox")
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    for name in ("义务教育", "社会救助"):
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="采用所选领域").click()
    expect(page.get_by_text(re.compile(r"已采用国家标准目录，新增 \d+ 个事项。"))).to_be_visible()
    page.get_by_role("link", name="报送上级审批").click()
    expect(page.get_by_text("检查通过，可以报送。")).to_be_visible()  # a reference names no units
    page.get_by_label("说明").fill("汇总26个领域事项目录，报市协调小组审定。")
    page.get_by_role("button", name="报送审批").click()
    expect(page.locator(".badge.big")).to_have_text("已报送待审批")
    shot(page, "city-01-reference-submitted")
    logout(page)

    # --- the city's approver 审定s it, the city office publishes it ---------------------------------------
    login(page, world.users.approver.username)
    awaiting = page.locator("section", has=page.get_by_role("heading", name="待审批的目录版本"))
    expect(awaiting).to_contain_text("邵阳市")
    awaiting.get_by_role("link", name=re.compile("2020版")).click()
    page.get_by_label("审批通过").check()
    page.get_by_label("审批意见").fill("经市协调小组审定，在全市推广实施。")
    page.get_by_role("button", name="提交审批结论").click()
    expect(page.get_by_text(f"“{TITLE}（2020版）”已审批通过。")).to_be_visible()
    logout(page)
    login(page, city_office.username)
    page.locator("ul.todo").get_by_role("link", name=re.compile("2020版")).click()
    page.get_by_role("link", name="发布", exact=True).click()
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator(".badge.big")).to_have_text("已发布")
    logout(page)

    # --- 大祥区's office adopts it and localises one item -------------------------------------------------
    login(page, world.users.office.username)
    page.goto(url(page, reverse("backoffice:catalogs")))
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("button", name="创建版本")).to_have_count(0)  # not the county's to edit
    adopt = page.locator("section", has=page.get_by_role("heading", name="县（市、区）采用情况"))
    expect(adopt.get_by_label("县（市、区）")).to_have_value(str(world.county.pk))
    adopt.get_by_label("版本名称").fill("2021版")
    adopt.get_by_label("年度").fill("2021")
    shot(page, "city-02-county-adopts")
    adopt.get_by_role("button", name="采用参考目录，建立本级目录").click()
    expect(page.get_by_text(re.compile("大祥区已采用参考目录"))).to_be_visible()
    education = page.locator("#domain-yiwu-jiaoyu")
    first_row = education.locator("tbody tr").first
    original = first_row.locator("td").nth(1).locator("strong").inner_text()
    first_row.get_by_role("link", name=re.compile("^编辑")).click()
    page.get_by_label("二级事项").fill(RENAMED)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(re.compile(f"已保存“.*{re.escape(RENAMED)}”。"))).to_be_visible()
    version_path = page.url.removeprefix(page.base_url)
    logout(page)

    # --- the city sees 大祥区's adoption and its difference --------------------------------------------
    login(page, city_office.username)
    page.goto(url(page, reverse("backoffice:catalogs")))
    page.get_by_role("link", name=TITLE).click()
    table = page.locator("section", has=page.get_by_role("heading", name="县（市、区）采用情况")).locator("table")
    county_row = table.locator("tr", has_text="大祥区")
    expect(county_row).to_contain_text("已采用：2021版")
    expect(county_row).to_contain_text("2020版")
    expect(county_row).to_contain_text("新增 0 个，删除 0 个，修改 1 个")
    expect(table.locator("tr", has_text="双清区")).to_contain_text("尚未采用")
    shot(page, "city-03-adoptions")
    county_row.get_by_role("link", name="查看差异").click()
    expect(page.get_by_role("heading", name="大祥区与参考目录的差异", level=1)).to_be_visible()
    changed = page.locator("section", has=page.get_by_role("heading", name="修改的事项"))
    expect(changed).to_contain_text(original)
    expect(changed).to_contain_text(RENAMED)
    shot(page, "city-04-difference")
    diff_url = page.url
    logout(page)

    # --- the county office cannot see the city's view ------------------------------------------------------
    login(page, world.users.office.username)
    page.goto(diff_url)
    expect(page.get_by_text(re.compile("您没有权限查看下级采用参考目录的情况和差异"))).to_be_visible()
    page.goto(url(page, version_path))
    expect(page.get_by_role("heading", name=re.compile("2021版"))).to_be_visible()
    logout(page)

    # --- the public reads the reference on the city page --------------------------------------------------
    page.context.clear_cookies()
    page.goto(url(page, f"/j/{world.city.code}/"))
    expect(page.get_by_role("heading", name="邵阳市基层政务公开", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="邵阳市参考目录")).to_be_visible()
    expect(page.get_by_text(TITLE)).to_be_visible()
    shot(page, "city-05-portal-city")
