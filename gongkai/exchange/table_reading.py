"""What the simple one-sheet table readers share (the domain-to-unit table, the lists a catalog is built from):
a problem with its row and column in Chinese, a header cell's label, and finding the columns by their names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.exchange.catalog_table import cell_text, normalise_label


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = (f"第{self.row}行" if self.row else "") + (f"{self.column}列" if self.column else "")
        return f"{where}：{self.message}" if where else self.message


def header_label(value) -> str:
    """A header cell's label without its note in brackets: 完成时间（2020年） → 完成时间."""
    return re.sub(r"[（(].*$", "", normalise_label(cell_text(value)))


def find_columns(row: list, columns: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """Each known column's index in a header row (the first cell whose label is one of its names)."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        label = header_label(value)
        for key, names in columns.items():
            if key not in found and label in names:
                found[key] = index
                break
    return found
