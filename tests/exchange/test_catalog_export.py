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


# --- 责任科室、责任人 in the office's internal xlsx (issue 14) -------------------------------------------

RESPONSIBLE_HEADERS = ["责任科室", "责任人", "责任人电话"]


@pytest.fixture
def named(draft, county):
    """Two items of 义务教育 with a section and a person: one an account of 区教育局 (张三), one a name and
    phone written for 某村委会, a unit without accounts."""
    from gongkai.catalog.services import catalog_item_update
    from tests.factories import UnitFactory, UserFactory

    bureau = UnitFactory(jurisdiction=county, name="区教育局")
    offline = UnitFactory(jurisdiction=county, name="某村委会")
    zhang = UserFactory(unit=bureau, username="zhangsan", display_name="张三", phone="13900000001")
    UserFactory(unit=bureau, username="lisi", display_name="李四", is_active=False)
    first, second = draft.items.filter(domain__slug="yiwu-jiaoyu", applicable=True).order_by("order")[:2]
    catalog_item_update(actor=COMMAND_LINE, item=first, responsible_unit=bureau)
    catalog_item_update(actor=COMMAND_LINE, item=first, responsible_section="基础教育股", responsible_person=zhang)
    catalog_item_update(actor=COMMAND_LINE, item=second, responsible_unit=offline)
    catalog_item_update(actor=COMMAND_LINE, item=second, responsible_section="村务室",
                        responsible_person_name="王五", responsible_person_phone="0739-5550000")
    return {"first": first, "second": second, "zhang": zhang}


def responsible(item) -> tuple:
    item.refresh_from_db()
    return (item.responsible_section, item.responsible_person, item.responsible_person_name,
            item.responsible_person_phone)


def row_of(ws, name: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=3).value == name)


def test_internal_xlsx_names_the_section_and_person_at_the_end_of_each_row(draft, named):
    ws = load_workbook(io.BytesIO(export_catalog(draft, "xlsx", internal=True)))["义务教育"]
    width = ws.max_column
    assert [ws.cell(row=2, column=c).value for c in range(width - 2, width + 1)] == RESPONSIBLE_HEADERS
    first = row_of(ws, named["first"].name)
    assert [ws.cell(row=first, column=c).value for c in range(width - 2, width + 1)] == [
        "基础教育股", "张三", "13900000001"]
    second = row_of(ws, named["second"].name)
    assert [ws.cell(row=second, column=c).value for c in range(width - 2, width + 1)] == [
        "村务室", "王五", "0739-5550000"]


def test_internal_xlsx_round_trip_keeps_the_section_and_person(draft, named):
    data = export_catalog(draft, "xlsx", internal=True)
    before = items(draft)
    from gongkai.catalog.services import catalog_item_update

    for item in (named["first"], named["second"]):
        catalog_item_update(actor=COMMAND_LINE, item=item, responsible_section="", responsible_person=None,
                            responsible_person_name="", responsible_person_phone="")
    report = catalog_import(actor=COMMAND_LINE, version=draft, file=io.BytesIO(data), filename="目录.xlsx",
                            dry_run=False)
    assert report.errors == [] and report.committed, report.errors
    assert items(draft) == before
    first = draft.items.get(domain__slug="yiwu-jiaoyu", name=named["first"].name)
    second = draft.items.get(domain__slug="yiwu-jiaoyu", name=named["second"].name)
    assert responsible(first) == ("基础教育股", named["zhang"], "", "")  # linked to the account again
    assert responsible(second) == ("村务室", None, "王五", "0739-5550000")
    assert _texts(export_catalog(draft, "xlsx", internal=True), "xlsx") == _texts(data, "xlsx")


def test_a_public_file_without_the_columns_leaves_the_section_and_person_alone(draft, named):
    report = catalog_import(actor=COMMAND_LINE, version=draft, file=io.BytesIO(export_catalog(draft, "xlsx")),
                            filename="目录.xlsx", dry_run=False)
    assert report.errors == [] and report.committed
    first = draft.items.get(domain__slug="yiwu-jiaoyu", name=named["first"].name)
    assert responsible(first) == ("基础教育股", named["zhang"], "", "")


