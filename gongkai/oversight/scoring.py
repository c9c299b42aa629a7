"""Assessment (考核) as data: an indicator tree scored from findings and manual judgements. Pure: no Django.

《条例》第四十六条 asks for 考核、社会评议; the indicator tables are local (rules.md §9), so a scheme is data: each
indicator has points and one rule kind —
- ``manual``: judged by a person; deductions recorded with their evidence (组织保障, 载体建设 …);
- ``deduction``: minus ``per_occurrence`` for each finding of its monitoring rules, capped at its points
  (国办秘函〔2019〕19号: deductions within an indicator are capped at its weight, rules.md §7.1);
- ``proportion``: its points times the share of targets without a finding (e.g. catalog items not blank);
- ``veto``: the unit fails the whole assessment when its findings of the bound rules reach ``threshold``
  (19号 单项否决: 空白栏目 ≥ 5, long-stale columns ≥ 10).
Grade bands are data too (岳阳市 2017: 优秀 ≥ 90, 良好 80–90, 合格 60–80, 不合格 < 60, rules.md §9(d))."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from gongkai.oversight.rules import REGISTRY


class IndicatorKind(StrEnum):
    MANUAL = "manual"
    DEDUCTION = "deduction"
    PROPORTION = "proportion"
    VETO = "veto"


KIND_LABELS = {IndicatorKind.MANUAL: "人工评定", IndicatorKind.DEDUCTION: "按次扣分", IndicatorKind.PROPORTION: "按比例计分",
               IndicatorKind.VETO: "单项否决"}


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    points: float = 0
    kind: IndicatorKind = IndicatorKind.MANUAL
    rules: tuple[str, ...] = ()
    per_occurrence: float = 1
    threshold: int = 1
    note: str = ""
    children: tuple[Indicator, ...] = ()
    # A bound rule's own points per finding where they differ from `per_occurrence` (county scheme: 目录未更新 −1,
    # 无年报 −2 within one indicator); pairs so the indicator stays hashable.
    per_rule: tuple[tuple[str, float], ...] = ()

    def points_per(self, rule: str) -> float:
        return dict(self.per_rule).get(rule, self.per_occurrence)

    def leaves(self) -> list[Indicator]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


@dataclass(frozen=True)
class Band:
    minimum: float
    label: str


@dataclass(frozen=True)
class Scheme:
    code: str
    title: str
    source: str
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    completeness: str = ""

    @property
    def total(self) -> float:
        return sum(i.points for i in self.indicators if i.kind != IndicatorKind.VETO)

    def leaves(self) -> list[Indicator]:
        return [leaf for i in self.indicators for leaf in i.leaves()]

    def grade(self, score: float, vetoed: bool) -> str:
        """The band of the score on a hundred-point scale (a scheme of another total is scaled to 100)."""
        if vetoed:
            return next((b.label for b in self.bands if b.minimum <= 0), "不合格")
        percent = score * 100 / self.total if self.total else 0
        for band in sorted(self.bands, key=lambda b: -b.minimum):
            if percent >= band.minimum - 1e-9:
                return band.label
        return self.bands[-1].label if self.bands else ""


@dataclass(frozen=True)
class ManualDeduction:
    indicator: str
    points: float
    reason: str
    source: str = ""  # 上级检查, 第三方评估, 社会评议, or the person who judged


@dataclass(frozen=True)
class Line:
    indicator: Indicator
    lost: float
    reason: str
    findings: tuple[int, ...] = ()
    vetoed: bool = False


@dataclass(frozen=True)
class UnitScore:
    unit_id: int
    score: float
    total: float
    grade: str
    vetoed: bool
    lines: tuple[Line, ...] = field(default_factory=tuple)

    @property
    def lost(self) -> float:
        return round(self.total - self.score, 2)


def _n(value: float) -> str:
    """2 → 2, 2.5 → 2.5: ordinary Chinese number forms, never 2.0 or scientific notation."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def score_unit(scheme: Scheme, unit_id: int, findings: Mapping[str, Sequence[int]],
               targets: Mapping[str, int] | None = None,
               manual: Sequence[ManualDeduction] = ()) -> UnitScore:
    """A unit's score: `findings` maps a rule code to the ids of the unit's findings present in the period,
    `targets` a rule code to the number of targets it judged (for proportions), `manual` the recorded deductions."""
    targets = targets or {}
    lines: list[Line] = []
    vetoed = False
    by_indicator: dict[str, list[ManualDeduction]] = {}
    for deduction in manual:
        by_indicator.setdefault(deduction.indicator, []).append(deduction)
    for leaf in scheme.leaves():
        ids = tuple(sorted(i for rule in leaf.rules for i in findings.get(rule, ())))
        if leaf.kind == IndicatorKind.VETO:
            if len(ids) >= leaf.threshold:
                vetoed = True
                lines.append(Line(leaf, 0, f"{leaf.title}：{len(ids)}个（达到{leaf.threshold}个即单项否决）", ids, True))
            continue
        lost = 0.0
        reasons: list[str] = []
        if leaf.kind == IndicatorKind.DEDUCTION and ids:
            counts = {rule: len(findings.get(rule, ())) for rule in leaf.rules if findings.get(rule)}
            lost = min(leaf.points, sum(n * leaf.points_per(rule) for rule, n in counts.items()))
            if leaf.per_rule:
                reasons.append("；".join(
                    f"{REGISTRY[rule].title if rule in REGISTRY else rule}{n}个，每个扣{_n(leaf.points_per(rule))}分"
                    for rule, n in counts.items()) + f"，最多扣{_n(leaf.points)}分")
            else:
                reasons.append(f"发现问题{len(ids)}个，每个扣{_n(leaf.per_occurrence)}分，最多扣{_n(leaf.points)}分")
        elif leaf.kind == IndicatorKind.PROPORTION:
            judged = sum(targets.get(rule, 0) for rule in leaf.rules)
            if judged:
                lost = leaf.points * min(len(ids), judged) / judged
                reasons.append(f"{judged}个中有{len(ids)}个存在问题，按比例扣分")
        for deduction in by_indicator.get(leaf.code, ()):
            lost += deduction.points
            reasons.append(f"{deduction.source or '人工评定'}：{deduction.reason}（扣{_n(deduction.points)}分）")
        lost = round(min(leaf.points, lost), 2)
        if lost:
            lines.append(Line(leaf, lost, "；".join(reasons), ids))
    total = scheme.total
    score = round(max(0.0, total - sum(line.lost for line in lines)), 2)
    return UnitScore(unit_id, score, total, scheme.grade(score, vetoed), vetoed, tuple(lines))


