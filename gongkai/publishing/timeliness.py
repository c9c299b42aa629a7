"""When a proactively disclosed record must be public. Pure: no Django.

《政府信息公开条例》第二十六条: information to be disclosed proactively is published within 20 working days from the
day it is formed or changed; a different period set by a law or regulation prevails. The item's own structured time
limit (`catalog.time_limits`) says which: a number of working days or calendar days after the information is formed
(or made, approved, decided …) replaces the 20 working days; every other kind of time limit (实时, 及时, a fixed
date each year, a period of display, another law without a number) leaves the statutory 20 working days as the
latest lawful day, which is what an inspection can hold a unit to.

A periodic item (每季度首月20日前, 每月, 每半年 — village affairs under 《村民委员会组织法》第三十条) is held to its own
period: a record is the content of the period its formed-on date falls in (the 2021年第三季度 accounts are formed on a
day of that quarter), due on the item's day in the first month after that period (`catalog.time_limits.periodic_due`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from gongkai.catalog.time_limits import period_label, periodic_due, primary_periodic

STATUTORY_WORKING_DAYS = 20
ARTICLE = "《政府信息公开条例》第二十六条"

# Events after which an item's own period runs from the day the information exists; the record's formed-on date
# stands for all of them (the record is formed by that event).
_FORMING_EVENTS = frozenset({
    "formed_or_changed", "made_or_obtained", "approval_document_received", "approved", "decision_made",
    "result_determined", "survey_completed", "unspecified", "",
})


class WorkdayCounter(Protocol):
    def add_workdays(self, start: date, n: int) -> date: ...

    def workdays_between(self, a: date, b: date) -> int: ...


@dataclass(frozen=True)
class PublishBy:
    """The last lawful day of publication and why."""

    due: date
    basis: str  # Chinese: which period applies, with its article or the item's own time limit

    def working_days_late(self, published_on: date, calendar: WorkdayCounter) -> int:
        return max(0, calendar.workdays_between(self.due, published_on))


def _own_period(rule: Mapping[str, Any]) -> tuple[str, int] | None:
    """(kind, n) when the item's time limit is a number of working or calendar days after the information forms."""
    kind = rule.get("kind")
    if kind == "compound":
        for clause in rule.get("clauses") or []:
            if clause.get("applies_to"):
                continue  # a clause about part of the item (e.g. 处罚决定) does not set the item's period
            found = _own_period(clause)
            if found:
                return found
        return None
    if kind in ("working_days", "calendar_days") and (rule.get("event") or "") in _FORMING_EVENTS:
        n = rule.get("days")
        if isinstance(n, int) and n >= 0:
            return str(kind), n
    return None


def publish_by(formed_on: date, rule: Mapping[str, Any] | None, calendar: WorkdayCounter) -> PublishBy:
    """The day by which a record formed on `formed_on` under an item with time limit `rule` must be public."""
    periodic = primary_periodic(dict(rule or {}))
    if periodic is not None:
        due = periodic_due(periodic, formed_on)
        text = (rule or {}).get("text") or periodic.get("every_label", "")
        return PublishBy(due, f"事项公开时限：{text}（{period_label(periodic, formed_on)}的内容）")
    own = _own_period(rule or {})
    if own is None:
        return PublishBy(calendar.add_workdays(formed_on, STATUTORY_WORKING_DAYS),
                         f"信息形成或者变更之日起{STATUTORY_WORKING_DAYS}个工作日内（{ARTICLE}）")
    kind, n = own
    text = (rule or {}).get("text") or ""
    if kind == "working_days":
        return PublishBy(calendar.add_workdays(formed_on, n), f"事项公开时限：{text or f'{n}个工作日内'}")
    return PublishBy(formed_on + timedelta(days=n), f"事项公开时限：{text or f'{n}日内'}")


def strictest_publish_by(formed_on: date, rules: Iterable[Mapping[str, Any] | None],
                         calendar: WorkdayCounter) -> PublishBy:
    """A record filed under several items must be public by the earliest of their days (the strictest binds)."""
    return min((publish_by(formed_on, rule, calendar) for rule in (list(rules) or [None])), key=lambda p: p.due)


# Statuses of a record still on its way to the public (its publish-by date is shown and watched).
UNPUBLISHED_STATUSES = frozenset({"draft", "submitted", "in_review", "approved", "scheduled"})


def warning_level(today: date, due: date, calendar: WorkdayCounter) -> int | None:
    """Working days left when a warning is due (5, then 2, then 0 for overdue); None when none is due yet."""
    if today > due:
        return 0
    left = calendar.workdays_between(today, due)
    if left <= 2:
        return 2
    if left <= 5:
        return 5
    return None
