"""Writing a catalog version as the table people print and file: xlsx, docx or csv.

The xlsx and docx follow the template of 附件2 (one sheet or table per domain, a title, two header rows
with merged cells, the first-level cells merged over their rows, the channels as the ■/□ checklist of
the 13 boxes, √ in the audience / manner / tier columns), on A4 landscape with the header rows repeated
on every printed page. The csv is for machines and round trips: UTF-8 with a BOM (so that Excel opens
it as UTF-8), one header row, a 领域 column, list cells joined by newlines.

The office's own xlsx (`internal=True`, the back office's download only) adds 责任科室, 责任人 and
责任人电话 at the end of each item row; the public download never carries them (the person's name and
phone are personal data).

Only applicable items are written; a domain marked not applicable is written as its title with the
reason (未涉及领域事项说明) under it. Everything written here reads back through catalog_table with
the same content."""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import dataclass

from gongkai.catalog.models import CatalogVersion
from gongkai.catalog.selectors import DomainSection, version_sections
from gongkai.exchange.catalog_table import (
    AUDIENCE_ALL,
    AUDIENCE_SPECIFIC,
    EXPORT_MARK,
    MANNER_ACTIVE,
    MANNER_REQUEST,
    STANDARD_CHANNELS,
    TIER_COUNTY,
    TIER_TOWNSHIP,
    normalise_channel,
    order_channels,
)
from gongkai.exchange.cells import neutralise, xlsx_cell

