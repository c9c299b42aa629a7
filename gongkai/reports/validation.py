"""Validation of a report's tables (rules.md §6.6). Pure: no Django.

Hard rules (1–5) block publication; soft rules (6–10) warn. Every problem names its table, row and
column and says in Chinese what is wrong and by how much.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.reports.layout import (
    APPLICANT_COLUMNS,
    FEE_COLUMN,
    FEE_ROW,
    FORMAT_2019,
    FORMAT_2021,
    OUTCOME_CODES,
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


def plain(x: int | float | Decimal) -> str:
    """A number as people write it: never scientific notation (0.00001, not 1e-05; 12500000, not 1.25e+07),
    no trailing zeros, at most six decimals."""
    if isinstance(x, bool) or isinstance(x, int):
        return str(x)
    number = Decimal(str(round(float(x), 6))).normalize()
    text = format(number, "f")
    return "0" if text in ("-0", "") else text



def cell_value(cells: dict[str, Any], key: str) -> int | float:
    """A cell for arithmetic: blank = 0, except a blank row 总计, which stands for its row's sum (rule 9
    flags it; counting it as 0 would make rules 1 and 2 fail for a blank that only left out a sum)."""
    if key == "total" and cells.get("total") is None:
        return sum(value(v) for k, v in cells.items() if k != "total")
    return value(cells.get(key))


def _cell3(fmt: str, code: str, col: str) -> str:
    return f"表三“{row_label(fmt, code)}”行“{column_label(col)}”列"


# --- 《条例》第四十九条: a report is of the year before ------------------------------------------------

def article_49_publishable_from(year: int) -> datetime.date:
    """The report of `year` is 上一年度's report from 1 January of the next year: it may be published from
    that day (《条例》第四十九条 — publish 上一年度 report by 31 January / 31 March)."""
    return datetime.date(year + 1, 1, 1)


def article_49_refusal(year: int, today: datetime.date) -> str:
    """Why the report of `year` cannot be published on `today` ("" when it can)."""
    opens = article_49_publishable_from(year)
    if today >= opens:
        return ""
    return (f"{year}年度尚未结束，不能发布{year}年度报告：按照《条例》第四十九条，公布的是上一年度的年度报告，"
            f"{year}年度报告自{opens.year}年{opens.month}月{opens.day}日起方可发布。草稿可以继续编写和保存。")


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
                f"{_cell3(fmt, row.code, 'total')}填 {plain(cells['total'])}，但自然人与各类法人或其他组织之和为 {parts}。")))
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


# --- rule 8: the narrative's figures ------------------------------------------------------------------

# A number as reports write it (1,234 or 12.5); what may stand between a figure's words and its number:
# a few characters, but no sentence or clause break and no other number.
_NUM = r"(?P<n>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_GAP = r"[^。；;，,：:\d]{0,%d}?"
_COUNT = r"\s*(?:件|起|宗|个)"
_BOTH = r"(?:和|与|及|或者|或|、)"  # 予以公开和部分公开, 全部或部分公开
_DOCUMENTS = r"(?P<row>规章|(?:行政)?规范性文件)"


Figure = tuple[str, int | float]  # (row, the table's figure)
FigureOf = Callable[[dict[str, Any], re.Match[str]], Figure | None]


@dataclass(frozen=True)
class NarrativeFigure:
    """A figure the narrative (sections 一, 五, 六) states, and where the tables hold it: `cells(tables)`
    is the table's figure (a sum for a group of rows), None where the layout has no such cell."""

    pattern: str
    table: str
    row: str
    column: str
    what: str
    cells: FigureOf


def _t3(*codes: str) -> FigureOf:
    def figure(tables: dict[str, Any], _m: re.Match[str]) -> Figure | None:
        return codes[0], sum(cell_value(tables["table3"][c], "total") for c in codes)
    return figure


