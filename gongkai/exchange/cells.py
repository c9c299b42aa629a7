"""Cells that leave the platform never act as formulas (CSV/formula injection, OWASP).

Text typed by strangers and officers — a request's subject, a login name tried at the login page, a
catalog item's name — reaches spreadsheets that counties open in Excel or WPS. A cell starting with
`= + - @`, a tab or a carriage return would be read as a formula there. Every writer in `exchange` passes
its values through this module: CSV cells get a leading apostrophe (CSV has no types), XLSX cells are
stored as strings (never as formulas), and imports warn about such cells (`formula_warning`)."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value):
    """The value as a CSV cell: text that a spreadsheet would evaluate gets a leading apostrophe; numbers,
    dates and other text unchanged. The one decision every writer uses."""
    return "'" + value if looks_like_formula(value) else value


def xlsx_cell(sheet, *, row: int, column: int, value):
    """Write `value` into a worksheet cell; text is always stored as a string, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def xlsx_row(sheet, values) -> list:
    """Cells for `sheet.append(...)` on a write-only sheet: text as string cells, never formulas."""
    from openpyxl.cell import WriteOnlyCell

    out = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def formula_warning(value) -> str | None:
    """The Chinese warning for an imported text cell that a spreadsheet would read as a formula."""
    if looks_like_formula(value):
        return "该单元格以 = + - @ 或制表符开头，可能被电子表格当作公式执行；已按文本导入，请核对。"
    return None


def text_of_csv_cell(value: str) -> str:
    """Undo `neutralise` when a CSV comes back: the apostrophe before = + - @ is a spreadsheet's text mark,
    not part of the value (so that an export imports as the same catalog)."""
    if value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value
