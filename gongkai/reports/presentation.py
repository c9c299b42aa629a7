"""The three tables as grids of cells in the national layout (pure: no Django): merged header cells
as colspan/rowspan, exactly the headings of 30号 (or 60号). One grid feeds the docx writer, the PDF's
HTML and the portal page, so all three print the same table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.reports.layout import (
    APPLICANT_COLUMNS,
    APPLICANT_HEADING,
    ORGANISATION_HEADING,
    RESULT_HEADING,
    TABLE2,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    TOTAL,
)


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    number: bool = False


@dataclass(frozen=True)
class Grid:
    columns: int
    rows: tuple[tuple[Cell, ...], ...]
    # How many columns at the left hold the row headings (表三: result heading, group, item): a phone keeps
    # them in view while the figures scroll.
    lead_columns: int = 1

    @property
    def placed_rows(self) -> tuple[tuple[tuple[Cell, int], ...], ...]:
        """Each row's cells with the column each starts in, once the rowspans above are counted."""
        carry = [0] * self.columns
        placed = []
        for row in self.rows:
            col, cells = 0, []
            for cell in row:
                while col < self.columns and carry[col]:
                    col += 1
                cells.append((cell, col))
                for c in range(col, min(col + cell.colspan, self.columns)):
                    carry[c] = cell.rowspan
                col += cell.colspan
            placed.append(tuple(cells))
            carry = [max(0, c - 1) for c in carry]
        return tuple(placed)


def fmt(value: object) -> str:
    """Blank stays blank; 万元 amounts without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def table2_grid(tables: dict[str, Any]) -> Grid:
    blocks = TABLE2[tables["format"]]
    width = max(len(b.columns) for b in blocks)
    rows: list[tuple[Cell, ...]] = []
    for block in blocks:
        k = len(block.columns)
        spans = [width // k] * k
        spans[-1] += width - sum(spans)
        rows.append((Cell(block.heading, colspan=width + 1, header=True),))
        rows.append((Cell("信息内容", header=True),
                     *(Cell(c.label, colspan=s, header=True) for c, s in zip(block.columns, spans, strict=True))))
        for row in block.rows:
            cells = tables["table2"].get(row, {})
            rows.append((Cell(row, header=True),
                         *(Cell(fmt(cells.get(c.key)), colspan=s, number=True)
                           for c, s in zip(block.columns, spans, strict=True))))
    return Grid(width + 1, tuple(rows))


def table3_grid(tables: dict[str, Any]) -> Grid:
    fmt_ = tables["format"]
    rows: list[tuple[Cell, ...]] = [
        (Cell(TABLE3_NOTE, colspan=3, rowspan=3, header=True),
         Cell(APPLICANT_HEADING, colspan=len(TABLE3_COLUMNS), header=True)),
        (Cell(APPLICANT_COLUMNS[0].label, rowspan=2, header=True),
         Cell(ORGANISATION_HEADING, colspan=len(APPLICANT_COLUMNS) - 1, header=True),
         Cell(TOTAL.label, rowspan=2, header=True)),
        tuple(Cell(c.label, header=True) for c in APPLICANT_COLUMNS[1:]),
    ]

    def numbers(code: str) -> tuple[Cell, ...]:
        cells = tables["table3"].get(code, {})
        return tuple(Cell(fmt(cells.get(c.key)), number=True) for c in TABLE3_COLUMNS)

    all_rows = TABLE3_ROWS[fmt_]
    result_rows = [r for r in all_rows if r.code.startswith("三")]
    groups_seen: set[str] = set()
    for row in all_rows:
        if not row.code.startswith("三"):
            rows.append((Cell(row.label, colspan=3, header=True), *numbers(row.code)))
            continue
        lead: list[Cell] = []
        if row is result_rows[0]:
            lead.append(Cell(RESULT_HEADING, rowspan=len(result_rows), header=True))
        if row.group:
            if row.group not in groups_seen:
                groups_seen.add(row.group)
                size = sum(1 for r in all_rows if r.group == row.group)
                lead.append(Cell(row.group, rowspan=size, header=True))
            lead.append(Cell(row.label, header=True))
        else:
            lead.append(Cell(row.label, colspan=2, header=True))
        rows.append((*lead, *numbers(row.code)))
    return Grid(3 + len(TABLE3_COLUMNS), tuple(rows), lead_columns=3)


def table4_grid(tables: dict[str, Any]) -> Grid:
    n = len(TABLE4_COLUMNS)
    review = TABLE4_BLOCKS[0]
    litigation = TABLE4_BLOCKS[1:]
    rows = [
        (Cell(review[1], colspan=n, rowspan=2, header=True), Cell(litigation[0][1], colspan=n * 2, header=True)),
        tuple(Cell(b[2], colspan=n, header=True) for b in litigation),
        tuple(Cell(c.label, header=True) for _b in TABLE4_BLOCKS for c in TABLE4_COLUMNS),
        tuple(Cell(fmt(tables["table4"].get(b[0], {}).get(c.key)), number=True)
              for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS),
    ]
    return Grid(n * 3, tuple(rows), lead_columns=0)


def grids(tables: dict[str, Any]) -> dict[str, Grid]:
    return {"二": table2_grid(tables), "三": table3_grid(tables), "四": table4_grid(tables)}


def check_grid(grid: Grid) -> None:
    """Every row covers exactly `grid.columns` columns once the rowspans above are counted."""
    carry = [0] * grid.columns
    for i, row in enumerate(grid.rows):
        col = 0
        for cell in row:
            while col < grid.columns and carry[col]:
                col += 1
            for c in range(col, col + cell.colspan):
                if c >= grid.columns or carry[c]:
                    raise ValueError(f"第 {i + 1} 行的单元格“{cell.text}”超出表格")
                carry[c] = cell.rowspan
            col += cell.colspan
        if any(c == 0 for c in carry):
            raise ValueError(f"第 {i + 1} 行不满")
        carry = [max(0, c - 1) for c in carry]