def _t3_group(prefix: str) -> FigureOf:
    """（三）不予公开 … （六）其他处理: the sum of the group's rows (60号's single （六） row too)."""
    def figure(tables: dict[str, Any], _m: re.Match[str]) -> Figure | None:
        codes = [c for c in OUTCOME_CODES[tables["format"]] if c.startswith(prefix)]
        return prefix, sum(cell_value(tables["table3"][c], "total") for c in codes)
    return figure


def _t4(*blocks: str) -> FigureOf:
    def figure(tables: dict[str, Any], _m: re.Match[str]) -> Figure | None:
        return blocks[0], sum(cell_value(tables["table4"][b], "total") for b in blocks)
    return figure


def _t2(column_by_format: dict[str, str], row: str | None = None) -> FigureOf:
    """A cell of table 二; the row from the match (规章 / 规范性文件) unless given."""
    def figure(tables: dict[str, Any], m: re.Match[str]) -> Figure | None:
        fmt = tables["format"]
        column = column_by_format.get(fmt)
        key = row or m.group("row")
        if "规范性文件" in key:
            key = "行政规范性文件" if fmt == FORMAT_2021 else "规范性文件"
        if column is None or key not in tables["table2"] or column not in tables["table2"][key]:
            return None
        return key, value(tables["table2"][key][column])
    return figure


_DECISIONS = {FORMAT_2021: "decisions", FORMAT_2019: "decisions"}

# In order: a figure a longer wording has taken (予以公开和部分公开258件) is not read again by a shorter one.
NARRATIVE_FIGURES: tuple[NarrativeFigure, ...] = (
    # table 三
    NarrativeFigure(r"(?:予以公开|公开|全部)" + _BOTH + r"部分公开" + _GAP % 8 + _NUM + _COUNT, "三", "三(一)", "total",
                    "“（一）予以公开”与“（二）部分公开”之和", _t3("三(一)", "三(二)")),
    NarrativeFigure(r"(?:新收|收到)" + _GAP % 16 + r"申请" + _GAP % 4 + _NUM + r"\s*件", "三", "一", "total",
                    "“一、本年新收政府信息公开申请数量”", _t3("一")),
    NarrativeFigure(r"上年结转" + _GAP % 12 + _NUM + r"\s*件", "三", "二", "total",
                    "“二、上年结转政府信息公开申请数量”", _t3("二")),
    NarrativeFigure(r"结转下一?年" + _GAP % 12 + _NUM + r"\s*件", "三", "四", "total",
                    "“四、结转下年度继续办理”", _t3("四")),
    NarrativeFigure(r"(?:办结|答复)" + _GAP % 12 + _NUM + r"\s*件", "三", "三(七)", "total",
                    "“（七）总计”", _t3("三(七)")),
    NarrativeFigure(r"(?<!不)予以公开" + _GAP % 6 + _NUM + r"\s*件", "三", "三(一)", "total",
                    "“（一）予以公开”", _t3("三(一)")),
    NarrativeFigure(r"部分公开" + _GAP % 6 + _NUM + r"\s*件", "三", "三(二)", "total",
                    "“（二）部分公开”", _t3("三(二)")),
    NarrativeFigure(r"不予公开" + _GAP % 6 + _NUM + r"\s*件", "三", "三(三)", "total",
                    "“（三）不予公开”各项之和", _t3_group("三(三)")),
    NarrativeFigure(r"无法提供" + _GAP % 6 + _NUM + r"\s*件", "三", "三(四)", "total",
                    "“（四）无法提供”各项之和", _t3_group("三(四)")),
    NarrativeFigure(r"不予处理" + _GAP % 6 + _NUM + r"\s*件", "三", "三(五)", "total",
                    "“（五）不予处理”各项之和", _t3_group("三(五)")),
    NarrativeFigure(r"其他处理" + _GAP % 6 + _NUM + r"\s*件", "三", "三(六)", "total",
                    "“（六）其他处理”各项之和", _t3_group("三(六)")),
    # table 二
    NarrativeFigure(r"(?:制发|出台|制定|印发)(?:的)?" + _DOCUMENTS + _GAP % 4 + _NUM + r"\s*(?:件|个|部)", "二", "",
                    "issued", "本年制发件数", _t2({FORMAT_2021: "issued", FORMAT_2019: "made"})),
    NarrativeFigure(r"废止(?:的)?" + _DOCUMENTS + _GAP % 4 + _NUM + r"\s*(?:件|个|部)", "二", "", "repealed",
                    "本年废止件数", _t2({FORMAT_2021: "repealed"})),
    NarrativeFigure(r"现行有效(?:的)?" + _DOCUMENTS + _GAP % 4 + _NUM + r"\s*(?:件|个|部)", "二", "", "in_force",
                    "现行有效件数", _t2({FORMAT_2021: "in_force"})),
    NarrativeFigure(r"(?P<row>行政许可|行政处罚|行政强制)(?:决定|案件)?" + _GAP % 4 + _NUM + r"\s*件", "二", "",
                    "decisions", "本年处理决定数量", _t2(_DECISIONS)),
    NarrativeFigure(r"行政事业性收费" + _GAP % 8 + _NUM + r"\s*万元", "二", FEE_ROW, FEE_COLUMN,
                    "本年收费金额（万元）", _t2({FORMAT_2021: FEE_COLUMN}, FEE_ROW)),
    # table 四
    NarrativeFigure(r"行政复议(?:案件|申请)?" + _GAP % 4 + _NUM + _COUNT, "四", "review", "total",
                    "“行政复议”的“总计”", _t4("review")),
    NarrativeFigure(r"行政诉讼(?:案件)?" + _GAP % 4 + _NUM + _COUNT, "四", "litigation_direct", "total",
                    "两类“行政诉讼”的“总计”之和", _t4("litigation_direct", "litigation_after_review")),
)


