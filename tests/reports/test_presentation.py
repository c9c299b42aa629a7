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


def test_placed_rows_give_each_heading_its_column_so_a_phone_can_keep_them_in_view():
    grid = grids(balanced())["三"]
    assert grid.lead_columns == 3
    starts = [[(cell.text, start) for cell, start in row if cell.header] for row in grid.placed_rows]
    assert starts[0][0] == (TABLE3_NOTE, 0)
    first_result = next(row for row in starts if row and row[0][0].startswith("三、"))
    assert [start for _text, start in first_result] == [0, 1]  # the result heading, then （一）予以公开 over two
    withheld = next(row for row in starts if row and row[0][0] == "（三）不予公开")
    assert [start for _text, start in withheld] == [1, 2]  # group, item
    following = starts[starts.index(withheld) + 1]
    assert [start for _text, start in following] == [2]  # the next item of the group sits in the item column
    assert grids(balanced())["四"].lead_columns == 0
