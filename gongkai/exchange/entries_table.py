"""Entries (明细) of a catalog item in and out of xlsx.

`entries_template(item)` — a workbook with one column per element of the item's schema: row 1 the
element names, row 2 the type hint in Chinese (选项 columns carry a drop-down list), data from row 3.
`entries_workbook(item, entries)` — the same layout filled with entries (export).
`public_entries_csv(columns, rows)` — a public record's 具体内容 as CSV, the rows as the public selector
masked them (publishing.selectors.public_entry_table): the same masked forms as the page and the bulletin.
`entries_import_xlsx(actor=…, item=…, data=…, dry_run=True)` — read the file, check every row against
the schema, report every problem by row and column in Chinese, and (not dry run) write all rows or
none through publishing.services.entries_import."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai.catalog.models import CatalogItem
from gongkai.core.errors import ValidationFailed
from gongkai.exchange.cells import formula_warning, neutralise, xlsx_cell
from gongkai.publishing import services
from gongkai.publishing.entry_values import type_hint
from gongkai.publishing.models import Record

HEADER_ROW = 1
HINT_ROW = 2
FIRST_DATA_ROW = 3
MAX_ROWS = 20000


def _sheet_title(item: CatalogItem) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", item.name)[:31] or "明细"


def _schema(item: CatalogItem) -> list[dict]:
    schema = item.schema or []
    if not schema:
        raise ValidationFailed(f"事项“{item.name}”没有定义要素字段，无法生成明细模板。")
    return schema


def _layout(item: CatalogItem):
    schema = _schema(item)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(item)
    bold = Font(bold=True)
    hint_font = Font(italic=True, color="666666", size=9)
    fill = PatternFill("solid", fgColor="EEF3F8")
    for column, element in enumerate(schema, start=1):
        letter = get_column_letter(column)
        header = xlsx_cell(sheet, row=HEADER_ROW, column=column, value=element["name"])
        header.font, header.fill = bold, fill
        hint = sheet.cell(row=HINT_ROW, column=column, value=type_hint(element))
        hint.font = hint_font
        hint.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = max(12, min(40, len(element["name"]) * 2 + 6))
        if element.get("type") == "choice" and element.get("choices"):
            options = ",".join(str(c) for c in element["choices"])
            if len(options) <= 250:
                validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
                validation.error = f"请从下拉列表中选择“{element['name']}”。"
                validation.errorTitle = "选项无效"
                sheet.add_data_validation(validation)
                validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + 1000}")
        if element.get("type") in ("phone", "text", "address"):
            for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 200):
                sheet.cell(row=row, column=column).number_format = "@"
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    return workbook, sheet, schema


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def entries_template(item: CatalogItem) -> bytes:
    workbook, _sheet, _schema_ = _layout(item)
    return _save(workbook)


def entries_workbook(item: CatalogItem, entries) -> bytes:
    workbook, sheet, schema = _layout(item)
    for offset, entry in enumerate(entries):
        for column, element in enumerate(schema, start=1):
            xlsx_cell(sheet, row=FIRST_DATA_ROW + offset, column=column, value=entry.values.get(element["name"], ""))
    return _save(workbook)


@dataclass
class CellError:
    row: int
    column: str  # letter, "" for the whole row or file
    name: str  # element name, "" when none
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "表格"
        if self.column:
            where += f" {self.column}列" + (f"（{self.name}）" if self.name else "")
        return f"{where}：{self.message}"


@dataclass
class EntriesImportResult:
    rows: int = 0
    created: int = 0
    deleted: int = 0
    dry_run: bool = True
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read_entries(item: CatalogItem, data: bytes) -> tuple[list[tuple[int, dict]], list[CellError],  # noqa: C901 — every cell problem kept with its row and column
                                                           dict[str, str]]:
    """(rows as (row number, values by element name), file and header errors, column letter by name)."""
    schema = _schema(item)
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            return [], [CellError(0, "", "", "这是旧版 Excel（.xls）文件，请另存为 .xlsx 后再导入。")], {}
        return [], [CellError(0, "", "", "文件不是 Excel（.xlsx）工作簿，请使用下载的明细模板。")], {}
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return [], [CellError(0, "", "", "无法读取该 Excel 文件，文件可能已损坏。")], {}
    sheet = workbook.worksheets[0]
    all_rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + FIRST_DATA_ROW))
    workbook.close()
    if not all_rows:
        return [], [CellError(0, "", "", "工作表是空的。")], {}
    headers = [str(h).strip() if h is not None else "" for h in all_rows[0]]
    names = [f["name"] for f in schema]
    errors: list[CellError] = []
    letters: dict[str, str] = {}
    positions: dict[int, str] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        letter = get_column_letter(index + 1)
        if header not in names:
            errors.append(CellError(HEADER_ROW, letter, header, f"该事项没有“{header}”这一要素，请使用下载的明细模板。"))
        elif header in letters:
            errors.append(CellError(HEADER_ROW, letter, header, f"“{header}”列重复。"))
        else:
            letters[header] = letter
            positions[index] = header
    for element in schema:
        if element["name"] not in letters and element.get("required"):
            errors.append(CellError(HEADER_ROW, "", element["name"], f"缺少必填要素“{element['name']}”列。"))
    hints = {type_hint(f) for f in schema}
    rows: list[tuple[int, dict]] = []
    for number, raw in enumerate(all_rows[1:], start=2):
        values = {positions[i]: _cell(v) for i, v in enumerate(raw) if i in positions}
        if all(v is None or v == "" for v in values.values()):
            continue
        if number == HINT_ROW and all((v in hints) or v in (None, "") for v in values.values()):
            continue
        rows.append((number, {k: v for k, v in values.items() if v is not None and v != ""}))
    if len(all_rows) > MAX_ROWS + FIRST_DATA_ROW - 1:
        errors.append(CellError(0, "", "", f"一次最多导入 {MAX_ROWS} 行明细，请分批导入。"))
    if not rows and not errors:
        errors.append(CellError(0, "", "", "表格中没有明细数据（从第3行开始填写）。"))
    return rows, errors, letters


def entries_import_xlsx(*, actor, item: CatalogItem, data: bytes, record: Record | None = None, unit=None,
                        replace: bool = False, dry_run: bool = True) -> EntriesImportResult:
    """Dry run (default) or import, all or nothing. Every error by row and column."""
    rows, errors, letters = read_entries(item, data)
    result = EntriesImportResult(rows=len(rows), dry_run=dry_run, errors=list(errors))
    for number, values in rows:
        for name, value in values.items():
            warning = formula_warning(value)
            if warning:
                result.warnings.append(CellError(number, letters.get(name, ""), name, warning))
    if errors:
        return result
    outcome = services.entries_import(actor=actor, item=item, rows=rows, record=record, unit=unit,
                                      replace=replace, dry_run=dry_run)
    for problem in outcome["errors"]:
        result.errors.append(CellError(problem.row, letters.get(problem.column, ""), problem.column,
                                       problem.message))
    if not result.errors:
        result.created = outcome["created"]
        result.deleted = outcome["deleted"]
    return result


def public_entries_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a BOM (Excel opens it in Chinese), a 序号 column first, formulas neutralised. `rows` are
    already masked for the public: this writes, it does not decide what is shown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["序号", *[neutralise(c) for c in columns]])
    for number, row in enumerate(rows, start=1):
        writer.writerow([number, *[neutralise(cell) for cell in row]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
