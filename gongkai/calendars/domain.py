"""The working-day calendar (工作日历): pure Python, no Django.

A day is a working day when it is Monday–Friday and not inside an announced 放假 range, or when it is
a Saturday/Sunday announced as 调休上班 (rules.md §11). The announcements are data — a table of
special days, each with the State Council notice it comes from — and the calendar knows which years
were loaded completely. For a year that was not loaded the answer is *provisional*: Monday–Friday
less the fixed-date holidays of 《全国年节及纪念日放假办法》; holidays that follow the lunar calendar or
the solar terms (春节、清明、端午、中秋) and every 调休/补休 cannot be known before the notice and are
not subtracted. Every explained answer says whether it was provisional and which years were missing.

Counting convention (rules.md §3.3): the starting day is not counted; day 1 is the first working day
after it, and the N-th working day may be a make-up Saturday or Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from gongkai.core.errors import ValidationFailed


class CalendarError(ValidationFailed, ValueError):
    """A question the calendar cannot answer as asked (a negative count, an inconsistent table)."""

    code = "calendar_error"


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # 放假 (a day off, whatever weekday it falls on)
    WORKDAY = "workday"  # 调休上班 (a Saturday or Sunday worked)


DAY_KIND_LABELS = {DayKind.HOLIDAY: "放假", DayKind.WORKDAY: "调休上班"}


@dataclass(frozen=True)
class SpecialDay:
    """One announced exception to the Monday–Friday rule. `year` is the year of the notice, which for
    元旦 can differ from the date's year (2023-12-30 belongs to the 2024 arrangement)."""

    date: date
    kind: DayKind
    name: str
    year: int
    source: str


