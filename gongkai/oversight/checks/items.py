"""Blank and stale items of a published catalog (国办秘函〔2019〕19号 单项否决指标“栏目不更新”; 《条例》第十二条). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from gongkai.catalog.time_limits import period_label, periodic_dues_around, primary_periodic
from gongkai.oversight.checks.facts import ItemFacts
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register
from gongkai.publishing.timeliness import WorkdayCounter

SOURCE_19 = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标“栏目不更新”"

BLANK_ITEM = register(Rule(
    code="blank_item",
    title="空白栏目：目录事项没有任何公开内容",
    severity=Severity.HIGH,
    source=f"{SOURCE_19}：空白栏目数量≥5个即单项否决；《政府信息公开条例》第十二条",
    hint="在该事项下发布信息（或名单明细）；本期确无此类信息的，发布“本期无此类信息”说明。",
    target_kind=TargetKind.ITEM,
))
STALE_ITEM = register(Rule(
    code="stale_item",
    title="栏目长期未更新",
    severity=Severity.MEDIUM,
    source=f"{SOURCE_19}：动态要闻类2周、通知公告/政策文件类6个月未更新；没有发布日期的信息视为未更新",
    hint="发布该事项最新的信息，注明形成日期；信息没有变化的，发布“本期无此类信息”说明。",
    target_kind=TargetKind.ITEM,
))

# A jurisdiction with this many blank items fails the website check outright (19号: 空白栏目 ≥ 5).
BLANK_VETO_THRESHOLD = 5


class ColumnClass(StrEnum):
    NEWS = "news"  # 动态要闻类
    NOTICES = "notices"  # 通知公告、政策文件类
    PLANS = "plans"  # 人事、规划计划类
    YEARLY = "yearly"  # items due on a date each year
    PERIODIC = "periodic"  # items due every month, quarter or half-year (村务公开)
    OTHER = "other"


COLUMN_CLASS_LABELS = {ColumnClass.NEWS: "动态要闻类", ColumnClass.NOTICES: "通知公告、政策文件类",
                       ColumnClass.PLANS: "人事、规划计划类", ColumnClass.YEARLY: "年度事项",
                       ColumnClass.PERIODIC: "定期公开事项",
                       ColumnClass.OTHER: "其他事项"}

# National defaults in days (19号 and the 2015 普查 rules it inherits; 人事/规划计划 one year, rules.md §7.2).
DEFAULT_STALE_DAYS: Mapping[str, int] = {
    ColumnClass.NEWS: 14, ColumnClass.NOTICES: 183, ColumnClass.PLANS: 365, ColumnClass.OTHER: 365,
}

_CLASS_WORDS = (
    (ColumnClass.NEWS, re.compile(r"动态|要闻|工作进展|新闻")),
    (ColumnClass.NOTICES, re.compile(r"通知|公告|公示|政策|规范性文件")),
    (ColumnClass.PLANS, re.compile(r"人事|规划|计划|任免|招考|招聘")),
)


def column_class(item: ItemFacts) -> ColumnClass:
    if (item.time_limit_rule or {}).get("kind") == "fixed_date_each_year":
        return ColumnClass.YEARLY
    if primary_periodic(dict(item.time_limit_rule or {})) is not None:
        return ColumnClass.PERIODIC
    words = f"{item.topic} {item.name}"
    for klass, pattern in _CLASS_WORDS:
        if pattern.search(words):
            return klass
    return ColumnClass.OTHER


@dataclass(frozen=True)
class StaleThresholds:
    """Days without an update after which an item is stale, per column class; a jurisdiction may override."""

    days: Mapping[str, int]

    @classmethod
    def national(cls, overrides: Mapping[str, int] | None = None) -> StaleThresholds:
        return cls({**DEFAULT_STALE_DAYS, **(overrides or {})})

    @classmethod
    def resolved(cls, chain: Sequence[Mapping[str, int]]) -> StaleThresholds:
        """The national defaults overridden by each jurisdiction's own limits from the root down to the one asked
        about: the nearest ancestor's limit applies where a jurisdiction set none (rules.md §7.6)."""
        days = dict(DEFAULT_STALE_DAYS)
        for overrides in chain:
            days.update({k: v for k, v in overrides.items() if k in EDITABLE_CLASSES})
        return cls(days)


# The classes a jurisdiction may set a limit for (a yearly item's limit is its own date each year).
EDITABLE_CLASSES = (ColumnClass.NEWS, ColumnClass.NOTICES, ColumnClass.PLANS, ColumnClass.OTHER)
MAX_STALE_DAYS = 3 * 366


