"""The audit log's retention limit, pure (《网络安全法》第二十一条第（三）项: 网络日志留存不少于六个月)."""

from datetime import date

import pytest

from gongkai.core.retention import latest_purge_date, months_before, purge_refusal


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 12, 2), 6, date(2026, 6, 2)),
    (date(2026, 8, 31), 6, date(2026, 2, 28)),
    (date(2028, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 3, 15), 6, date(2025, 9, 15)),
    (date(2026, 1, 1), 12, date(2025, 1, 1)),
])
def test_months_are_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_logs_kept_at_least_six_months():
    """《网络安全法》第二十一条第（三）项: a purge may remove only events older than six calendar months."""
    today = date(2026, 12, 2)
    assert latest_purge_date(today) == date(2026, 6, 2)
    assert purge_refusal(date(2026, 6, 2), today) == ""
    assert purge_refusal(date(2025, 1, 1), today) == ""
    refusal = purge_refusal(date(2026, 6, 3), today)
    assert "至少保存六个月" in refusal and "2026-06-02" in refusal and "第二十一条" in refusal
