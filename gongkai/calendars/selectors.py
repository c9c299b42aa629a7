"""Reads of the working-day calendar. The calendar is public information (the State Council's
arrangements), so these selectors take no user."""

from __future__ import annotations

from datetime import date

from gongkai.calendars.domain import DayKind, SpecialDay, WorkdayCalendar, missing_next_year_message
from gongkai.calendars.models import CalendarYear
from gongkai.calendars.models import SpecialDay as SpecialDayRow


def workday_calendar() -> WorkdayCalendar:
    """The calendar as the table holds it now (two queries)."""
    days = [
        SpecialDay(date=row.date, kind=DayKind(row.kind), name=row.name, year=row.year, source=row.source_notice)
        for row in SpecialDayRow.objects.only("date", "kind", "name", "year", "source_notice")
    ]
    years = CalendarYear.objects.filter(complete=True).values_list("year", flat=True)
    return WorkdayCalendar(days, list(years))


def complete_years() -> list[int]:
    return list(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))


def missing_next_year_warning(today: date) -> str | None:
    """From November on: a Chinese warning when next year's arrangement is not loaded completely."""
    if today.month < 11:
        return None
    return missing_next_year_message(today, complete_years())
