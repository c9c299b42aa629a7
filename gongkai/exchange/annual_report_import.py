"""Import of existing 政府信息公开工作年度报告 from xlsx or docx, in the 2021 (30号) or the 2019 trial
(60号) layout, told apart by the header text (rules.md §6.7):
  2019: 本年新制作数量 / 本年新公开数量 / 对外公开总数量, and a single （六）其他处理 row;
  2021: 本年制发件数 / 本年废止件数 / 现行有效件数, and （六）1–3.

Blank cells count as 0 for arithmetic and stay blank in the stored tables (a blank 总计 on a row with
figures is flagged, rules.md §6.6 rule 9). `check()` is the dry run: every problem with table, row and
column; `run()` stores the report only when there is none (all or nothing)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.reports import services, validation
from gongkai.reports.layout import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE2,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    block_label,
    column_label,
    empty_tables,
)
from gongkai.reports.models import AnnualReport

BLANKS = {"", "-", "—", "–", "/", "／", "无", "——"}
_MARKS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
_MARKS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数")
ROW_ALIASES = {"规范性文件": "规范性文件", "行政规范性文件": "行政规范性文件"}


@dataclass
class ImportResult:
    format: str = ""
    year: int | None = None
    tables: dict = field(default_factory=dict)
    narrative: dict = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)  # blocking
    warnings: list[dict] = field(default_factory=list)  # soft rules

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, table: str, row: str, column: str, message: str, place: str = "") -> None:
        """A blocking problem at table / row / column, and where in the file (工作表“…”第12行) when known;
        the message names the place too."""
        if place:
            message = f"{message.rstrip('。')}（{place}）。"
        self.problems.append({"table": table, "row": row, "column": column, "column_label": _column_label(column),
                              "place": place, "message": message})


def _column_label(key: str) -> str:
    try:
        return column_label(key) if key else ""
    except KeyError:
        return key


def _finding(problem: validation.Problem) -> dict:
    return {**problem.as_dict(), "column_label": _column_label(problem.column), "place": ""}


def _norm(text) -> str:
    text = "" if text is None else str(text)
    text = text.replace("(", "（").replace(")", "）").replace("．", ".").replace("“", "").replace("”", "")
    return re.sub(r"\s+", "", text)


def _core(label: str) -> str:
    """A row label without its numbering: 1.属于国家秘密 → 属于国家秘密, （一）予以公开 → 予以公开."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])", "", _norm(label))


# --- reading files into rows of logical cells ------------------------------------------------------

def rows_from_xlsx(data: bytes) -> tuple[list[list[str]], list[str]]:
    """Rows of every sheet (a merged range's value once) and where each row is (工作表“…”第N行)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), data_only=True)
    rows: list[list[str]] = []
    places: list[str] = []
    for ws in wb.worksheets:
        covered = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        for r, row in enumerate(ws.iter_rows(), start=1):
            cells = [("" if cell.value is None else str(cell.value).strip())
                     for c, cell in enumerate(row, start=1) if (r, c) not in covered]
            rows.append(cells)
            places.append(f"工作表“{ws.title}”第{r}行")
    return rows, places


def read_docx(data: bytes) -> tuple[list[list[str]], list[str], list[str]]:
    """Rows of every table (merged cells once), where each row is (第N个表格第M行) and the body paragraphs."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    rows: list[list[str]] = []
    places: list[str] = []
    for t, table in enumerate(doc.tables, start=1):
        above: list = []
        for m, tr in enumerate(table.rows, start=1):
            seen, cells = set(), []
            for i, cell in enumerate(tr.cells):
                tc = cell._tc
                if id(tc) in seen:
                    continue
                seen.add(id(tc))
                if i < len(above) and above[i] is tc:
                    continue  # a vertical merge continued from the row above
                cells.append(cell.text.strip())
            above = [c._tc for c in tr.cells]
            rows.append(cells)
            places.append(f"第{t}个表格第{m}行")
        rows.append([])
        places.append("")
    return rows, places, [p.text.strip() for p in doc.paragraphs if p.text.strip()]


# --- parsing -----------------------------------------------------------------------------------------

def detect_format(rows: list[list[str]]) -> str:
    text = "".join("".join(r) for r in rows)
    if any(m in text for m in _MARKS_2019):
        return FORMAT_2019
    if any(m in text for m in _MARKS_2021):
        return FORMAT_2021
    return FORMAT_2021 if re.search(r"补正.{0,20}不再处理|逾期未按收费通知", text) else ""


def _number(text: str, *, money: bool, signed: bool = False):
    """(value, error): int, float (万元) or None for blank."""
    t = _norm(text).replace(",", "").replace("，", "")
    if t in BLANKS:
        return None, ""
    try:
        number = float(t)
    except ValueError:
        return None, f"“{text}”不是数字"
    if number < 0 and not (money or signed):
        return None, f"“{text}”为负数"
    if money:
        return round(number, 4), ""
    if number != int(number):
        return None, f"“{text}”不是整数"
    return int(number), ""


