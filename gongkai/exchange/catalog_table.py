"""Reading a disclosure catalog table (公开事项目录) from xlsx, docx or csv.

The layout is the template of 附件2 (see ../shared/reference/rules.md §10): a title row
("XX领域基层政务公开标准目录") may sit above two header rows with merged cells —

    序号 | 公开事项: 一级事项 / 二级事项 | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
    公开对象: 全社会 / 特定群众 | 公开方式: 主动 / 依申请公开 | [公开层级: 县级 / 乡级]

Real tables vary: 特定群众 or 特定群体, 依申请 or 依申请公开, with or without 公开层级, blank rows, a
first-level cell merged over its rows or left empty to mean "same as above", channels as a ■/□
checklist or as plain names, ticks as √ ■ ✓ 是 or the column's own word. CSV (our own export) has one
header row, a 领域 column, and list cells joined by newlines.

`read_catalog_file` never writes anything and never raises for bad input: every problem comes back in
`TableRead.errors` with its sheet, row and column, in Chinese. When the file as a whole cannot be read
(wrong format, missing header, a formula, too big, …) `rows` is empty."""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from openpyxl.utils import get_column_letter

from gongkai.exchange.cells import formula_warning, text_of_csv_cell

# --- what the tables contain ---------------------------------------------------------------------

# The 13 boxes of the channel checklist, in the template's order (../shared/reference/catalog/README.md).
STANDARD_CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他",
)
OTHER_CHANNEL = "其他"
CHANNEL_ALIASES = {
    "政府门户网站": "政府网站",
    "门户网站": "政府网站",
    "发布会、听证会": "发布会/听证会",
    "入户、现场": "入户/现场",
    "社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏(电子屏)",
    "社区、企事业单位、村公示栏(电子屏)": "社区/企事业单位/村公示栏(电子屏)",
}
TICKED = "■√☑✓✔●▇▪"
UNTICKED = "□☐○◻"
MARKS = TICKED + UNTICKED
YES_WORDS = {"是", "有", "y", "yes", "true", "1"}
NO_WORDS = {"否", "无", "不", "n", "no", "false", "0", "-", "—", "--", "/", "×", "✗", "✘", "x"}

AUDIENCE_ALL = "全社会"
AUDIENCE_SPECIFIC = "特定群体"
MANNER_ACTIVE = "主动"
MANNER_REQUEST = "依申请"
TIER_COUNTY = "县级"
TIER_TOWNSHIP = "乡级"

# Field → the header labels (normalised: no spaces, ASCII brackets) that name it.
FIELD_LABELS = {
    "number": ("序号", "编号"),
    "topic": ("一级事项", "公开事项一级事项", "一级"),
    "name": ("二级事项", "公开事项二级事项", "二级", "公开事项名称", "事项名称"),
    "elements": ("公开内容(要素)", "公开内容", "公开要素", "事项内容", "公开内容要素"),
    "basis": ("公开依据",),
    "time_limit": ("公开时限",),
    "subject": ("公开主体",),
    "channels": ("公开渠道和载体", "公开渠道", "公开载体", "公开渠道及载体", "公开渠道与载体"),
    "domain": ("领域", "所属领域"),
    "audience": ("公开对象",),
    "manner": ("公开方式",),
    "tiers": ("公开层级",),
    # The office's internal file (catalog_export, internal=True): optional, read when present. The phone
    # comes before the person so that a header like 责任人电话（手机） is taken for the phone.
    "responsible_section": ("责任科室", "责任股室", "责任科(股)室"),
    "responsible_phone": ("责任人电话", "责任人联系电话"),
    "responsible_person": ("责任人", "责任人姓名"),
}
RESPONSIBLE_COLUMNS = ("responsible_section", "responsible_person", "responsible_phone")
GROUP_FIELDS = ("audience", "manner", "tiers")
REQUIRED = ("topic", "name", "elements", "basis", "time_limit", "subject", "channels", "audience", "manner")
HEADER_NAMES = {
    "topic": "一级事项", "name": "二级事项", "elements": "公开内容（要素）", "basis": "公开依据",
    "time_limit": "公开时限", "subject": "公开主体", "channels": "公开渠道和载体", "audience": "公开对象",
    "manner": "公开方式", "tiers": "公开层级",
}
# Sub-header (normalised) → the value a tick in that column stands for.
SUB_VALUES = {
    "audience": {"全社会": AUDIENCE_ALL, "社会公众": AUDIENCE_ALL, "特定群众": AUDIENCE_SPECIFIC,
                 "特定群体": AUDIENCE_SPECIFIC, "特定对象": AUDIENCE_SPECIFIC},
    "manner": {"主动": MANNER_ACTIVE, "主动公开": MANNER_ACTIVE, "依申请": MANNER_REQUEST,
               "依申请公开": MANNER_REQUEST},
    "tiers": {},  # a tier column's own header is its value (县级, 乡级, 乡、村级, 村级 …)
}
SUB_LABELS = {"一级事项", "二级事项", *SUB_VALUES["audience"], *SUB_VALUES["manner"]}
HEADER_SCAN_ROWS = 30
# Written into the document properties (keywords) of the files catalog_export makes: their list cells
# hold one entry a line, so a 、 inside a line is never taken for a separator on the way back.
EXPORT_MARK = "gongkai:catalog-table:1"