# 《全国年节及纪念日放假办法》: the holidays whose dates are fixed in the Gregorian calendar, by the version
# in force. (first year in force, ((month, day), ...), name of the version)
FIXED_DATE_HOLIDAY_RULES: tuple[tuple[int, tuple[tuple[int, int, str], ...], str], ...] = (
    # 1999 version: 劳动节 3 days, 国庆节 3 days.
    (1, ((1, 1, "元旦"), (5, 1, "劳动节"), (5, 2, "劳动节"), (5, 3, "劳动节"),
         (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")), "1999年版"),
    # 2007 revision, in force 2008-01-01: 劳动节 reduced to 1 day (清明、端午、中秋 added, not fixed-date).
    (2008, ((1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")),
     "2007年修订版"),
    # 2024 revision, in force 2025-01-01: 劳动节 5-1 and 5-2 (and 除夕, which is lunar). rules.md §11 notes.
    (2025, ((1, 1, "元旦"), (5, 1, "劳动节"), (5, 2, "劳动节"),
            (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")), "2024年修订版"),
)


def _fixed_rule(year: int) -> tuple[int, tuple[tuple[int, int, str], ...], str]:
    return [rule for rule in FIXED_DATE_HOLIDAY_RULES if rule[0] <= year][-1]


def fixed_date_holidays(year: int) -> dict[date, str]:
    """The fixed-date statutory holidays of `year` under the version of the holiday rules in force."""
    return {date(year, month, day): name for month, day, name in _fixed_rule(year)[1]}


def provisional_note(years: Iterable[int]) -> str:
    """The sentence every provisional answer carries."""
    years = sorted(set(years))
    if not years:
        return ""
    listed = "、".join(f"{y}年" for y in years)
    return (
        f"注意：{listed}的放假安排尚未载入工作日历，相关日期按暂定规则计算——星期一至星期五为工作日，"
        "仅扣除《全国年节及纪念日放假办法》规定的固定日期节日（元旦、劳动节、国庆节）；"
        "春节、清明节、端午节、中秋节等按农历或节气确定的假日以及调休、补休无法预知，未予扣除。"
        "国务院办公厅发布该年放假安排后结果可能改变。"
    )


@dataclass(frozen=True)
class DayAnswer:
    date: date
    workday: bool
    provisional: bool
    reason: str


@dataclass(frozen=True)
class WorkdayResult:
    """The N-th working day after a start, and how sure the calendar is of it."""

    date: date
    provisional: bool
    missing_years: tuple[int, ...] = ()

    @property
    def note(self) -> str:
        return provisional_note(self.missing_years)


@dataclass(frozen=True)
class WorkdayCount:
    """The number of working days in (a, b], and how sure the calendar is of it."""

    workdays: int
    provisional: bool
    missing_years: tuple[int, ...] = ()

    @property
    def note(self) -> str:
        return provisional_note(self.missing_years)


@dataclass
class WorkdayCalendar:
    """An object over dates. Build it once from the table (see calendars.selectors.workday_calendar)
    and ask it questions; it never touches the database."""

    special_days: Iterable[SpecialDay] = ()
    known_years: Iterable[int] = ()
    _by_date: dict[date, SpecialDay] = field(init=False, repr=False)
    _known: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_date: dict[date, SpecialDay] = {}
        for day in self.special_days:
            if day.date in by_date and by_date[day.date] != day:
                raise CalendarError(f"工作日历中 {day.date.isoformat()} 出现两次且内容不同，请核对放假安排。")
            by_date[day.date] = day
        self._by_date = by_date
        self._known = frozenset(int(y) for y in self.known_years)
        self.special_days = tuple(sorted(by_date.values(), key=lambda d: d.date))
        self.known_years = tuple(sorted(self._known))

    # --- single days -------------------------------------------------------------------------------

    def is_known_year(self, year: int) -> bool:
        return year in self._known

    def special_day(self, d: date) -> SpecialDay | None:
        return self._by_date.get(d)

    def explain_day(self, d: date) -> DayAnswer:
        provisional = d.year not in self._known
        special = self._by_date.get(d)
        if special is not None:
            label = DAY_KIND_LABELS[DayKind(special.kind)]
            return DayAnswer(d, special.kind == DayKind.WORKDAY, provisional,
                             f"{special.name}{label}（{special.source}）")
        if provisional:
            fixed = fixed_date_holidays(d.year)
            if d in fixed:
                return DayAnswer(d, False, True,
                                 f"{fixed[d]}（《全国年节及纪念日放假办法》{_fixed_rule(d.year)[2]}，暂定）")
        if d.weekday() >= 5:
            return DayAnswer(d, False, provisional, "周末")
        return DayAnswer(d, True, provisional, "星期一至星期五")

    def is_workday(self, d: date) -> bool:
        return self.explain_day(d).workday

    # --- counting ---------------------------------------------------------------------------------

    def add_workdays_explained(self, start: date, n: int) -> WorkdayResult:
        """The n-th working day after `start` (start itself not counted); n = 0 gives `start`."""
        if n < 0:
            raise CalendarError(f"工作日数不能为负数（收到 {n}）。")
        current = start
        missing: set[int] = set()
        remaining = n
        while remaining:
            current += timedelta(days=1)
            if current.year not in self._known:
                missing.add(current.year)
            if self.is_workday(current):
                remaining -= 1
        return WorkdayResult(current, bool(missing), tuple(sorted(missing)))

    def add_workdays(self, start: date, n: int) -> date:
        return self.add_workdays_explained(start, n).date

    def workdays_between_explained(self, a: date, b: date) -> WorkdayCount:
        """Working days in (a, b]; negative when b is before a (then it counts (b, a])."""
        if b < a:
            count = self.workdays_between_explained(b, a)
            return WorkdayCount(-count.workdays, count.provisional, count.missing_years)
        missing: set[int] = set()
        total = 0
        current = a
        while current < b:
            current += timedelta(days=1)
            if current.year not in self._known:
                missing.add(current.year)
            if self.is_workday(current):
                total += 1
        return WorkdayCount(total, bool(missing), tuple(sorted(missing)))

    def workdays_between(self, a: date, b: date) -> int:
        return self.workdays_between_explained(a, b).workdays

    def next_workday(self, d: date) -> date:
        """The first working day after `d`."""
        return self.add_workdays(d, 1)

    def last_workday_on_or_before(self, d: date) -> date:
        while not self.is_workday(d):
            d -= timedelta(days=1)
        return d


def missing_next_year_message(today: date, known_years: Iterable[int]) -> str | None:
    """From November on, a warning when next year's arrangement is not loaded yet (the State Council
    usually publishes it in October–November)."""
    if today.month < 11:
        return None
    next_year = today.year + 1
    if next_year in set(known_years):
        return None
    return (
        f"{next_year}年的节假日安排尚未载入工作日历。国务院办公厅通常在10—11月发布次年部分节假日安排的通知，"
        f"发布后请系统管理员及时录入并标记该年已完整；在此之前，落在{next_year}年的期限按暂定规则计算，可能不准确。"
    )
