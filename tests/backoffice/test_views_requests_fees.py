"""The back office's fee screens (信息处理费, 国办函〔2020〕109号; rules.md §5): the fee notice (按件 or 按量,
progressive, per applicant per calendar month), the payment within 20 working days, the request deemed
abandoned when nobody pays (row 三(六)2), the fee state on the request page, and the users who are refused."""

import datetime

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.calendars.selectors import workday_calendar
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest, EventKind, Status
from tests.backoffice.test_views_requests import act, body, registered
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
D = datetime.date


def page_of(client, item) -> str:
    return body(client.get(reverse("backoffice:request", args=[item.pk])))


def with_earlier_requests(world, count: int, day: D) -> None:
    """`count` earlier requests of the same applicant in the same month (each one item, 一事一申请)."""
    for n in range(count):
        registered(world, day, description=f"请公开大祥区2026年第{n + 1}批农村公路建设项目清单")


def preview(client, item, data):
    """The “计算金额” button of the notice form (name="do" value="preview")."""
    return client.post(reverse("backoffice:request_action", args=[item.pk, "fee_notice"]),
                       {**{f"fee_notice-{k}": v for k, v in data.items()}, "do": "preview"})


def noticed(world, item, day: D, *, method="per_page", quantity=250) -> DisclosureRequest:
    return services.request_fee_notice(actor=world.users.office, request=item, on=day, method=method,
                                       quantity=quantity)


# --- the notice -----------------------------------------------------------------------------------------


def test_fee_per_item_counts_the_applicants_month_through_the_screen(client, world):
    """国办函〔2020〕109号第四条 (rules.md §5): counted per applicant per calendar month, cumulatively — 3 earlier
    requests this month plus 42 items now = 45 items: 20×100 + 10×200 + 5×300 = 5,500 元."""
    with_earlier_requests(world, 3, D(2026, 9, 1))
    item = registered(world, D(2026, 9, 2))
    client.force_login(world.users.office)
    assert 'id="action-fee_notice"' in page_of(client, item)
    response = act(client, item, "fee_notice", {"date": "2026-09-03", "method": "per_item", "quantity": "42"},
                   follow=True)
    assert response.status_code == 200
    page = body(response)
    pay_by = workday_calendar().add_workdays(D(2026, 9, 3), 20)
    assert "应收信息处理费 5500 元" in page
    assert f"{pay_by.year}年{pay_by.month}月{pay_by.day}日" in page
    assert "本月此前已申请3件，本次42件" in page and "2026年9月3日 发出" in page and "尚未缴费" in page
    item.refresh_from_db()
    assert item.status == Status.AWAITING_PAYMENT
    notice = item.events.get(kind=EventKind.FEE_NOTICE_SENT)
    assert notice.data["amount"] == 5500 and notice.data["pay_by"] == pay_by.isoformat()
    # while waiting for payment: the payment and the lapse are offered, a second notice is not
    assert "action-fee_paid" in page and "action-fee_period_ended" in page and 'id="action-fee_notice"' not in page


def test_the_amount_is_shown_before_the_notice_is_sent(client, world):
    """国办函〔2020〕109号第五条 (rules.md §5): 250 pages = 70×10 + 100×20 + 50×40 = 4,700 元; “计算金额” shows
    it without recording anything, the input kept."""
    item = registered(world, D(2026, 9, 1))
    client.force_login(world.users.office)
    response = preview(client, item, {"date": "2026-09-03", "method": "per_page", "quantity": "250"})
    assert response.status_code == 200
    page = body(response)
    assert "按量计收：250页，应收信息处理费 4700 元" in page and 'value="250"' in page
    assert not item.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists()
    # within the free range: says so, nothing to send
    response = preview(client, item, {"date": "2026-09-03", "method": "per_page", "quantity": "30"})
    assert "应收费用为0元" in body(response)


def test_a_free_quantity_is_refused_with_the_input_kept(client, world):
    """《条例》第四十二条第一款: free by default; 10 items in the month cost nothing and no notice is sent."""
    item = registered(world, D(2026, 9, 1))
    client.force_login(world.users.office)
    response = act(client, item, "fee_notice", {"date": "2026-09-03", "method": "per_item", "quantity": "10"})
    assert response.status_code == 200
    page = body(response)
    assert "不需要发出收费通知" in page and 'value="10"' in page
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and not item.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists()


def test_a_notice_in_the_wrong_stage_is_refused_and_changes_nothing(client, world):
    """109号: the notice is sent while the request is handled; not while awaiting a correction, not twice."""
    item = registered(world, D(2026, 9, 1))
    services.request_correction(actor=world.users.office, request=item, on=D(2026, 9, 2), items="请写明年度")
    client.force_login(world.users.office)
    assert 'id="action-fee_notice"' not in page_of(client, item)
    response = act(client, item, "fee_notice", {"date": "2026-09-03", "method": "per_page", "quantity": "250"})
    assert response.status_code == 200
    page = body(response)
    assert "待补正，不能发出收费通知" in page and 'value="250"' in page
    item.refresh_from_db()
    assert item.status == Status.AWAITING_CORRECTION
    assert not item.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists()


def test_a_second_notice_is_refused(client, world):
    """109号第三条: one method, charged once per application — after payment no second notice."""
    item = noticed(world, registered(world, D(2026, 9, 1)), D(2026, 9, 3))
    services.request_fee_paid(actor=world.users.office, request=item, on=D(2026, 9, 10))
    client.force_login(world.users.office)
    assert 'id="action-fee_notice"' not in page_of(client, item)
    response = act(client, item, "fee_notice", {"date": "2026-09-11", "method": "per_item", "quantity": "40"})
    assert "只能按一种方式计收一次" in body(response)
    assert item.events.filter(kind=EventKind.FEE_NOTICE_SENT).count() == 1