GENERIC_SHEET_NAME = re.compile(r"^(sheet|工作表|表格?)\s*\d*$", re.IGNORECASE)


@dataclass
class ImportProblem:
    """One problem with the file: where (sheet, 1-based row, column letter — blank for the whole sheet or
    file) and what, in Chinese."""

    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [p for p in (f"“{self.sheet}”" if self.sheet else "", f"第{self.row}行" if self.row else "",
                             f"{self.column}列" if self.column else "") if p]
        return ("".join(where) + "：" if where else "") + self.message


@dataclass
class CatalogRow:
    sheet: str
    row_number: int
    domain_hint: str | None
    topic: str
    name: str
    elements: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    time_limit: str = ""
    subject: str = ""
    channels: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    manner: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    number: str = ""
    # The sheet's title row, when the domain is named there rather than in domain_hint.
    title: str | None = None
    # 责任科室 / 责任人 / 责任人电话: None when the table has no such column (the item keeps what it had).
    responsible_section: str | None = None
    responsible_person: str | None = None
    responsible_phone: str | None = None
    responsible_columns: dict[str, str] = field(default_factory=dict)  # field → its column letter

    def item_fields(self) -> dict:
        """The fields a catalog item takes (catalog.services.catalog_version_replace_items)."""
        return {"topic": self.topic, "name": self.name, "elements": list(self.elements), "basis": list(self.basis),
                "time_limit": self.time_limit, "subject": self.subject, "channels": list(self.channels),
                "audience": list(self.audience), "manner": list(self.manner), "tiers": list(self.tiers),
                **({"responsible_section": self.responsible_section} if self.responsible_section is not None
                   else {})}


@dataclass
class SheetInfo:
    """One table read: a worksheet, a docx table or the csv file, with what names its domain and the
    line under its title (a domain marked not applicable carries its reason there)."""

    name: str
    title: str | None
    domain_hint: str | None
    note: str = ""
    rows: int = 0
    has_tier_columns: bool = False


@dataclass
class TableRead:
    rows: list[CatalogRow] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    sheets: list[SheetInfo] = field(default_factory=list)
    format: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


class FileRefused(Exception):
    """The file as a whole cannot be read; carries the problem to report."""

    def __init__(self, problem: ImportProblem):
        super().__init__(problem.message)
        self.problem = problem


# --- text helpers --------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "／": "/", "　": " ", "，": ","})


def normalise_label(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "").translate(_FULLWIDTH))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u3000", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


_NUMBERED = re.compile(r"(?:^|(?<=\s)|(?<=[;；。]))(?:\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")