def _stated(text: str) -> int | float:
    text = text.replace(",", "").replace("，", "")
    return float(text) if "." in text else int(text)


def rule_8_narrative_figures(tables: dict[str, Any], narrative: str) -> list[Problem]:
    """Every figure the narrative states — table 三's rows and categories (（一）…（六）, 予以公开和部分公开),
    table 二's rows, table 四's totals — should equal the tables (real reports often disagree: the
    narrative says 258 granted in full or in part, table 三 says 275). Each difference names both numbers."""
    problems = []
    text = re.sub(r"<[^>]+>", "", narrative or "")
    taken: list[tuple[int, int]] = []
    for figure in NARRATIVE_FIGURES:
        for match in re.finditer(figure.pattern, text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found = figure.cells(tables, match)
            if found is None:
                continue
            row, actual = found
            stated = _stated(match.group("n"))
            if abs(stated - actual) < 1e-6:
                continue
            where = f"表二“{row}”的{figure.what}" if figure.table == "二" else f"表{figure.table}{figure.what}"
            problems.append(Problem(8, SOFT, figure.table, row, figure.column, (
                f"正文写“{match.group(0)}”（{plain(stated)}），而{where}为 {plain(actual)}，两者不一致。")))
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
    """表二 本年收费金额 (the fee column, 30号) is in 万元; a figure that looks like yuan is flagged. Only
    the fee column: 60号's 政府集中采购·采购总金额 is also in 万元, and thousands of 万元 are ordinary there."""
    if FEE_ROW not in tables["table2"] or FEE_COLUMN not in tables["table2"][FEE_ROW]:
        return []
    amount = value(tables["table2"][FEE_ROW][FEE_COLUMN])
    if amount < FEE_WAN_PLAUSIBLE:
        return []
    return [Problem(10, SOFT, "二", FEE_ROW, FEE_COLUMN, (
        f"表二“{FEE_ROW}”的“{column_label(FEE_COLUMN)}”为 {plain(amount)}，单位是万元；"
        f"这相当于 {plain(amount * 10000)} 元，疑似按元填报（应为 {plain(amount / 10000)} 万元）。"))]


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
