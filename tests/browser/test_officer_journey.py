"""The officer's first day in a browser set to English (issue 10): the 民政局's officer opens a record formed on
2021-10-08, sees the date in its box (Chinese placeholder, never mm/dd/yyyy) and the body in the rich-text editor,
adds a heading and a bold line with the toolbar, saves; edits again and pastes a passage from Word (a numbered
list written as Word's list paragraphs, a table, bold), saves — the date is kept both times and the stored body
is clean HTML with the structure kept — submits; the reviewer approves. Screenshots at desktop and phone width."""

import re
from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.publishing import services
from gongkai.publishing.models import Record
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import user_with_role
from tests.worlds import published_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "大祥区2021年城乡低保标准调整的通知"

# What Word puts on the clipboard (trimmed): list paragraphs with their markers in mso-list:Ignore spans,
# a table of Word paragraphs, bold as <b> and as a styled span, Office namespaces and conditional comments.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator
content="Microsoft Word 15"><style>p.MsoNormal{mso-style-parent:"";font-size:10.5pt}</style></head><body lang=ZH-CN>
<!--StartFragment--><h2 style='mso-outline-level:2'>二、保障标准<o:p></o:p></h2>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>
<span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span>
<![endif]>城市低保每人每月<b>680</b>元<o:p></o:p></p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp; </span></span>农村低保每人每年5400元<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr><td width=200 style='border:solid windowtext 1.0pt'><p class=MsoNormal><b>类别</b></p></td>
<td width=200><p class=MsoNormal><b>标准</b></p></td></tr>
<tr><td><p class=MsoNormal>城市</p></td><td><p class=MsoNormal>680元/人·月</p></td></tr></table>
<p class=MsoNormal><span style='font-weight:bold;mso-bidi-font-weight:normal'>咨询电话：</span>0739-5200010<o:p></o:p></p>
<!--EndFragment--></body></html>"""

PASTE = """(html) => {
  const el = document.querySelector('.rich-editor-content');
  el.focus();
  const range = document.createRange(); range.selectNodeContents(el); range.collapse(false);
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  const data = new DataTransfer(); data.setData('text/html', html); data.setData('text/plain', '粘贴');
  el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def both_widths(page, name: str) -> None:
    shot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_officer_edits_a_record_twice_keeping_its_date_reviewer_approves(browser, live_server, settings):
    settings.DEBUG = False
    # A browser set to English: the date and file controls must still speak Chinese.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    errors = []
    page.on("console", lambda m: errors.append((page.url, m.text[:60])) if m.type == "error" else None)

    world = county_world(standard=False)
    items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="minzheng.officer",
                             display_name="刘信息员")
    reviewer = user_with_role(Role.REVIEWER, world.civil, username="minzheng.reviewer", display_name="陈审核")
    record = services.record_create(actor=officer, unit=world.civil, items=[items.dibao], title=TITLE,
                                    document_number="大民发〔2021〕12号", formed_on=date(2021, 10, 8),
                                    disclosure_attribute="proactive", body="<p>各乡镇（街道）：</p>")

    # --- first edit: the date is in its box; the body is in the editor; heading and bold from the toolbar ---
    login(page, officer.username)
    page.goto(url(page, f"/admin/records/{record.pk}/edit/"))
    formed_on = page.get_by_label("形成日期")
    expect(formed_on).to_have_value("2021-10-08")
    expect(page.get_by_label("下次评估日期")).to_have_attribute("placeholder", re.compile("年-月-日"))
    expect(page.get_by_text("选择文件", exact=True)).to_be_visible()
    expect(page.get_by_text("未选择文件", exact=True)).to_be_visible()
    toolbar = page.get_by_role("toolbar", name="正文格式")
    for name in ("标题", "加粗", "编号列表", "项目列表", "表格", "链接"):
        expect(toolbar.get_by_role("button", name=name, exact=True)).to_be_visible()
    editor = page.get_by_role("textbox", name="正文", exact=True)
    expect(editor).to_contain_text("各乡镇（街道）：")
    # no English an officer reads on the form, except names of file formats and programs
    words = set(re.findall(r"[A-Za-z]{2,}", page.locator("main").inner_text()))
    assert words <= {"PDF", "Word", "Excel", "PNG", "JPEG", "WPS", "MB", "http", "https"}, words
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("一、调整范围")
    toolbar.get_by_role("button", name="标题", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="正文", exact=True).click()
    toolbar.get_by_role("button", name="加粗", exact=True).click()
    page.keyboard.type("全区城乡低保对象")
    both_widths(page, "officer-01-edit-form-in-editor")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text(f"已保存“{TITLE}”。")).to_be_visible()
    record.refresh_from_db()
    assert record.formed_on == date(2021, 10, 8)
    assert re.search(r"<h2>一、调整范围</h2>", record.body), record.body
    assert re.search(r"<(b|strong)>全区城乡低保对象</(b|strong)>", record.body), record.body

    # --- second edit: the date is still there; a passage pasted from Word keeps its structure -----------
    page.goto(url(page, f"/admin/records/{record.pk}/edit/"))
    expect(formed_on).to_have_value("2021-10-08")
    page.evaluate(PASTE, WORD_HTML)
    editor = page.get_by_role("textbox", name="正文", exact=True)
    expect(editor.locator("ol li")).to_have_count(2)
    expect(editor.locator("table td")).to_have_count(4)
    both_widths(page, "officer-02-pasted-from-word")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text(f"已保存“{TITLE}”。")).to_be_visible()
    record.refresh_from_db()
    body = record.body
    assert record.formed_on == date(2021, 10, 8)
    assert re.search(r"<ol>\s*<li>城市低保每人每月<(b|strong)>680</(b|strong)>元\s*</li>", body), body
    assert "<li>农村低保每人每年5400元" in body, body
    assert "<table>" in body and "680元/人·月" in body
    assert re.search(r"<strong>咨询电话：</strong>", body), body
    for word_noise in ("mso-", "Mso", "style=", "class=", "o:p", "1.&nbsp;", "StartFragment"):
        assert word_noise not in body, (word_noise, body)
    assert "<h2>二、保障标准</h2>" in body
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提交审核。")).to_be_visible()
    logout(page)

    # --- the reviewer sees 待审核 1 first on the dashboard and approves --------------------------------------
    login(page, reviewer.username)
    todo = page.locator("section", has=page.get_by_role("heading", name="我的待办"))
    expect(todo).to_contain_text("待审核 1")
    both_widths(page, "officer-03-reviewer-dashboard")
    todo.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="保密审查与发布")).to_be_visible()
    page.get_by_role("button", name="开始保密审查").click()
    expect(page.locator(".record-body").locator("table")).to_be_visible()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过。")).to_be_visible()
    both_widths(page, "officer-04-reviewer-approved")
    assert Record.objects.get(pk=record.pk).status == "approved"
    assert not errors, errors
    context.close()


