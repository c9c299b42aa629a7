"""Non-standard content and policy interpretation. Pure.

- 《政府信息公开条例》第十二条: a catalog record carries at least 索引、名称、内容概述、生成日期; an item's entries carry the
  elements its schema requires (the standard guideline's 公开内容（要素）).
- 国办发〔2016〕80号 实施细则 (三同步): a policy document is published with its interpretation; a local rule may allow a
  few working days (configured, default 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.oversight.checks.facts import EntryFacts, RecordFacts
from gongkai.oversight.checks.labels import masked_title
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register
from gongkai.publishing.timeliness import WorkdayCounter

NONSTANDARD_ENTRY = register(Rule(
    code="nonstandard_entry",
    title="明细缺少事项要求的公开要素",
    severity=Severity.MEDIUM,
    source="基层政务公开标准指引“公开内容（要素）”；《政府信息公开条例》第十二条",
    hint="在明细中补齐缺少的要素后重新提交审核。",
    target_kind=TargetKind.ENTRY,
))
NONSTANDARD_RECORD = register(Rule(
    code="nonstandard_record",
    title="信息缺少应载明的内容或公开属性与事项不符",
    severity=Severity.MEDIUM,
    source="《政府信息公开条例》第十二条（索引、名称、内容概述、生成日期）、第十九条、第二十条",
    hint="补齐文号、形成日期等应载明的内容；公开属性与事项的公开方式不一致的，核实后更正或说明理由。",
    target_kind=TargetKind.RECORD,
))
INTERPRETATION_MISSING = register(Rule(
    code="interpretation_missing",
    title="政策文件未同步解读",
    severity=Severity.MEDIUM,
    source="国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》：政策文件与解读方案、解读材料同步组织、同步审签、同步部署",
    hint="为该政策文件发布政策解读（文字、图解或视频），与文件同步发布。",
    target_kind=TargetKind.RECORD,
))


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def nonstandard_entries(entries: Iterable[EntryFacts]) -> Iterator[Hit]:
    for entry in entries:
        missing = [f["name"] for f in entry.schema if f.get("required") and _empty(entry.values.get(f["name"]))]
        if missing:
            first = next((str(v) for v in entry.values.values() if not _empty(v)), f"明细{entry.id}")
            yield Hit(NONSTANDARD_ENTRY.code, TargetKind.ENTRY, str(entry.id), entry.unit_id,
                      f"{entry.item_name}：{first[:40]}", {
                          "item": entry.item_key, "missing": missing,
                          "text": f"“{entry.item_name}”的明细缺少：{'、'.join(missing)}。",
                      })


def nonstandard_records(records: Iterable[RecordFacts]) -> Iterator[Hit]:
    """Public records lacking what the catalog record must carry, or 依申请公开 under an item to publish proactively."""
    for record in records:
        if not record.is_public or record.is_nothing_to_publish:
            continue
        problems: list[str] = []
        if record.formed_on is None:
            problems.append("缺少形成日期")
        if record.is_policy_document and not record.document_number.strip():
            problems.append("政策文件缺少文号")
        proactive_items = [m for m in record.item_manners if m and all("主动" in x for x in m)]
        if record.attribute == "on_request" and proactive_items:
            problems.append("事项的公开方式为主动公开，信息却标为依申请公开")
        if problems:
            yield Hit(NONSTANDARD_RECORD.code, TargetKind.RECORD, str(record.id), record.unit_id, masked_title(record.title), {
                "problems": problems, "text": "；".join(problems) + "。",
            })


def interpretation_missing(records: Iterable[RecordFacts], *, calendar: WorkdayCounter,
                           allowed_working_days: int = 0) -> Iterator[Hit]:
    for record in records:
        if not (record.is_public and record.is_policy_document) or record.published_on is None:
            continue
        if not record.has_interpretation or record.interpretation_published_on is None:
            yield Hit(INTERPRETATION_MISSING.code, TargetKind.RECORD, str(record.id), record.unit_id, masked_title(record.title), {
                "published_on": record.published_on.isoformat(), "interpretation_published_on": None,
                "text": f"政策文件{cn_date(record.published_on)}发布，没有已发布的政策解读。",
            })
            continue
        late = calendar.workdays_between(record.published_on, record.interpretation_published_on)
        if late > allowed_working_days:
            yield Hit(INTERPRETATION_MISSING.code, TargetKind.RECORD, str(record.id), record.unit_id, masked_title(record.title), {
                "published_on": record.published_on.isoformat(),
                "interpretation_published_on": record.interpretation_published_on.isoformat(),
                "working_days_late": late, "allowed_working_days": allowed_working_days,
                "text": f"政策文件{cn_date(record.published_on)}发布，解读{cn_date(record.interpretation_published_on)}"
                        f"才发布，晚{late}个工作日（允许{allowed_working_days}个工作日）。",
            })