def rank(scores: Sequence[UnitScore]) -> list[tuple[int, UnitScore]]:
    """Ranked by score (vetoed units last), ties sharing a rank."""
    ordered = sorted(scores, key=lambda s: (s.vetoed, -s.score, s.unit_id))
    ranked: list[tuple[int, UnitScore]] = []
    for position, item in enumerate(ordered, start=1):
        if ranked and (ranked[-1][1].score, ranked[-1][1].vetoed) == (item.score, item.vetoed):
            ranked.append((ranked[-1][0], item))
        else:
            ranked.append((position, item))
    return ranked


def _indicator(data: Mapping[str, Any]) -> Indicator:
    return Indicator(
        code=data["code"], title=data["title"], points=float(data.get("points", 0)),
        kind=IndicatorKind(data.get("kind", "manual")), rules=tuple(data.get("rules", ())),
        per_occurrence=float(data.get("per_occurrence", 1)), threshold=int(data.get("threshold", 1)),
        note=data.get("note", ""), children=tuple(_indicator(c) for c in data.get("children", ())),
        per_rule=tuple((rule, float(points)) for rule, points in sorted((data.get("per_rule") or {}).items())),
    )


def scheme_from_data(data: Mapping[str, Any]) -> Scheme:
    """A scheme from its JSON form (`oversight/data/schemes/*.json`); points of a parent are its children's sum."""
    indicators = tuple(_indicator(i) for i in data["indicators"])
    indicators = tuple(_with_sum(i) for i in indicators)
    return Scheme(code=data["code"], title=data["title"], source=data.get("source", ""), indicators=indicators,
                  bands=tuple(Band(float(b["minimum"]), b["label"]) for b in data.get("bands", ())),
                  completeness=data.get("completeness", ""))


def _with_sum(indicator: Indicator) -> Indicator:
    if not indicator.children:
        return indicator
    children = tuple(_with_sum(c) for c in indicator.children)
    points = sum(c.points for c in children if c.kind != IndicatorKind.VETO)
    return replace(indicator, points=points, children=children)