# --- the payment ----------------------------------------------------------------------------------------


def test_the_office_records_the_payment(client, world):
    """109号 (rules.md §5 procedure): paid within 20 working days; the request is handled again."""
    item = noticed(world, registered(world, D(2026, 9, 1)), D(2026, 9, 3))
    client.force_login(world.users.office)
    response = act(client, item, "fee_paid", {"date": "2026-09-15", "receipt_number": "湘非税 0012345"}, follow=True)
    page = body(response)
    assert "2026年9月15日 已缴费" in page and "湘非税 0012345" in page and "4700 元" in page
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    paid = item.events.get(kind=EventKind.FEE_PAID)
    assert paid.date == D(2026, 9, 15) and paid.data == {"amount": 4700, "receipt_number": "湘非税 0012345"}
    assert "action-fee_paid" not in page and "action-reply" in page


def test_a_payment_after_the_window_is_refused_and_changes_nothing(client, world):
    """109号 (rules.md §5 procedure): not paid within 20 working days from the day after the notice → too late,
    the request is deemed abandoned instead."""
    item = noticed(world, registered(world, D(2026, 9, 1)), D(2026, 9, 3))
    late = workday_calendar().add_workdays(D(2026, 9, 3), 20) + datetime.timedelta(days=1)
    client.force_login(world.users.office)
    response = act(client, item, "fee_paid", {"date": late.isoformat(), "receipt_number": "湘非税 0099999"})
    assert response.status_code == 200
    page = body(response)
    assert "逾期未缴费的视为放弃申请" in page and "湘非税 0099999" in page
    item.refresh_from_db()
    assert item.status == Status.AWAITING_PAYMENT and not item.events.filter(kind=EventKind.FEE_PAID).exists()


def test_not_paid_in_time_is_deemed_abandoned(client, world):
    """109号; 年度报告 三(六)2: not paid within the window, the request is deemed abandoned; before the window
    ends that is refused."""
    item = noticed(world, registered(world, D(2026, 9, 1)), D(2026, 9, 3))
    pay_by = workday_calendar().add_workdays(D(2026, 9, 3), 20)
    client.force_login(world.users.office)
    response = act(client, item, "fee_period_ended", {"date": pay_by.isoformat()})
    assert "届满之后才能按逾期未缴费处理" in body(response)
    item.refresh_from_db()
    assert item.status == Status.AWAITING_PAYMENT
    after = pay_by + datetime.timedelta(days=1)
    response = act(client, item, "fee_period_ended", {"date": after.isoformat()}, follow=True)
    page = body(response)
    assert "逾期未缴费" in page and "三(六)2" in page
    item.refresh_from_db()
    assert item.status == Status.ABANDONED and item.reply.report_row == "三(六)2"


def test_payment_actions_are_not_offered_without_a_notice(client, world):
    item = registered(world, D(2026, 9, 1))
    client.force_login(world.users.office)
    page = page_of(client, item)
    assert "action-fee_paid" not in page and "action-fee_period_ended" not in page and "信息处理费</h2>" not in page
    response = act(client, item, "fee_paid", {"date": "2026-09-03"})
    assert "该申请没有等待缴费" in body(response)
    assert not item.events.filter(kind=EventKind.FEE_PAID).exists()


# --- refusals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_office", "auditor", "admin", "approver"])
def test_users_without_the_request_role_cannot_charge(client, world, who):
    item = registered(world, D(2026, 9, 1))
    client.force_login(getattr(world.users, who))
    response = act(client, item, "fee_notice", {"date": "2026-09-03", "method": "per_page", "quantity": "250"})
    assert response.status_code == 403
    assert preview(client, item, {"date": "2026-09-03", "method": "per_page", "quantity": "250"}).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and not item.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists()


@pytest.mark.parametrize("who", ["other_office", "auditor", "admin", "stranger"])
def test_users_without_the_request_role_cannot_record_a_payment(client, world, who):
    item = noticed(world, registered(world, D(2026, 9, 1)), D(2026, 9, 3))
    services.request_assign(actor=world.users.office, request=item, unit=world.edu, on=D(2026, 9, 4))
    user = (user_with_role(Role.INFORMATION_OFFICER, world.civil, username="civil_officer") if who == "stranger"
            else getattr(world.users, who))
    client.force_login(user)
    assert act(client, item, "fee_paid", {"date": "2026-09-10"}).status_code == 403
    assert act(client, item, "fee_period_ended", {"date": "2026-11-20"}).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.AWAITING_PAYMENT
    assert not item.events.filter(kind__in=(EventKind.FEE_PAID, EventKind.DEEMED_ABANDONED)).exists()


def test_anonymous_cannot_charge_or_record_a_payment(client, world):
    item = registered(world, D(2026, 9, 1))
    response = act(client, item, "fee_notice", {"date": "2026-09-03", "method": "per_page", "quantity": "250"})
    assert response.status_code == 302 and "login" in response["Location"]
    noticed(world, item, D(2026, 9, 3))
    response = act(client, item, "fee_paid", {"date": "2026-09-10"})
    assert response.status_code == 302 and "login" in response["Location"]
    item.refresh_from_db()
    assert item.status == Status.AWAITING_PAYMENT and not item.events.filter(kind=EventKind.FEE_PAID).exists()


def test_the_officer_of_the_assigned_unit_may_record_the_payment(client, world):
    """HANDLE_REQUEST: officers of the assigned unit handle the request, fees included."""
    item = noticed(world, registered(world, D(2026, 9, 1)), D(2026, 9, 3))
    services.request_assign(actor=world.users.office, request=item, unit=world.edu, on=D(2026, 9, 4))
    client.force_login(world.users.officer)
    assert act(client, item, "fee_paid", {"date": "2026-09-10"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
