"""The consultations' monitoring rules: planted cases and near misses (pure)."""

from datetime import date

import pytest

from gongkai.calendars.seed import seed_calendar
from gongkai.consultations import checks
from gongkai.consultations.checks import ConsultationFacts

CALENDAR = seed_calendar()


def fact(**changes) -> ConsultationFacts:
    values = {"id": 1, "label": "城区停车管理办法", "unit_id": 7, "kind": "major_decision", "opens_on": date(2026, 9, 1),
              "closes_on": date(2026, 10, 1), "closed_on": None, "shorter_reason": "", "summary_published_on": None}
    return ConsultationFacts(**(values | changes))


@pytest.mark.parametrize(("changes", "flagged"), [
    ({}, False),                                                          # 30 days: near miss
    ({"closes_on": date(2026, 9, 30)}, True),                             # 29 days, no reason
    ({"closes_on": date(2026, 9, 30), "shorter_reason": "汛期紧急"}, False),  # explained
    ({"closed_on": date(2026, 9, 20)}, True),                             # closed early by the office
    ({"closed_on": date(2026, 10, 3)}, False),                            # closed after the last day
    ({"kind": "normative_document", "opens_on": date(2026, 9, 28), "closes_on": date(2026, 10, 12)}, True),
    ({"kind": "normative_document", "opens_on": date(2026, 9, 28), "closes_on": date(2026, 10, 13)}, False),
    ({"kind": "other", "closes_on": date(2026, 9, 2)}, False),
])
def test_consultation_period_short(changes, flagged):
    """713号 第十五条 / 国办发〔2018〕37号: shorter than the minimum without a written reason."""
    hits = list(checks.consultation_period_short([fact(**changes)], calendar=CALENDAR))
    assert bool(hits) is flagged
    if hits:
        assert hits[0].rule == "consultation_period_short" and "未说明缩短期限的理由" in hits[0].evidence["text"]


@pytest.mark.parametrize(("changes", "today", "flagged"), [
    ({}, date(2026, 12, 1), False),                                              # still open
    ({"closed_on": date(2026, 10, 1)}, date(2026, 10, 31), False),               # day 30: near miss
    ({"closed_on": date(2026, 10, 1)}, date(2026, 11, 1), True),                 # day 31
    ({"closed_on": date(2026, 10, 1), "summary_published_on": date(2026, 10, 20)}, date(2026, 12, 1), False),
    ({"closed_on": date(2026, 10, 1), "summary_days": 60}, date(2026, 11, 1), False),  # a local limit
])
def test_consultation_summary_missing(changes, today, flagged):
    """713号 第三十二条: the summary of a closed consultation published within the limit (30 days by default)."""
    hits = list(checks.consultation_summary_missing([fact(**changes)], today=today))
    assert bool(hits) is flagged


def test_summary_recheck_on_the_day_after_the_limit():
    assert checks.summary_recheck_on(fact(closed_on=date(2026, 10, 1))) == date(2026, 11, 1)
    assert checks.summary_recheck_on(fact()) is None
