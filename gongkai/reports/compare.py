"""Two years' reports side by side (pure). Rows are matched by code; a 2019 report's single （六）其他处理
row is compared with the sum of the 2021 layout's （六）1–3; table 二 compares the cells both layouts have."""

from __future__ import annotations

from typing import Any

from gongkai.reports.layout import (
    TABLE2,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    block_label,
    table2_cells,
    value,
)
from gongkai.reports.validation import cell_value


def _table3_totals(tables: dict[str, Any]) -> dict[str, int | float]:
    t3 = tables["table3"]
    totals = {code: cell_value(cells, "total") for code, cells in t3.items()}
    if "三(六)" not in t3:
        totals["三(六)"] = sum(v for code, v in totals.items() if code.startswith("三(六)"))
    return totals


def compare(older: dict[str, Any], newer: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows: {"table", "label", "older", "newer", "change"} (None where a layout lacks the cell)."""
    rows = []
    for _block, row, column in table2_cells(newer["format"]):
        if any(row in b.rows and column.key in {c.key for c in b.columns} for b in TABLE2[older["format"]]):
            a = older["table2"][row][column.key]
            b = newer["table2"][row][column.key]
            rows.append({"table": "二", "label": f"{row}·{column.label}", "older": a, "newer": b,
                         "change": round(value(b) - value(a), 4)})
    a3, b3 = _table3_totals(older), _table3_totals(newer)
    seen = set()
    for layout in (newer["format"], older["format"]):
        for row3 in TABLE3_ROWS[layout]:
            code = row3.code if not row3.code.startswith("三(六)") else "三(六)"
            if code in seen:
                continue
            seen.add(code)
            label = "（六）其他处理" if code == "三(六)" else f"{row3.group}{row3.label}"
            a, b = a3.get(code), b3.get(code)
            rows.append({"table": "三", "label": f"{label}（总计）", "older": a, "newer": b,
                         "change": None if a is None or b is None else b - a})
    for block, _t, _s in TABLE4_BLOCKS:
        a = cell_value(older["table4"][block], "total")
        b = cell_value(newer["table4"][block], "total")
        rows.append({"table": "四", "label": f"{block_label(block)}（总计）", "older": a, "newer": b, "change": b - a})
    return rows
