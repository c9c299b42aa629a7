"""Validation of a report's tables (rules.md §6.6). Pure: no Django.

Hard rules (1–5) block publication; soft rules (6–10) warn. Every problem names its table, row and
column and says in Chinese what is wrong and by how much.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gongkai.reports.layout import (
    APPLICANT_COLUMNS,
    FORMAT_2021,
    OUTCOME_CODES,
    TABLE2,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_OUTCOMES,
    block_label,
    column_label,
    row_label,
    value,
)

HARD = "hard"
SOFT = "soft"


@dataclass(frozen=True)
class Problem:
    rule: int
    severity: str
    table: str  # 二 / 三 / 四 / 一
    row: str  # row code or key
    column: str  # column key
    message: str

    @property
    def is_hard(self) -> bool:
        return self.severity == HARD

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "table": self.table, "row": self.row,
                "column": self.column, "message": self.message}


def _n(x: int | float) -> str:
    if isinstance(x, float):
        return f"{x:g}"
    return str(x)


def cell_value(cells: dict[str, Any], key: str) -> int | float:
    """A cell for arithmetic: blank = 0, except a blank row 总计, which stands for its row's sum (rule 9
    flags it; counting it as 0 would make rules 1 and 2 fail for a blank that only left out a sum)."""
    if key == "total" and cells.get("total") is None:
        return sum(value(v) for k, v in cells.items() if k != "total")
    return value(cells.get(key))


def _cell3(fmt: str, code: str, col: str) -> str:
    return f"表三“{row_label(fmt, code)}”行“{column_label(col)}”列"


# --- hard rules -----------------------------------------------------------------------------------

def rule_1_balance(tables: dict[str, Any]) -> list[Problem]:
    """一 + 二 = 三(七) + 四, column by column (the 勾稽关系 printed in the first cell of table 三)."""
    t3 = tables["table3"]
    problems = []
    for col in TABLE3_COLUMNS:
        left = cell_value(t3["一"], col.key) + cell_value(t3["二"], col.key)
        right = cell_value(t3["三(七)"], col.key) + cell_value(t3["四"], col.key)
        if left != right:
            problems.append(Problem(1, HARD, "三", "三(七)", col.key, (
                f"表三“{col.label}”列不平衡：第一项加第二项之和为 {left}，第三项（七）总计加第四项之和为 {right}，"
                f"相差 {left - right}（勾稽关系：第一项加第二项之和，等于第三项加第四项之和）。")))
    return problems


def rule_2_outcome_total(tables: dict[str, Any]) -> list[Problem]:
    """三(七) 总计 = the sum of every outcome row (一)…(六)."""
    t3, fmt = tables["table3"], tables["format"]
    problems = []
    for col in TABLE3_COLUMNS:
        total = sum(cell_value(t3[code], col.key) for code in OUTCOME_CODES[fmt])
        stated = cell_value(t3["三(七)"], col.key)
        if total != stated:
            problems.append(Problem(2, HARD, "三", "三(七)", col.key, (
                f"{_cell3(fmt, '三(七)', col.key)}填 {stated}，但（一）至（六）各项之和为 {total}。")))
    return problems


def rule_3_row_total(tables: dict[str, Any]) -> list[Problem]:
    """Each row's 总计 = 自然人 + the five kinds of 法人或其他组织."""
    t3, fmt = tables["table3"], tables["format"]
    problems = []
    for row in TABLE3_ROWS[fmt]:
        cells = t3[row.code]
        parts = sum(value(cells[c.key]) for c in APPLICANT_COLUMNS)
        if cells["total"] is None:
            continue  # a blank 总计 is rule 9's (soft) business; blank counts as 0 elsewhere
        if value(cells["total"]) != parts:
            problems.append(Problem(3, HARD, "三", row.code, "total", (
                f"{_cell3(fmt, row.code, 'total')}填 {_n(cells['total'])}，但自然人与各类法人或其他组织之和为 {parts}。")))
    return problems


