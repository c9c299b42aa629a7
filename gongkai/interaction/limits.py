"""The time limits of interaction. Pure: no Django.

- A message (留言/咨询) is answered within a number of working days set per jurisdiction (default 5), counted
  from the day after it arrived (the working-day calendar of `gongkai/calendars`); rules §7.6 gives local examples
  (3 and 10 working days). 国办秘函〔2019〕19号 (rules §7.2, 互动回应差): a valid message left unanswered for more
  than three months fails the website (a single veto).
- A public concern (回应关切, rules §8): 国办发〔2016〕61号 — other 政务舆情 answered within 48 hours; for a
  特别重大 or 重大突发事件 a press conference within 24 hours at the latest; 国办发〔2016〕80号 — for those, the
  authoritative information released within 5 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

DEFAULT_ANSWER_WORKING_DAYS = 5
MAX_ANSWER_WORKING_DAYS = 60
UNANSWERED_VETO_MONTHS = 3  # 互动回应差: unanswered for more than three months
VETO_LOOKBACK_DAYS = 365  # … within the year before the check


class WorkdayCounter(Protocol):
    def add_workdays(self, start: date, n: int) -> date: ...


def answer_due(received_on: date, working_days: int, calendar: WorkdayCounter) -> date:
    """The last day of the answer: the `working_days`-th working day after the day the message arrived."""
    return calendar.add_workdays(received_on, working_days)


def add_months(d: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day): 11月30日 + 3 → 2月28/29日."""
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def veto_after(received_on: date) -> date:
    """The last day a message may still be unanswered before it counts as unanswered for more than 3 months."""
    return add_months(received_on, UNANSWERED_VETO_MONTHS)


class ConcernLevel(StrEnum):
    GENERAL = "general"  # 政务舆情
    MAJOR_EMERGENCY = "major_emergency"  # 特别重大、重大突发事件


LEVEL_LABELS = {ConcernLevel.GENERAL: "一般政务舆情", ConcernLevel.MAJOR_EMERGENCY: "特别重大、重大突发事件"}


class ResponseKind(StrEnum):
    AUTHORITATIVE_INFORMATION = "authoritative_information"  # 发布权威信息
    PRESS_CONFERENCE = "press_conference"  # 新闻发布会
    STATEMENT = "statement"  # 回应（情况通报、答记者问等）


KIND_LABELS = {ResponseKind.AUTHORITATIVE_INFORMATION: "发布权威信息", ResponseKind.PRESS_CONFERENCE: "召开新闻发布会",
               ResponseKind.STATEMENT: "发布回应"}


@dataclass(frozen=True)
class Duty:
    """One thing a concern asks for by a moment: `kinds` — any response of these kinds counts."""

    code: str
    label: str
    hours: int
    kinds: frozenset[str]
    source: str


GENERAL_RESPONSE = Duty("response_48h", "48小时内回应", 48, frozenset(k.value for k in ResponseKind),
                        "国办发〔2016〕61号：对涉及群众切身利益、影响市场预期等重要政务舆情，最迟要在48小时内予以回应")
EMERGENCY_INFORMATION = Duty("information_5h", "5小时内发布权威信息", 5, frozenset(k.value for k in ResponseKind),
                             "国办发〔2016〕80号：对特别重大、重大突发事件，要在5小时内发布权威信息")
EMERGENCY_CONFERENCE = Duty("conference_24h", "24小时内举行新闻发布会", 24,
                            frozenset({ResponseKind.PRESS_CONFERENCE.value}),
                            "国办发〔2016〕61号：对特别重大、重大突发事件，最迟应在24小时内举行新闻发布会")

DUTIES = {ConcernLevel.GENERAL: (GENERAL_RESPONSE,),
          ConcernLevel.MAJOR_EMERGENCY: (EMERGENCY_INFORMATION, EMERGENCY_CONFERENCE)}


@dataclass(frozen=True)
class DutyState:
    duty: Duty
    due_at: datetime
    done_at: datetime | None  # the first response that counts (None: none yet)

    @property
    def late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at

    def missed(self, now: datetime) -> bool:
        return self.done_at is None and now > self.due_at


def duty_states(level: str, arose_at: datetime,
                responses: tuple[tuple[str, datetime], ...]) -> list[DutyState]:
    """Each duty of a concern of `level` that arose at `arose_at`, with the first response that meets it."""
    states = []
    for duty in DUTIES[ConcernLevel(level)]:
        times = sorted(at for kind, at in responses if kind in duty.kinds)
        states.append(DutyState(duty, arose_at + timedelta(hours=duty.hours), times[0] if times else None))
    return states
