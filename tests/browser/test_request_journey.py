"""The request journey in a browser: a citizen applies on the portal (no login) and gets a tracking code →
the disclosure office confirms it (the receipt day, 第三十一条) and gives it to the 教育局 → asks for a
correction (第三十条) → the corrected application arrives (the clock starts again) → a third party is
consulted (第三十二条, not counted) → the office head extends by 20 working days (第三十三条第二款) → partial
disclosure (第三十七条) with a redacted attachment and the reply letter downloaded as docx → the citizen
follows it by tracking code (stage and due date, nothing personal) → delivery recorded and archived.

The services refuse dates in the future and events out of order, and the portal stamps a submission with
the time it is made; so after the citizen submits, the test moves the submission back to 2026-09-21 (as if
applied then) and the officer types explicit past dates, across the 2026 National Day holiday."""

import datetime
import io
import re

import pytest
from docx import Document

from gongkai.calendars.services import calendar_seed
from gongkai.disclosure_requests.models import DisclosureRequest
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, logout, url
from tests.factories import resident_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "张某某"
ID_NUMBER = resident_id("43050319850505321")  # invented, checksum-valid
PHONE = "13800000000"
EMAIL = "zhangmoumou@example.invalid"
ADDRESS = "湖南省邵阳市大祥区某某路1号"
WHAT = "请公开2026年大祥区城区义务教育学校招生范围划分的文件"


def action(page, name: str):
    """One action of the request page: a next step is shown open; the others are behind 更多办理操作 (opened
    here as a person would, by its summary)."""
    box = page.locator(f"#action-{name}")
    if not box.is_visible():
        page.locator("#more-actions > summary").click()
    if box.evaluate("el => el.tagName === 'DETAILS' && !el.open"):
        box.locator(":scope > summary").click()
    return box


def track(page, code: str):
    page.goto(url(page, "/requests/track/"))
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="查询结果")).to_be_visible()
    text = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    for personal in (NAME, ID_NUMBER, PHONE, EMAIL, "某某路", WHAT):
        assert personal not in page.content()
    return text