def rule_4_table4_totals(tables: dict[str, Any]) -> list[Problem]:
    """Table 四: each block's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    problems = []
    for block, _title, _sub in TABLE4_BLOCKS:
        cells = tables["table4"][block]
        parts = sum(value(cells[c.key]) for c in TABLE4_OUTCOMES)
        if cells["total"] is None:
            continue
        if value(cells["total"]) != parts:
            problems.append(Problem(4, HARD, "四", block, "total", (
                f"表四“{block_label(block)}”的“总计”填 {cells['total']}，但四种结果之和为 {parts}。")))
    return problems


def rule_5_partial_counted_once(outcomes: Iterable[tuple[object, str]]) -> list[Problem]:
    """A request is counted in exactly one outcome row; 部分公开 only in 三(二), nowhere else.

    `outcomes`: (request reference, row code) for each decided request, as the builder classifies them."""
    rows_of: dict[object, list[str]] = defaultdict(list)
    for ref, code in outcomes:
        rows_of[ref].append(code)
    problems = []
    for ref, codes in rows_of.items():
        if len(codes) > 1:
            where = "、".join(codes)
            note = "区分处理（部分公开）的只计入（二）部分公开，不计其他情形" if "三(二)" in codes else "一件申请只计一次"
            problems.append(Problem(5, HARD, "三", codes[0], "total",
                                    f"申请 {ref} 被重复计入 {where}：{note}。"))
    return problems


HARD_RULES = (rule_1_balance, rule_2_outcome_total, rule_3_row_total, rule_4_table4_totals)


# --- soft rules -----------------------------------------------------------------------------------

def rule_6_carry_over(tables: dict[str, Any], previous: dict[str, Any] | None) -> list[Problem]:
    """本年 二（上年结转）should equal 上年 四（结转下年度继续办理）, column by column."""
    if previous is None:
        return []
    problems = []
    for col in TABLE3_COLUMNS:
        now = cell_value(tables["table3"]["二"], col.key)
        before = cell_value(previous["table3"]["四"], col.key)
        if now != before:
            problems.append(Problem(6, SOFT, "三", "二", col.key, (
                f"表三“二、上年结转政府信息公开申请数量”行“{col.label}”列为 {now}，"
                f"上年报告“四、结转下年度继续办理”为 {before}，两者不一致。")))
    return problems


def rule_7_in_force(tables: dict[str, Any], previous: dict[str, Any] | None) -> list[Problem]:
    """上年 现行有效件数 + 本年制发 − 本年废止 ≈ 本年 现行有效件数 (2021 layout, both years)."""
    if previous is None or tables["format"] != FORMAT_2021 or previous["format"] != FORMAT_2021:
        return []
    problems = []
    for row in ("规章", "行政规范性文件"):
        now, before = tables["table2"][row], previous["table2"][row]
        expected = value(before["in_force"]) + value(now["issued"]) - value(now["repealed"])
        if value(now["in_force"]) != expected:
            problems.append(Problem(7, SOFT, "二", row, "in_force", (
                f"表二“{row}”的“现行有效件数”为 {value(now['in_force'])}，按上年现行有效 {value(before['in_force'])} "
                f"加本年制发 {value(now['issued'])} 减本年废止 {value(now['repealed'])} 应为 {expected}。")))
    return problems


# Figures the narrative (section 一) commonly states, and the cell each should match.
_NARRATIVE_FIGURES = (
    (r"(?:新收|收到)[^。；，\d]{0,16}?申请\s*(\d+)\s*件", "三", "一", "total", "本年新收申请"),
    (r"上年结转[^。；，\d]{0,12}?(\d+)\s*件", "三", "二", "total", "上年结转申请"),
    (r"结转下年[^。；，\d]{0,12}?(\d+)\s*件", "三", "四", "total", "结转下年度继续办理"),
    (r"(?:办结|答复)[^。；，\d]{0,12}?(\d+)\s*件", "三", "三(七)", "total", "本年度办理结果总计"),
    (r"行政复议\s*(\d+)\s*[件起]", "四", "review", "total", "行政复议总计"),
)


def rule_8_narrative_figures(tables: dict[str, Any], narrative: str) -> list[Problem]:
    """Figures stated in the narrative should equal the table figures (real reports often disagree)."""
    problems = []
    text = re.sub(r"<[^>]+>", "", narrative or "")
    for pattern, table, row, col, what in _NARRATIVE_FIGURES:
        for match in re.finditer(pattern, text):
            stated = int(match.group(1))
            cell = tables["table3"][row][col] if table == "三" else tables["table4"][row][col]
            if stated != value(cell):
                problems.append(Problem(8, SOFT, table, row, col, (
                    f"正文写“{match.group(0)}”（{what} {stated}），表{table}中为 {value(cell)}。")))
    return problems


def rule_9_blank_total(tables: dict[str, Any]) -> list[Problem]:
    """Blank counts as 0, but a blank 总计 on a row with figures is flagged."""
    fmt = tables["format"]
    problems = []
    for row in TABLE3_ROWS[fmt]:
        cells = tables["table3"][row.code]
        if cells["total"] is None and any(value(cells[c.key]) for c in APPLICANT_COLUMNS):
            problems.append(Problem(9, SOFT, "三", row.code, "total",
                                    f"{_cell3(fmt, row.code, 'total')}为空，但本行有数据；空白按 0 计算。"))
    for block, _t, _s in TABLE4_BLOCKS:
        cells = tables["table4"][block]
        if cells["total"] is None and any(value(cells[c.key]) for c in TABLE4_OUTCOMES):
            problems.append(Problem(9, SOFT, "四", block, "total",
                                    f"表四“{block_label(block)}”的“总计”为空，但本组有数据；空白按 0 计算。"))
    return problems


# 万元: a county unit's yearly fees above this many 万元 are far more likely yuan typed into the 万元 column.
FEE_WAN_PLAUSIBLE = 1000


def rule_10_fee_unit(tables: dict[str, Any]) -> list[Problem]:
    """收费金额 is in 万元; a figure that looks like yuan is flagged."""
    problems = []
    for block in TABLE2[tables["format"]]:
        for column in block.columns:
            if column.unit != "万元":
                continue
            for row in block.rows:
                amount = value(tables["table2"][row][column.key])
                if amount >= FEE_WAN_PLAUSIBLE:
                    problems.append(Problem(10, SOFT, "二", row, column.key, (
                        f"表二“{row}”的“{column.label}”为 {_n(amount)}，单位是万元；"
                        f"这相当于 {_n(amount * 10000)} 元，疑似按元填报（应为 {_n(amount / 10000)} 万元）。")))
    return problems


# --- all together ----------------------------------------------------------------------------------

def validate(tables: dict[str, Any], *, previous: dict[str, Any] | None = None, narrative: str = "",
             outcomes: Iterable[tuple[object, str]] = ()) -> list[Problem]:
    """Every problem, hard ones first."""
    problems: list[Problem] = []
    for rule in HARD_RULES:
        problems += rule(tables)
    problems += rule_5_partial_counted_once(outcomes)
    problems += rule_6_carry_over(tables, previous)
    problems += rule_7_in_force(tables, previous)
    problems += rule_8_narrative_figures(tables, narrative)
    problems += rule_9_blank_total(tables)
    problems += rule_10_fee_unit(tables)
    return problems


def hard(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_hard]


def soft(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_hard]
