"""The grids of the national layout: every row complete once merges are counted; the headings."""

import pytest

from gongkai.reports.layout import FORMAT_2019, FORMAT_2021, TABLE3_NOTE
from gongkai.reports.presentation import check_grid, fmt, grids
from tests.reports.samples import balanced


@pytest.mark.parametrize("layout", [FORMAT_2021, FORMAT_2019])
def test_grids_are_rectangular(layout):
    for grid in grids(balanced(layout)).values():
        check_grid(grid)


def test_table3_first_cell_carries_the_balance_note():
    """30号 table 三: the 勾稽关系 note sits in the first (merged) cell."""
    grid = grids(balanced())["三"]
    first = grid.rows[0][0]
    assert first.text == TABLE3_NOTE and first.colspan == 3 and first.rowspan == 3
    texts = [c.text for row in grid.rows for c in row]
    assert "（七）总计" in texts and "8.属于行政查询事项" in texts and "法人或其他组织" in texts


def test_fmt():
    assert fmt(None) == "" and fmt(0) == "0" and fmt(1.25) == "1.25" and fmt(0.0) == "0"
