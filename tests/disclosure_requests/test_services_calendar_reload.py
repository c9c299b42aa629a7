"""Provisional deadlines become definitive the moment their year is loaded (rules.md §11)."""

import datetime

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.calendars.models import CalendarYear, SpecialDay
from gongkai.calendars.services import calendar_seed, calendar_year_set, special_day_set
from gongkai.disclosure_requests import services
from tests.factories import UnitFactory, received_request, user_with_role
from tests.worlds import requests_county

NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"

pytestmark = pytest.mark.django_db


def test_provisional_deadline_is_recomputed_when_its_year_is_loaded(django_capture_on_commit_callbacks):
    """第三十三条第二款 with §11: an extended clock of late 2026 reaches into 2027, whose notice is not
    loaded — its due date is provisional. Entering a 2027 holiday on that very day and marking 2027
    complete recomputes the stored due date at once: no longer provisional, and moved past the holiday."""
    calendar_seed()
    world = requests_county()
    admin = user_with_role(Role.SYSTEM_ADMIN, UnitFactory(jurisdiction=world["county"]))
    today = timezone.localdate()
    request = received_request(world, day=today.isoformat())
    services.request_extension(actor=world["office"], request=request, decided_on=today,
                               notice_on=today, reason="涉及多个单位，需要调取档案")
    request.refresh_from_db()
    if not request.due_provisional:
        # Once the year after today is loaded (as it will be), unload the due date's year to test the same.
        CalendarYear.objects.filter(year=request.due_on.year).delete()
        SpecialDay.objects.filter(year=request.due_on.year).delete()
        services.requests_recompute_deadlines()
        request.refresh_from_db()
    assert request.due_provisional
    before, missing = request.due_on, request.due_missing_years
    year = before.year
    with django_capture_on_commit_callbacks(execute=True):
        special_day_set(actor=admin, date=datetime.date(year, 1, 1), kind="holiday", name="元旦",
                        source_notice=NOTICE, year=year)
        special_day_set(actor=admin, date=before, kind="holiday", name="测试放假日", source_notice=NOTICE,
                        year=year)
        calendar_year_set(actor=admin, year=year, complete=True, source_notice=NOTICE)
    request.refresh_from_db()
    assert year in missing
    assert not request.due_provisional
    assert request.due_on > before
    assert request.due_on - before < datetime.timedelta(days=5)
