"""三同步 (国办发〔2016〕80号 实施细则; rules.md §8): a policy document and its interpretation are published
together; the allowed lag in working days is configurable (default 0). Pure: no Django."""

from __future__ import annotations

from datetime import date

from gongkai.calendars.domain import WorkdayCalendar


def interpretation_due(published_on: date, lag_workdays: int, calendar: WorkdayCalendar) -> date:
    """The last day the interpretation may appear: the publication day itself for lag 0, else the
    lag-th working day after it."""
    if lag_workdays <= 0:
        return published_on
    return calendar.add_workdays(published_on, lag_workdays)


def interpretation_warning(*, title: str, published_on: date, interpretation_dates: list[date | None],
                           lag_workdays: int, calendar: WorkdayCalendar, today: date) -> str | None:
    """A Chinese warning when a policy document has no interpretation published within the lag, else None.
    `interpretation_dates`: the publication date of each interpretation (None = not yet published)."""
    due = interpretation_due(published_on, lag_workdays, calendar)
    if any(d is not None and d <= due for d in interpretation_dates):
        return None
    pending = any(d is None for d in interpretation_dates)
    if lag_workdays <= 0:
        lead = f"政策文件“{title}”发布时没有同步发布政策解读"
        tail = "按“三同步”要求，政策文件与解读材料应同步发布。"
    else:
        lead = f"政策文件“{title}”须在 {due:%Y年%m月%d日}（发布后 {lag_workdays} 个工作日）前发布政策解读"
        tail = "逾期即不符合“三同步”要求。" if today <= due else "现已逾期，不符合“三同步”要求。"
    if pending:
        lead += "（已有解读尚未发布）"
    return f"{lead}。{tail}"
