"""The annual report as files: docx (python-docx) and PDF (HTML → exchange.pdf.html_to_pdf), in the
national layout — title, sections 一 to 六, tables 二, 三 and 四 with the headings and merged cells of
国办公开办函〔2021〕30号 (or the 60号 trial layout for past years)."""

from __future__ import annotations

import io
import re
from html import unescape

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.reports.layout import FORMAT_SOURCES, SECTION_TITLES
from gongkai.reports.presentation import Grid, grids

CJK_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def narrative_paragraphs(html: str) -> list[str]:
    """Rich text (already sanitised) to plain paragraphs for Word."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", html or "")
    text = re.sub(r"(?i)</(p|li|h3|h4|tr|blockquote)>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return [unescape(line).strip() for line in text.split("\n") if line.strip()]


def _set_font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _paragraph(doc, text: str, *, font=CJK_FONT, size=14, bold=False, center=False, indent=True):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _set_font(p.add_run(text), font, size, bold)
    return p


def _docx_table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Every cell looked up once before any merge (table.cell() walks the whole table on each call, which
    # made a report's docx take seconds); spans never overlap, so a span's corners are still in place.
    width = grid.columns
    cells = table._cells
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            target = cells[r * width + c]
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(cells[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    occupied.add((rr, cc))
            paragraph = target.paragraphs[0]
            if cell.number or (cell.header and (cell.colspan > 1 or r < 3)):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(paragraph.add_run(cell.text), CJK_FONT, 9, bold=cell.header and cell.colspan > 2)
            c += cell.colspan


def report_docx(report) -> bytes:
    """The report as a Word document."""
    doc = Document()
    _paragraph(doc, report.title, font=TITLE_FONT, size=20, center=True)
    sections = {"一": report.section_general, "五": report.section_problems, "六": report.section_other}
    table_grids = grids(report.tables)
    for key, heading in SECTION_TITLES.items():
        _paragraph(doc, heading, font=HEADING_FONT, size=16)
        if key in table_grids:
            _docx_table(doc, table_grids[key])
        else:
            for line in narrative_paragraphs(sections[key]) or ["无。"]:
                _paragraph(doc, line)
    _paragraph(doc, f"（本报告按{FORMAT_SOURCES[report.tables['format']]}规定的格式编制。）", size=10, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_context(report) -> dict:
    return {
        "report": report,
        "grids": grids(report.tables),
        "sections": [
            {"key": key, "title": title,
             "html": {"一": report.section_general, "五": report.section_problems,
                      "六": report.section_other}.get(key, "")}
            for key, title in SECTION_TITLES.items()
        ],
        "format_source": FORMAT_SOURCES[report.tables["format"]],
    }


def report_html(report) -> str:
    return render_to_string("reports/annual_report_print.html", report_context(report))


def report_pdf(report) -> bytes:
    from gongkai.exchange.pdf import html_to_pdf

    return html_to_pdf(report_html(report), gongwen=True)


def filename(report, ext: str) -> str:
    return f"{report.unit.name}{report.year}年政府信息公开工作年度报告.{ext}"