def _split_numbered(text: str) -> list[str] | None:
    """'1.申请条件 2.办理流程' → ['申请条件', '办理流程'] when the numbering runs 1, 2, … ; else None."""
    marks = list(_NUMBERED.finditer(text))
    if len(marks) < 2 or marks[0].start() != 0:
        return None
    numbers = [re.sub(r"\D", "", m.group()) or str("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(m.group().strip()[0]) + 1)
               for m in marks]
    if numbers != [str(i) for i in range(1, len(marks) + 1)]:
        return None
    pieces = []
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        piece = text[m.end(): nxt.start() if nxt else len(text)].strip(" \n;；,，。")
        if piece:
            pieces.append(piece)
    return pieces


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "《(（[【“":
            depth += 1
        elif ch in "》)）]】”" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


# A 、-list is split into elements only when every piece is this short (a field name such as 学校地址,
# 受理机构联系方式); longer pieces mean a sentence that merely contains a list, kept whole.
ELEMENT_NAME_LENGTH = 12


def _listed(text: str) -> list[str] | None:
    """A cell that is already a list — empty, numbered (1. 2. …) or one entry a line — as its entries;
    None for a single line that the caller splits by its own rule."""
    if not text:
        return []
    numbered = _split_numbered(text)
    if numbered:
        return numbered
    if "\n" in text:
        return [line.strip(" ;；") for line in text.split("\n") if line.strip(" ;；")]
    return None


def split_elements(text: str) -> list[str]:
    """公开内容（要素）: one element a line; a single line is split on ；; and on 、 when every piece is
    short enough to be an element name and the line is not a sentence; a numbered list loses its
    numbers. Otherwise the text is kept."""
    text = cell_text(text)
    listed = _listed(text)
    if listed is not None:
        return listed
    pieces = _split_outside_brackets(text, ";；")
    result = []
    for piece in pieces:
        parts = _split_outside_brackets(piece, "、")
        sentence = any(mark in piece for mark in ("，", ",", "。", "以及"))
        names = len(parts) > 1 and not sentence and all(len(p) <= ELEMENT_NAME_LENGTH for p in parts)
        result.extend(parts if names else [piece])
    return result


def split_basis(text: str) -> list[str]:
    """公开依据: one instrument a line; on one line, instruments are split at ；; and between titles
    (《…》、《…》) — never inside a title or at the 、 of '第十九条、第二十条'."""
    text = cell_text(text)
    listed = _listed(text)
    if listed is not None:
        return listed
    result: list[str] = []
    for piece in _split_outside_brackets(text, ";；"):
        result.extend(p.strip() for p in re.split(r"(?<=》)\s*[、,，]\s*(?=《)", piece) if p.strip())
    return result


def split_lines(text: str) -> list[str]:
    """One entry a line (our own exports and csv)."""
    return [line.strip() for line in cell_text(text).split("\n") if line.strip()]


def split_words(text: str) -> list[str]:
    """A list cell of our own exports (csv) or plain names: split on newlines, 、 ；; and commas (not
    inside brackets: 特定群体（项目单位、施工单位） stays whole)."""
    return _split_outside_brackets(cell_text(text), "\n、;；,，")


def normalise_channel(name: str) -> str:
    """A channel name as the catalog stores it: one of the 13 boxes, or '其他:<platform>' (the platform
    as written)."""
    name = re.sub(r"\s+", "", name).strip(",，;；、。")
    if not name:
        return ""
    key = name.translate(_FULLWIDTH)
    key = CHANNEL_ALIASES.get(key, key)
    if key in STANDARD_CHANNELS:
        return key
    if name.startswith(OTHER_CHANNEL):
        rest = name[len(OTHER_CHANNEL):]
        if rest[:1] in (":", "："):
            rest = rest[1:]
        elif rest[:1] in ("(", "（") and rest[-1:] in (")", "）"):
            rest = rest[1:-1]
        rest = rest.strip("_ ")
        return f"{OTHER_CHANNEL}:{rest}" if rest else OTHER_CHANNEL
    return f"{OTHER_CHANNEL}:{name}"


def parse_channels(text: str) -> list[str]:
    """'■政府网站 □政府公报 ■其他:投资项目在线审批监管平台' → the ticked ones; without marks, every name.
    The result is in the checklist's order, then the other platforms in the order written."""
    text = cell_text(text)
    if not text:
        return []
    if any(ch in MARKS for ch in text):
        names = [m.group(2) for m in re.finditer(rf"([{MARKS}])([^{MARKS}\n]*)", text) if m.group(1) in TICKED]
    else:
        names = re.split(r"[\n、;；,，]+", text)
    return order_channels(normalise_channel(n) for n in names)


def order_channels(channels) -> list[str]:
    unique = list(dict.fromkeys(c for c in channels if c))
    rank = {name: i for i, name in enumerate(STANDARD_CHANNELS)}
    return sorted(unique, key=lambda c: (rank.get(c, len(rank)), unique.index(c)))


def is_ticked(text: str, own_word: str = "") -> bool | None:
    """True for √ ■ ✓ 是 or the column's own word, False for blank, □, 否…; None when the cell holds some
    other text (the caller decides)."""
    text = cell_text(text)
    if not text:
        return False
    compact = re.sub(r"\s+", "", text).lower()
    if compact[0] in TICKED or compact in YES_WORDS:
        return True
    if compact[0] in UNTICKED or compact in NO_WORDS:
        return False
    if own_word and normalise_label(compact) == normalise_label(own_word):
        return True
    return None


def normalise_group_value(group: str, word: str) -> str:
    """特定群众 → 特定群体, 依申请公开 → 依申请; other words (县级, 乡、村级, 特定群体（教师）) as written."""
    return SUB_VALUES.get(group, {}).get(normalise_label(word)) or re.sub(r"\s+", "", word)


# --- raw grids -----------------------------------------------------------------------------------

@dataclass
class Grid:
    """One table as text: cells[r][c], merged ranges already filled with their top-left value."""

    name: str
    cells: list[list[str]]
    # Row numbers as the person sees them in the file (1-based); grids may skip nothing, but docx rows
    # are numbered within their table.
    title_above: str | None = None  # text above a docx table (its heading)
    note_above: str = ""
    # Our own exports (and csv) hold one list entry a line; 、 inside a line is part of the entry.
    lines_are_entries: bool = False


def _read_bytes(source) -> tuple[bytes, str | None]:
    size: int | None
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        limit = _max_bytes()
        size = os.path.getsize(path)
        if size > limit:
            raise FileRefused(_too_big(size, limit))
        with open(path, "rb") as fh:
            return fh.read(), os.path.basename(path)
    fileobj: BinaryIO = source
    name = getattr(fileobj, "name", None)
    size = getattr(fileobj, "size", None)
    if size is None:
        try:
            here = fileobj.tell()
            fileobj.seek(0, os.SEEK_END)
            size = fileobj.tell()
            fileobj.seek(here)
        except (AttributeError, OSError):
            size = None
    limit = _max_bytes()
    if size is not None and size > limit:
        raise FileRefused(_too_big(size, limit))
    data = fileobj.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise FileRefused(_too_big(len(data), limit))
    return data, os.path.basename(name) if isinstance(name, str) else None


def _max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _too_big(size: int, limit: int) -> ImportProblem:
    return ImportProblem("", None, "", f"文件过大（{size / 1024 / 1024:.1f} MB），超过上限 {limit / 1024 / 1024:.0f} MB。"
                                       "请删去与目录无关的工作表或图片后重试。")


def _file_problem(message: str) -> FileRefused:
    return FileRefused(ImportProblem("", None, "", message))


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def sniff_format(data: bytes, filename: str | None) -> str:
    """'xlsx', 'docx' or 'csv', judged by content; the name only words the message."""
    ext = os.path.splitext(filename or "")[1].lower()
    if not data.strip():
        raise _file_problem("文件为空。")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise _file_problem("文件已加密（设置了打开密码），无法读取。请取消密码后另存为 .xlsx 或 .docx 再导入。")
        raise _file_problem("文件是旧版 Excel/Word 格式（.xls/.doc）或已加密，无法读取。请另存为 .xlsx 或 .docx 再导入。")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise _file_problem("文件已损坏，不是有效的 Excel 或 Word 文件。")
        if any(n.lower().endswith("vbaproject.bin") for n in names) or ext in (".xlsm", ".docm"):
            raise _file_problem("文件含有宏（启用宏的工作簿或文档），出于安全原因不予读取。请另存为不含宏的 .xlsx 或 .docx。")
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        raise _file_problem("文件是压缩包，但不是 Excel 工作簿（.xlsx）或 Word 文档（.docx）。")
    if b"\x00" in data[:4096]:
        raise _file_problem(_not_a_table(ext))
    if ext in (".xlsx", ".xlsm", ".docx", ".xls", ".doc"):
        raise _file_problem(_not_a_table(ext))
    return "csv"


def _not_a_table(ext: str) -> str:
    kind = {".xlsx": "Excel 工作簿", ".xlsm": "Excel 工作簿", ".xls": "Excel 工作簿", ".docx": "Word 文档",
            ".doc": "Word 文档"}.get(ext)
    if kind:
        return f"文件扩展名是 {ext}，但内容不是{kind}（可能是改了扩展名的其他文件）。请用 Excel 或 WPS 打开后另存为 .xlsx 或 .docx。"
    return "无法识别的文件格式。请上传 .xlsx、.docx 或 .csv 文件。"


def _xlsx_grids(data: bytes) -> list[Grid]:
    """Every visible worksheet as a grid. The workbook is opened read-only and each sheet's XML parsed once
    (openpyxl's own cell parser, no cell objects or styles): a 5,000-row table reads in a fraction of the
    time the editable workbook takes."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for broken files
        raise _file_problem("Excel 文件已损坏或无法打开。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。")
    try:
        ours = (workbook.properties.keywords or "") == EXPORT_MARK
        grids: list[Grid] = []
        formulas: list[ImportProblem] = []
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                grids.append(Grid(sheet.title, _xlsx_cells(workbook, sheet, formulas), lines_are_entries=ours))
    finally:
        workbook.close()
    if formulas:
        raise _Many(formulas)
    return grids


def _xlsx_cells(workbook, sheet, formulas: list[ImportProblem]) -> list[list[str]]:
    """One read-only worksheet's cells as text, merged ranges filled with their top-left value (a merged
    range counts in the sheet's size, as the editable workbook's merged cells do). A formula is a problem
    added to `formulas`."""
    from openpyxl.utils.cell import range_boundaries

    values: dict[tuple[int, int], str] = {}
    max_row = max_col = 0
    try:
        with sheet._get_source() as source:
            parser = _sheet_parser()(source, sheet._shared_strings, data_only=False, epoch=workbook.epoch,
                                     date_formats=workbook._date_formats,
                                     timedelta_formats=workbook._timedelta_formats)
            for _, row in parser.parse():
                for cell in row:
                    r, c, value = cell["row"], cell["column"], cell["value"]
                    max_row, max_col = max(max_row, r), max(max_col, c)
                    if cell["data_type"] == "f" or hasattr(value, "text"):  # a formula or an ArrayFormula
                        formulas.append(ImportProblem(sheet.title, r, _letter(c - 1),
                                                      f"单元格 {_letter(c - 1)}{r} 含有公式，请改为直接填写文字后再导入。"))
                    elif value is not None:
                        values[r, c] = cell_text(value)
            merged = [range_boundaries(m.coord) for m in (parser.merged_cells.mergeCell if parser.merged_cells else [])]
    except Exception:  # noqa: BLE001 — a broken sheet is a broken file
        raise _file_problem("Excel 文件已损坏或无法打开。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。")
    for _, _, last_col, last_row in merged:
        max_row, max_col = max(max_row, last_row), max(max_col, last_col)
    cells = [["" for _ in range(max_col)] for _ in range(max_row)]
    for (r, c), text in values.items():
        cells[r - 1][c - 1] = text
    for first_col, first_row, last_col, last_row in merged:
        top = cells[first_row - 1][first_col - 1]
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                cells[r - 1][c - 1] = top
    return cells


@functools.cache
def _sheet_parser():
    """openpyxl's worksheet parser reading an inline string cell (what our exports and many generators write) by
    its text alone: openpyxl builds a rich-text object of it first, a fifth of reading a 5,000-row table. The text
    is the same: the last `t` of the string, then the last `t` of each of its runs (phonetic guides left out)."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            if element.get("t") != "inlineStr" or element.find(INLINE_STRING) is None or (
                    not self.data_only and element.find(FORMULA_TAG) is not None) or self.rich_text:
                return super().parse_cell(element)
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            style_id = element.get("s", 0)
            return {"row": row, "column": column, "value": _inline_text(element.find(INLINE_STRING)),
                    "data_type": "s", "style_id": int(style_id) if style_id else style_id}

    return Parser


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _inline_text(node) -> str:
    """The text of an inline string (`<is>`), as openpyxl's `Text.from_tree(node).content` gives it."""
    plain = None
    runs = []
    for child in node:
        name = _local(child.tag)
        if name == "t":
            plain = child.text
        elif name == "r":
            text = None
            for part in child:
                if _local(part.tag) == "t":
                    text = part.text
            if text is not None:
                runs.append(text)
    return (plain or "") + "".join(runs)


