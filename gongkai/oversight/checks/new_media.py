"""Government new-media accounts that have gone silent. Pure.

国办秘函〔2019〕19号 (政务新媒体检查指标, rules §7.4): an account with no update in the two weeks before the
check fails 内容不更新 (a single veto). An account is watched from the day it opened; a closed account is not.
Local rules may be stricter (one county asks for an update every ten days): the threshold is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from gongkai.oversight.checks.facts import NewMediaFacts
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, register

SILENT_DAYS = 14  # 两周

NEW_MEDIA_SILENT = register(Rule(
    code="new_media_silent",
    title="政务新媒体两周内未更新",
    severity=Severity.VETO,
    source="国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：政务新媒体监测时间点前2周内无更新（内容不更新，单项否决）",
    hint="在账号上发布内容后登记更新日期；确已停用的账号，由政务公开办在政务新媒体台账中办理关停。",
    target_kind=TargetKind.NEW_MEDIA,
))


def silent_since(fact: NewMediaFacts) -> date:
    """The day the silence is counted from: the last update, or the opening day of an account never updated."""
    return fact.last_update_on or fact.opened_on


def recheck_on(fact: NewMediaFacts, silent_days: int = SILENT_DAYS) -> date | None:
    """The first day the account counts as silent if nothing else happens (None: closed, never)."""
    if fact.closed_on is not None:
        return None
    return silent_since(fact) + timedelta(days=silent_days + 1)


def new_media_silent(facts: Iterable[NewMediaFacts], *, today: date,
                     silent_days: int = SILENT_DAYS) -> Iterator[Hit]:
    """An open account whose last update is more than `silent_days` calendar days before `today` (an update
    exactly two weeks ago is still within the two weeks)."""
    for fact in facts:
        if fact.closed_on is not None and fact.closed_on <= today:
            continue
        since = silent_since(fact)
        days = (today - since).days
        if days <= silent_days:
            continue
        what = f"最近一次更新为{since:%Y年%-m月%-d日}" if fact.last_update_on else f"自{since:%Y年%-m月%-d日}开设以来未登记更新"
        yield Hit(NEW_MEDIA_SILENT.code, TargetKind.NEW_MEDIA, str(fact.id), fact.unit_id, fact.label, {
            "last_update_on": fact.last_update_on.isoformat() if fact.last_update_on else None,
            "opened_on": fact.opened_on.isoformat(), "silent_days": days,
            "text": f"{fact.label}{what}，已{days}天未更新（超过{silent_days}天）。",
        })
