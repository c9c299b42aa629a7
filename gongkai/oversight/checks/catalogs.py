"""The published catalogs themselves. Pure.

- 国办发〔2019〕54号 / 基层政务公开标准化规范化工作 (rules.md §10): every applicable item of a catalog has a
  responsible unit — the item's own or the domain's (DomainAssignment); a domain whose items have neither is unassigned;
- the catalog follows its standard guideline: when a ministry issues a new version of a guideline the catalog adopted,
  the catalog is to be revised (rules.md §10; the county scheme's “目录未更新”).

Who answers: an unassigned domain is the jurisdiction's disclosure office's to assign (its finding and the county
scheme's 组织保障“明确责任单位” deduction are the office's); an outdated domain is its assigned unit's, else the office's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.oversight.checks.facts import CatalogDomainFacts
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, register

CATALOG_DOMAIN_UNASSIGNED = register(Rule(
    code="catalog_domain_unassigned",
    title="目录领域事项无责任单位",
    severity=Severity.MEDIUM,
    source="《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）：逐项明确公开事项的责任主体",
    hint="在“领域责任分工”中为该领域指定责任单位，或为其中的事项逐项指定责任单位。",
    target_kind=TargetKind.JURISDICTION,
))
CATALOG_NOT_REVISED = register(Rule(
    code="catalog_not_revised",
    title="公开事项目录未按新版标准指引修订",
    severity=Severity.MEDIUM,
    source="国办发〔2019〕54号：标准目录动态调整；国务院部门发布新版标准指引后，基层目录应相应修订",
    hint="依据现行版标准指引修订目录，报批后发布新版本。",
    target_kind=TargetKind.JURISDICTION,
))


def catalog_domain_unassigned(facts: Iterable[CatalogDomainFacts]) -> Iterator[Hit]:
    for fact in facts:
        if fact.unit_id is not None or fact.items_without_unit == 0:
            continue
        yield Hit(CATALOG_DOMAIN_UNASSIGNED.code, TargetKind.JURISDICTION, fact.id, fact.office_unit_id, fact.label, {
            "items_without_unit": fact.items_without_unit, "applicable_items": fact.applicable_items,
            "text": f"{fact.label}：{fact.items_without_unit}个适用事项既没有责任单位，领域也未指定责任单位。",
        })


def catalog_not_revised(facts: Iterable[CatalogDomainFacts]) -> Iterator[Hit]:
    for fact in facts:
        outdated = [(name, version, current) for name, version, is_current, current in fact.guidelines
                    if not is_current and current is not None and current > version]
        if not outdated:
            continue
        parts = [f"采用《{name}》第{version}版，现行为第{current}版" for name, version, current in outdated]
        yield Hit(CATALOG_NOT_REVISED.code, TargetKind.JURISDICTION, fact.id, fact.unit_id or fact.office_unit_id,
                  fact.label, {
            "guidelines": [{"name": n, "adopted": v, "current": c} for n, v, c in outdated],
            "text": f"{fact.label}：" + "；".join(parts) + "。",
        })
