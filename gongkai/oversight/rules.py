"""What a monitoring rule is, and the registry every app adds its rules to. Pure: no Django.

A rule has a stable snake_case code (the scan's JSON, the indicators and the tests name it), a Chinese title, a
severity, its source (an article of 《政府信息公开条例》 or an indicator of 国办秘函〔2019〕19号, see
docs/legal-rules.md) and a hint the unit reads next to each finding. A check is a pure function over value
snapshots (`checks/`) that returns `Hit`s; the oversight services store them as findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    VETO = "veto"  # 单项否决 when it reaches its threshold
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_LABELS = {Severity.VETO: "单项否决", Severity.HIGH: "严重", Severity.MEDIUM: "一般", Severity.LOW: "轻微"}


class TargetKind(StrEnum):
    ITEM = "item"
    RECORD = "record"
    ENTRY = "entry"
    REQUEST = "request"
    REPORT = "report"
    JURISDICTION = "jurisdiction"
    NEW_MEDIA = "new_media"
    CONSULTATION = "consultation"
    MESSAGE = "message"
    CONCERN = "concern"


TARGET_LABELS = {TargetKind.ITEM: "目录事项", TargetKind.RECORD: "政府信息", TargetKind.ENTRY: "明细",
                 TargetKind.REQUEST: "依申请公开", TargetKind.REPORT: "年度报告", TargetKind.JURISDICTION: "行政区划",
                 TargetKind.NEW_MEDIA: "政务新媒体账号", TargetKind.CONSULTATION: "征求意见",
                 TargetKind.MESSAGE: "留言", TargetKind.CONCERN: "回应关切"}


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    severity: Severity
    source: str
    hint: str
    target_kind: TargetKind


@dataclass(frozen=True)
class Hit:
    """One problem found: the rule, what it is about, the unit that must fix it and the evidence (JSON-able)."""

    rule: str
    target_kind: TargetKind
    target: str  # a catalog item's key (UUID), a record's id, a request's tracking code …
    unit_id: int | None
    label: str  # what a person reads: the item's or record's title
    evidence: Mapping[str, Any] = field(default_factory=dict)
    # The day from which the verdict may change with time alone (a record becoming late, an item becoming stale);
    # None when only a change of the target can change it.
    recheck_on: date | None = None


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule; the same code twice with different content is a programming error."""
    existing = REGISTRY.get(rule.code)
    if existing is not None and existing != rule:
        raise ValueError(f"monitoring rule {rule.code} registered twice with different content")
    REGISTRY[rule.code] = rule
    return rule


def cn_date(d: date | None) -> str:
    """2025年3月12日 — the way a county officer writes a date."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "（无）"
