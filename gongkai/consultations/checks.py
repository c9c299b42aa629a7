"""Oversight of consultations. Pure: no Django (value snapshots in, `Hit`s out).

- `consultation_period_short`: a published consultation whose period — up to the day it actually closed, if the
  office closed it early — is shorter than its kind's minimum (713号 第十五条: 30 days for 重大行政决策;
  国办发〔2018〕37号: 7 working days for 行政规范性文件) without a written reason.
- `consultation_summary_missing`: a consultation closed more than `summary_days` calendar days ago whose feedback
  summary (意见采纳情况) is not public yet (713号 第三十二条; the limit is local practice, default 30 days,
  `GONGKAI_CONSULTATION_SUMMARY_DAYS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.consultations import periods
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register

SUMMARY_DAYS = 30

CONSULTATION_PERIOD_SHORT = register(Rule(
    code="consultation_period_short",
    title="征求意见期限短于法定期限且未说明理由",
    severity=Severity.HIGH,
    source="《重大行政决策程序暂行条例》第十五条：征求意见期限一般不少于30日，因情况紧急等原因需要缩短的，应当在"
           "征求意见时予以说明；国办发〔2018〕37号：行政规范性文件征求意见期限一般不少于7个工作日",
    hint="已提前截止的，说明缩短期限的理由，或重新公开征求意见并给足法定期限。",
    target_kind=TargetKind.CONSULTATION,
))

CONSULTATION_SUMMARY_MISSING = register(Rule(
    code="consultation_summary_missing",
    title="征求意见截止后未公布意见采纳情况",
    severity=Severity.MEDIUM,
    source="《重大行政决策程序暂行条例》第三十二条：对社会公众普遍关心或者专业性、技术性较强的重大行政决策，应当说明公众"
           "意见、专家论证意见的采纳情况",
    hint="在后台征求意见页面填写意见采纳情况（采纳了哪些意见、未采纳的理由、收到的意见条数）并公布。",
    target_kind=TargetKind.CONSULTATION,
))


@dataclass(frozen=True)
class ConsultationFacts:
    id: int
    label: str
    unit_id: int
    kind: str
    opens_on: date
    closes_on: date
    closed_on: date | None  # the day the office closed it (None: still open)
    shorter_reason: str
    summary_published_on: date | None
    summary_days: int = SUMMARY_DAYS


def actual_close(fact: ConsultationFacts) -> date:
    """The last day the public could comment: the day it was closed, if before the announced day."""
    return min(fact.closes_on, fact.closed_on) if fact.closed_on is not None else fact.closes_on


def consultation_period_short(facts: Iterable[ConsultationFacts], *, calendar: periods.WorkdayCounter) -> Iterator[Hit]:
    for fact in facts:
        if fact.shorter_reason.strip():
            continue
        given = periods.period(fact.kind, fact.opens_on, actual_close(fact), calendar)
        if not given.is_short:
            continue
        early = fact.closed_on is not None and fact.closed_on < fact.closes_on
        what = f"（原定{cn_date(fact.closes_on)}截止，{cn_date(fact.closed_on)}提前截止）" if early else ""
        yield Hit(CONSULTATION_PERIOD_SHORT.code, TargetKind.CONSULTATION, str(fact.id), fact.unit_id, fact.label, {
            "opens_on": fact.opens_on.isoformat(), "closes_on": actual_close(fact).isoformat(),
            "earliest_close": given.earliest_close.isoformat() if given.earliest_close else None,
            "text": f"“{fact.label}”{given.explain()}{what}未说明缩短期限的理由。",
        })


def summary_due(fact: ConsultationFacts) -> date | None:
    """The last day the summary may be published (None: not closed yet)."""
    if fact.closed_on is None:
        return None
    return fact.closed_on + timedelta(days=fact.summary_days)


def summary_recheck_on(fact: ConsultationFacts) -> date | None:
    due = summary_due(fact)
    if due is None or fact.summary_published_on is not None:
        return None
    return due + timedelta(days=1)


def consultation_summary_missing(facts: Iterable[ConsultationFacts], *, today: date) -> Iterator[Hit]:
    for fact in facts:
        due = summary_due(fact)
        if due is None or fact.summary_published_on is not None or today <= due:
            continue
        yield Hit(CONSULTATION_SUMMARY_MISSING.code, TargetKind.CONSULTATION, str(fact.id), fact.unit_id, fact.label, {
            "closed_on": fact.closed_on.isoformat() if fact.closed_on else None, "due": due.isoformat(),
            "text": f"“{fact.label}”于{cn_date(fact.closed_on)}截止，应于{cn_date(due)}前公布意见采纳情况，至今未公布。",
        })
