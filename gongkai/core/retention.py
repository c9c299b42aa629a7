"""How long the audit log is kept: at least six months (《网络安全法》第二十一条第（三）项: 网络日志留存不少于
六个月). Pure: `today` is a parameter. Months are calendar months — six months before 31 August is the last
day of February — so that the limit reads the way the law and an assessor count it."""

from __future__ import annotations

import calendar
from datetime import date

AUDIT_RETENTION_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` calendar months earlier, or that month's last day if shorter."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_purge_date(today: date) -> date:
    """The latest `before` a purge may use: every event it removes is then older than six months."""
    return months_before(today, AUDIT_RETENTION_MONTHS)


def purge_refusal(before: date, today: date) -> str:
    """Why events older than `before` may not be purged today ("" if they may)."""
    limit = latest_purge_date(today)
    if before > limit:
        return (f"审计日志至少保存六个月（《网络安全法》第二十一条）：今天是 {today.isoformat()}，"
                f"只能清理 {limit.isoformat()} 之前的记录，不能清理 {before.isoformat()} 之前的记录。")
    return ""