def _is_value(text: str) -> bool:
    t = _norm(text).replace(",", "")
    return t in BLANKS or bool(re.fullmatch(r"-?\d+(\.\d+)?", t))


def parse_rows(rows: list[list[str]], result: ImportResult,  # noqa: C901 — one branch per part of the national layout
               places: list[str] | None = None) -> None:
    fmt = result.format

    def at(i: int) -> str:
        return places[i] if places and i < len(places) else ""

    tables = empty_tables(fmt, fill=None)
    # Where table 三 and table 四 begin.
    start3 = next((i for i, r in enumerate(rows) if any("申请人情况" in c or "勾稽关系" in c for c in r)), None)
    start4 = next((i for i, r in enumerate(rows) if any("结果维持" in c for c in r)), None)
    if start3 is None:
        result.problem("三", "", "", "没有找到表三（表头“申请人情况”）。")
    if start4 is None:
        result.problem("四", "", "", "没有找到表四（表头“结果维持”）。")
    end2 = start3 if start3 is not None else len(rows)

    # Table 二: rows labelled with a row key, values right after the label.
    found2 = set()
    for block in TABLE2[fmt]:
        for key in block.rows:
            for i, r in enumerate(rows[:end2]):
                labels = [j for j, c in enumerate(r) if _norm(c) == key]
                if not labels:
                    continue
                values = [c for c in r[labels[0] + 1:]][:len(block.columns)]
                for column, text in zip(block.columns, values, strict=False):
                    v, err = _number(text, money=column.unit == "万元", signed=column.key == "change")
                    if err:
                        result.problem("二", key, column.key, f"表二“{key}”行“{column.label}”列：{err}。", at(i))
                    tables["table2"][key][column.key] = v
                found2.add(key)
                break
    for block in TABLE2[fmt]:
        for key in block.rows:
            if key not in found2:
                result.problem("二", key, "", f"表二缺少“{key}”行。")

    # Table 三: data rows (7 trailing values) in order.
    if start3 is not None:
        end3 = start4 if start4 is not None and start4 > start3 else len(rows)
        n = len(TABLE3_COLUMNS)
        expected = list(TABLE3_ROWS[fmt])
        position = 0
        for i, r in enumerate(rows[start3:end3], start=start3):
            if position >= len(expected):
                break
            row = expected[position]
            key = _core(row.label)[:4]
            label_at = max((j for j, c in enumerate(r) if key in _norm(c) and not _is_value(c)), default=None)
            if label_at is None:
                continue  # a header row, or a row out of place (reported below as missing)
            position += 1
            cells = r[label_at + 1:label_at + 1 + n]
            cells += [""] * (n - len(cells))
            for column, text in zip(TABLE3_COLUMNS, cells, strict=True):
                v, err = _number(text, money=False)
                if err:
                    result.problem("三", row.code, column.key, f"表三“{row.label}”行“{column.label}”列：{err}。",
                                   at(i))
                tables["table3"][row.code][column.key] = v
        for row in expected[position:]:
            result.problem("三", row.code, "", f"表三缺少“{row.group}{row.label}”行，或行次不对（{fmt}年版格式）。")
        if fmt == FORMAT_2019 and any("不再处理" in c or "逾期未按收费通知" in c for r in rows[start3:end3] for c in r):
            result.problem("三", "三(六)", "", "表头为2019年版，但表三（六）其他处理分列了子项（2021年版），格式不一致。")

    # Table 四: the first row after the header with 15 values.
    if start4 is not None:
        n = len(TABLE4_COLUMNS) * len(TABLE4_BLOCKS)
        found = next(((i, r[:n]) for i, r in enumerate(rows[start4 + 1:], start=start4 + 1)
                      if len(r) >= n and all(_is_value(c) for c in r[:n]) and not any(r[n:])
                      and any(_norm(c) for c in r[:n])), None)
        if found is None:
            result.problem("四", "", "", f"表四没有找到 {n} 个数字的数据行。", at(start4))
        else:
            i, data = found
            numbers = iter(data)
            for block4, _t, _s in TABLE4_BLOCKS:
                for column in TABLE4_COLUMNS:
                    text = next(numbers)
                    v, err = _number(text, money=False)
                    if err:
                        result.problem("四", block4, column.key,
                                       f"表四“{block_label(block4)}”“{column.label}”列：{err}。", at(i))
                    tables["table4"][block4][column.key] = v
    result.tables = tables


_SECTION_START = re.compile(r"^([一二三四五六])、")


