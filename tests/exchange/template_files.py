"""Catalog tables in the template's layout (附件2) and its real-world variants, built in memory with
openpyxl and python-docx, for the reader and import tests."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from openpyxl import Workbook

CHECKLIST = "■政府网站　□政府公报\n■两微一端　□发布会/听证会\n□广播电视　□纸质媒体\n■公开查阅点"


@dataclass
class Variant:
    title: str | None = "义务教育领域基层政务公开标准目录"
    blank_rows_above: int = 0
    tiers: bool = True
    specific: str = "特定群众"
    request: str = "依申请公开"
    merge_topics: bool = True  # else the first-level cell is left empty below ("same as above")
    blank_row_between: bool = True
    sheet_name: str = "义务教育"
    rows: list[list] = field(default_factory=lambda: [list(r) for r in ROWS])


# topic, name, elements, basis, time limit, subject, channels, 全社会, 特定, 主动, 依申请, 县级, 乡级
ROWS = [
    ["政策文件", "教育法律", "《中华人民共和国教育法》\n《中华人民共和国义务教育法》", "《政府信息公开条例》",
     "信息形成或者变更之日起20个工作日内", "县级教育部门", CHECKLIST, "√", "", "√", "", "√", ""],
    ["政策文件", "地方性法规", "1.地方性法规\n2.政府规章", "《政府信息公开条例》；《教育法》",
     "信息形成或者变更之日起20个工作日内", "县级教育部门", "政府网站、两微一端", "■", "□", "✓", "□", "√", "√"],
    ["学校名录", "义务教育学校名录", "学校名称、学校地址、办学层次、办学类型、办公电话",
     "《政府信息公开条例》、《中华人民共和国义务教育法》", "实时公开", "县级教育部门",
     "■政府网站■政务服务中心\n■其他：义务教育入学服务平台", "是", "", "主动", "", "", "乡级"],
    ["教师职称评审", "评审结果", "评审结果", "《政府信息公开条例》", "评审结束后3个工作日内",
     "县级教育部门", "√政府网站 ☑精准推送", "", "教师", "", "√", "√", ""],
]

EXPECTED = [
    {"topic": "政策文件", "name": "教育法律",
     "elements": ["《中华人民共和国教育法》", "《中华人民共和国义务教育法》"], "basis": ["《政府信息公开条例》"],
     "time_limit": "信息形成或者变更之日起20个工作日内", "subject": "县级教育部门",
     "channels": ["政府网站", "两微一端", "公开查阅点"], "audience": ["全社会"], "manner": ["主动"],
     "tiers": ["县级"]},
    {"topic": "政策文件", "name": "地方性法规", "elements": ["地方性法规", "政府规章"],
     "basis": ["《政府信息公开条例》", "《教育法》"], "time_limit": "信息形成或者变更之日起20个工作日内",
     "subject": "县级教育部门", "channels": ["政府网站", "两微一端"], "audience": ["全社会"], "manner": ["主动"],
     "tiers": ["县级", "乡级"]},
    {"topic": "学校名录", "name": "义务教育学校名录",
     "elements": ["学校名称", "学校地址", "办学层次", "办学类型", "办公电话"],
     "basis": ["《政府信息公开条例》", "《中华人民共和国义务教育法》"], "time_limit": "实时公开",
     "subject": "县级教育部门", "channels": ["政府网站", "政务服务中心", "其他:义务教育入学服务平台"],
     "audience": ["全社会"], "manner": ["主动"], "tiers": ["乡级"]},
    {"topic": "教师职称评审", "name": "评审结果", "elements": ["评审结果"], "basis": ["《政府信息公开条例》"],
     "time_limit": "评审结束后3个工作日内", "subject": "县级教育部门", "channels": ["政府网站", "精准推送"],
     "audience": ["特定群体（教师）"], "manner": ["依申请"], "tiers": ["县级"]},
]


def expected(variant: Variant) -> list[dict]:
    rows = [dict(r) for r in EXPECTED]
    if not variant.tiers:
        for r in rows:
            r["tiers"] = []
    return rows


def header_rows(variant: Variant) -> tuple[list, list]:
    top = ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
           "公开对象", "", "公开方式", ""]
    sub = ["", "一级事项", "二级事项", "", "", "", "", "", "全社会", variant.specific, "主动", variant.request]
    if variant.tiers:
        top += ["公开层级", ""]
        sub += ["县级", "乡级"]
    return top, sub


def data_rows(variant: Variant) -> list[list[str]]:
    """The rows as written: numbered, the first-level cell blank after its first row (to be merged or
    left as "same as above"), and a blank row between two rows when asked."""
    rows, previous = [], None
    for number, row in enumerate(variant.rows, start=1):
        cells = [str(number), *row]
        if not variant.tiers:
            cells = cells[:-2]
        if cells[1] == previous:
            cells[1] = ""
        else:
            previous = cells[1]
        rows.append(cells)
    return rows


def xlsx_bytes(*variants: Variant, mutate=None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for variant in variants:
        ws = workbook.create_sheet(variant.sheet_name)
        top, sub = header_rows(variant)
        width = len(top)
        r = 1
        if variant.title:
            ws.cell(row=1, column=1, value=variant.title)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            r = 2
        r += variant.blank_rows_above
        for c, value in enumerate(top, start=1):
            ws.cell(row=r, column=c, value=value or None)
        for c, value in enumerate(sub, start=1):
            ws.cell(row=r + 1, column=c, value=value or None)
        for c in range(1, width + 1):
            if not sub[c - 1]:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        for c, value in enumerate(top, start=1):
            if value in ("公开事项", "公开对象", "公开方式", "公开层级"):
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 1)
        r += 2
        topic_start = None
        for i, cells in enumerate(data_rows(variant)):
            if variant.blank_row_between and i == 2:
                r += 1  # a stray blank row
            for c, value in enumerate(cells, start=1):
                ws.cell(row=r, column=c, value=value or None)
            if cells[1]:
                topic_start = r
            elif variant.merge_topics and topic_start is not None:
                ws.merge_cells(start_row=topic_start, start_column=2, end_row=r, end_column=2)
            r += 1
        ws.cell(row=r + 1, column=1, value="备注：公开渠道和载体中■为选中。")
    if mutate:
        mutate(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(*variants: Variant, with_table: bool = True) -> bytes:
    document = docx.Document()
    document.add_paragraph("附件2")
    for variant in variants:
        if variant.title:
            document.add_paragraph(variant.title)
        if not with_table:
            document.add_paragraph("（本领域目录另行印发）")
            continue
        top, sub = header_rows(variant)
        rows = data_rows(variant)
        table = document.add_table(rows=2 + len(rows) + (1 if variant.blank_row_between else 0), cols=len(top))
        for c in range(len(top)):
            if not sub[c]:
                table.cell(0, c).merge(table.cell(1, c))
        for c, value in enumerate(top):
            if value in ("公开事项", "公开对象", "公开方式", "公开层级"):
                table.cell(0, c).merge(table.cell(0, c + 1))
        for c, value in enumerate(top):
            if value:
                table.cell(0, c).text = value
        for c, value in enumerate(sub):
            if value:
                table.cell(1, c).text = value
        r, topic_start = 2, None
        for i, cells in enumerate(rows):
            if variant.blank_row_between and i == 2:
                r += 1
            for c, value in enumerate(cells):
                if value:
                    table.cell(r, c).text = value
            if cells[1]:
                topic_start = r
            elif variant.merge_topics and topic_start is not None:
                merged = table.cell(topic_start, 1).merge(table.cell(r, 1))
                merged.text = variant.rows[i][0]
            r += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
