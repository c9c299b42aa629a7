"""How long a consultation must stay open, and the notice of a hearing. Pure: no Django.

- 重大行政决策: 《重大行政决策程序暂行条例》(国务院令第713号) 第十五条 — the period for public comment is
  normally at least 30 days (calendar days); a shorter one, for urgency or other reasons, must be explained when
  the draft is published.
- 行政规范性文件: 国办发〔2018〕37号 — normally at least 7 working days (working days of the calendar,
  `calendars.domain.WorkdayCalendar`); a shorter one is explained in the same way.
- 其他: no legal minimum; the period only has to end after it starts.
- Hearings (听证会): 713号 第十六条 — the materials reach the participants 7 days before the hearing; the
  platform publishes the hearing notice at least 7 days before the hearing.

Counting: the day of publication is not counted (《民法典》第二百零一条, 开始的当日不计入), so a draft published
on 3月1日 with a 30-day period may close on 3月31日 at the earliest. `closes_on` is the last day comments are
taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

MAJOR_DECISION_DAYS = 30
NORMATIVE_DOCUMENT_WORKING_DAYS = 7
HEARING_NOTICE_DAYS = 7


class Kind(StrEnum):
    MAJOR_DECISION = "major_decision"
    NORMATIVE_DOCUMENT = "normative_document"
    OTHER = "other"


KIND_LABELS = {Kind.MAJOR_DECISION: "重大行政决策", Kind.NORMATIVE_DOCUMENT: "行政规范性文件", Kind.OTHER: "其他"}


class WorkdayCounter(Protocol):
    def add_workdays(self, start: date, n: int) -> date: ...

    def workdays_between(self, a: date, b: date) -> int: ...


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Period:
    """The verdict on a period: its length, the legal minimum and whether it is shorter."""

    kind: Kind
    opens_on: date
    closes_on: date
    earliest_close: date | None  # the first lawful last day; None when the law sets no minimum
    length: str  # "30日" / "7个工作日"
    minimum: str  # "30日" / "7个工作日" / ""

    @property
    def is_short(self) -> bool:
        return self.earliest_close is not None and self.closes_on < self.earliest_close

    def explain(self) -> str:
        if self.earliest_close is None:
            return f"征求意见期{self.length}（{KIND_LABELS[self.kind]}无法定最短期限）。"
        basis = BASIS[self.kind]
        if self.is_short:
            return (f"征求意见期{self.length}，短于{basis}规定的{self.minimum}"
                    f"（自{_cn(self.opens_on)}发布起，最早{_cn(self.earliest_close)}截止）。")
        return f"征求意见期{self.length}，不少于{basis}规定的{self.minimum}。"


BASIS = {
    Kind.MAJOR_DECISION: "《重大行政决策程序暂行条例》第十五条",
    Kind.NORMATIVE_DOCUMENT: "国办发〔2018〕37号",
}


def earliest_close(kind: Kind | str, opens_on: date, calendar: WorkdayCounter) -> date | None:
    """The first day a consultation published on `opens_on` may close on (its last day for comments)."""
    kind = Kind(kind)
    if kind == Kind.MAJOR_DECISION:
        return opens_on + timedelta(days=MAJOR_DECISION_DAYS)
    if kind == Kind.NORMATIVE_DOCUMENT:
        return calendar.add_workdays(opens_on, NORMATIVE_DOCUMENT_WORKING_DAYS)
    return None


def period(kind: Kind | str, opens_on: date, closes_on: date, calendar: WorkdayCounter) -> Period:
    """The period from `opens_on` (publication, not counted) to `closes_on` (the last day, counted)."""
    kind = Kind(kind)
    earliest = earliest_close(kind, opens_on, calendar)
    if kind == Kind.NORMATIVE_DOCUMENT:
        length = f"{calendar.workdays_between(opens_on, closes_on)}个工作日"
        minimum = f"{NORMATIVE_DOCUMENT_WORKING_DAYS}个工作日"
    else:
        length = f"{(closes_on - opens_on).days}日"
        minimum = f"{MAJOR_DECISION_DAYS}日" if kind == Kind.MAJOR_DECISION else ""
    return Period(kind, opens_on, closes_on, earliest, length, minimum)


def period_refusal(kind: Kind | str, opens_on: date, closes_on: date, shorter_reason: str,
                   calendar: WorkdayCounter) -> str:
    """Why a consultation may not be published with this period ("" if it may): it must end after it starts,
    and a period shorter than the legal minimum needs its reason written down (第十五条: 应当在征求意见时说明理由)."""
    if closes_on <= opens_on:
        return f"截止日期{_cn(closes_on)}应晚于发布日期{_cn(opens_on)}。"
    found = period(kind, opens_on, closes_on, calendar)
    if found.is_short and not shorter_reason.strip():
        return found.explain() + "缩短征求意见期的，应当在征求意见时说明理由，请填写“缩短期限的理由”。"
    return ""


def hearing_notice_latest(held_on: date) -> date:
    """The last day the notice of a hearing held on `held_on` may be published (7 days before it)."""
    return held_on - timedelta(days=HEARING_NOTICE_DAYS)


def hearing_notice_refusal(held_on: date, notice_on: date) -> str:
    """Why a hearing notice published on `notice_on` is too late ("" if in time): 713号 第十六条, 7 days."""
    latest = hearing_notice_latest(held_on)
    if notice_on > latest:
        return (f"听证会定于{_cn(held_on)}举行，听证公告最迟应于{_cn(latest)}发布（提前{HEARING_NOTICE_DAYS}日，"
                "《重大行政决策程序暂行条例》第十六条）；请改期或另行安排。")
    return ""