def _texts(data: bytes, fmt: str) -> str:
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row
                         if c.value is not None)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for row in t.rows for c in row.cells])
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_the_public_download_never_names_the_responsible_person(draft, named, fmt):
    """The portal's file (stored_files.catalog_file without `internal`) carries no name, phone or section
    column — published versions are rendered once into storage, so the published one is checked too."""
    from gongkai.catalog.models import VersionStatus
    from gongkai.exchange.stored_files import catalog_file

    files = [export_catalog(draft, fmt), catalog_file(draft, fmt)]
    draft.status = VersionStatus.PUBLISHED
    draft.save(update_fields=["status"])
    internal = _texts(catalog_file(draft, "xlsx", internal=True), "xlsx")  # rendered, never stored
    assert "张三" in internal and "0739-5550000" in internal
    files += [catalog_file(draft, fmt), catalog_file(draft, fmt)]  # rendered into storage, then served from it
    for data in files:
        text = _texts(data, fmt)
        assert named["first"].name in text
        assert not any(s in text for s in ("张三", "13900000001", "王五", "0739-5550000", "基础教育股", "村务室"))
        assert not any(header in text for header in RESPONSIBLE_HEADERS)


def test_a_name_without_a_phone_is_a_problem_at_its_row_and_column(draft, named):
    """A name that is no account of the item's unit needs its phone; 李四's account is not active. All or
    nothing: the version is left as it was."""
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(io.BytesIO(export_catalog(draft, "xlsx", internal=True)))
    ws = workbook["义务教育"]
    width = ws.max_column
    second = row_of(ws, named["second"].name)
    ws.cell(row=second, column=width).value = None  # 王五, phone removed
    first = row_of(ws, named["first"].name)
    ws.cell(row=first, column=width - 1).value = "李四"  # an inactive account: a name like any other
    ws.cell(row=first, column=width).value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = [responsible(named["first"]), responsible(named["second"])]
    report = catalog_import(actor=COMMAND_LINE, version=draft, file=io.BytesIO(buffer.getvalue()),
                            filename="目录.xlsx", dry_run=False)
    assert not report.committed
    phone = get_column_letter(width)
    where = sorted((e.sheet, e.row, e.column) for e in report.errors)
    assert where == sorted([("义务教育", first, phone), ("义务教育", second, phone)]), report.errors
    messages = " ".join(e.message for e in report.errors)
    assert "责任人“王五”不是责任单位“某村委会”的账号" in messages and "“李四”" in messages
    assert [responsible(named["first"]), responsible(named["second"])] == before


SOURCE = ("沂水县许家湖镇村（居）务公开事项目录清单（2023年）", "http://yishui.gov.cn/info/40113/323417.htm")


@pytest.fixture
def sourced(draft):
    item = draft.items.get(name="办理过程信息（本地）")
    item.source_document, item.source_url = SOURCE
    item.save(update_fields=["source_document", "source_url"])
    return draft


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_a_local_item_read_in_a_local_document_names_its_source_in_every_export(sourced, fmt):
    data = export_catalog(sourced, fmt)
    cell = "\n".join(SOURCE)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data))["重大建设项目"]
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert "事项来源" in values and cell in values
        # a sheet without such an item keeps the template's columns
        assert "事项来源" not in [c.value for row in load_workbook(io.BytesIO(data))["义务教育"].iter_rows() for c in row]
    elif fmt == "docx":
        texts = [c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells]
        assert "事项来源" in texts and cell in texts
    else:
        text = data.decode("utf-8-sig")
        assert text.splitlines()[0].endswith(",事项来源") and SOURCE[1] in text


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_round_trip_keeps_the_source_of_a_local_item(sourced, fmt):
    report = catalog_import(actor=COMMAND_LINE, version=sourced, file=io.BytesIO(export_catalog(sourced, fmt)),
                            filename=f"目录.{fmt}", dry_run=False)
    assert report.errors == [] and report.committed
    item = sourced.items.get(name="办理过程信息（本地）")
    assert (item.source_document, item.source_url) == SOURCE