def _yearly_due(rule: Mapping[str, Any], today: date) -> date | None:
    """The last due date on or before today of a 每年X月X日前 / 每年X月底前 item."""
    month = rule.get("month")
    if not isinstance(month, int) or not 1 <= month <= 12:
        return None
    day = rule.get("day")

    def due_in(year: int) -> date:
        if isinstance(day, int):
            try:
                return date(year, month, day)
            except ValueError:
                pass
        if rule.get("before_month"):
            return date(year, month, 1) - timedelta(days=1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return following - timedelta(days=1)

    this_year = due_in(today.year)
    return this_year if this_year < today else due_in(today.year - 1)


# A newly published catalog gives its units the statutory period to fill a new column (第二十六条).
BLANK_GRACE_WORKING_DAYS = 20


def blank_grace_until(item: ItemFacts, calendar: WorkdayCounter) -> date | None:
    """The last day an item of a newly published catalog may still be empty."""
    if item.catalog_published_on is None:
        return None
    return calendar.add_workdays(item.catalog_published_on, BLANK_GRACE_WORKING_DAYS)


def blank_items(items: Iterable[ItemFacts], *, today: date, calendar: WorkdayCounter) -> Iterator[Hit]:
    for item in items:
        grace = blank_grace_until(item, calendar)
        if item.public_records == 0 and (grace is None or today > grace):
            yield Hit(BLANK_ITEM.code, TargetKind.ITEM, item.key, item.unit_id, f"{item.topic} / {item.name}", {
                "domain": item.domain,
                "catalog_published_on": item.catalog_published_on.isoformat() if item.catalog_published_on else None,
                "text": f"“{item.domain}”领域事项“{item.name}”没有任何公开内容。",
            })


def stale_items(items: Iterable[ItemFacts], *, today: date, thresholds: StaleThresholds) -> Iterator[Hit]:
    """Items whose newest public record is older than their class allows (blank items are `blank_items`')."""
    for item in items:
        if item.public_records == 0:
            continue
        hit = _stale(item, today, thresholds)
        if hit:
            yield hit


def _stale(item: ItemFacts, today: date, thresholds: StaleThresholds) -> Hit | None:
    klass = column_class(item)
    label = f"{item.topic} / {item.name}"
    last = item.last_public_on
    if klass == ColumnClass.YEARLY:
        due = _yearly_due(item.time_limit_rule, today)
        if due is None or (last is not None and last >= due - timedelta(days=365)):
            return None
        return Hit(STALE_ITEM.code, TargetKind.ITEM, item.key, item.unit_id, label, {
            "column_class": klass.value, "last_public_on": last.isoformat() if last else None,
            "due": due.isoformat(),
            "text": f"事项应{item.time_limit_rule.get('text') or '每年'}公开，{cn_date(due)}前的一年内没有公开内容"
                    f"（最近一次：{cn_date(last)}）。",
        })
    if klass == ColumnClass.PERIODIC:
        return _periodic_stale(item, today, label)
    limit = thresholds.days.get(klass, thresholds.days.get(ColumnClass.OTHER, 365))
    if last is not None and (today - last).days <= limit:
        return None
    return Hit(STALE_ITEM.code, TargetKind.ITEM, item.key, item.unit_id, label, {
        "column_class": klass.value, "limit_days": limit, "last_public_on": last.isoformat() if last else None,
        "text": (f"{COLUMN_CLASS_LABELS[klass]}事项超过{limit}天未更新（最近一次：{cn_date(last)}）。" if last
                 else "公开内容没有可见的发布日期，视为未更新。"),
    })


def _periodic_stale(item: ItemFacts, today: date, label: str) -> Hit | None:
    """A periodic item is judged by its own periods: the latest period whose due date has passed must have been
    published after the due date of the period before it (《村民委员会组织法》第三十条: 至少每季度公布一次)."""
    rule = primary_periodic(dict(item.time_limit_rule or {}))
    dues = periodic_dues_around(rule, today) if rule is not None else None
    if rule is None or dues is None:
        return None
    start, due, previous_due = dues
    last = item.last_public_on
    if last is not None and last > previous_due:
        return None
    period = period_label(rule, start)
    return Hit(STALE_ITEM.code, TargetKind.ITEM, item.key, item.unit_id, label, {
        "column_class": ColumnClass.PERIODIC.value, "last_public_on": last.isoformat() if last else None,
        "period": period, "due": due.isoformat(),
        "text": f"事项应{rule.get('text') or item.time_limit_rule.get('text') or rule.get('every_label')}公开，"
                f"{period}的内容应于{cn_date(due)}前公开，{cn_date(previous_due)}以后没有公开内容"
                f"（最近一次：{cn_date(last)}）。",
    })


def stale_recheck_on(item: ItemFacts, thresholds: StaleThresholds) -> date | None:
    """The first day on which this item, unchanged, becomes stale."""
    if item.public_records == 0 or item.last_public_on is None:
        return None
    klass = column_class(item)
    if klass in (ColumnClass.YEARLY, ColumnClass.PERIODIC):
        return None  # re-evaluated on every scan: cheap, and its due date moves with the period
    return item.last_public_on + timedelta(days=thresholds.days.get(klass, 365) + 1)