def parse_narrative(paragraphs: list[str]) -> dict:
    sections: dict[str, list[str]] = {}
    current = None
    for text in paragraphs:
        m = _SECTION_START.match(text)
        if m and len(text) < 40:
            current = m.group(1)
            continue
        if current in ("一", "五", "六"):
            sections.setdefault(current, []).append(f"<p>{_escape(text)}</p>")
    return {k: "".join(v) for k, v in sections.items()}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _year_from(texts) -> int | None:
    for text in texts:
        m = re.search(r"(20\d\d)\s*年(?:度)?政府信息公开(?:工作)?年度报告", _norm(text))
        if m:
            return int(m.group(1))
    return None


def _narrative_text(narrative: dict) -> str:
    return " ".join(narrative.get(key, "") for key in ("一", "五", "六"))


def check(data: bytes, filename: str, *, year: int | None = None, narrative: dict | None = None) -> ImportResult:
    """The dry run: read, detect the layout, parse, validate (the narrative's figures too: the file's
    sections 一, 五, 六, or `narrative` when given). Nothing is stored."""
    result = ImportResult()
    suffix = Path(filename).suffix.lower()
    paragraphs: list[str] = []
    places: list[str] = []
    try:
        if suffix == ".xlsx":
            rows, places = rows_from_xlsx(data)
        elif suffix == ".docx":
            rows, places, paragraphs = read_docx(data)
        else:
            result.problem("", "", "", "只能导入 .xlsx 或 .docx 文件。")
            return result
    except Exception:  # a broken or mislabelled file
        result.problem("", "", "", f"无法读取文件“{filename}”：文件已损坏或不是{suffix[1:]}格式。")
        return result
    result.format = detect_format(rows)
    if not result.format:
        result.problem("二", "", "", "无法判断报告格式：表头中既没有“本年制发件数”（2021年版）也没有“本年新制作数量”（2019年版）。")
        return result
    stated = _year_from([*paragraphs, *(c for r in rows[:3] for c in r), filename])
    result.year = year or stated
    if result.year is None:
        result.problem("", "", "", "无法从文件中判断报告年度，请填写报告年度。")
    elif year and stated and stated != year:
        result.problem("", "", "", f"文件标题是{stated}年度的报告，与填写的报告年度{year}年不一致。")
    parse_rows(rows, result, places)
    result.narrative = narrative if narrative is not None else parse_narrative(paragraphs)
    if result.problems:
        return result
    for p in validation.validate(result.tables, narrative=_narrative_text(result.narrative)):
        (result.problems if p.is_hard else result.warnings).append(_finding(p))
    return result


def check_target(result: ImportResult, *, unit) -> ImportResult:
    """What the file cannot tell: the unit already has a report for the year; the year has not ended
    (《条例》第四十九条: a report is 上一年度's, and an import publishes it)."""
    if result.year is None:
        return result
    too_early = validation.article_49_refusal(result.year, clock.today())
    if too_early:
        result.problem("", "", "", too_early)
    if AnnualReport.objects.filter(unit=unit, year=result.year).exists():
        result.problem("", "", "", f"{unit.name}{result.year}年的年度报告已经存在，未导入。")
    return result


def run(*, actor, unit, data: bytes, filename: str, year: int | None = None, narrative: dict | None = None):
    """All or nothing: the report is stored only when the dry run found no problem. `narrative`
    (sections 一, 五, 六 as HTML) stands in for what an xlsx cannot hold."""
    result = check_target(check(data, filename, year=year, narrative=narrative), unit=unit)
    if not result.ok:
        raise ValidationFailed("文件有问题，未导入：" + "；".join(p["message"].rstrip("。") for p in result.problems) + "。")
    if result.year is None:
        raise ValidationFailed("文件中没有找到报告年度，请在导入时指明年度。")
    return services.report_import(actor=actor, unit=unit, year=result.year, tables=result.tables,
                                  narrative=result.narrative, filename=filename), result


# --- a writer for the 2019 layout (demo data and tests) -----------------------------------------------

def tables_to_xlsx(tables: dict, title: str) -> bytes:
    """The tables as one sheet in the national layout (merged cells as in the printed report)."""
    from openpyxl import Workbook

    from gongkai.reports.presentation import grids

    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    ws.append([title])
    r = 2
    for key, grid in grids(tables).items():
        ws.cell(row=r, column=1, value=f"表{key}")
        r += 1
        occupied = set()
        for row in grid.rows:
            c = 1
            for cell in row:
                while (r, c) in occupied:
                    c += 1
                text = cell.text
                value: str | int | float = text
                if cell.number and text != "":
                    value = float(text) if "." in text else int(text)
                ws.cell(row=r, column=c, value=value)
                if cell.colspan > 1 or cell.rowspan > 1:
                    ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1,
                                   end_column=c + cell.colspan - 1)
                for rr in range(r, r + cell.rowspan):
                    for cc in range(c, c + cell.colspan):
                        occupied.add((rr, cc))
                c += cell.colspan
            r += 1
        r += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
