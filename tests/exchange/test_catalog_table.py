"""The catalog table reader: template variants seen in real tables, and files it must refuse."""

import io
import zipfile

import docx
import pytest

from gongkai.exchange import catalog_table
from gongkai.exchange.catalog_table import read_catalog_file
from tests.exchange.template_files import Variant, docx_bytes, expected, xlsx_bytes

FIELDS = ("topic", "name", "elements", "basis", "time_limit", "subject", "channels", "audience", "manner", "tiers")

VARIANTS = {
    "template": Variant(),
    "without 公开层级": Variant(tiers=False),
    "特定群体 and 依申请": Variant(specific="特定群体", request="依申请"),
    "no title row, named sheet": Variant(title=None),
    "title row and blank rows above the header": Variant(blank_rows_above=2),
    "first-level cell empty = same as above": Variant(merge_topics=False),
    "no blank rows": Variant(blank_row_between=False),
}


def parsed(read) -> list[dict]:
    return [{f: getattr(row, f) for f in FIELDS} for row in read.rows]


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_xlsx_variants_read_the_same_rows(variant):
    read = read_catalog_file(io.BytesIO(xlsx_bytes(variant)), filename="目录.xlsx")
    assert read.errors == []
    assert parsed(read) == expected(variant)
    assert {row.domain_hint for row in read.rows} == {"义务教育"}
    assert [row.number for row in read.rows] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_docx_variants_read_the_same_rows(variant):
    read = read_catalog_file(io.BytesIO(docx_bytes(variant)), filename="目录.docx")
    assert read.errors == []
    assert parsed(read) == expected(variant)
    hint = variant.title or "表格1"
    assert {row.domain_hint for row in read.rows} == {hint if variant.title else None}


def test_rows_keep_the_sheet_and_row_where_they_were_read():
    read = read_catalog_file(io.BytesIO(xlsx_bytes(Variant(blank_rows_above=1))))
    # title (1), blank (2), header (3–4), rows 5, 6, blank 7, rows 8, 9
    assert [(r.sheet, r.row_number) for r in read.rows] == [("义务教育", n) for n in (5, 6, 8, 9)]
    assert read.rows[0].title == "义务教育领域基层政务公开标准目录"


def test_a_workbook_with_several_domains_gives_each_sheet_its_hint():
    other = Variant(sheet_name="Sheet2", title="医疗卫生领域基层政务公开标准目录")
    read = read_catalog_file(io.BytesIO(xlsx_bytes(Variant(), other)))
    assert read.errors == []
    assert [r.domain_hint for r in read.rows] == ["义务教育"] * 4 + ["医疗卫生领域基层政务公开标准目录"] * 4


def test_the_template_example_row_with_who_the_specific_group_is():
    """附件2's second example row writes 项目单位 in the 特定群众 column and ticks 依申请公开."""
    read = read_catalog_file(io.BytesIO(xlsx_bytes(Variant(rows=[[
        "批准服务信息", "办理过程信息", "事项名称、事项办理部门、办理进展等",
        "《政府信息公开条例》、《关于全面推进政务公开工作意见》", "及时公开", "相关审批部门",
        "■政府网站    ■两微一端\n■纸质媒体    ■发布会/听证会\n■投资项目在线审批监管平台\n"
        "■社区/企事业单位/村公示栏（电子屏）\n■其他", "", "项目单位", "", "√", "", ""]]))))
    assert read.errors == []
    row = read.rows[0]
    assert row.audience == ["特定群体（项目单位）"]
    assert row.manner == ["依申请"]
    assert row.elements == ["事项名称", "事项办理部门", "办理进展等"]
    assert row.channels == ["政府网站", "两微一端", "发布会/听证会", "纸质媒体", "社区/企事业单位/村公示栏(电子屏)",
                            "其他", "其他:投资项目在线审批监管平台"]