FORMATS = ("xlsx", "docx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}

# The single columns of the template, in order: (label, width in characters).
SINGLE_COLUMNS = [
    ("elements", "公开内容（要素）", 30),
    ("basis", "公开依据", 30),
    ("time_limit", "公开时限", 16),
    ("subject", "公开主体", 12),
    ("channels", "公开渠道和载体", 30),
]
AUDIENCE_COLUMNS = [("全社会", AUDIENCE_ALL), ("特定群众", AUDIENCE_SPECIFIC)]
MANNER_COLUMNS = [("主动", MANNER_ACTIVE), ("依申请公开", MANNER_REQUEST)]
TICK = "√"
# The office's internal xlsx only (责任科室、责任人): (label, width). Never in a public file.
INTERNAL_COLUMNS = [("责任科室", 14), ("责任人", 10), ("责任人电话", 14)]
# A local item read in a local document (village topics) names it; the column is there only when a sheet has one.
SOURCE_COLUMN = ("事项来源", 24)
CSV_HEADER = ["领域", "序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
              "公开渠道和载体", "公开对象", "公开方式", "公开层级"]


def domain_title(section: DomainSection) -> str:
    return f"{section.domain.name}领域基层政务公开标准目录"


def not_applicable_note(section: DomainSection) -> str:
    return f"未涉及领域事项说明：{section.entry.reason}" if section.entry is not None else ""


def canonical_channels(channels: list[str]) -> list[str]:
    """The channels as the reader gives them back: a platform written bare (部门网站) becomes
    其他:部门网站, in checklist order — so that an export read back and exported again is the same."""
    return order_channels(normalise_channel(c) for c in channels)


def channel_checklist(channels: list[str]) -> str:
    """The 13 boxes, two to a line, ticked ■ or not □; then a ■ line for each other platform."""
    channels = canonical_channels(channels)
    boxes = [("■" if name in channels else "□") + name for name in STANDARD_CHANNELS]
    lines = ["\u3000".join(boxes[i:i + 2]) for i in range(0, len(boxes), 2)]
    lines += [f"■{c}" for c in channels if c not in STANDARD_CHANNELS]
    return "\n".join(lines)


def source_cell(item) -> str:
    """事项来源: the document a local item was read in, and its address on a line of its own."""
    return "\n".join(part for part in (item.source_document, item.source_url) if part)


def responsible_cells(item) -> list[str]:
    """责任科室, 责任人, 责任人电话: the person as an account of the unit (its name, else its login name,
    and its phone) or as the name and phone written for an offline unit."""
    person = item.responsible_person
    if person is not None:
        return [item.responsible_section, person.display_name or person.username, person.phone]
    return [item.responsible_section, item.responsible_person_name, item.responsible_person_phone]


def _specific_cell(audience: list[str]) -> str:
    """√, or who the 特定群体 is when the catalog says so (特定群体（项目单位） → 项目单位)."""
    for value in audience:
        if value == AUDIENCE_SPECIFIC:
            return TICK
        if value.startswith(AUDIENCE_SPECIFIC + "（") and value.endswith("）"):
            return value[len(AUDIENCE_SPECIFIC) + 1:-1]
    return ""


@dataclass
class Sheet:
    """One domain, laid out: the tier columns it needs and its rows as cell texts."""

    section: DomainSection
    tier_columns: list[str]
    internal: bool = False

    @property
    def applies(self) -> bool:
        return self.section.applies

    @property
    def sourced(self) -> bool:
        return any(item.source_document for item in self.section.items)

    def flag_headers(self) -> list[tuple[str, list[str]]]:
        groups = [("公开对象", [label for label, _ in AUDIENCE_COLUMNS]),
                  ("公开方式", [label for label, _ in MANNER_COLUMNS])]
        if self.tier_columns:
            groups.append(("公开层级", self.tier_columns))
        return groups

    def xlsx_headers(self) -> list[tuple[str, list[str] | None, int]]:
        """序号 | 公开事项(一级/二级) | singles… | groups with their sub-columns [| 责任科室 | 责任人 | 电话]:
        (label, sub-labels or None, width)."""
        headers: list[tuple[str, list[str] | None, int]] = [
            ("序号", None, 6), ("公开事项", ["一级事项", "二级事项"], 14)]
        headers += [(label, None, w) for _, label, w in SINGLE_COLUMNS]
        headers += [(label, subs, 6) for label, subs in self.flag_headers()]
        if self.sourced:
            headers.append((SOURCE_COLUMN[0], None, SOURCE_COLUMN[1]))
        if self.internal:
            headers += [(label, None, w) for label, w in INTERNAL_COLUMNS]
        return headers

    def width(self) -> int:
        extra = (len(INTERNAL_COLUMNS) if self.internal else 0) + (1 if self.sourced else 0)
        return 3 + len(SINGLE_COLUMNS) + sum(len(subs) for _, subs in self.flag_headers()) + extra

    def rows(self) -> list[list[str]]:
        rows = []
        for number, item in enumerate(self.section.items, start=1):
            cells = [str(number), item.topic, item.name, "\n".join(item.elements), "\n".join(item.basis),
                     item.time_limit, item.subject, channel_checklist(item.channels)]
            cells.append(TICK if AUDIENCE_ALL in item.audience else "")
            cells.append(_specific_cell(item.audience))
            cells += [TICK if value in item.manner else "" for _, value in MANNER_COLUMNS]
            cells += [TICK if tier in item.tiers else "" for tier in self.tier_columns]
            if self.sourced:
                cells.append(source_cell(item))
            if self.internal:
                cells += responsible_cells(item)
            rows.append(cells)
        return rows

    def topic_runs(self) -> list[tuple[int, int]]:
        """(first, last) indexes of consecutive rows sharing a first-level item, for merging."""
        runs, start = [], 0
        items = self.section.items
        for i in range(1, len(items) + 1):
            if i == len(items) or items[i].topic != items[start].topic:
                if i - 1 > start:
                    runs.append((start, i - 1))
                start = i
        return runs


def _sheets(version: CatalogVersion, *, internal: bool = False) -> list[Sheet]:
    sections = [s for s in version_sections(version, applicable_only=True) if s.items or not s.applies]
    tiers: list[str] = []
    for section in sections:
        for item in section.items:
            tiers.extend(t for t in item.tiers if t not in tiers)
    tier_columns = [TIER_COUNTY, TIER_TOWNSHIP] + [t for t in tiers if t not in (TIER_COUNTY, TIER_TOWNSHIP)]
    return [Sheet(section, tier_columns, internal) for section in sections]


def export_catalog(version: CatalogVersion, fmt: str, *, internal: bool = False) -> bytes:
    """The version as an xlsx, docx or csv file. `internal` (the office's own xlsx, from the back office
    only) adds the 责任科室 / 责任人 / 责任人电话 columns; the other formats never carry them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    sheets = _sheets(version, internal=internal and fmt == "xlsx")
    return {"xlsx": _xlsx, "docx": _docx, "csv": _csv}[fmt](version, sheets)


def export_filename(version: CatalogVersion, fmt: str) -> str:
    catalog = version.catalog
    return f"{catalog.jurisdiction.name}{catalog.get_tier_display()}公开事项目录-{version.label}.{fmt}"


# --- csv -----------------------------------------------------------------------------------------

def _csv(version: CatalogVersion, sheets: list[Sheet]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    sourced = any(sheet.sourced for sheet in sheets)
    writer.writerow(CSV_HEADER + ([SOURCE_COLUMN[0]] if sourced else []))
    for sheet in sheets:
        for number, item in enumerate(sheet.section.items, start=1):
            writer.writerow([neutralise(value) for value in [
                sheet.section.domain.name, number, item.topic, item.name, "\n".join(item.elements),
                "\n".join(item.basis), item.time_limit, item.subject, "\n".join(canonical_channels(item.channels)),
                "\n".join(item.audience), "\n".join(item.manner), "\n".join(item.tiers),
                *([source_cell(item)] if sourced else []),
            ]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- xlsx ----------------------------------------------------------------------------------------

def _sheet_title(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "领域"
    title, n = clean, 2
    while title in used:
        suffix = f"({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _xlsx(version: CatalogVersion, sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.keywords = EXPORT_MARK
    workbook.properties.title = f"{version.catalog.title}（{version.label}）"
    workbook.properties.creator = "Gongkai"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="宋体", size=10)
    bold = Font(name="宋体", size=10, bold=True)
    title_font = Font(name="宋体", size=16, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    used: set[str] = set()
    if not sheets:
        ws = workbook.create_sheet("目录")
        xlsx_cell(ws, row=1, column=1, value=f"{version.catalog.title}（{version.label}）：没有适用的事项")
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.section.domain.name, used))
        width = sheet.width()
        xlsx_cell(ws, row=1, column=1, value=domain_title(sheet.section)).font = title_font
        ws.cell(row=1, column=1).alignment = centre
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.row_dimensions[1].height = 30
        if not sheet.applies:
            xlsx_cell(ws, row=2, column=1, value=not_applicable_note(sheet.section)).alignment = left
            ws.cell(row=2, column=1).font = font
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
            ws.row_dimensions[2].height = 40
            _xlsx_page(ws, PageSetupProperties, header_rows=None)
            ws.column_dimensions["A"].width = 120
            continue
        top, sub = 2, 3
        column = 1
        for label, subs, col_width in sheet.xlsx_headers():
            ws.cell(row=top, column=column, value=label)
            if subs is None:
                ws.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
                ws.column_dimensions[get_column_letter(column)].width = col_width
                column += 1
            else:
                ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(subs) - 1)
                for offset, sub_label in enumerate(subs):
                    ws.cell(row=sub, column=column + offset, value=sub_label)
                    ws.column_dimensions[get_column_letter(column + offset)].width = (
                        col_width if label != "公开事项" else 14)
                column += len(subs)
        for r in (top, sub):
            for c in range(1, width + 1):
                cell = ws.cell(row=r, column=c)
                cell.font, cell.alignment, cell.border = bold, centre, border
        first_data = sub + 1
        for offset, cells in enumerate(sheet.rows()):
            r = first_data + offset
            for c, value in enumerate(cells, start=1):
                cell = xlsx_cell(ws, row=r, column=c, value=value or None)
                cell.font, cell.border = font, border
                cell.alignment = left if c in (4, 5, 8) else centre
        for start, end in sheet.topic_runs():
            ws.merge_cells(start_row=first_data + start, start_column=2, end_row=first_data + end, end_column=2)
        ws.freeze_panes = ws.cell(row=first_data, column=1)
        _xlsx_page(ws, PageSetupProperties, header_rows=f"{top}:{sub}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_page(ws, page_setup_properties, *, header_rows: str | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = page_setup_properties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header_rows:
        ws.print_title_rows = header_rows


# --- docx ----------------------------------------------------------------------------------------

CJK_FONT = "宋体"
LATIN_FONT = "SimSun"


def _docx(version: CatalogVersion, sheets: list[Sheet]) -> bytes:  # noqa: C901 — the official docx layout, written part by part
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    document.core_properties.keywords = EXPORT_MARK
    document.core_properties.title = f"{version.catalog.title}（{version.label}）"
    document.core_properties.author = "Gongkai"
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(9)
    _east_asian(normal.element.get_or_add_rPr())

    usable = 297 - 30
    first = True
    if not sheets:
        _docx_paragraph(document, f"{version.catalog.title}（{version.label}）：没有适用的事项", Pt(12))
    for sheet in sheets:
        if not first:
            document.add_page_break()
        first = False
        heading = _docx_paragraph(document, domain_title(sheet.section), Pt(16), bold=True)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not sheet.applies:
            _docx_paragraph(document, not_applicable_note(sheet.section), Pt(12))
            continue
        width = sheet.width()
        rows = sheet.rows()
        table = document.add_table(rows=2 + len(rows), cols=width)
        table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # Fill a snapshot of the grid first and merge last: python-docx's table.cell() rebuilds the whole
        # grid on every call, which makes cell-by-cell filling quadratic.
        grid = [list(row.cells) for row in table.rows]
        widths = _docx_widths(sheet, usable)
        for row in grid:
            for c, cell in enumerate(row):
                cell.width = Mm(widths[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        headers = [("序号", None), ("公开事项", ["一级事项", "二级事项"])]
        headers += [(label, None) for _, label, _ in SINGLE_COLUMNS] + list(sheet.flag_headers())
        if sheet.sourced:
            headers.append((SOURCE_COLUMN[0], None))
        merges = []
        column = 0
        for label, subs in headers:
            _docx_cell(grid[0][column], label, bold=True, centre=True)
            if subs is None:
                merges.append((0, column, 1, column))
                column += 1
            else:
                merges.append((0, column, 0, column + len(subs) - 1))
                for offset, sub_label in enumerate(subs):
                    _docx_cell(grid[1][column + offset], sub_label, bold=True, centre=True)
                column += len(subs)
        for r in (0, 1):
            _repeat_header(table.rows[r])
        merged_below = {i for start, end in sheet.topic_runs() for i in range(start + 1, end + 1)}
        for offset, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if c == 1 and offset in merged_below:
                    value = ""
                _docx_cell(grid[2 + offset][c], value, centre=c not in (3, 4, 7))
        merges += [(2 + start, 1, 2 + end, 1) for start, end in sheet.topic_runs()]
        for r1, c1, r2, c2 in merges:
            grid[r1][c1].merge(grid[r2][c2])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_widths(sheet: Sheet, usable_mm: float) -> list[float]:
    weights = [5, 12, 14] + [w for _, _, w in SINGLE_COLUMNS]
    weights += [5] * (sheet.width() - len(weights))
    total = sum(weights)
    return [usable_mm * w / total for w in weights]


def _east_asian(rpr) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


_RUN_FONTS = None


def _run_fonts():
    """A w:rPr carrying the CJK and Latin fonts, built once and copied into every run: setting the
    fonts through python-docx's API on each of thousands of runs was most of an export's time."""
    global _RUN_FONTS
    if _RUN_FONTS is None:
        from docx.oxml import OxmlElement

        rpr = OxmlElement("w:rPr")
        _east_asian(rpr)
        _RUN_FONTS = rpr
    return copy.deepcopy(_RUN_FONTS)


def _docx_run(paragraph, text: str, size=None, bold: bool = False):
    run = paragraph.add_run()
    run._element.insert(0, _run_fonts())
    run.text = text
    if size is not None:
        run.font.size = size
    if bold:
        run.bold = True
    return run


def _docx_paragraph(document, text: str, size, bold: bool = False):
    paragraph = document.add_paragraph()
    _docx_run(paragraph, text, size, bold)
    return paragraph


def _docx_cell(cell, text: str, *, bold: bool = False, centre: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    lines = (text or "").split("\n")
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = 0
        paragraph.paragraph_format.space_before = 0
        _docx_run(paragraph, line, bold=bold)


def _repeat_header(row) -> None:
    """w:tblHeader: Word repeats this row at the top of every page the table runs onto."""
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    for name in ("w:tblHeader", "w:cantSplit"):
        element = tr_pr.makeelement(qn(name), {qn("w:val"): "true"})
        tr_pr.append(element)
