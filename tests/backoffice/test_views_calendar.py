"""The working-day calendar screens (system administrator only) and the dashboard warning."""

import datetime

import pytest
from django.urls import reverse

from gongkai.backoffice import views as dashboard_views
from gongkai.calendars.models import CalendarYear, SpecialDay
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知（测试）"


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def november(clock):
    """Pretend today is 2026-11-23 and 2027 is not loaded."""
    clock.set(datetime.date(2026, 11, 23))
    CalendarYear.objects.filter(year=2027).delete()


def test_years_list_shows_complete_and_provisional_years(client, world, november):
    CalendarYear.objects.update_or_create(year=2027, defaults={"complete": False})
    client.force_login(world.users.admin)
    page = body(client.get(reverse("backoffice:calendar")))
    assert "2026年" in page and "已完整" in page
    assert "2027年" in page and "暂定" in page
    assert "2027年的节假日安排尚未载入工作日历" in page


def test_no_warning_before_november(client, world, clock):
    clock.set(datetime.date(2026, 10, 31))
    client.force_login(world.users.admin)
    assert "尚未载入工作日历" not in body(client.get(reverse("backoffice:calendar")))


def test_year_page_lists_special_days_with_their_notice_and_a_month_grid(client, world):
    client.force_login(world.users.admin)
    page = body(client.get(reverse("backoffice:calendar_year", args=[2026])))
    assert "春节" in page and "国务院办公厅" in page
    assert "2026年2月" in page and 'class="cal-day holiday' in page and 'class="cal-day makeup' in page
    assert 'class="cal-day rest' in page and 'class="cal-day work' in page


def test_add_a_day_with_its_notice_then_correct_and_remove_it(client, world):
    client.force_login(world.users.admin)
    url = reverse("backoffice:calendar_year", args=[2027])
    response = client.post(url, {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source_notice": NOTICE})
    assert response.status_code == 302
    day = SpecialDay.objects.get(date=datetime.date(2027, 1, 1))
    assert day.source_notice == NOTICE and day.created_by == world.users.admin
    assert AuditEvent.objects.filter(action="calendar.special_day_set").exists()

    client.post(url, {"date": "2027-01-01", "kind": "holiday", "name": "元旦节", "source_notice": NOTICE})
    day.refresh_from_db()
    assert day.name == "元旦节"

    response = client.post(reverse("backoffice:calendar_day_remove", args=[2027]), {"date": "2027-01-01"})
    assert response.status_code == 302
    assert not SpecialDay.objects.filter(date=datetime.date(2027, 1, 1)).exists()
    assert AuditEvent.objects.filter(action="calendar.special_day_removed").exists()


def test_a_day_without_notice_is_refused_and_the_form_keeps_the_input(client, world):
    client.force_login(world.users.admin)
    response = client.post(reverse("backoffice:calendar_year", args=[2027]),
                           {"date": "2027-02-06", "kind": "workday", "name": "春节调休", "source_notice": ""})
    assert response.status_code == 200
    page = body(response)
    assert "请填写依据的通知" in page and 'value="春节调休"' in page
    assert not SpecialDay.objects.filter(date=datetime.date(2027, 2, 6)).exists()


def test_a_weekday_cannot_be_a_makeup_working_day(client, world):
    client.force_login(world.users.admin)
    response = client.post(reverse("backoffice:calendar_year", args=[2027]),
                           {"date": "2027-02-08", "kind": "workday", "name": "春节", "source_notice": NOTICE})
    assert "本来就是工作日" in body(response)


def test_mark_a_year_complete(client, world):
    client.force_login(world.users.admin)
    response = client.post(reverse("backoffice:calendar"), {"year": "2027", "complete": "on", "source_notice": NOTICE})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).complete
    response = client.post(reverse("backoffice:calendar"), {"year": "2028", "complete": "on", "source_notice": ""})
    assert "请填写依据的通知" in body(response)
    assert not CalendarYear.objects.filter(year=2028, complete=True).exists()


@pytest.mark.parametrize("who", ["office", "officer", "reviewer", "auditor", "approver"])
def test_every_other_role_is_refused(client, world, who):
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:calendar")).status_code == 403
    assert client.get(reverse("backoffice:calendar_year", args=[2026])).status_code == 403
    response = client.post(reverse("backoffice:calendar_year", args=[2027]),
                           {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source_notice": NOTICE})
    assert response.status_code == 403
    assert not SpecialDay.objects.filter(date=datetime.date(2027, 1, 1)).exists()
    assert client.post(reverse("backoffice:calendar_day_remove", args=[2026]),
                       {"date": "2026-01-01"}).status_code == 403
    assert SpecialDay.objects.filter(date=datetime.date(2026, 1, 1)).exists()


def test_anonymous_goes_to_login(client, world):
    response = client.get(reverse("backoffice:calendar"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who,shown", [("admin", True), ("office", True), ("officer", False), ("auditor", False)])
def test_dashboard_warns_admins_and_offices(client, world, monkeypatch, who, shown):
    monkeypatch.setattr(dashboard_views, "missing_next_year_warning",
                        lambda today: "2027年的节假日安排尚未载入工作日历。")
    client.force_login(getattr(world.users, who))
    page = body(client.get(reverse("backoffice:dashboard")))
    assert ("2027年的节假日安排尚未载入工作日历" in page) is shown