@pytest.mark.parametrize(("text", "expected"), [
    ("■政府网站 □政府公报 ■两微一端", ["政府网站", "两微一端"]),
    ("□政府网站\n□政府公报", []),
    ("√政府网站、✓公开查阅点", ["政府网站", "公开查阅点"]),
    ("政府网站\n公开查阅点", ["政府网站", "公开查阅点"]),
    ("政府门户网站、部门网站", ["政府网站", "其他:部门网站"]),
    ("■其他（办税服务厅）", ["其他:办税服务厅"]),
    ("■其他:法律服务网\n■政府网站", ["政府网站", "其他:法律服务网"]),
])
def test_channels(text, expected):
    assert catalog_table.parse_channels(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("学校名称、学校地址", ["学校名称", "学校地址"]),
    ("1.申请条件 2.办理流程 3.办理时限", ["申请条件", "办理流程", "办理时限"]),
    ("（1）申请条件\n（2）办理流程", ["申请条件", "办理流程"]),
    ("办理事项\n办理时间、地点", ["办理事项", "办理时间、地点"]),
    ("房屋征收决定公告(包括补偿方案和行政复议、行政诉讼权利等事项)",
     ["房屋征收决定公告(包括补偿方案和行政复议、行政诉讼权利等事项)"]),
    ("着重解读政策措施的背景依据、目标任务、主要内容、涉及范围、执行标准以及注意事项、关键词诠释、惠民利民举措、新旧政策差异等内容要点",
     ["着重解读政策措施的背景依据、目标任务、主要内容、涉及范围、执行标准以及注意事项、关键词诠释、惠民利民举措、新旧政策差异等内容要点"]),
])
def test_elements_split(text, expected):
    assert catalog_table.split_elements(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("《政府信息公开条例》、《教育法》", ["《政府信息公开条例》", "《教育法》"]),
    ("《政府信息公开条例》第十九条、第二十条", ["《政府信息公开条例》第十九条、第二十条"]),
    ("《关于做好住房、教育工作的通知》", ["《关于做好住房、教育工作的通知》"]),
    ("《条例》；各地相关政策法规文件", ["《条例》", "各地相关政策法规文件"]),
])
def test_basis_split(text, expected):
    assert catalog_table.split_basis(text) == expected


# --- refused files ---------------------------------------------------------------------------------

def _refused(read, *words):
    assert read.rows == []
    assert read.errors, "expected a problem"
    message = " ".join(str(e) for e in read.errors)
    for word in words:
        assert word in message, message
    return read.errors


def test_wrong_header_names_the_missing_column():
    def drop_time_limit(workbook):
        ws = workbook["义务教育"]
        ws["F2"] = "备注"
    errors = _refused(read_catalog_file(io.BytesIO(xlsx_bytes(Variant(), mutate=drop_time_limit)),
                                        filename="a.xlsx"), "公开时限")
    assert errors[0].sheet == "义务教育" and errors[0].row == 2


