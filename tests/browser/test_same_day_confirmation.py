"""The office confirms an online request on the day it arrived (issue 10: 确认时间不能早于申请到达的时间 was shown
for a same-day confirmation). 《条例》第三十一条第（三）项: an online request is received on the day both sides
confirm it — which may well be the day it was sent."""

import pytest

from gongkai.calendars.services import calendar_seed
from gongkai.core import clock
from gongkai.disclosure_requests.models import DisclosureRequest
from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, url
from tests.browser.test_request_journey import ADDRESS, ID_NUMBER, NAME, PHONE, WHAT, action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_confirms_an_online_request_the_day_it_arrived(page):
    world = county_world(standard=False)
    calendar_seed()
    page.goto(url(page, "/requests/new/"))
    page.get_by_role("link", name="大祥区").click()
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("姓名", exact=True).fill(NAME)
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("通信地址").fill(ADDRESS)
    page.get_by_label("邮政编码").fill("422000")
    page.get_by_label("所需信息的内容描述").fill(WHAT)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    code = page.locator(".portal-tracking-code strong").inner_text().strip().replace("-", "")

    today = clock.today()
    login(page, world.users.office.username)
    page.goto(url(page, f"/admin/requests/{DisclosureRequest.objects.get(tracking_code=code).pk}/"))
    box = action(page, "confirm")
    box.get_by_label("日期").fill(today.isoformat())
    box.get_by_label("确认方式").fill("电话确认")
    box.get_by_role("button", name="确认").click()
    expect(page.get_by_text("确认时间不能早于")).to_have_count(0)
    expect(page.get_by_text(f"自收到申请之日（{today.year}年{today.month}月{today.day}日）")).to_be_visible()
    shot(page, "requests-same-day-confirmation")
