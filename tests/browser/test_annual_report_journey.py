"""The annual report journey: the office generates last year's report of 大祥区 from the data, it
balances, the narrative is written, it is published and the citizen reads it (and downloads it) on the
portal. This year's report can be drafted but is not offered for publication (《条例》第四十九条)."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.support import county_world, expect, login, url
from tests.factories import counted_request as make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_year_annual_report_balances_and_is_published(page):
    world = county_world(standard=False)
    year = timezone.localdate().year - 1  # 第四十九条: the report published is last year's
    make_request(world.edu, received_on=datetime.date(year, 1, 5), replied_on=datetime.date(year, 1, 20))
    make_request(world.edu, received_on=datetime.date(year, 2, 3), applicant_type="commercial",
                 replied_on=datetime.date(year, 2, 20), reply_type="partial", row="三(二)")
    make_request(world.civil, received_on=datetime.date(year - 1, 12, 30))

    login(page, world.users.office.username)
    page.goto(url(page, "/admin/reports/"))
    expect(page.get_by_role("heading", name="政府信息公开工作年度报告", level=1)).to_be_visible()
    page.get_by_label("报告单位").select_option(label=world.office_unit.name)
    page.get_by_label("报告年度").fill(str(year))
    page.get_by_role("button", name="生成草稿").click()
    expect(page.get_by_role("heading", name=f"大祥区人民政府{year}年政府信息公开工作年度报告", level=1)).to_be_visible()
    expect(page.get_by_text("勾稽关系和行列合计均已通过")).to_be_visible()
    page.get_by_label("一、总体情况").fill("<p>全年新收政府信息公开申请2件，上年结转1件。</p>")
    page.get_by_role("button", name="保存正文").click()
    expect(page.get_by_text("正文已保存")).to_be_visible()
    page.get_by_role("button", name="发布到门户网站").click()
    expect(page.get_by_text("年度报告已发布到门户网站")).to_be_visible()

    page.goto(url(page, "/j/430503000000/reports/"))
    page.get_by_role("link", name=f"大祥区人民政府{year}年政府信息公开工作年度报告").click()
    expect(page.get_by_text("本列数据的勾稽关系为").first).to_be_visible()
    expect(page.get_by_text("全年新收政府信息公开申请2件")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Word 文档").click()
    assert download.value.suggested_filename.endswith(".docx")

    # this year's report: a draft, with the reason it cannot be published yet and no publish button
    page.goto(url(page, "/admin/reports/"))
    page.get_by_label("报告单位").select_option(label=world.office_unit.name)
    page.get_by_label("报告年度").fill(str(year + 1))
    page.get_by_role("button", name="生成草稿").click()
    expect(page.get_by_role("heading", name=f"大祥区人民政府{year + 1}年政府信息公开工作年度报告", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=f"{year + 1}年度尚未结束")).to_be_visible()
    expect(page.get_by_text(f"{year + 2}年1月1日起方可发布")).to_be_visible()
    expect(page.get_by_role("button", name="发布到门户网站")).to_have_count(0)
    expect(page.get_by_role("button", name="保存正文")).to_be_visible()
