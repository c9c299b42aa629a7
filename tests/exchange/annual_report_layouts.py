"""Past 政府信息公开工作年度报告 as units laid them out — the 2021 layout (国办公开办函〔2021〕30号) and the
2019 trial layout (〔2019〕60号) — written cell by cell with openpyxl and python-docx (merged headers,
zero cells left blank, section headings between the tables), for the import tests. Independent of the
platform's own writers."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from openpyxl import Workbook

from gongkai.reports.layout import NOT_HANDLED, OTHER_2021, UNABLE, WITHHELD  # the national row labels

APPLICANTS = ("natural_person", "business", "research", "public_interest", "legal_service", "other", "total")
OUTCOMES4 = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True)
class C:
    """A cell as printed: its text and how many columns / rows it spans."""
    text: object = ""
    cs: int = 1
    rs: int = 1


def figures(layout: str) -> dict:
    """A balanced report: (一)+(二) = 275 granted in full or in part; zeros are left out (blank cells)."""
    other = "三(六)3" if layout == "2021" else "三(六)"
    t3 = {
        "一": {"natural_person": 280, "business": 8, "legal_service": 2, "total": 290},
        "二": {"natural_person": 5, "total": 5},
        "三(一)": {"natural_person": 200, "business": 5, "total": 205},
        "三(二)": {"natural_person": 68, "business": 2, "total": 70},
        "三(三)4": {"natural_person": 2, "total": 2},
        "三(四)1": {"natural_person": 8, "legal_service": 1, "total": 9},
        "三(五)2": {"natural_person": 3, "total": 3},
        other: {"natural_person": 1, "total": 1},
        "三(七)": {"natural_person": 282, "business": 7, "legal_service": 1, "total": 290},
        "四": {"natural_person": 3, "business": 1, "legal_service": 1, "total": 5},
    }
    t4 = {"review": {"upheld": 2, "corrected": 1, "total": 3}, "litigation_direct": {"pending": 1, "total": 1},
          "litigation_after_review": {}}
    if layout == "2021":
        t2 = {"规章": [None, None, 3], "行政规范性文件": [2, 1, 25], "行政许可": [1234], "行政处罚": [56],
              "行政强制": [7], "行政事业性收费": [12.5]}
    else:
        t2 = {"规章": [None, None, None], "规范性文件": [6, 6, 38], "行政许可": [126, -4, 2315],
              "其他对外管理服务事项": [58, 2, 906], "行政处罚": [412, None, 187], "行政强制": [21, None, 9],
              "行政事业性收费": [17, -1], "政府集中采购": [46, 3125.6]}
    return {"table2": t2, "table3": t3, "table4": t4}


def table2(layout: str, t2: dict) -> list[list[C]]:
    if layout == "2021":
        blocks = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
                  ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
                  ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
                  ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"])]
    else:
        items = ["上一年项目数量", "本年增/减", "处理决定数量"]
        blocks = [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
                  ("第二十条第（五）项", items, ["行政许可", "其他对外管理服务事项"]),
                  ("第二十条第（六）项", items, ["行政处罚", "行政强制"]),
                  ("第二十条第（八）项", items[:2], ["行政事业性收费"]),
                  ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"])]
    rows: list[list[C]] = []
    for heading, columns, keys in blocks:
        rows.append([C(heading, 4)])
        rows.append([C("信息内容"), *_spread(columns)])
        for key in keys:
            rows.append([C(key), *_spread(t2[key])])
    return rows


def _spread(values: list) -> list[C]:
    """Values over three columns: one value spans all three, two values the last one spans two."""
    if len(values) == 1:
        return [C(values[0], 3)]
    if len(values) == 2:
        return [C(values[0]), C(values[1], 2)]
    return [C(v) for v in values]


def _numbers(cells: dict | None) -> list[C]:
    cells = cells or {}
    return [C(cells.get(k)) for k in APPLICANTS]


def table3(layout: str, t3: dict) -> list[list[C]]:
    groups = [("（三）不予公开", "三(三)", WITHHELD), ("（四）无法提供", "三(四)", UNABLE),
              ("（五）不予处理", "三(五)", NOT_HANDLED)]
    if layout == "2021":
        groups.append(("（六）其他处理", "三(六)", OTHER_2021))
    outcome_rows = 2 + sum(len(g[2]) for g in groups) + (0 if layout == "2021" else 1) + 1
    rows: list[list[C]] = [
        [C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), C("申请人情况", 7)],
        [C("自然人", 1, 2), C("法人或其他组织", 5), C("总计", 1, 2)],
        [C("商业企业"), C("科研机构"), C("社会公益组织"), C("法律服务机构"), C("其他")],
        [C("一、本年新收政府信息公开申请数量", 3), *_numbers(t3.get("一"))],
        [C("二、上年结转政府信息公开申请数量", 3), *_numbers(t3.get("二"))],
        [C("三、本年度办理结果", 1, outcome_rows), C("（一）予以公开", 2), *_numbers(t3.get("三(一)"))],
        [C("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2), *_numbers(t3.get("三(二)"))],
    ]
    for heading, code, labels in groups:
        for i, label in enumerate(labels, 1):
            first = [C(heading, 1, len(labels))] if i == 1 else []
            rows.append([*first, C(f"{i}.{label}"), *_numbers(t3.get(f"{code}{i}"))])
    if layout != "2021":
        rows.append([C("（六）其他处理", 2), *_numbers(t3.get("三(六)"))])
    rows.append([C("（七）总计", 2), *_numbers(t3.get("三(七)"))])
    rows.append([C("四、结转下年度继续办理", 3), *_numbers(t3.get("四"))])
    return rows


def table4(t4: dict) -> list[list[C]]:
    labels = [C(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    return [
        [C("行政复议", 5, 2), C("行政诉讼", 10)],
        [C("未经复议直接起诉", 5), C("复议后起诉", 5)],
        [*labels, *labels, *labels],
        [C(t4[block].get(k)) for block in ("review", "litigation_direct", "litigation_after_review")
         for k in OUTCOMES4],
    ]


def title(unit: str, year: int) -> str:
    return f"{unit}{year}年政府信息公开工作年度报告"


def xlsx(layout: str, data: dict, *, heading: str, edits: dict | None = None) -> bytes:
    """One sheet: the title, then each table under its section heading. `edits`: {(row, column): value}
    overwrites cells after writing (1-based, as Excel numbers them)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    ws.cell(row=1, column=1, value=heading)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=15)
    r = 3
    for section, rows in (("二、主动公开政府信息情况", table2(layout, data["table2"])),
                          ("三、收到和处理政府信息公开申请情况", table3(layout, data["table3"])),
                          ("四、政府信息公开行政复议、行政诉讼情况", table4(data["table4"]))):
        ws.cell(row=r, column=1, value=section)
        r += 1
        r = _place(rows, lambda row, col, cell: _xlsx_cell(ws, row, col, cell), start=r) + 1
    for (row, col), v in (edits or {}).items():
        ws.cell(row=row, column=col, value=v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_cell(ws, row: int, col: int, cell: C) -> None:
    ws.cell(row=row, column=col, value=cell.text if cell.text not in ("", None) else None)
    if cell.cs > 1 or cell.rs > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.rs - 1, end_column=col + cell.cs - 1)


