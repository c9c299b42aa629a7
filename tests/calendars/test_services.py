"""The calendar table: shipped seed, administrator's corrections (permission + audit), selector."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.accounts.models import Role
from gongkai.calendars.models import CalendarYear, SpecialDay
from gongkai.calendars.selectors import missing_next_year_warning, workday_calendar
from gongkai.calendars.services import calendar_seed, calendar_year_set, special_day_remove, special_day_set
from gongkai.core.audit import verify_chain
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db
D = date.fromisoformat
NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture
def admin():
    return user_with_role(Role.SYSTEM_ADMIN, UnitFactory())


def test_migration_loaded_the_shipped_table():
    assert CalendarYear.objects.filter(complete=True).count() == 23
    assert SpecialDay.objects.get(date=D("2026-02-28")).kind == "workday"


def test_seed_is_idempotent_and_keeps_corrections(admin):
    special_day_set(actor=admin, date=D("2026-02-28"), kind="holiday", name="测试更正", source_notice="测试")
    before = SpecialDay.objects.count()
    report = calendar_seed()
    assert report.days_created == 0 and report.days_differing == 1 and report.years_marked_complete == 0
    assert SpecialDay.objects.count() == before
    assert SpecialDay.objects.get(date=D("2026-02-28")).name == "测试更正"
    SpecialDay.objects.filter(year=2025).delete()
    CalendarYear.objects.filter(year=2025).update(complete=False)
    report = calendar_seed(actor=admin)
    assert report.days_created > 0 and report.years_marked_complete == 1
    assert calendar_seed().days_created == 0
    assert AuditEvent.objects.filter(action="calendar.seeded").count() == 1


def test_selector_builds_the_calendar_in_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        cal = workday_calendar()
    assert cal.add_workdays(D("2025-09-26"), 5) == D("2025-10-10")
    assert 2026 in cal.known_years and 2027 not in cal.known_years


def test_administrator_loads_next_year(admin):
    """rules.md §11: a year is loaded from the State Council notice by an administrator, with its source."""
    assert workday_calendar().add_workdays_explained(D("2027-02-05"), 1).provisional
    for day in ["2027-02-08", "2027-02-09"]:
        special_day_set(actor=admin, date=D(day), kind="holiday", name="春节", source_notice=NOTICE_2027)
    special_day_set(actor=admin, date=D("2027-02-20"), kind="workday", name="春节调休上班",
                    source_notice=NOTICE_2027)
    calendar_year_set(actor=admin, year=2027, complete=True, source_notice=NOTICE_2027)
    result = workday_calendar().add_workdays_explained(D("2027-02-05"), 1)
    assert result.date == D("2027-02-10") and result.provisional is False
    row = SpecialDay.objects.get(date=D("2027-02-20"))
    assert row.created_by == admin and row.year == 2027
    events = AuditEvent.objects.filter(action="calendar.special_day_set")
    assert events.count() == 3 and events.last().data["after"]["kind"] == "workday"
    assert verify_chain().ok


def test_special_day_change_is_audited_with_before_and_after(admin):
    special_day_set(actor=admin, date=D("2027-10-04"), kind="holiday", name="国庆节", source_notice=NOTICE_2027)
    special_day_set(actor=admin, date=D("2027-10-04"), kind="holiday", name="国庆节、中秋节",
                    source_notice=NOTICE_2027)
    event = AuditEvent.objects.filter(action="calendar.special_day_set").last()
    assert event.data["before"]["name"] == "国庆节" and event.data["after"]["name"] == "国庆节、中秋节"
    special_day_remove(actor=admin, date=D("2027-10-04"))
    assert not SpecialDay.objects.filter(date=D("2027-10-04")).exists()
    assert AuditEvent.objects.filter(action="calendar.special_day_removed").count() == 1


@pytest.mark.parametrize("role", [Role.DISCLOSURE_OFFICE, Role.INFORMATION_OFFICER, Role.AUDITOR])
def test_only_system_administrator_may_change_the_calendar(role):
    user = user_with_role(role, UnitFactory())
    with pytest.raises(PermissionRefused):
        special_day_set(actor=user, date=D("2027-02-08"), kind="holiday", name="春节", source_notice=NOTICE_2027)
    with pytest.raises(PermissionRefused):
        calendar_year_set(actor=user, year=2027, complete=True, source_notice=NOTICE_2027)
    assert not SpecialDay.objects.filter(date=D("2027-02-08")).exists()
    assert AuditEvent.objects.filter(action="permission.refused").count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": D("2027-02-10"), "kind": "workday", "name": "春节调休上班"}, "本来就是工作日"),
        ({"date": D("2027-02-10"), "kind": "holiday", "name": ""}, "节日名称"),
        ({"date": D("2027-02-10"), "kind": "day-off", "name": "春节"}, "类型"),
        ({"date": D("2027-02-10"), "kind": "holiday", "name": "春节", "source_notice": " "}, "依据的通知"),
    ],
)
def test_bad_special_day_refused_in_chinese(admin, kwargs, message):
    kwargs.setdefault("source_notice", NOTICE_2027)
    with pytest.raises(ValidationFailed, match=message):
        special_day_set(actor=admin, **kwargs)
    assert not SpecialDay.objects.filter(date=D("2027-02-10")).exists()


def test_missing_next_year_warning_from_november(admin):
    assert missing_next_year_warning(D("2026-10-31")) is None
    warning = missing_next_year_warning(D("2026-11-01"))
    assert warning and "2027年的节假日安排尚未载入" in warning
    calendar_year_set(actor=admin, year=2027, complete=True, source_notice=NOTICE_2027)
    assert missing_next_year_warning(D("2026-12-31")) is None


# --- gongkai workdays -------------------------------------------------------------------------------


def _run(*args) -> dict:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return json.loads(out.getvalue())


def test_workdays_add_json():
    assert _run("add", "2025-09-26", "5", "--json") == {"date": "2025-10-10", "provisional": False,
                                                         "missing_years": []}


def test_workdays_add_json_provisional():
    assert _run("add", "2026-12-25", "10", "--json") == {"date": "2027-01-11", "provisional": True,
                                                          "missing_years": [2027]}


def test_workdays_between_json():
    """2024-02: 春节 02-10…02-17 off, 02-04 and 02-18 (Sundays) worked, 除夕 02-09 worked."""
    assert _run("between", "2024-02-01", "2024-02-29", "--json") == {"workdays": 17, "provisional": False,
                                                                      "missing_years": []}


def test_workdays_text_output_names_missing_year():
    out = StringIO()
    call_command("workdays", "between", "2026-12-01", "2027-01-31", stdout=out)
    assert "工作日" in out.getvalue() and "2027年的放假安排尚未载入" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2025-02-30", "3"), "起算日期格式不正确"),
        (("add", "2025/03/01", "3"), "YYYY-MM-DD"),
        (("add", "2025-03-01", "-3"), "非负整数"),
        (("add", "2025-03-01", "三"), "非负整数"),
        (("between", "2025-03-01", "tomorrow"), "结束日期格式不正确"),
    ],
)
def test_workdays_malformed_input_refused_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("workdays", *args, "--json", stdout=StringIO())