# WPS writes lists as Word does (mso-list paragraphs) with its own bullets (●, ○) and nesting by level.
WPS_HTML = """<html><head><meta name="Generator" content="WPS Office"></head><body>
<h3 style="mso-outline-level:3">三、申请条件</h3>
<p style='margin-left:21pt;text-indent:-21pt;mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>●&nbsp;</span>具有本区户籍</p>
<p style='margin-left:21pt;text-indent:-21pt;mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>●&nbsp;</span>家庭经济困难</p>
<p style='margin-left:42pt;text-indent:-21pt;mso-list:l1 level2 lfo2'><span style='mso-list:Ignore'>○&nbsp;</span>建档立卡户优先</p>
<p style='line-height:150%'><a href="https://www.example.gov.cn/zc.html"><span style='color:blue'>政策原文</span></a>
<a href="javascript:alert(1)">坏链接</a></p></body></html>"""


def test_paste_from_wps_keeps_nested_lists_and_safe_links(page):
    world = county_world(standard=False)
    items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="minzheng.officer")
    login(page, officer.username)
    page.goto(url(page, f"/admin/records/new/?item={items.dibao.pk}"))
    html = page.evaluate("(h) => window.gongkaiCleanPastedHtml(h)", WPS_HTML)
    assert "<h3>三、申请条件</h3>" in html
    assert re.search(r"<ul><li>具有本区户籍</li><li>家庭经济困难<ul><li>建档立卡户优先</li></ul></li></ul>", html), html
    assert '<a href="https://www.example.gov.cn/zc.html">政策原文</a>' in html
    assert "javascript:" not in html and "坏链接" in html
    assert "●" not in html and "○" not in html and "style" not in html and "mso" not in html


def test_a_date_is_picked_from_a_chinese_calendar_or_typed(page):
    world = county_world(standard=False)
    items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="minzheng.officer")
    login(page, officer.username)
    page.goto(url(page, f"/admin/records/new/?item={items.dibao.pk}"))
    formed_on = page.get_by_label("形成日期")
    formed_on.fill("2026年3月1日")  # typed the Chinese way: read by the server's input formats
    picker = page.locator(".datepick", has=formed_on)
    picker.get_by_role("button", name="选日期").click()
    calendar = picker.get_by_role("dialog", name="日历")
    expect(calendar).to_contain_text("2026年3月")
    expect(calendar).to_contain_text("一二三四五六日")
    calendar.get_by_role("button", name="下个月").click()
    calendar.get_by_role("button", name="2026年4月15日").click()
    expect(formed_on).to_have_value("2026-04-15")
    expect(calendar).to_be_hidden()
    shot(page, "officer-05-date-picked")
