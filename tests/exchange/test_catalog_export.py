"""Catalog writers: the printed layout, and export → import → export giving the same content."""

import io

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import CatalogItem
from gongkai.catalog.selectors import version_items
from gongkai.exchange.catalog_export import channel_checklist, export_catalog
from gongkai.exchange.catalog_import import catalog_import
from gongkai.exchange.catalog_table import STANDARD_CHANNELS, order_channels, read_catalog_file

pytestmark = pytest.mark.django_db
FIELDS = ("topic", "name", "elements", "basis", "time_limit", "subject", "channels", "audience", "manner", "tiers")


def content(data: bytes) -> list[tuple]:
    read = read_catalog_file(io.BytesIO(data))
    assert read.errors == []
    return [(row.domain_hint, *(tuple(getattr(row, f)) if isinstance(getattr(row, f), list) else getattr(row, f)
                                for f in FIELDS)) for row in read.rows]


def items(version) -> list[tuple]:
    """The applicable items' content; channels in checklist order (their order carries no meaning)."""
    def value(item, name):
        v = getattr(item, name)
        return tuple(order_channels(v) if name == "channels" else v) if isinstance(v, list) else v
    return [(i.domain.name, *(value(i, f) for f in FIELDS)) for i in version_items(version).filter(applicable=True)]


def test_channel_checklist_lists_the_13_boxes_and_other_platforms():
    text = channel_checklist(["政府网站", "其他:投资项目在线审批监管平台", "其他"])
    assert text.count("■") == 3 and text.count("□") == 11
    assert all(name in text for name in STANDARD_CHANNELS)
    assert text.splitlines()[-1] == "■其他:投资项目在线审批监管平台"


def test_xlsx_layout(draft):
    workbook = load_workbook(io.BytesIO(export_catalog(draft, "xlsx")))
    assert workbook.sheetnames == ["重大建设项目", "义务教育", "税收管理", "卫生健康"]
    ws = workbook["义务教育"]
    assert ws["A1"].value == "义务教育领域基层政务公开标准目录"
    assert [ws.cell(row=2, column=c).value for c in (1, 2, 4, 8, 9, 11, 13)] == [
        "序号", "公开事项", "公开内容（要素）", "公开渠道和载体", "公开对象", "公开方式", "公开层级"]
    assert [ws.cell(row=3, column=c).value for c in (2, 3, 9, 10, 11, 12, 13, 14)] == [
        "一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请公开", "县级", "乡级"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:A3", "B2:C2", "I2:J2", "K2:L2", "A1:O1"} <= merged
    assert any(r.startswith("B4:B") for r in merged), "first-level cells merged over their rows"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$2:$3"
    assert ws["D4"].alignment.wrap_text and ws["D4"].border.left.style == "thin"
    assert ws["H4"].value.startswith("■政府网站")
    assert "√" in {ws.cell(row=r, column=9).value for r in range(4, ws.max_row + 1)}
    # Only applicable items: the one marked not applicable is left out.
    assert ws.max_row - 3 == draft.items.filter(domain__slug="yiwu-jiaoyu", applicable=True).count()
    not_handled = workbook["税收管理"]
    assert not_handled["A2"].value == "未涉及领域事项说明：税收管理由税务部门垂直管理，本级政府不涉及。"


def test_docx_layout(draft):
    document = docx.Document(io.BytesIO(export_catalog(draft, "docx")))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert abs(section.page_width.mm - 297) < 1 and abs(section.page_height.mm - 210) < 1
    assert len(document.tables) == 3
    table = document.tables[0]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None, "header rows repeat on every page"
    assert table.rows[2]._tr.trPr is None or table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    texts = [p.text for p in document.paragraphs]
    assert "未涉及领域事项说明：税收管理由税务部门垂直管理，本级政府不涉及。" in texts
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in table.rows[2].cells[2].paragraphs[0].runs}
    assert fonts == {"宋体"}


def test_csv_is_utf8_with_bom_and_one_header_row(draft):
    data = export_catalog(draft, "csv")
    assert data.startswith("\ufeff领域,序号,一级事项,二级事项".encode())
    assert data.decode("utf-8-sig").count("\r\n领域,") == 0


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_round_trip_into_the_same_version(draft, fmt):
    first = export_catalog(draft, fmt)
    before = items(draft)
    report = catalog_import(actor=COMMAND_LINE, version=draft, file=io.BytesIO(first), filename=f"目录.{fmt}",
                            dry_run=False)
    assert report.errors == [] and report.committed
    assert items(draft) == before
    second = export_catalog(draft, fmt)
    assert content(second) == content(first)
    if fmt == "csv":
        assert second == first
    # Items kept their keys and their link to the national row.
    assert CatalogItem.objects.filter(version=draft, standard_item__isnull=False).count() > 30


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_round_trip_into_another_catalog(draft, other_catalog, fmt):
    first = export_catalog(draft, fmt)
    report = catalog_import(actor=COMMAND_LINE, version=other_catalog, file=io.BytesIO(first),
                            filename=f"目录.{fmt}", dry_run=False)
    assert report.errors == [], report.errors
    assert items(other_catalog) == items(draft)
    second = export_catalog(other_catalog, fmt)
    # The domain not handled is a fact of 大祥区's version; the rows are the same.
    assert content(second) == content(first)
    if fmt == "csv":
        assert second == first


def test_the_whole_national_catalog_round_trips(county):
    """Every shipped national row, adopted and exported, reads back to the same file — including rows
    whose single element contains 、 and channels written bare (部门网站)."""
    from gongkai.catalog.services import catalog_adopt_standard, catalog_create, catalog_version_create
    from gongkai.catalog.standard import standard_catalog_load

    standard_catalog_load()
    catalog = catalog_create(actor=COMMAND_LINE, jurisdiction=county, tier="county")
    version = catalog_version_create(actor=COMMAND_LINE, catalog=catalog, label="2021版", year=2021)
    catalog_adopt_standard(actor=COMMAND_LINE, version=version)
    for fmt in ("csv", "xlsx", "docx"):
        first = export_catalog(version, fmt)
        report = catalog_import(actor=COMMAND_LINE, version=version, file=io.BytesIO(first), dry_run=False)
        assert report.errors == [] and report.items == version.items.count()
        second = export_catalog(version, fmt)
        assert content(second) == content(first)
        if fmt == "csv":
            assert second == first
