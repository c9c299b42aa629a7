"""The shipped table against rules.md §11 (the State Council notices for 2024–2026), and the file
against the generator."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai.calendars.domain import DayKind
from gongkai.calendars.seed import SEED_PATH, read_seed

ROOT = Path(__file__).resolve().parents[2]


def _range(a: str, b: str) -> set[date]:
    start, end = date.fromisoformat(a), date.fromisoformat(b)
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# rules.md §11: every holiday range (all dates in range are days off) and every make-up working day.
RULES_MD_HOLIDAYS = {
    2024: [("2023-12-30", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
           ("2024-05-01", "2024-05-05"), ("2024-06-08", "2024-06-10"), ("2024-09-15", "2024-09-17"),
           ("2024-10-01", "2024-10-07")],
    2025: [("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
           ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08")],
    2026: [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
           ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
           ("2026-10-01", "2026-10-07")],
}
RULES_MD_WORKDAYS = {
    2024: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
           "2024-10-12"],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
}
SOURCES = {
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "2025年11月4日",
}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_holidays_match_the_state_council_notice(year, calendar):
    """rules.md §11 table: every day of every announced range is a day off; every weekday in a range is
    in the table as a holiday; and the table has no holiday of `year` outside the ranges. (Weekend days
    "与周末连休" need not be in the table: 2024 端午 lists only 06-10, the weekend before is a weekend.)"""
    expected = set().union(*(_range(a, b) for a, b in RULES_MD_HOLIDAYS[year]))
    shipped = {d.date for d in read_seed().special_days if d.year == year and d.kind == DayKind.HOLIDAY}
    assert not [d for d in expected if calendar.is_workday(d)]
    assert {d for d in expected if d.weekday() < 5} <= shipped
    assert shipped <= expected


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_make_up_workdays_match_the_state_council_notice(year):
    """rules.md §11 table: the shipped 调休上班 days of `year` are exactly the announced ones, all weekends."""
    expected = {date.fromisoformat(d) for d in RULES_MD_WORKDAYS[year]}
    shipped = {d.date for d in read_seed().special_days if d.year == year and d.kind == DayKind.WORKDAY}
    assert shipped == expected
    assert all(d.weekday() >= 5 for d in shipped)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_entry_names_its_notice(year):
    entries = [d for d in read_seed().special_days if d.year == year]
    assert entries and all(SOURCES[year] in d.source for d in entries)
    assert all(d.source.startswith(f"国务院办公厅关于{year}年部分节假日安排的通知") for d in entries)


def test_new_years_eve_2024_was_a_working_day(calendar):
    """rules.md §11 notes: 2024-02-09 (除夕) was a working day."""
    assert calendar.is_workday(date(2024, 2, 9))


def test_december_new_year_days_belong_to_next_years_notice():
    by_date = {d.date: d for d in read_seed().special_days}
    assert by_date[date(2023, 12, 30)].year == 2024
    assert by_date[date(2018, 12, 29)].year == 2019 and by_date[date(2018, 12, 29)].kind == DayKind.WORKDAY


def test_shipped_years_are_2004_to_2026():
    assert sorted(read_seed().years) == list(range(2004, 2027))


def test_json_file_is_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("build_special_days", ROOT / "scripts" / "build_special_days.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert SEED_PATH.read_text(encoding="utf-8") == module.render(module.build())