def _place(rows: list[list[C]], put, *, start: int) -> int:
    """Lay `rows` out as printed (a cell skips the columns taken by spans from above); returns the next
    free row."""
    taken: set[tuple[int, int]] = set()
    r = start
    for row in rows:
        c = 1
        for cell in row:
            while (r, c) in taken:
                c += 1
            put(r, c, cell)
            for rr in range(r, r + cell.rs):
                for cc in range(c, c + cell.cs):
                    taken.add((rr, cc))
            c += cell.cs
        r += 1
    return r


def docx_file(layout: str, data: dict, *, heading: str, narrative: str = "") -> bytes:
    document = docx.Document()
    document.add_paragraph(heading)
    document.add_paragraph("一、总体情况")
    document.add_paragraph(narrative or "本年度，本单位认真落实《中华人民共和国政府信息公开条例》。")
    for section, rows in (("二、主动公开政府信息情况", table2(layout, data["table2"])),
                          ("三、收到和处理政府信息公开申请情况", table3(layout, data["table3"])),
                          ("四、政府信息公开行政复议、行政诉讼情况", table4(data["table4"]))):
        document.add_paragraph(section)
        width = sum(c.cs for c in rows[0])
        table = document.add_table(rows=len(rows), cols=width)

        def put(r: int, c: int, cell: C, table=table) -> None:
            first = table.cell(r - 1, c - 1)
            if cell.cs > 1 or cell.rs > 1:
                first = first.merge(table.cell(r - 1 + cell.rs - 1, c - 1 + cell.cs - 1))
            first.text = "" if cell.text in ("", None) else str(cell.text)

        _place(rows, put, start=1)
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("政策解读形式较为单一，将丰富图解、视频等解读形式。")
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph("本年度未收取信息处理费。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