class _Many(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__(problems[0].message)
        self.problems = problems


def _docx_grids(data: bytes) -> list[Grid]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        raise _file_problem("Word 文件已损坏或无法打开。请用 Word 或 WPS 打开后另存为 .docx 再导入。")
    ours = (document.core_properties.keywords or "") == EXPORT_MARK
    grids: list[Grid] = []
    paragraphs: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = cell_text(Paragraph(block, document).text)
            if text:
                paragraphs.append(text)
        elif tag == "tbl":
            table = Table(block, document)
            cells = []
            for row in table.rows:
                # python-docx repeats a merged cell in every grid position it covers.
                cells.append([cell_text(c.text) for c in row.cells])
            width = max((len(r) for r in cells), default=0)
            cells = [r + [""] * (width - len(r)) for r in cells]
            title = next((p for p in reversed(paragraphs[-3:]) if _looks_like_title(p)), None)
            note = ""
            if title and paragraphs and paragraphs[-1] != title:
                note = paragraphs[-1]
            grids.append(Grid(f"表格{len(grids) + 1}", cells, title_above=title, note_above=note,
                              lines_are_entries=ours))
            paragraphs = []
    if not grids:
        raise _file_problem("Word 文档中没有表格。公开事项目录须以表格形式填写（见标准目录格式模板）。")
    return grids


def _looks_like_title(text: str) -> bool:
    return len(text) <= 80 and ("领域" in text or "目录" in text)


def _csv_grids(data: bytes) -> list[Grid]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_problem("无法识别文件的文字编码。请以 UTF-8 编码另存为 CSV，或上传 .xlsx 文件。")
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [[cell_text(text_of_csv_cell(c)) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    width = max((len(r) for r in rows), default=0)
    return [Grid("CSV", [r + [""] * (width - len(r)) for r in rows], lines_are_entries=True)]


# --- header detection ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)  # called for every cell of every row (header repeats): labels recur
def _field_for_label(label: str) -> str | None:
    label = normalise_label(label)
    if not label:
        return None
    for name, labels in FIELD_LABELS.items():
        if label in labels:
            return name
    # Headers like "公开内容（要素）及标准" or "公开渠道和载体（在对应项打■）".
    for name, labels in FIELD_LABELS.items():
        if name in ("number", "domain", "topic", "name"):
            continue
        if any(label.startswith(candidate) for candidate in labels):
            return name
    return None


def _header_score(row: list[str]) -> int:
    return len({f for f in (_field_for_label(c) for c in row) if f and f != "number"}
               | ({"topic"} if any(normalise_label(c) == "公开事项" for c in row) else set()))


@dataclass
class Header:
    first_row: int  # 0-based index of the first header row
    rows: int       # 1 or 2
    columns: dict[str, int]                        # single-column fields
    groups: dict[str, list[tuple[int, str]]]       # audience/manner/tiers → [(column, value)]
    group_lists: dict[str, int]                    # a group given as one list column (csv)


def _find_header(grid: Grid, sheet: str) -> tuple[Header | None, list[ImportProblem]]:
    candidates = [(i, _header_score(row)) for i, row in enumerate(grid.cells[:HEADER_SCAN_ROWS])]
    best = max(candidates, key=lambda c: c[1], default=(0, 0))
    if best[1] < 3:
        return None, []
    top = best[0]
    top_row = grid.cells[top]
    sub_row = grid.cells[top + 1] if top + 1 < len(grid.cells) else [""] * len(top_row)
    # A second header row holds only sub-labels (一级事项, 全社会, 主动, 县级 …) and the labels of the
    # cells merged down from the first; a data row never does.
    sub_cells = [(c, normalise_label(text)) for c, text in enumerate(sub_row) if normalise_label(text)]
    two_rows = bool(sub_cells) and any(label in SUB_LABELS or _tier_label(label) for _, label in sub_cells) and all(
        label in SUB_LABELS or _tier_label(label) or label == normalise_label(top_row[c]) or _field_for_label(label)
        for c, label in sub_cells)
    columns: dict[str, int] = {}
    groups: dict[str, list[tuple[int, str]]] = {}
    group_lists: dict[str, int] = {}
    for c, label in enumerate(top_row):
        sub = sub_row[c] if two_rows else ""
        sub_field = _field_for_label(sub) if sub and normalise_label(sub) != normalise_label(label) else None
        top_field = _field_for_label(label)
        if normalise_label(label) == "公开事项" and sub_field in ("topic", "name"):
            columns.setdefault(sub_field, c)
            continue
        if normalise_label(label) == "公开事项" and not two_rows:
            columns.setdefault("name", c)
            continue
        if top_field in GROUP_FIELDS:
            if two_rows and sub and normalise_label(sub) != normalise_label(label):
                groups.setdefault(top_field, []).append((c, normalise_group_value(top_field, sub)))
            else:
                group_lists.setdefault(top_field, c)
            continue
        if top_field is None and sub_field in ("topic", "name"):
            columns.setdefault(sub_field, c)
            continue
        if top_field and top_field not in columns:
            columns[top_field] = c
    header = Header(top, 2 if two_rows else 1, columns, groups, group_lists)
    missing = [f for f in REQUIRED if f not in columns and f not in groups and f not in group_lists]
    if missing:
        names = "、".join(f"“{HEADER_NAMES[f]}”" for f in missing)
        return None, [ImportProblem(sheet, top + 1, "", f"表头缺少{names}列。请使用标准目录格式模板（序号、公开事项（一级事项、二级事项）、"
                                                        "公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式、公开层级）。")]
    return header, []


def _tier_label(text: str) -> bool:
    label = normalise_label(text)
    return bool(label) and len(label) <= 8 and label.endswith("级") and label not in ("一级", "二级")


# --- rows ----------------------------------------------------------------------------------------

def _row_values(header: Header, row: list[str]) -> dict[str, str]:
    return {name: row[c] if c < len(row) else "" for name, c in header.columns.items()}


# The first characters a label can have (normalised): a cell beginning otherwise is no label of any kind.
_LABEL_STARTS = frozenset(label[:1] for label in (*(x for labels in FIELD_LABELS.values() for x in labels),
                                                  *SUB_LABELS, "公开事项"))


def _could_be_label(text: str) -> bool:
    """False when `text` cannot be a label: its first character after normalise_label (which drops spaces and
    makes full-width brackets half-width) begins none."""
    return text.lstrip()[:1].translate(_FULLWIDTH) in _LABEL_STARTS


def _is_header_repeat(row: list[str]) -> bool:
    # Both kinds of header need two cells that are labels; a data row seldom has two cells that could be one,
    # and looking closer normalises every cell of the row (a third of reading a 5,000-row table).
    if sum(1 for c in row if c and _could_be_label(c)) < 2:
        return False
    return _header_score(row) >= 3 or (
        sum(1 for c in row if normalise_label(c) in SUB_LABELS) >= 2 and not any(
            c for c in row if c and normalise_label(c) not in SUB_LABELS and not _tier_label(c)))


def _single_text(row: list[str]) -> str | None:
    values = {c for c in row if c}
    return values.pop() if len(values) == 1 else None


def _read_grid(grid: Grid, result: TableRead) -> None:  # noqa: C901 — the official table layout, every cell problem kept with its row and column
    sheet = grid.name
    if not any(any(c for c in row) for row in grid.cells):
        return  # an empty sheet (a workbook's spare Sheet2)
    header, problems = _find_header(grid, sheet)
    if problems:
        result.errors.extend(problems)
        return
    if header is None:
        texts = [t for t in (_single_text(row) for row in grid.cells if any(row)) if t]
        title = texts[0] if texts and _looks_like_title(texts[0]) else grid.title_above
        if title:
            # A domain written as its title and a line (未涉及领域事项说明) with no table: nothing to read.
            result.sheets.append(SheetInfo(sheet, title, title, texts[1] if len(texts) > 1 else grid.note_above))
        else:
            result.warnings.append(ImportProblem(sheet, None, "", "未找到目录表头，已跳过此表。"))
        return
    title = None
    note = grid.note_above
    for row in grid.cells[: header.first_row]:
        text = _single_text(row)
        if text and title is None and _looks_like_title(text):
            title = text
        elif text and title is not None and not note:
            note = text
    title = title or grid.title_above
    domain_hint = sheet if grid.title_above is None and not GENERIC_SHEET_NAME.match(sheet) and sheet != "CSV" else None
    domain_hint = domain_hint or title
    info = SheetInfo(sheet, title, domain_hint, note, has_tier_columns="tiers" in header.groups or "tiers" in header.group_lists)
    result.sheets.append(info)

    previous_topic = ""
    seen: dict[tuple[str | None, str, str], int] = {}
    width = max(len(r) for r in grid.cells)
    for index in range(header.first_row + header.rows, len(grid.cells)):
        row = grid.cells[index]
        row_number = index + 1
        if not any(row):
            continue
        single = _single_text(row)
        first = next((c for c in row if c), "")
        if re.match(r"^(备注|注|说明)\s*[:：]", first) or first in ("备注", "注："):
            break
        if _is_header_repeat(row):
            continue
        if single is not None and width >= 3 and sum(1 for c in row if c) >= 3:
            continue  # a heading merged across the whole row
        values = _row_values(header, row)
        for c, text in enumerate(row):
            warning = formula_warning(text)
            if warning:
                result.warnings.append(ImportProblem(sheet, row_number, _letter(c), warning))
        topic = values.get("topic", "")
        name = values.get("name", "")
        if not topic:
            topic = previous_topic
        bad = False
        if not topic:
            result.errors.append(ImportProblem(sheet, row_number, _letter(header.columns["topic"]),
                                               "一级事项为空，且上方没有可沿用的一级事项。"))
            bad = True
        if not name:
            if not any(values.get(f) for f in ("elements", "basis", "time_limit", "subject")) and single is not None:
                continue  # a stray note or a number alone
            result.errors.append(ImportProblem(sheet, row_number, _letter(header.columns["name"]), "二级事项为空。"))
            bad = True
        previous_topic = topic or previous_topic
        if bad:
            continue
        domain = values.get("domain") or domain_hint
        key = (domain, topic, name)
        if key in seen:
            result.errors.append(ImportProblem(
                sheet, row_number, _letter(header.columns["name"]),
                f"“{topic} / {name}”与第{seen[key]}行重复。"))
            continue
        seen[key] = row_number
        catalog_row = CatalogRow(
            sheet=sheet, row_number=row_number, domain_hint=domain, title=title,
            topic=topic, name=name, number=values.get("number", ""),
            elements=(split_lines if grid.lines_are_entries else split_elements)(values.get("elements", "")),
            basis=(split_lines if grid.lines_are_entries else split_basis)(values.get("basis", "")),
            time_limit=values.get("time_limit", ""),
            subject=values.get("subject", ""),
            channels=parse_channels(values.get("channels", "")),
        )
        for name in RESPONSIBLE_COLUMNS:
            if name in header.columns:
                setattr(catalog_row, name, values.get(name, ""))
                catalog_row.responsible_columns[name] = _letter(header.columns[name])
        for group in GROUP_FIELDS:
            setattr(catalog_row, group, _group_values(group, header, row, sheet, row_number, result,
                                                      grid.lines_are_entries))
        result.rows.append(catalog_row)
        info.rows += 1


def _group_values(group: str, header: Header, row: list[str], sheet: str, row_number: int,
                  result: TableRead, lines_are_entries: bool) -> list[str]:
    values: list[str] = []
    if group in header.group_lists:
        c = header.group_lists[group]
        text = row[c] if c < len(row) else ""
        if lines_are_entries:
            words = split_lines(text)
        elif group == "tiers":
            words = _split_outside_brackets(cell_text(text), "\n;；,，")  # 乡、村级 is one tier
        else:
            words = split_words(text)
        for word in words:
            ticked = is_ticked(word)
            if ticked is False:
                continue
            value = normalise_group_value(group, word)
            if group == "audience" and value not in (AUDIENCE_ALL, AUDIENCE_SPECIFIC) and not value.startswith(AUDIENCE_SPECIFIC):
                value = f"{AUDIENCE_SPECIFIC}（{word}）"
            if value not in values:
                values.append(value)
        return values
    for c, value in header.groups.get(group, []):
        text = row[c] if c < len(row) else ""
        ticked = is_ticked(text, value)
        if ticked is None:
            if group == "audience" and value == AUDIENCE_SPECIFIC:
                # The template's own example writes who the group is (项目单位) in the 特定群众 column.
                value = f"{AUDIENCE_SPECIFIC}（{cell_text(text)}）"
                ticked = True
            else:
                result.warnings.append(ImportProblem(sheet, row_number, _letter(c),
                                                     f"“{text}”不是勾选标记，已按“{value}”勾选处理。"))
                ticked = True
        if ticked and value not in values:
            values.append(value)
    return values


def _letter(column: int) -> str:
    return get_column_letter(column + 1)


# --- entry point ---------------------------------------------------------------------------------

def read_catalog_file(path_or_fileobj, *, filename: str | None = None) -> TableRead:
    """Read every catalog table in an xlsx, docx or csv file (the format is judged by content).

    Returns the rows with their sheet, row number and the text that names their domain (sheet name or
    title row; the 领域 column in csv). Nothing is written anywhere."""
    result = TableRead()
    try:
        data, own_name = _read_bytes(path_or_fileobj)
        fmt = sniff_format(data, filename or own_name)
        result.format = fmt
        grids = {"xlsx": _xlsx_grids, "docx": _docx_grids, "csv": _csv_grids}[fmt](data)
    except FileRefused as refused:
        result.errors.append(refused.problem)
        return result
    except _Many as many:
        result.errors.extend(many.problems)
        return result
    for grid in grids:
        _read_grid(grid, result)
    structural = any(e.row is None or (e.column == "" and "表头" in e.message) for e in result.errors)
    if not result.rows and not result.errors:
        if any(s for s in result.sheets):
            result.errors.append(ImportProblem("", None, "", "表格中没有任何公开事项行。"))
        else:
            result.errors.append(ImportProblem("", None, "", "未找到公开事项目录表头（序号、公开事项、公开内容（要素）、公开依据……）。"
                                                         "请使用标准目录格式模板。"))
    if structural:
        result.rows = []
    return result