def test_citizen_applies_office_handles_citizen_tracks(page, tmp_path):
    world = county_world(standard=False)
    calendar_seed()  # the flush between transactional tests empties the calendar the migration loaded

    # --- the citizen applies on the portal --------------------------------------------------------------
    page.goto(url(page, "/requests/new/"))
    page.get_by_role("link", name="大祥区").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("申请公开政府信息")
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("姓名", exact=True).fill(NAME)
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("电子邮箱").fill(EMAIL)
    page.get_by_label("通信地址").fill(ADDRESS)
    page.get_by_label("邮政编码").fill("42200")  # one digit short: refused, the rest is kept
    page.get_by_label("所需信息的内容描述").fill(WHAT)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("邮政编码应为 6 位数字。")).to_be_visible()
    expect(page.get_by_label("所需信息的内容描述")).to_have_value(WHAT)
    shot(page, "requests-00-portal-form-error")
    page.get_by_label("邮政编码").fill("422000")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    expect(page.get_by_text("第三十一条第（三）项")).to_be_visible()
    code = page.locator(".portal-tracking-code strong").inner_text().strip().replace("-", "")  # shown grouped
    assert re.fullmatch(r"[A-Z2-9]{12}", code)
    shot(page, "requests-01-portal-submitted")

    # As if submitted on 2026-09-21 (see the module's docstring).
    item = DisclosureRequest.objects.get(tracking_code=code)
    applied = datetime.datetime(2026, 9, 21, 9, tzinfo=datetime.UTC)
    DisclosureRequest.objects.filter(pk=item.pk).update(submitted_at=applied, arrived_at=applied)
    item.events.update(date=datetime.date(2026, 9, 21))

    text = track(page, code)
    assert "待确认" in text and "确认收到申请后计算" in text

    # --- the office confirms and assigns --------------------------------------------------------------------
    login(page, world.users.office.username)
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="依申请公开").click()
    expect(page.get_by_role("heading", name="依申请公开", level=1)).to_be_visible()
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.get_by_text(ID_NUMBER)).to_be_visible()  # staff see the applicant
    box = action(page, "confirm")
    box.get_by_label("日期").fill("2026-09-22")
    box.get_by_label("确认方式").fill("电话确认")
    box.get_by_role("button", name="确认").click()
    expect(page.get_by_text("自收到申请之日（2026年9月22日）的次日起计算20个工作日")).to_be_visible()

    box = action(page, "assign")
    box.get_by_label("日期").fill("2026-09-22")
    box.get_by_label("承办单位").select_option(label="区教育局")
    box.get_by_role("button", name="交办").click()
    expect(page.get_by_text("承办单位：区教育局")).to_be_visible()

    # --- correction, and the corrected application ---------------------------------------------------------
    box = action(page, "correction")
    box.get_by_label("日期").fill("2026-09-24")
    box.get_by_label("需要补正的事项").fill("请写明所需文件涉及的学段（小学或初中）。")
    box.get_by_role("button", name="发出补正通知").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("待补正")
    box = action(page, "correction_received")
    box.get_by_label("日期").fill("2026-09-28")
    box.get_by_role("button", name="登记补正").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")

    # --- third-party consultation (not counted) ---------------------------------------------------------------
    box = action(page, "consultation_sent")
    box.get_by_label("日期").fill("2026-10-12")
    box.get_by_label("名称").fill("某某教育咨询有限公司")
    box.get_by_role("button", name="登记征求意见").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("征求意见中")
    box = action(page, "consultation_replied")
    box.get_by_label("日期").fill("2026-10-19")
    box.get_by_label("结果").select_option(label="不同意公开")
    box.get_by_role("button", name="登记答复").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")
    item.refresh_from_db()
    due_before = item.due_on

    # --- extension by the office head ----------------------------------------------------------------------------
    box = action(page, "extension")
    box.get_by_label("延期决定日期").fill("2026-10-23")
    box.get_by_label("告知申请人日期").fill("2026-10-23")
    box.get_by_label("延长工作日数").fill("20")
    box.get_by_label("延期理由").fill("需对第三方意见逐项核实。")
    box.get_by_role("button", name="批准延期").click()
    expect(page.get_by_text("已保存：延长答复期限")).to_be_visible()
    item.refresh_from_db()
    assert item.due_on > due_before
    shot(page, "requests-02-office-clock")

    # --- the citizen follows it: stage and due date, nothing personal ---------------------------------------------
    logout(page)
    text = track(page, code)
    assert "办理中" in text and f"{item.due_on.year}年{item.due_on.month}月{item.due_on.day}日" in text
    shot(page, "requests-03-portal-tracking")

    # --- partial disclosure with a redacted attachment; the letter as docx ------------------------------------------
    login(page, world.users.office.username)
    page.goto(url(page, f"/admin/requests/{item.pk}/"))
    redacted = tmp_path / "招生范围（已遮盖）.pdf"
    redacted.write_bytes(b"%PDF-1.4\n% redacted test file\n")
    box = action(page, "reply")
    box.get_by_label("部分公开（第三十七条）").check()
    box.get_by_label("理由", exact=True).fill("文件中涉及第三方商业信息的部分，经征求意见第三方不同意公开，依照第十五条不予公开。")
    box.get_by_label("答复日期").fill("2026-11-10")
    box.get_by_label("附件（经区分处理的文件，可多选）").set_input_files(str(redacted))
    box.get_by_label("附件已经区分处理（遮盖不予公开的部分）").check()
    box.get_by_role("button", name="作出答复").click()
    expect(page.get_by_text("部分公开（第三十七条）").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载答复书（Word）").click()
    path = tmp_path / "letter.docx"
    info.value.save_as(path)
    letter = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert NAME in letter and "第三十七条" in letter

    box = action(page, "deliver")
    box.get_by_label("送达方式").select_option(label="邮寄")
    box.get_by_label("送达日期").fill("2026-11-12")
    box.get_by_label("签收人").fill(NAME)
    box.get_by_role("button", name="登记送达").click()
    expect(page.get_by_text("签收人 张某某")).to_be_visible()
    box = action(page, "archive")
    box.get_by_label("日期").fill("2026-11-16")
    box.get_by_role("button", name="归档").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已归档")
    shot(page, "requests-04-office-archived")
    logout(page)

    text = track(page, code)
    assert "归档" in text and "已归档" in text


def test_officer_registers_a_fax_and_confirms_it(page):
    """第三十一条第（三）项: a fax is received on the day both sides confirm; the officer types both in."""
    world = county_world(standard=False)
    calendar_seed()  # the flush between transactional tests empties the calendar the migration loaded
    login(page, world.users.office.username)
    page.goto(url(page, "/admin/requests/"))
    page.get_by_role("link", name="登记申请（信函、当面、传真、电子邮件）").click()
    page.get_by_label("申请渠道").select_option(label="传真")
    page.get_by_label("提交日期").fill("2026-11-02")
    page.get_by_label("到达（签收）日期").fill("2026-11-02")
    page.get_by_label("申请人类型").select_option(label="法律服务机构")
    page.get_by_label("组织名称").fill("某某律师事务所")
    page.get_by_label("统一社会信用代码").fill("31430000MD1234567X")
    page.get_by_label("联系人").fill("李某某")
    page.get_by_label("联系电话").fill("0739-0000000")
    page.get_by_label("通信地址").fill("湖南省邵阳市大祥区某某大厦8楼")
    page.get_by_label("所需信息的内容描述").fill("请公开某某片区棚户区改造项目的征收补偿方案")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text(re.compile(r"已登记申请，查询码 [A-Z2-9]{12}。"))).to_be_visible()
    expect(page.get_by_text("收到申请之日尚未确定")).to_be_visible()
    box = action(page, "confirm")
    box.get_by_label("日期").fill("2026-11-03")
    box.get_by_label("确认方式").fill("电话确认")
    box.get_by_role("button", name="确认").click()
    expect(page.get_by_text("自收到申请之日（2026年11月3日）的次日起计算20个工作日")).to_be_visible()
    page.goto(url(page, "/admin/requests/"))
    expect(page.get_by_text("某某片区棚户区改造项目")).to_be_visible()
    shot(page, "requests-05-office-list")


