"""Annual reports published late (《政府信息公开条例》第四十九条、第五十条; rules.md §6.1). Pure.

A 县级以上人民政府部门 publishes last year's report by 31 January; a 县级以上地方人民政府 (through its 主管部门) by
31 March. The check looks at the year before `today`'s, once its due date has passed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from gongkai.oversight.checks.facts import ReportDutyFacts
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register

ANNUAL_REPORT_LATE = register(Rule(
    code="annual_report_late",
    title="政府信息公开工作年度报告未按期发布",
    severity=Severity.HIGH,
    source="《政府信息公开条例》第四十九条、第五十条：政府部门每年1月31日前、人民政府每年3月31日前公布上一年度报告",
    hint="立即编制并发布上一年度政府信息公开工作年度报告；今后按期发布。",
    target_kind=TargetKind.REPORT,
))


def report_due(fact: ReportDutyFacts, year: int) -> date:
    month, day = fact.due_month_day
    return date(year + 1, month, day)


def annual_report_late(facts: Iterable[ReportDutyFacts], *, today: date) -> Iterator[Hit]:
    year = today.year - 1
    for fact in facts:
        due = report_due(fact, year)
        if today <= due or (fact.since is not None and fact.since.year > year):
            continue
        published = [on for y, on in fact.reports if y == year and on is not None]
        first = min(published) if published else None
        if first is not None and first <= due:
            continue
        text = (f"{year}年度报告应于{cn_date(due)}前发布，{cn_date(first)}才发布。" if first else
                f"{year}年度报告应于{cn_date(due)}前发布，至今未发布。")
        yield Hit(ANNUAL_REPORT_LATE.code, TargetKind.REPORT, str(fact.id), fact.unit_id,
                  f"{fact.unit_name}{year}年度{fact.kind_label}", {
                      "year": year, "due": due.isoformat(), "published_on": first.isoformat() if first else None,
                      "text": text,
                  })


def recheck_on(fact: ReportDutyFacts, today: date) -> date:
    """The day the verdict may change with time alone: the day after this year's due date, else the next 1 January
    (the year looked at moves)."""
    due = report_due(fact, today.year - 1)
    return date.fromordinal(due.toordinal() + 1) if today <= due else date(today.year + 1, 1, 1)