def test_no_header_at_all():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.active.append(["张三", "123"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _refused(read_catalog_file(io.BytesIO(buffer.getvalue())), "表头")


def test_empty_file(tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(b"")
    _refused(read_catalog_file(path), "文件为空")


def test_docx_without_a_table():
    _refused(read_catalog_file(io.BytesIO(docx_bytes(Variant(), with_table=False))), "没有表格")


def test_file_over_the_upload_limit(tmp_path, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    _refused(read_catalog_file(path), "文件过大", "50.0 MB")
    with open(path, "rb") as fh:
        _refused(read_catalog_file(fh), "文件过大")


def test_formula_cell_is_named():
    def formula(workbook):
        workbook["义务教育"]["F5"] = "=TODAY()"
    errors = _refused(read_catalog_file(io.BytesIO(xlsx_bytes(Variant(), mutate=formula))), "F5", "公式")
    assert (errors[0].sheet, errors[0].row, errors[0].column) == ("义务教育", 5, "F")


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "序号,公开事项\n".encode("gbk")])
def test_renamed_file_is_judged_by_content(content):
    _refused(read_catalog_file(io.BytesIO(content), filename="目录.xlsx"), ".xlsx", "不是")


def test_a_docx_renamed_xlsx_is_read_as_docx():
    read = read_catalog_file(io.BytesIO(docx_bytes(Variant())), filename="目录.xlsx")
    assert read.format == "docx" and read.errors == [] and len(read.rows) == 4


def test_macro_enabled_workbook():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(Variant())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00macro")
    _refused(read_catalog_file(io.BytesIO(buffer.getvalue()), filename="目录.xlsx"), "宏")


def test_encrypted_workbook():
    # An OOXML file with an open password is an OLE compound file holding an EncryptedPackage stream.
    content = catalog_table.OLE_MAGIC + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200
    _refused(read_catalog_file(io.BytesIO(content), filename="目录.xlsx"), "加密")


def test_legacy_xls():
    _refused(read_catalog_file(io.BytesIO(catalog_table.OLE_MAGIC + b"\x00" * 512), filename="目录.xls"), ".xls")


def test_row_problems_carry_sheet_row_and_column():
    rows = [["", "乙", "内容", "依据", "时限", "主体", "政府网站", "√", "", "√", "", "", ""],
            ["政策文件", "", "内容", "依据", "时限", "主体", "政府网站", "√", "", "√", "", "", ""],
            ["政策文件", "甲", "内容", "依据", "时限", "主体", "政府网站", "√", "", "√", "", "", ""],
            ["政策文件", "甲", "内容", "依据", "时限", "主体", "政府网站", "√", "", "√", "", "", ""]]
    read = read_catalog_file(io.BytesIO(xlsx_bytes(Variant(rows=rows, blank_row_between=False))))
    problems = [(e.row, e.column, e.message) for e in read.errors]
    assert problems[0][:2] == (4, "B") and "一级事项" in problems[0][2]
    assert problems[1][:2] == (5, "C") and "二级事项" in problems[1][2]
    assert problems[2][:2] == (7, "C") and "第6行重复" in problems[2][2]


def test_csv_with_a_domain_column():
    text = ("领域,序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级\r\n"
            '义务教育,1,政策文件,教育法律,"学校名称、地址\n办学层次",《条例》,20个工作日,教育部门,"政府网站\n其他:平台",'
            '"全社会\n特定群体（教师、家长）",主动,"县级\n乡、村级"\r\n')
    read = read_catalog_file(io.BytesIO(("\ufeff" + text).encode("utf-8")), filename="目录.csv")
    assert read.errors == []
    row = read.rows[0]
    assert row.domain_hint == "义务教育"
    assert row.elements == ["学校名称、地址", "办学层次"]
    assert row.channels == ["政府网站", "其他:平台"]
    assert row.audience == ["全社会", "特定群体（教师、家长）"]
    assert row.tiers == ["县级", "乡、村级"]


def test_docx_title_above_the_table_names_the_domain():
    document = docx.Document(io.BytesIO(docx_bytes(Variant(title="环境保护领域基层政务公开标准目录"))))
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_catalog_file(io.BytesIO(buffer.getvalue()))
    assert {r.domain_hint for r in read.rows} == {"环境保护领域基层政务公开标准目录"}


def test_the_quick_look_for_a_repeated_header_never_passes_over_one():
    """`_could_be_label` only lets a row skip the full header check when no label can begin its cells: every
    label, written with spaces around it or full-width brackets, still could be one."""
    from gongkai.exchange import catalog_table as table

    labels = [x for labels in table.FIELD_LABELS.values() for x in labels] + sorted(table.SUB_LABELS) + ["公开事项"]
    for label in labels:
        for written in (label, f"  {label} ", f"\u3000{label}", label.replace("(", "（").replace(")", "）"),
                        f"\n{label}（在对应项打■）"):
            assert table._could_be_label(written), written
    header = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    sub = ["", "", "", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请"]
    assert table._is_header_repeat([f" {c}" for c in header]) and table._is_header_repeat(sub)
    data = ["1", "义务教育", "学校名录", "学校名称、地址、电话", "《中华人民共和国义务教育法》", "信息形成或变更之日起20个工作日内",
            "县教育局", "政府网站", "√", "", "√", ""]
    assert not table._is_header_repeat(data)


def test_an_inline_string_reads_as_openpyxls_rich_text_object_gives_it():
    """The inline-string cells are read by their text alone (`_inline_text`), without openpyxl's rich-text object:
    the same text for plain strings, runs, phonetic guides, empty and repeated `t`, spaces kept, any namespace. (A
    run's formatting is not read at all: a malformed one that openpyxl refused is read for its text.)"""
    from xml.etree.ElementTree import fromstring

    from openpyxl.cell.text import Text

    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    strings = [
        "<is {ns}><t>低保金发放</t></is>", '<is {ns}><t xml:space="preserve">  前后空格 \n第二行 </t></is>',
        "<is {ns}><t/></is>", "<is {ns}></is>", "<is {ns}><t>一</t><t>二</t></is>",
        "<is {ns}><r><rPr><b/></rPr><t>粗</t></r><r><t>细</t></r></is>",
        "<is {ns}><t>前</t><r><t>甲</t><t>乙</t></r><r><rPr/></r><rPh sb='0' eb='1'><t>ピン</t></rPh>"
        "<phoneticPr fontId='1'/></is>",
        "<x:is xmlns:x='urn:other'><x:t>别的命名空间</x:t><x:r><x:t>文</x:t></x:r></x:is>",
        "<is {ns}><r><t>只有</t></r><r><t>文字段</t></r></is>", "<is {ns}><t>a&amp;b&lt;c</t><foo>忽略</foo></is>",
    ]
    for xml in strings:
        node = fromstring(xml.format(ns=main))
        assert catalog_table._inline_text(node) == Text.from_tree(node).content, xml


def test_the_sheet_parser_gives_what_openpyxls_gives_for_every_kind_of_cell():
    """A worksheet with inline strings (plain, rich, empty, with a formula), shared strings, numbers, dates, booleans
    and errors: the same cells, value by value, as openpyxl's own parser reads."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    book = Workbook()
    sheet = book.active
    sheet.append(["事项", 12, 3.5, True, "=SUM(B1:C1)", None, "#N/A"])
    sheet["A2"].number_format = "yyyy-mm-dd"
    import datetime

    sheet.append([datetime.date(2023, 5, 6), "第二行", "", 0])
    buffer = io.BytesIO()
    book.save(buffer)
    # Rewrite the shared strings of the first sheet as inline strings, rich and plain, as other generators write.
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        files = {name: source.read(name) for name in source.namelist()}
    sheet_xml = files["xl/worksheets/sheet1.xml"].decode()
    inline = ('<c r="H1" t="inlineStr"><is><r><t>甲</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 乙 </t></r></is></c>'
              '<c r="I1" s="1" t="inlineStr"><is><t>丙</t></is></c><c r="J1" t="inlineStr"><is/></c>'
              '<c r="K1" t="inlineStr"><f>1+1</f><is><t>式</t></is></c><c t="inlineStr"><is><t>无坐标</t></is></c>')
    files["xl/worksheets/sheet1.xml"] = sheet_xml.replace("</row>", inline + "</row>", 1).encode()
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)

    def cells(parser_class):
        workbook = load_workbook(io.BytesIO(rewritten.getvalue()), read_only=True)
        worksheet = workbook.worksheets[0]
        with worksheet._get_source() as source:
            parser = parser_class(source, worksheet._shared_strings, data_only=False, epoch=workbook.epoch,
                                  date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
            return [[(c["row"], c["column"], c["value"], c["data_type"], c["style_id"]) for c in row]
                    for _, row in parser.parse()]

    ours, theirs = cells(catalog_table._sheet_parser()), cells(WorkSheetParser)
    assert ours == theirs
    assert any(value == "甲 乙 " for row in ours for _, _, value, _, _ in row)
    assert any(value == "无坐标" for row in ours for _, _, value, _, _ in row)