def test_administrator_keeps_the_calendar(page):
    from gongkai.accounts.models import Role
    from tests.factories import user_with_role

    world = county_world(standard=False)
    calendar_seed()  # the flush between transactional tests empties the calendar the migration loaded
    admin = user_with_role(Role.SYSTEM_ADMIN, world.office_unit, username="sysadmin")
    login(page, admin.username)
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="工作日历").click()
    expect(page.get_by_role("heading", name="工作日历", level=1)).to_be_visible()
    page.get_by_role("link", name="2026年").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026年工作日历")
    expect(page.get_by_text("2026年10月", exact=True)).to_be_visible()
    shot(page, "calendar-01-year-2026")
    page.goto(url(page, "/admin/calendar/2027/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("暂定")
    form = page.locator("#h-day-form ~ form")
    form.get_by_label("日期").fill("2027-01-01")
    form.get_by_label("类型").select_option(label="放假")
    form.get_by_label("节日名称").fill("元旦")
    form.get_by_role("button", name="保存特殊日").click()
    expect(page.get_by_text(re.compile("请填写依据的通知"))).to_be_visible()
    form = page.locator("#h-day-form ~ form")
    expect(form.get_by_label("节日名称")).to_have_value("元旦")
    form.get_by_label("依据通知").fill("国务院办公厅关于2027年部分节假日安排的通知（测试）")
    form.get_by_role("button", name="保存特殊日").click()
    expect(page.get_by_text("已保存：2027-01-01 元旦（放假）。")).to_be_visible()
    expect(page.locator("td.cal-day.holiday").first).to_be_visible()
