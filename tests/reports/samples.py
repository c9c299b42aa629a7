"""A balanced sample report (2021 layout) for the validation tests."""

from gongkai.reports.layout import FORMAT_2019, FORMAT_2021, TABLE3_ROWS, empty_tables


def balanced(fmt: str = FORMAT_2021) -> dict:
    t = empty_tables(fmt)
    t3 = t["table3"]
    t3["一"].update(natural_person=10, business=2, total=12)
    t3["二"].update(natural_person=1, total=1)
    t3["三(一)"].update(natural_person=5, business=1, total=6)
    t3["三(二)"].update(natural_person=2, total=2)
    code = "三(四)1"
    t3[code].update(natural_person=2, total=2)
    t3["三(七)"].update(natural_person=9, business=1, total=10)
    t3["四"].update(natural_person=2, business=1, total=3)
    t["table4"]["review"].update(upheld=1, corrected=1, total=2)
    if fmt == FORMAT_2021:
        t["table2"]["规章"].update(issued=1, repealed=0, in_force=4)
        t["table2"]["行政事业性收费"]["fee_wan"] = 1.25
    assert [r.code for r in TABLE3_ROWS[fmt]][0] == "一"
    return t


__all__ = ["balanced", "FORMAT_2019", "FORMAT_2021"]
