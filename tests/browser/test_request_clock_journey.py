"""The answer clock in a browser, checked against `gongkai deadline`: the disclosure office takes a request through
a third-party consultation (the letter sent, received by the consulted party, its 15 working days run out without an
answer — 第三十二条; the time is not counted, 第三十三条第三款), a fee notice (sent, received by the applicant, paid —
国办函〔2020〕109号; by default the wait is not counted) and a reply with its letter. The due date and the
explanation the request page shows, and the dates in the reply letter, are the ones `gongkai deadline` gives for the
same events.

The services refuse dates in the future, so the request is registered as received on 2026-09-01 and the officer
types past dates (across the 2026 Mid-Autumn and National Day holidays); the dates after the consulted party's receipt
are computed from the calendar, as an officer reads them off the page."""

import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document

from gongkai.calendars.selectors import workday_calendar
from gongkai.calendars.services import calendar_seed
from gongkai.disclosure_requests import services
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, url
from tests.factories import applicant, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def cn(day: D) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def action(page, name: str):
    """One action of the request page, opened as a person would (behind 更多办理操作 when not a next step)."""
    box = page.locator(f"#action-{name}")
    if not box.is_visible():
        page.locator("#more-actions > summary").click()
    if box.evaluate("el => el.tagName === 'DETAILS' && !el.open"):
        box.locator(":scope > summary").click()
    return box


def cli(received: D, *events: tuple[str, D]) -> dict:
    """`gongkai deadline --received … --event kind:date … --json`, run as the command it is."""
    args = ["--received", received.isoformat()]
    for kind, day in events:
        args += ["--event", f"{kind}:{day.isoformat()}"]
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def screen_clock(page) -> tuple[str, list[str]]:
    clock = page.locator("section[aria-labelledby='h-clock']")
    return (clock.locator("p.big").inner_text().strip(),
            [line.strip() for line in clock.locator("ol > li").all_inner_texts()])


def test_consultation_fee_and_reply_agree_with_the_deadline_command(page, tmp_path):
    world = county_world(standard=False)
    calendar_seed()  # the flush between transactional tests empties the calendar the migration loaded
    calendar = workday_calendar()
    received = D(2026, 9, 1)
    item = services.request_register(
        actor=world.users.office, jurisdiction=world.county, intake_channel="in_person",
        data=applicant(description="请公开2026年大祥区城区义务教育学校招生范围划分的文件"), submitted_at=at("2026-09-01"),
        receiving_unit=world.office_unit)
    services.request_assign(actor=world.users.office, request=item, unit=world.edu, on=received)
    sent, letter_received = D(2026, 9, 3), D(2026, 9, 7)
    party_due = calendar.add_workdays(letter_received, 15)  # 第三十二条: 15 working days from the party's receipt
    expired = calendar.add_workdays(party_due, 1)
    fee_sent = calendar.add_workdays(expired, 1)
    fee_received = calendar.add_workdays(fee_sent, 2)
    paid = calendar.add_workdays(fee_received, 5)
    replied = calendar.add_workdays(paid, 1)

    login(page, world.users.office.username)
    page.goto(url(page, f"/admin/requests/{item.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(item.tracking_code)

    # --- the consultation: sent, received by the party, run out without an answer ------------------------------
    box = action(page, "consultation_sent")
    box.get_by_label("日期").fill(sent.isoformat())
    box.get_by_label("征求意见对象").select_option(label="第三方（第三十二条）")
    box.get_by_label("名称").fill("某某教育咨询有限公司")
    box.get_by_role("button", name="登记征求意见").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("征求意见中")
    box = action(page, "consultation_received")
    box.get_by_label("日期").fill(letter_received.isoformat())
    box.get_by_role("button", name="登记收到日期").click()
    expect(page.get_by_text(f"即{cn(party_due)}（含当日）前").first).to_be_visible()
    box = action(page, "consultation_replied")
    box.get_by_label("日期").fill(expired.isoformat())
    box.get_by_label("结果").select_option(label="逾期未答复")
    box.get_by_role("button", name="登记答复").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")

    # --- the fee: notice sent, received by the applicant, paid ---------------------------------------------------
    box = action(page, "fee_notice")
    box.get_by_label("收费通知日期").fill(fee_sent.isoformat())
    box.get_by_label("按量计收").check()
    box.get_by_label("本申请的件数或页数").fill("120")
    box.get_by_role("button", name="发出收费通知").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("待缴费")
    due_text, _ = screen_clock(page)
    assert due_text == "期限中止"  # waiting for payment is not counted (the jurisdiction's default)
    box = action(page, "fee_notice_received")
    box.get_by_label("日期").fill(fee_received.isoformat())
    box.get_by_role("button", name="登记收到日期").click()
    expect(page.get_by_text("已保存").first).to_be_visible()
    box = action(page, "fee_paid")
    box.get_by_label("缴费日期").fill(paid.isoformat())
    box.get_by_role("button", name="登记缴费").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")
    shot(page, "request-clock-01-after-payment")

    events = [("consultation-sent", sent), ("consultation-received", letter_received), ("consultation-expired", expired),
              ("fee-notice-sent", fee_sent), ("fee-notice-received", fee_received), ("fee-paid", paid)]
    command = cli(received, *events)
    due = D.fromisoformat(command["due"])
    due_text, lines = screen_clock(page)
    assert due_text == cn(due)
    assert lines == command["explanation"]  # the page explains the count exactly as the command does
    assert replied <= due

    # --- the reply and its letter ----------------------------------------------------------------------------------
    box = action(page, "reply")
    box.get_by_label("予以公开（第三十六条第（二）项）").check()
    box.get_by_label("提供的信息或获取的方式、途径和时间").fill("所需文件见附件，亦可在大祥区人民政府门户网站查阅。")
    box.get_by_label("答复日期").fill(replied.isoformat())
    box.get_by_role("button", name="作出答复").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已答复")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载答复书（Word）").click()
    path = tmp_path / "letter.docx"
    info.value.save_as(path)
    letter = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert f"于{cn(received)}收到" in letter  # the receipt day the command counted from
    assert f"自收到申请之日（{cn(received)}）" in command["explanation"][0]
    assert cn(replied) in letter and replied <= due  # answered within the period the command gives
    assert "晚于答复期限" not in page.locator("main").inner_text()
    shot(page, "request-clock-02-replied")
