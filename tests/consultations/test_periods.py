"""The consultation periods and the hearing notice, one test per rule (docs/legal-rules.md). Pure."""

from datetime import date

import pytest

from gongkai.calendars.seed import seed_calendar
from gongkai.consultations import periods
from gongkai.consultations.periods import Kind

CALENDAR = seed_calendar()


def test_major_decision_period_at_least_30_days():
    """《重大行政决策程序暂行条例》第十五条: normally at least 30 days; the day of publication not counted."""
    assert periods.earliest_close(Kind.MAJOR_DECISION, date(2026, 3, 1), CALENDAR) == date(2026, 3, 31)
    assert not periods.period(Kind.MAJOR_DECISION, date(2026, 3, 1), date(2026, 3, 31), CALENDAR).is_short
    short = periods.period(Kind.MAJOR_DECISION, date(2026, 3, 1), date(2026, 3, 30), CALENDAR)
    assert short.is_short and "29日" in short.explain() and "第十五条" in short.explain()


def test_major_decision_shorter_period_needs_reason():
    """第十五条: a shorter period for urgency must be explained when consulting — without a reason it is refused."""
    refusal = periods.period_refusal(Kind.MAJOR_DECISION, date(2026, 3, 1), date(2026, 3, 15), "", CALENDAR)
    assert "缩短期限的理由" in refusal
    assert periods.period_refusal(Kind.MAJOR_DECISION, date(2026, 3, 1), date(2026, 3, 15),
                                  "防汛工作紧急，需在汛期前出台。", CALENDAR) == ""


def test_normative_document_period_at_least_7_working_days():
    """国办发〔2018〕37号: 行政规范性文件 at least 7 working days — holidays are not counted.

    Published 2026-09-28 (Mon): 09-29, 09-30, 10-08, 10-09, 10-10 (a make-up Saturday), 10-12, 10-13 — the 7th
    working day is 10-13, across the 国庆 holiday 10-01…10-07 (14 calendar days would not be enough to know)."""
    earliest = periods.earliest_close(Kind.NORMATIVE_DOCUMENT, date(2026, 9, 28), CALENDAR)
    assert earliest == date(2026, 10, 13)
    short = periods.period(Kind.NORMATIVE_DOCUMENT, date(2026, 9, 28), date(2026, 10, 12), CALENDAR)
    assert short.is_short and short.length == "6个工作日"
    ok = periods.period(Kind.NORMATIVE_DOCUMENT, date(2026, 9, 28), date(2026, 10, 13), CALENDAR)
    assert not ok.is_short and ok.length == "7个工作日"
    assert periods.period_refusal(Kind.NORMATIVE_DOCUMENT, date(2026, 9, 28), date(2026, 10, 12), "", CALENDAR)


def test_other_consultation_has_no_minimum_but_ends_after_it_starts():
    assert periods.period_refusal(Kind.OTHER, date(2026, 3, 1), date(2026, 3, 2), "", CALENDAR) == ""
    assert "应晚于" in periods.period_refusal(Kind.OTHER, date(2026, 3, 1), date(2026, 3, 1), "", CALENDAR)


@pytest.mark.parametrize(("notice_on", "late"), [(date(2026, 9, 1), False), (date(2026, 9, 3), False),
                                                  (date(2026, 9, 4), True)])
def test_hearing_notice_at_least_7_days_before(notice_on, late):
    """《重大行政决策程序暂行条例》第十六条: the hearing's notice and materials 7 days before it (held 09-10)."""
    assert bool(periods.hearing_notice_refusal(date(2026, 9, 10), notice_on)) is late
