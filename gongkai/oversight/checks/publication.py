"""Late publication (《政府信息公开条例》第二十六条). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from gongkai.oversight.checks.facts import RecordFacts
from gongkai.oversight.checks.labels import masked_title
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register
from gongkai.publishing.timeliness import ARTICLE, PublishBy, WorkdayCounter, publish_by

LATE_PUBLICATION = register(Rule(
    code="late_publication",
    title="主动公开信息未在法定时限内公开",
    severity=Severity.HIGH,
    source=f"{ARTICLE}：自信息形成或者变更之日起20个工作日内予以公开；法律、法规对期限另有规定的，从其规定",
    hint="尽快审核发布；今后在形成日期起的公开时限内完成保密审查和发布（起草时信息页面显示“应于…前公开”）。",
    target_kind=TargetKind.RECORD,
))

# Statuses of a record still on its way to the public.
_UNPUBLISHED = frozenset({"draft", "submitted", "in_review", "approved", "scheduled"})


def _due(record: RecordFacts, calendar: WorkdayCounter) -> PublishBy:
    """The earliest publish-by date among the record's items (the strictest time limit binds)."""
    assert record.formed_on is not None
    rules = record.item_rules or ({},)
    return min((publish_by(record.formed_on, rule, calendar) for rule in rules), key=lambda p: p.due)


def late_publication(records: Iterable[RecordFacts], *, today: date, calendar: WorkdayCounter) -> Iterator[Hit]:
    """A 主动公开 record published after its publish-by date, or still unpublished past it."""
    for record in records:
        if record.attribute != "proactive" or record.formed_on is None or record.is_nothing_to_publish:
            continue
        due = _due(record, calendar)
        if record.published_on is not None:
            if record.published_on > due.due:
                late = due.working_days_late(record.published_on, calendar)
                yield Hit(LATE_PUBLICATION.code, TargetKind.RECORD, str(record.id), record.unit_id, masked_title(record.title), {
                    "formed_on": record.formed_on.isoformat(), "publish_by": due.due.isoformat(),
                    "published_on": record.published_on.isoformat(), "working_days_late": late,
                    "basis": due.basis,
                    "text": f"形成于{cn_date(record.formed_on)}，应于{cn_date(due.due)}前公开，"
                            f"实际{cn_date(record.published_on)}公开，迟延{late}个工作日。",
                })
        elif record.status in _UNPUBLISHED and today > due.due:
            late = due.working_days_late(today, calendar)
            yield Hit(LATE_PUBLICATION.code, TargetKind.RECORD, str(record.id), record.unit_id, masked_title(record.title), {
                "formed_on": record.formed_on.isoformat(), "publish_by": due.due.isoformat(),
                "published_on": None, "working_days_late": late, "basis": due.basis,
                "text": f"形成于{cn_date(record.formed_on)}，应于{cn_date(due.due)}前公开，"
                        f"至今未公开（已超过{late}个工作日）。",
            })


def recheck_on(record: RecordFacts, calendar: WorkdayCounter) -> date | None:
    """When time alone can change this record's verdict: the day after its due date while it is unpublished."""
    if record.attribute != "proactive" or record.formed_on is None or record.published_on is not None \
            or record.is_nothing_to_publish or record.status not in _UNPUBLISHED:
        return None
    return _due(record, calendar).due + timedelta(days=1)
