"""The request list tells a paused clock from one not started: while a consultation (第三十二条、第三十四条)
or a 补正 (第三十条) is outstanding the clock has started and stands still (第三十三条第三款); "未起算" is
only for a request not yet confirmed (第三十一条, no receipt day yet)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import Status
from tests.backoffice.test_views_requests import registered
from tests.factories import APPLICANT

pytestmark = pytest.mark.django_db
D = datetime.date


def _row(page: str, code: str) -> str:
    match = re.search(rf"<tr><td[^>]*><a [^>]*>{code}</a></td>.*?</tr>", page, re.S)
    assert match, code
    return match.group(0)


@pytest.fixture
def requests_in_each_state(world, clock):
    office = world.users.office
    running = registered(world, D(2026, 9, 1))
    consulting = registered(world, D(2026, 9, 1), description="请公开某某道路工程的招标文件")
    services.request_consultation_sent(actor=office, request=consulting, on=D(2026, 9, 3),
                                       party_kind="third_party", party_name="某某建设有限公司")
    correcting = registered(world, D(2026, 9, 1), description="请公开大祥区2026年低保资金发放明细")
    services.request_correction(actor=office, request=correcting, on=D(2026, 9, 3), items="请写明所需文件的年度")
    unconfirmed = services.request_submit_online(
        jurisdiction=world.tree["county"], data={**APPLICANT, "description": "请公开某某小区规划许可文件"},
        receiving_unit=world.office_unit, submitted_at=timezone.now())
    clock.set(D(2026, 9, 8))
    for item in (running, consulting, correcting, unconfirmed):
        item.refresh_from_db()
    assert consulting.status == Status.IN_CONSULTATION
    assert correcting.status == Status.AWAITING_CORRECTION
    assert unconfirmed.status == Status.AWAITING_CONFIRMATION
    return {"running": running, "consulting": consulting, "correcting": correcting, "unconfirmed": unconfirmed}


def test_paused_clock_shown_as_paused_not_as_not_started(client, world, requests_in_each_state):
    """第三十三条第三款: the time of a consultation is not counted — the clock is paused, not unstarted;
    第三十条: while waiting for a 补正 the clock is paused too."""
    client.force_login(world.users.office)
    page = client.get(reverse("backoffice:requests")).content.decode()
    r = requests_in_each_state

    consulting = _row(page, r["consulting"].tracking_code)
    assert "已暂停（征求意见中）" in consulting
    assert "未起算" not in consulting

    correcting = _row(page, r["correcting"].tracking_code)
    assert "已暂停（待补正）" in correcting
    assert "未起算" not in correcting

    unconfirmed = _row(page, r["unconfirmed"].tracking_code)
    assert "未起算" in unconfirmed
    assert "已暂停" not in unconfirmed

    running = _row(page, r["running"].tracking_code)
    assert "个工作日" in running
    assert "已暂停" not in running and "未起算" not in running


def test_clock_resumes_after_the_consultation_reply(client, world, requests_in_each_state):
    item = requests_in_each_state["consulting"]
    services.request_consultation_replied(actor=world.users.office, request=item, on=D(2026, 9, 7),
                                          outcome="consent")
    client.force_login(world.users.office)
    row = _row(client.get(reverse("backoffice:requests")).content.decode(), item.tracking_code)
    assert "已暂停" not in row and "个工作日" in row


def test_fee_109_wait_shown_as_paused_for_payment(client, world, clock):
    """国办函〔2020〕109号, by default: waiting for payment is not counted — the list says the clock waits for the fee,
    not for a consultation."""
    item = registered(world, D(2026, 9, 1), description="请公开某某片区征收补偿方案全文")
    services.request_fee_notice(actor=world.users.office, request=item, on=D(2026, 9, 3), method="per_page",
                                quantity=120)
    clock.set(D(2026, 9, 8))
    client.force_login(world.users.office)
    row = _row(client.get(reverse("backoffice:requests")).content.decode(), item.tracking_code)
    assert "已暂停（待缴费）" in row and "征求意见" not in row
