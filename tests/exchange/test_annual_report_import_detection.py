"""Import of past annual reports (xlsx / docx, 2021 or 2019 layout): detection, blanks, dry run,
all or nothing."""

import io

import pytest
from openpyxl import load_workbook

from gongkai.core.errors import ValidationFailed
from gongkai.exchange import annual_report_import as imp
from gongkai.exchange.annual_report_files import report_docx
from gongkai.reports.layout import FORMAT_2019, FORMAT_2021
from gongkai.reports.models import AnnualReport, ReportSource
from tests.factories import UnitFactory, county_tree
from tests.reports.samples import balanced


def _xlsx(tables, title="某单位2020年政府信息公开工作年度报告"):
    return imp.tables_to_xlsx(tables, title)


def _edit(data: bytes, find: str, offset: int, value) -> bytes:
    """Set the cell `offset` columns right of the first cell whose text is `find`."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == find:
                ws.cell(row=cell.row, column=cell.column + offset).value = value
                out = io.BytesIO()
                wb.save(out)
                return out.getvalue()
    raise AssertionError(find)


@pytest.mark.parametrize("layout", [FORMAT_2021, FORMAT_2019])
def test_xlsx_round_trip_and_layout_detection(layout):
    """rules.md §6.7: the layout is told apart by the header text."""
    tables = balanced(layout)
    result = imp.check(_xlsx(tables), "report.xlsx")
    assert result.ok, result.problems
    assert result.format == layout and result.year == 2020
    assert result.tables == tables


@pytest.mark.parametrize("layout", [FORMAT_2021, FORMAT_2019])
def test_docx_round_trip_with_narrative(layout):
    from gongkai.reports.models import AnnualReport as R
    report = R(title="某单位2019年政府信息公开工作年度报告", year=2019, tables=balanced(layout),
               section_general="<p>全年新收申请12件。</p>", section_problems="<p>问题与改进。</p>", section_other="")
    result = imp.check(report_docx(report), "2019.docx")
    assert result.ok, result.problems
    assert result.format == layout and result.year == 2019
    assert result.tables == balanced(layout)
    assert "新收申请12件" in result.narrative["一"] and "问题与改进" in result.narrative["五"]


def test_blank_counts_as_zero_but_blank_row_total_is_flagged():
    """§6.6 rule 9: blank = 0 for arithmetic; a blank 总计 on a non-zero row is a warning."""
    data = _edit(_xlsx(balanced()), "（一）予以公开", 8, None)
    data = _edit(data, "2.其他法律行政法规禁止公开", 1, None)
    result = imp.check(data, "r.xlsx")
    assert result.ok, result.problems
    assert result.tables["table3"]["三(一)"]["total"] is None
    assert [(w["rule"], w["row"], w["column"]) for w in result.warnings] == [(9, "三(一)", "total")]


def test_dry_run_names_every_problem_by_table_row_column():
    data = _edit(_xlsx(balanced()), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 3, "两件")
    data = _edit(data, "行政许可", 1, "x")
    result = imp.check(data, "r.xlsx")
    cells = {(p["table"], p["row"], p["column"]) for p in result.problems}
    assert ("三", "三(二)", "business") in cells and ("二", "行政许可", "decisions") in cells
    assert any("不是数字" in p["message"] and "部分公开" in p["message"] for p in result.problems)


def test_unbalanced_report_is_refused_at_its_cell():
    data = _edit(_xlsx(balanced()), "四、结转下年度继续办理", 3, 5)
    result = imp.check(data, "r.xlsx")
    assert not result.ok
    assert ("三", "三(七)", "natural_person") in {(p["table"], p["row"], p["column"]) for p in result.problems}


def test_unknown_layout_and_bad_file():
    assert "无法判断报告格式" in imp.check(_blank_xlsx(), "x.xlsx").problems[0]["message"]
    assert "无法读取" in imp.check(b"not a zip", "x.xlsx").problems[0]["message"]
    assert ".xlsx 或 .docx" in imp.check(b"", "x.pdf").problems[0]["message"]


def _blank_xlsx():
    from openpyxl import Workbook
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_run_is_all_or_nothing():
    from gongkai.accounts.policies import COMMAND_LINE
    unit = UnitFactory(jurisdiction=county_tree()["county"])
    bad = _edit(_xlsx(balanced(FORMAT_2019)), "行政许可", 1, "x")
    with pytest.raises(ValidationFailed, match="未导入"):
        imp.run(actor=COMMAND_LINE, unit=unit, data=bad, filename="bad.xlsx")
    assert not AnnualReport.objects.exists()
    report, _ = imp.run(actor=COMMAND_LINE, unit=unit, data=_xlsx(balanced(FORMAT_2019)), filename="ok.xlsx")
    assert report.source == ReportSource.IMPORTED and report.format == FORMAT_2019 and report.year == 2020
    assert report.is_published
