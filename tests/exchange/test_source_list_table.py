"""A 权责清单 read from a real xlsx (gongkai/exchange/source_list_table.py): title row, header variants, every
problem with its row and column, nothing written on a dry run or with a problem."""

import io

import pytest
from openpyxl import Workbook

from gongkai.catalog.models import ListKind, SourceList, SourceListEntry
from gongkai.core.errors import PermissionRefused
from gongkai.exchange.cells import xlsx_cell
from gongkai.exchange.source_list_table import read_source_list, source_list_import


@pytest.fixture
def world(backoffice_world):
    return backoffice_world


def xlsx(rows) -> bytes:
    book = Workbook()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            xlsx_cell(book.active, row=r, column=c, value=value)  # text as text, even when it starts with =
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


POWERS = [
    ["邵阳市大祥区区级权责清单（2023年版）"],
    ["序号", "权力名称", "权力类型", "实施主体", "设定依据（法律法规规章）"],
    [1, "义务教育学生资助", "行政给付", "区教育局", "《中华人民共和国义务教育法》第四十四条"],
    [2, "教师资格认定", "行政许可", "区教育局", "《教师资格条例》第十三条"],
    [None, None, None, None, None],
    [3, "最低生活保障对象认定", "行政确认", "区民政局", "《社会救助暂行办法》第十一条"],
]


def test_a_power_list_is_read_below_its_title(world):
    report = read_source_list(xlsx(POWERS))
    assert report.ok and report.columns == ["序号", "事项名称", "事项类型", "实施主体", "设定依据"]
    assert report.rows[2] == {"number": "3", "name": "最低生活保障对象认定", "category": "行政确认", "body": "区民政局",
                              "basis": "《社会救助暂行办法》第十一条"}


def test_dry_run_then_import_then_a_reimport_says_what_goes(world):
    county = world.tree["county"]
    dry = source_list_import(actor=world.users.office, jurisdiction=county, kind=ListKind.POWERS, data=xlsx(POWERS))
    assert dry.ok and dry.added == 3 and not SourceList.objects.exists()
    done = source_list_import(actor=world.users.office, jurisdiction=county, kind=ListKind.POWERS, data=xlsx(POWERS),
                              version_label="2023年版", filename="权责清单.xlsx", dry_run=False)
    assert done.committed and SourceListEntry.objects.count() == 3
    again = source_list_import(actor=world.users.office, jurisdiction=county, kind=ListKind.POWERS,
                               data=xlsx(POWERS[:4] + [[4, "临时救助", "行政给付", "区民政局", ""]]))
    assert (again.added, again.kept, again.removed, again.removed_names) == (1, 2, 1, ["最低生活保障对象认定"])


def test_every_problem_has_its_row_and_column(world):
    rows = [["序号", "事项名称", "事项类型", "实施主体", "事项编码"],
            [1, "", "行政许可", "区教育局", "A1"],
            [2, "教师资格认定", "行政许可", "区教育局", "A2"],
            [3, "教师资格认定（初级中学）", "行政许可", "区教育局", "A2"],
            [4, "某" * 301, "行政许可", "区教育局", "A4"],
            [5, "=cmd|' /C calc'!A0", "行政许可", "区教育局", "A5"]]
    report = source_list_import(actor=world.users.office, jurisdiction=world.tree["county"], kind=ListKind.POWERS,
                                data=xlsx(rows), dry_run=False)
    assert not report.committed and not SourceList.objects.exists()
    assert [(p.row, p.column) for p in report.errors] == [(2, "B"), (4, "E"), (5, "B")]
    assert "事项名称为空" in report.errors[0].message and "与第3行的事项编码相同" in report.errors[1].message
    assert "最多300字" in report.errors[2].message
    assert [(p.row, p.column) for p in report.warnings] == [(6, "B")]
    assert str(report.errors[0]) == "第2行B列：事项名称为空。"


@pytest.mark.parametrize("data, message", [(b"x", "只能导入 Excel"), (b"PK\x03\x04x", "文件打不开")])
def test_no_workbook(world, data, message):
    assert message in read_source_list(data).errors[0].message


def test_a_sheet_without_names_is_refused(world):
    report = read_source_list(xlsx([["序号", "类型"], [1, "行政许可"]]))
    assert "没有找到表头" in report.errors[0].message


def test_other_offices_may_not_import(world):
    with pytest.raises(PermissionRefused):
        source_list_import(actor=world.users.other_office, jurisdiction=world.tree["county"], kind=ListKind.POWERS,
                           data=xlsx(POWERS))
