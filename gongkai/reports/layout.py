"""The tables of the 政府信息公开工作年度报告 as data (pure: no Django).

Two national layouts (rules.md §6.3–6.7):
- 2021: 国办公开办函〔2021〕30号 (report year 2021 on);
- 2019: 国办公开办函〔2019〕60号 trial format (report years 2019–2020; some townships kept it later).

A report's figures are one plain dict (the "tables"), the same shape everywhere — builders make it,
validation checks it, the docx/PDF/portal render it, the importer reads it and the JSON command prints it:

    {"format": "2021",
     "table2": {"规章": {"issued": 1, "repealed": 0, "in_force": 5}, …},
     "table3": {"一": {"natural_person": 3, …, "total": 4}, "三(三)1": {…}, …},
     "table4": {"review": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}, …}}

A cell is an int (a float for amounts in 万元) or None when it was left blank (imports only; built
reports never leave a blank).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"
FORMATS = (FORMAT_2021, FORMAT_2019)
FORMAT_SOURCES = {
    FORMAT_2021: "国办公开办函〔2021〕30号",
    FORMAT_2019: "国办公开办函〔2019〕60号",
}

SECTION_TITLES = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = ""  # "万元" for money columns


@dataclass(frozen=True)
class Table2Block:
    heading: str  # 第二十条第（一）项
    rows: tuple[str, ...]  # 信息内容 (also the row keys)
    columns: tuple[Column, ...]


# --- table 二 -------------------------------------------------------------------------------------

TABLE2_2021: tuple[Table2Block, ...] = (
    Table2Block("第二十条第（一）项", ("规章", "行政规范性文件"), (
        Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数"))),
    Table2Block("第二十条第（五）项", ("行政许可",), (Column("decisions", "本年处理决定数量"),)),
    Table2Block("第二十条第（六）项", ("行政处罚", "行政强制"), (Column("decisions", "本年处理决定数量"),)),
    Table2Block("第二十条第（八）项", ("行政事业性收费",), (Column("fee_wan", "本年收费金额（单位：万元）", "万元"),)),
)

_ITEMS_2019 = (Column("prior_items", "上一年项目数量"), Column("change", "本年增/减"),
               Column("decisions", "处理决定数量"))
TABLE2_2019: tuple[Table2Block, ...] = (
    Table2Block("第二十条第（一）项", ("规章", "规范性文件"), (
        Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
        Column("total_public", "对外公开总数量"))),
    Table2Block("第二十条第（五）项", ("行政许可", "其他对外管理服务事项"), _ITEMS_2019),
    Table2Block("第二十条第（六）项", ("行政处罚", "行政强制"), _ITEMS_2019),
    Table2Block("第二十条第（八）项", ("行政事业性收费",), _ITEMS_2019[:2]),
    Table2Block("第二十条第（九）项", ("政府集中采购",), (
        Column("items", "采购项目数量"), Column("amount_wan", "采购总金额", "万元"))),
)

TABLE2 = {FORMAT_2021: TABLE2_2021, FORMAT_2019: TABLE2_2019}

# The fee row of table 二 and its 万元 column (30号 only: 60号's fee row counts items, not money). The
# other 万元 column, 60号's 政府集中采购·采购总金额, is no fee.
FEE_ROW = "行政事业性收费"
FEE_COLUMN = "fee_wan"

# --- table 三 -------------------------------------------------------------------------------------

TABLE3_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other", "其他"),
)
TOTAL = Column("total", "总计")
TABLE3_COLUMNS: tuple[Column, ...] = (*APPLICANT_COLUMNS, TOTAL)
ORGANISATION_HEADING = "法人或其他组织"
APPLICANT_HEADING = "申请人情况"


@dataclass(frozen=True)
class Row:
    code: str  # 三(三)1
    label: str  # 1.属于国家秘密
    group: str = ""  # （三）不予公开 for sub-rows
    is_outcome: bool = False  # counted into 三(七)


def _sub(group_code: str, group_label: str, labels: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(Row(f"三{group_code}{i}", f"{i}.{label}", group_label, True) for i, label in enumerate(labels, 1))


WITHHELD = ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
            "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")
UNABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
NOT_HANDLED = ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
               "要求行政机关确认或重新出具已获取信息")
OTHER_2021 = ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")

RESULT_HEADING = "三、本年度办理结果"


def _table3_rows(fmt: str) -> tuple[Row, ...]:
    other = (_sub("(六)", "（六）其他处理", OTHER_2021) if fmt == FORMAT_2021
             else (Row("三(六)", "（六）其他处理", "", True),))
    return (
        Row("一", "一、本年新收政府信息公开申请数量"),
        Row("二", "二、上年结转政府信息公开申请数量"),
        Row("三(一)", "（一）予以公开", "", True),
        Row("三(二)", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", True),
        *_sub("(三)", "（三）不予公开", WITHHELD),
        *_sub("(四)", "（四）无法提供", UNABLE),
        *_sub("(五)", "（五）不予处理", NOT_HANDLED),
        *other,
        Row("三(七)", "（七）总计"),
        Row("四", "四、结转下年度继续办理"),
    )


TABLE3_ROWS = {FORMAT_2021: _table3_rows(FORMAT_2021), FORMAT_2019: _table3_rows(FORMAT_2019)}
OUTCOME_CODES = {fmt: tuple(r.code for r in rows if r.is_outcome) for fmt, rows in TABLE3_ROWS.items()}

# --- table 四 -------------------------------------------------------------------------------------

TABLE4_BLOCKS: tuple[tuple[str, str, str], ...] = (
    ("review", "行政复议", ""),
    ("litigation_direct", "行政诉讼", "未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼", "复议后起诉"),
)
TABLE4_OUTCOMES: tuple[Column, ...] = (
    Column("upheld", "结果维持"), Column("corrected", "结果纠正"), Column("other", "其他结果"),
    Column("pending", "尚未审结"),
)
TABLE4_COLUMNS: tuple[Column, ...] = (*TABLE4_OUTCOMES, TOTAL)


# --- helpers --------------------------------------------------------------------------------------

def table2_cells(fmt: str) -> Iterator[tuple[Table2Block, str, Column]]:
    """(block, row key, column) for every cell of table 二."""
    for block in TABLE2[fmt]:
        for row in block.rows:
            for column in block.columns:
                yield block, row, column


def row_label(fmt: str, code: str) -> str:
    for row in TABLE3_ROWS[fmt]:
        if row.code == code:
            return row.label
    raise KeyError(code)


def column_label(key: str) -> str:
    for column in (*TABLE3_COLUMNS, *TABLE4_COLUMNS):
        if column.key == key:
            return column.label
    for fmt in FORMATS:
        for _block, _row, column in table2_cells(fmt):
            if column.key == key:
                return column.label
    raise KeyError(key)


def block_label(key: str) -> str:
    for block, title, sub in TABLE4_BLOCKS:
        if block == key:
            return f"{title}（{sub}）" if sub else title
    raise KeyError(key)


def empty_tables(fmt: str = FORMAT_2021, *, fill: int | None = 0) -> dict[str, Any]:
    """A report's tables with every cell `fill` (0 for built reports, None for a blank import)."""
    return {
        "format": fmt,
        "table2": {row: {c.key: fill for c in block.columns} for block in TABLE2[fmt] for row in block.rows},
        "table3": {row.code: {c.key: fill for c in TABLE3_COLUMNS} for row in TABLE3_ROWS[fmt]},
        "table4": {block: {c.key: fill for c in TABLE4_COLUMNS} for block, _t, _s in TABLE4_BLOCKS},
    }


def value(cell: int | float | None) -> int | float:
    """Blank counts as 0 in arithmetic (rules.md §6.6 rule 9)."""
    return 0 if cell is None else cell
