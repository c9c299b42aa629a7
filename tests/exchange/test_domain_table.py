"""The domain-to-unit table in and out (gongkai/exchange/domain_table.py): the county plans' 指导责任分工表 and the
city plans' 任务安排表 read, every problem with its row and column, nothing written before the dry run passes,
the export opened as a real workbook and read back."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.catalog.models import DomainAssignment
from gongkai.core.errors import PermissionRefused
from gongkai.core.models import AuditEvent
from gongkai.exchange.domain_table import domain_table_import, read_domain_table, write_domain_table
from tests.factories import DomainFactory, UnitFactory


@pytest.fixture
def world(backoffice_world):
    backoffice_world.elderly = DomainFactory(slug="yanglao-fuwu", name="养老服务", order=3)
    backoffice_world.city_civil = UnitFactory(jurisdiction=backoffice_world.tree["city"], name="市民政局",
                                              handle="mz@syzw")
    return backoffice_world


def xlsx(rows, merges=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# 附件1 of the county plan (seed 004): a title saying 指导, then 序号 / 试点领域 / 责任单位, several domains in a cell.
SEED_004 = [
    ["附件1"],
    ["26个试点领域基层政务公开标准化规范化"],
    ["指导责任分工表"],
    ["序号", "试点领域", "责任单位"],
    [1, "义务教育领域", "大祥区教育局"],
    [2, "社会救助领域、养老服务领域", "大祥区民政局"],
]


def test_the_county_guidance_table_sets_the_guiding_departments_after_a_dry_run(world):
    county = world.tree["county"]
    DomainAssignment.objects.create(jurisdiction=county, domain=world.education, unit=world.edu)
    dry = domain_table_import(actor=world.users.office, jurisdiction=county, data=xlsx(SEED_004))
    assert dry.ok and dry.guiding_from_title and not dry.committed
    assert [(r.row, r.domain.name, r.fields["guiding_unit"].name) for r in dry.rows] == [
        (5, "义务教育", "大祥区教育局"), (6, "社会救助", "大祥区民政局"), (6, "养老服务", "大祥区民政局")]
    assert not DomainAssignment.objects.filter(guiding_unit__isnull=False).exists()

    done = domain_table_import(actor=world.users.office, jurisdiction=county, data=xlsx(SEED_004), dry_run=False)
    assert done.committed and done.changed == 3
    rows = {a.domain.name: a for a in DomainAssignment.objects.filter(jurisdiction=county)}
    assert rows["义务教育"].guiding_unit == world.edu and rows["义务教育"].unit == world.edu  # unit left as it was
    assert rows["养老服务"].guiding_unit == world.civil and rows["养老服务"].unit is None
    event = AuditEvent.objects.get(action="domain_assignments.saved")
    assert event.data["source"] == "import" and event.data["changes"]["yanglao-fuwu"]["guiding_unit"] == [None, "大祥区民政局"]


def test_the_city_task_table_reads_both_units_merged_cells_and_completion(world):
    """邵放组办字〔2020〕1号's 任务安排表: 具体领域 / 主体责任单位 / 主管责任单位 / 完成时间, cells merged over two domains;
    the guiding department may sit above the jurisdiction."""
    rows = [["序号", "具体领域", "主体责任单位", "主管责任单位", "完成时间"],
            [1, "社会救助", "大祥区民政局", "市民政局", "2020年9月底前"],
            [2, "养老服务", None, "市民政局", None],
            [3, "义务教育", "大祥区教育局", "大祥区教育局", date(2020, 10, 31)]]
    report = read_domain_table(xlsx(rows, merges=["C2:C3", "E2:E3"]), world.tree["county"])
    assert report.ok and not report.guiding_from_title
    by_name = {r.domain.name: r.fields for r in report.rows}
    assert by_name["养老服务"] == {"guiding_unit": world.city_civil, "unit": world.civil,
                                   "completion_text": "2020年9月底前", "completion_on": date(2020, 9, 30)}
    assert by_name["义务教育"]["completion_text"] == "2020年10月31日"


def test_every_problem_has_its_row_and_column_and_nothing_is_written(world):
    county = world.tree["county"]
    rows = [["序号", "试点领域", "指导单位", "责任单位", "完成时间"],
            [1, "义务教育领域", "大祥区财政局", "大祥区教育局", "2020年9月底前"],
            [2, "社会救助领域", "大祥区民政局", "市民政局", "明年"],
            [3, "义务教育", "大祥区教育局", None, None],
            [4, "星际航行领域", "大祥区民政局", None, None],
            [5, "养老服务领域", "大祥区民政局、大祥区教育局", "双清区政务公开办", None]]
    report = domain_table_import(actor=world.users.office, jurisdiction=county, data=xlsx(rows), dry_run=False)
    assert not report.committed
    found = {(p.row, p.column) for p in report.errors}
    assert found == {(2, "C"), (3, "D"), (3, "E"), (4, "B"), (5, "B"), (6, "C"), (6, "D")}
    messages = {(p.row, p.column): p.message for p in report.errors}
    assert "没有名为“大祥区财政局”的单位" in messages[(2, "C")]
    assert "大祥区没有名为“市民政局”" in messages[(3, "D")]  # a responsible unit is the jurisdiction's own
    assert "完成时间" in messages[(3, "E")]
    assert "在第2行已出现" in messages[(4, "B")]
    assert "星际航行" in messages[(5, "B")]
    assert "只能有一个指导单位" in messages[(6, "C")]
    assert str(report.errors[0]).startswith("第2行C列：")
    assert not DomainAssignment.objects.exists() and not AuditEvent.objects.filter(
        action="domain_assignments.saved").exists()


@pytest.mark.parametrize("data, message", [
    (b"not a workbook", "只能导入 Excel"),
    (b"PK\x03\x04broken", "文件打不开"),
])
def test_a_file_that_is_no_workbook_is_refused_in_chinese(world, data, message):
    report = read_domain_table(data, world.tree["county"])
    assert message in report.errors[0].message


def test_a_table_without_its_columns_says_what_is_missing(world):
    report = read_domain_table(xlsx([["姓名", "电话"], ["张三", "123"]]), world.tree["county"])
    assert "没有找到表头" in report.errors[0].message and report.errors[0].row == 1


def test_export_groups_domains_and_reads_back_the_same(world):
    county = world.tree["county"]
    for domain in (world.assistance, world.elderly):
        DomainAssignment.objects.create(jurisdiction=county, domain=domain, unit=world.civil,
                                        guiding_unit=world.city_civil, completion_text="2020年9月底前",
                                        completion_on=date(2020, 9, 30))
    book = load_workbook(io.BytesIO(write_domain_table(county)))
    sheet = book.active
    assert sheet["A1"].value == "大祥区基层政务公开标准化规范化指导责任分工表"
    assert [c.value for c in sheet[2]] == ["序号", "试点领域", "指导单位", "责任单位", "完成时间"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [2, "社会救助领域、养老服务领域", "市民政局", "大祥区民政局", "2020年9月底前"] in values
    assert [1, "义务教育领域", None, None, None] in values or [1, "义务教育领域", "", "", ""] in values
    again = read_domain_table(write_domain_table(county), county)
    assert again.ok and again.to_change == 0 and len(again.rows) == 3


def test_export_cells_are_never_formulas(world):
    county = world.tree["county"]
    odd = UnitFactory(jurisdiction=county, name="=HYPERLINK(\"http://x\")")
    DomainAssignment.objects.create(jurisdiction=county, domain=world.education, unit=odd)
    cell = load_workbook(io.BytesIO(write_domain_table(county))).active["D3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_another_office_may_not_import(world):
    with pytest.raises(PermissionRefused):
        domain_table_import(actor=world.users.other_office, jurisdiction=world.tree["county"], data=xlsx(SEED_004))
    with pytest.raises(PermissionRefused):
        domain_table_import(actor=world.users.officer, jurisdiction=world.tree["county"], data=xlsx(SEED_004))
