"""Rules of the task ledger (pure): reading a 完成时限 as written in a task-breakdown table, whether a task is
overdue, which tasks need a reminder (due within 5 working days, or overdue) and on which days a reminder is
sent to the responsible unit (`notify_today`)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

REMIND_WORKDAYS = 5
LONG_TERM_WORDS = ("长期坚持", "长期", "持续推进", "持续", "常态化", "经常性")

_DAY = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(前|之前|以前|止)?$")
_MONTH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(底|末|中旬|上旬|下旬)?\s*(前|之前|以前)?$")
_YEAR = re.compile(r"^(\d{4})\s*年\s*(底|末|年底)?\s*(前|之前|以前)?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


class DueTextError(ValueError):
    pass


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_due(value: Any) -> date | None:
    """The due date a 完成时限 cell means; None for a long-term task (长期坚持). Raises DueTextError (Chinese)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"\s+", "", str(value or ""))
    if not text:
        raise DueTextError("完成时限为空（长期任务请填“长期坚持”）。")
    if any(text.startswith(w) for w in LONG_TERM_WORDS):
        return None
    try:
        if m := _DAY.match(text) or _ISO.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _MONTH.match(text):
            year, month, part = int(m.group(1)), int(m.group(2)), m.group(3)
            if part == "上旬":
                return date(year, month, 10)
            if part == "中旬":
                return date(year, month, 20)
            return _end_of_month(year, month)
        if m := _YEAR.match(text):
            return date(int(m.group(1)), 12, 31)
    except ValueError:
        raise DueTextError(f"完成时限“{text}”不是有效日期。") from None
    raise DueTextError(f"看不懂完成时限“{text}”，请写成“2020年10月底前”“2020年12月31日前”或“长期坚持”。")


def is_overdue(state: str, due_on: date | None, today: date) -> bool:
    """Past its due date and not yet reported done (a task reported done waits for the office, not the unit)."""
    return state == "open" and due_on is not None and due_on < today


class Workdays(Protocol):
    def workdays_between(self, a: date, b: date) -> int: ...


@dataclass(frozen=True)
class Reminder:
    task_id: int
    kind: str  # "overdue" or "due_soon"
    workdays_left: int


def reminders(tasks: Iterable[tuple[int, str, date | None]], *, today: date, calendar: Workdays,
              within: int = REMIND_WORKDAYS) -> list[Reminder]:
    """(id, state, due) → the open tasks overdue (past due) or due within `within` working days of `today`."""
    out = []
    for task_id, state, due_on in tasks:
        if state != "open" or due_on is None:
            continue
        if due_on < today:
            out.append(Reminder(task_id, "overdue", -calendar.workdays_between(due_on, today)))
            continue
        left = calendar.workdays_between(today, due_on)
        if left <= within:
            out.append(Reminder(task_id, "due_soon", left))
    return out


def notify_today(reminder: Reminder, *, is_workday: bool, before: Iterable[int] = (5, 2),
                 overdue_every: int = 5) -> bool:
    """Whether the responsible unit is told of this reminder today: on working days only (so that a weekend,
    whose working days left are Friday's, sends nothing twice), when the working days left are one of `before`,
    and once overdue on its first overdue working day and every `overdue_every` working days after it."""
    if not is_workday:
        return False
    if reminder.kind == "due_soon":
        return reminder.workdays_left in set(before)
    overdue_by = -reminder.workdays_left
    return overdue_by >= 1 and (overdue_by - 1) % max(1, overdue_every) == 0
