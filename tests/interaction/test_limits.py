"""Time limits of messages and of responses to public concern (pure)."""

from datetime import date, datetime, timedelta

from gongkai.calendars.domain import WorkdayCalendar
from gongkai.interaction import limits

CAL = WorkdayCalendar([], [2026])


def test_message_answer_due_counts_working_days_from_the_day_after():
    # Friday 2026-11-20 + 5 working days → Friday 2026-11-27 (the weekend not counted)
    assert limits.answer_due(date(2026, 11, 20), 5, CAL) == date(2026, 11, 27)


def test_three_months_end_on_the_same_day_or_the_months_last():
    assert limits.veto_after(date(2026, 3, 15)) == date(2026, 6, 15)
    assert limits.veto_after(date(2025, 11, 30)) == date(2026, 2, 28)


def test_guoban_fa_2016_61_general_concern_within_48_hours():
    arose = datetime(2026, 11, 1, 8, 0)
    [state] = limits.duty_states("general", arose, (("statement", arose + timedelta(hours=48)),))
    assert not state.late
    [state] = limits.duty_states("general", arose, (("statement", arose + timedelta(hours=48, minutes=1)),))
    assert state.late


def test_guoban_fa_2016_80_major_emergency_5_hours_and_press_conference_24_hours():
    arose = datetime(2026, 11, 1, 8, 0)
    info, conference = limits.duty_states("major_emergency", arose, (
        ("authoritative_information", arose + timedelta(hours=4)),))
    assert not info.late and conference.done_at is None
    assert not conference.missed(arose + timedelta(hours=24)) and conference.missed(arose + timedelta(hours=25))
