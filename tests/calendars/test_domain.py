"""The pure working-day calendar over the real 2024–2026 arrangements (rules.md §3.3, §11)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.calendars.domain import (
    CalendarError,
    DayKind,
    SpecialDay,
    WorkdayCalendar,
    fixed_date_holidays,
    missing_next_year_message,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2024-02-09", True),   # 除夕 2024: worked
        ("2024-02-12", False),  # 春节 Monday
        ("2024-02-04", True),   # make-up Sunday before 春节
        ("2024-02-18", True),   # make-up Sunday after 春节
        ("2024-05-11", True),   # make-up Saturday for 劳动节
        ("2024-10-07", False),  # 国庆 Monday
        ("2024-10-12", True),   # make-up Saturday for 国庆
        ("2025-01-28", False),  # 除夕 2025: a holiday under the 2024 revision
        ("2025-02-08", True),   # make-up Saturday
        ("2025-10-08", False),  # 国庆·中秋 8th day
        ("2025-10-11", True),   # make-up Saturday
        ("2026-01-04", True),   # make-up Sunday for 元旦
        ("2026-02-23", False),  # 春节 Monday
        ("2026-02-28", True),   # make-up Saturday
        ("2026-03-01", False),  # ordinary Sunday
        ("2026-03-02", True),   # ordinary Monday
    ],
)
def test_working_day_is_weekday_unless_announced(calendar, day, workday):
    """rules.md §11: Mon–Fri is a working day unless inside an announced 放假 range; Sat/Sun is a rest
    day unless announced 调休上班 (国务院办公厅 notices for 2024–2026)."""
    answer = calendar.explain_day(D(day))
    assert answer.workday is workday
    assert answer.provisional is False


def test_receipt_day_not_counted_day_one_is_next_working_day(calendar):
    """rules.md §3.3: the starting day is not counted; day 1 is the first working day after it."""
    assert calendar.add_workdays(D("2025-03-03"), 1) == D("2025-03-04")
    assert calendar.add_workdays(D("2025-03-07"), 1) == D("2025-03-10")  # Friday → Monday
    assert calendar.add_workdays(D("2025-03-03"), 0) == D("2025-03-03")


def test_add_workdays_across_spring_festival_2025(calendar):
    """rules.md §11 (国办发明电〔2024〕12号): 春节 01-28…02-04 off, 01-26 (Sun) and 02-08 (Sat) worked."""
    # From Fri 2025-01-24: 01-26 Sun (1), 01-27 (2), then 02-05, 02-06, 02-07 (5), 02-08 Sat (6).
    assert calendar.add_workdays(D("2025-01-24"), 6) == D("2025-02-08")
    # then 02-10…14 (11), 02-17…21 (16), 02-24…27 (20)
    assert calendar.add_workdays(D("2025-01-24"), 20) == D("2025-02-27")


def test_due_date_may_fall_on_a_make_up_saturday(calendar):
    """rules.md §3.3: the N-th working day may be a make-up Saturday/Sunday (2024-10-12, Sat)."""
    assert calendar.add_workdays(D("2024-10-11"), 1) == D("2024-10-12")


def test_add_workdays_across_national_day_2024(calendar):
    """rules.md §11 (国办发明电〔2023〕7号): 国庆 10-01…10-07 off, 09-29 (Sun) and 10-12 (Sat) worked."""
    assert calendar.add_workdays(D("2024-09-27"), 1) == D("2024-09-29")
    assert calendar.add_workdays(D("2024-09-27"), 3) == D("2024-10-08")
    assert calendar.workdays_between(D("2024-09-27"), D("2024-10-12")) == 2 + 4 + 1  # 09-29, 09-30; 10-08…10-11; 10-12


def test_workdays_between_counts_half_open_interval(calendar):
    """(a, b]: the first day is not counted, the last is."""
    assert calendar.workdays_between(D("2026-03-02"), D("2026-03-06")) == 4
    assert calendar.workdays_between(D("2026-03-06"), D("2026-03-02")) == -4
    assert calendar.workdays_between(D("2026-03-02"), D("2026-03-02")) == 0


def test_negative_count_refused(calendar):
    with pytest.raises(CalendarError, match="不能为负数"):
        calendar.add_workdays(D("2025-01-01"), -1)
    with pytest.raises(ValueError):
        calendar.add_workdays(D("2025-01-01"), -1)


# --- years not loaded ------------------------------------------------------------------------------


def test_unloaded_year_is_provisional_and_names_the_missing_year(calendar):
    """rules.md §11: only notices load dates; for 2027 the answer is provisional and says so."""
    result = calendar.add_workdays_explained(D("2026-12-25"), 10)
    assert result.provisional is True
    assert result.missing_years == (2027,)
    assert "2027年的放假安排尚未载入" in result.note and "春节" in result.note
    # 2026-12-28..31 (4), 2027-01-01 is 元旦 (fixed date), 01-04..01-08 (9), 01-11 (10)
    assert result.date == D("2027-01-11")


def test_unloaded_year_subtracts_only_fixed_date_holidays(calendar):
    """《全国年节及纪念日放假办法》 (2024 revision, rules.md §11 notes): 元旦 1-1, 劳动节 5-1/5-2, 国庆 10-1…10-3
    are fixed-date; lunar holidays (春节 2027 falls on 02-06) are unknown and not subtracted."""
    assert calendar.explain_day(D("2027-10-01")).provisional
    assert "国庆节" in calendar.explain_day(D("2027-10-01")).reason
    assert not calendar.is_workday(D("2027-01-01"))
    assert not calendar.is_workday(D("2027-10-01"))
    assert calendar.is_workday(D("2027-10-04"))  # the 4th–7th are by 调休, unknown before the notice
    assert calendar.is_workday(D("2027-02-08"))  # 春节 2027: lunar, not subtracted
    # 2028-05-01/02 are Monday/Tuesday: both subtracted; a possible 补休 is unknown.
    count = calendar.workdays_between_explained(D("2028-04-28"), D("2028-05-05"))
    assert count.workdays == 3 and count.provisional and count.missing_years == (2028,)


def test_start_day_in_unknown_year_does_not_make_answer_provisional(calendar):
    """Only days that are counted matter: the start day is not counted."""
    cal = WorkdayCalendar(calendar.special_days, [y for y in calendar.known_years if y != 2023])
    result = cal.add_workdays_explained(D("2023-12-31"), 1)
    assert result == type(result)(D("2024-01-02"), False, ())


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2027, {"01-01", "05-01", "05-02", "10-01", "10-02", "10-03"}),  # 2024 revision
        (2024, {"01-01", "05-01", "10-01", "10-02", "10-03"}),  # 2007 revision
        (2003, {"01-01", "05-01", "05-02", "05-03", "10-01", "10-02", "10-03"}),  # 1999 version
    ],
)
def test_fixed_date_holidays_follow_the_rules_in_force(year, expected):
    assert {d.strftime("%m-%d") for d in fixed_date_holidays(year)} == expected


def test_partial_entries_of_unknown_year_are_used_but_stay_provisional(calendar):
    extra = SpecialDay(D("2027-02-06"), DayKind.HOLIDAY, "春节", 2027, "test")
    cal = WorkdayCalendar([*calendar.special_days, extra], calendar.known_years)
    answer = cal.explain_day(D("2027-02-06"))
    assert answer.workday is False and answer.provisional is True


def test_conflicting_entries_refused():
    a = SpecialDay(D("2027-02-08"), DayKind.HOLIDAY, "春节", 2027, "x")
    b = SpecialDay(D("2027-02-08"), DayKind.WORKDAY, "春节调休上班", 2027, "x")
    with pytest.raises(CalendarError, match="出现两次"):
        WorkdayCalendar([a, b], [2027])


def test_missing_next_year_message_from_november():
    assert missing_next_year_message(D("2026-10-31"), [2026]) is None
    assert missing_next_year_message(D("2026-11-01"), [2026, 2027]) is None
    message = missing_next_year_message(D("2026-11-01"), [2026])
    assert message and message.startswith("2027年的节假日安排尚未载入工作日历")


# --- properties -------------------------------------------------------------------------------------

days_2004_2028 = st.dates(min_value=date(2004, 1, 1), max_value=date(2028, 6, 30))
counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=300, deadline=None)
@given(start=days_2004_2028, n=st.integers(min_value=1, max_value=60))
def test_add_lands_on_a_working_day(calendar, start, n):
    assert calendar.is_workday(calendar.add_workdays(start, n))


@settings(max_examples=300, deadline=None)
@given(start=days_2004_2028, n=counts)
def test_between_inverts_add(calendar, start, n):
    assert calendar.workdays_between(start, calendar.add_workdays(start, n)) == n


@settings(max_examples=200, deadline=None)
@given(start=days_2004_2028, n=st.integers(min_value=1, max_value=60))
def test_add_is_the_first_day_reaching_n(calendar, start, n):
    due = calendar.add_workdays(start, n)
    assert calendar.workdays_between(start, due - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(a=days_2004_2028, b=days_2004_2028)
def test_provisional_exactly_when_a_counted_day_is_in_an_unknown_year(calendar, a, b):
    result = calendar.workdays_between_explained(a, b)
    lo, hi = min(a, b), max(a, b)
    assert result.provisional == (hi.year > 2026 and hi > date(2026, 12, 31) and lo < hi)
