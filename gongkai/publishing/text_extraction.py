"""Text out of attachments, with where each piece stands, for the privacy scanner.

`extract(source, *, name=None) -> Extracted`: txt, csv, html, pdf (pypdf; pages without a text layer are
rendered with pypdfium2 and read by tesseract OCR, chi_sim), docx (paragraphs and tables), xlsx (every
sheet and cell) and png/jpeg images (OCR). The type is judged by content (magic bytes), the name only
separates txt/csv/html. Unreadable input raises `UnreadableFile` with a Chinese message.

`scan_file(source, *, name=None, sensitive_words=None) -> list[Hit]`: the hits of the file's text and of
its name. Offsets are into `Extracted.text` (segments joined by newlines); hits in the file name carry
offsets into the name and the location "文件名".

No Django here: the command and the publishing services call it.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.publishing.privacy import Hit, scan_text

OCR_LANGUAGE = "chi_sim"
OCR_SCALE = 300 / 72  # render PDF pages at 300 dpi for OCR
MIN_TEXT_LAYER = 10  # a PDF page with fewer characters than this is taken to be scanned
LARGE_IMAGE_SHARE = 0.06  # an image this large (a pasted scan; a seal is ~2.5 %, a logo less) is OCR'd too


class UnreadableFile(Exception):
    """The file cannot be read; the message is Chinese and names the file."""


class OcrNeeded(Exception):
    """Reading the file needs OCR, and the caller asked for none (`extract(..., ocr=False)`): the text is left to the
    background job (publishing.attachment_text), which reads it with OCR."""


Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    location: str


@dataclass
class Segment:
    text: str
    location: str
    parts: tuple[Part, ...] = ()

    def location_at(self, offset: int) -> str:
        for part in self.parts:
            if part.start <= offset < part.end:
                return part.location
        return self.location


@dataclass
class Extracted:
    kind: str
    name: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)

    def offsets(self) -> list[int]:
        result, pos = [], 0
        for segment in self.segments:
            result.append(pos)
            pos += len(segment.text) + 1
        return result

    def to_data(self) -> dict:
        """JSON-ready: kept with an attachment so that the review scans the text without reading the file again."""
        return {"kind": self.kind, "name": self.name,
                "segments": [[s.text, s.location, [[p.start, p.end, p.location] for p in s.parts]]
                             for s in self.segments]}

    @classmethod
    def from_data(cls, data: dict) -> Extracted:
        return cls(data.get("kind", ""), data.get("name", ""), [
            Segment(text, location, tuple(Part(start, end, where) for start, end, where in parts))
            for text, location, parts in data.get("segments", [])])


# --------------------------------------------------------------------------------------------------
# type detection

def detect_type(data: bytes, name: str = "") -> str:  # noqa: C901 — one branch per file kind's magic bytes
    """pdf, docx, xlsx, png, jpeg, html, csv or txt; UnreadableFile otherwise."""
    suffix = Path(name).suffix.lower()
    label = name or "输入"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise UnreadableFile(f"{label}：文件已损坏，无法读取（压缩包结构错误）。")
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UnreadableFile(f"{label}：不支持的压缩文件格式，只能读取 docx、xlsx。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(f"{label}：旧版 Office 文件（doc/xls）无法读取，请另存为 docx 或 xlsx 后再检查。")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(f"{label}：无法识别的文件类型，只能读取 txt、csv、html、pdf、docx、xlsx、png、jpg。")
    head = data[:2048].lstrip().lower()
    if suffix in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix in ("", ".txt", ".text", ".md", ".log"):
        return "txt"
    raise UnreadableFile(f"{label}：不支持的文件类型“{suffix}”，只能读取 txt、csv、html、pdf、docx、xlsx、png、jpg。")


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


# --------------------------------------------------------------------------------------------------
# text-like files

def _lines(text: str) -> list[Segment]:
    """The whole text as one segment (offsets are offsets into the file's text), located by line."""
    parts, pos = [], 0
    for i, line in enumerate(text.split("\n"), start=1):
        parts.append(Part(pos, pos + len(line) + 1, f"第{i}行"))
        pos += len(line) + 1
    return [Segment(text, "", tuple(parts))] if text else []


_BLOCK_END = re.compile(r"</(?:p|div|tr|li|h[1-6]|table|section|article|br)\s*>|<br\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]\s*>", re.I)


def html_to_text(markup: str) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", markup, flags=re.I | re.S)
    markup = re.sub(r"<!--.*?-->", " ", markup, flags=re.S)
    markup = _CELL_END.sub("\t", markup)
    markup = _BLOCK_END.sub("\n", markup)
    markup = re.sub(r"<[^>]+>", "", markup)
    text = html.unescape(markup)
    return "\n".join(line.strip(" \t\r") for line in text.splitlines() if line.strip())


def _csv_segments(text: str) -> list[Segment]:
    segments = []
    for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        parts, pos = [], 0
        for c, cell in enumerate(row, start=1):
            parts.append(Part(pos, pos + len(cell), f"第{r}行第{c}列"))
            pos += len(cell) + 1
        segments.append(Segment("\t".join(row), f"第{r}行", tuple(parts)))
    return segments


# --------------------------------------------------------------------------------------------------
# Office files

def docx_rows(document) -> Iterable[tuple[str, list]]:
    """(location, [(paragraph, location) …]) for body paragraphs, table rows (merged cells once), then
    each section's own header and footer."""
    for i, paragraph in enumerate(document.paragraphs, start=1):
        yield f"第{i}段", [(paragraph, f"第{i}段")]
    yield from _docx_tables(document.tables, "表")
    for s, section in enumerate(document.sections, start=1):
        for part, label in ((section.header, "页眉"), (section.footer, "页脚")):
            if part.is_linked_to_previous:  # no header/footer of its own (reading would add one)
                continue
            for i, paragraph in enumerate(part.paragraphs, start=1):
                yield f"第{s}节{label}第{i}段", [(paragraph, f"第{s}节{label}第{i}段")]
            yield from _docx_tables(part.tables, f"第{s}节{label}表")


def _docx_tables(tables, label: str) -> Iterable[tuple[str, list]]:
    for t, table in enumerate(tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            seen, cells = set(), []
            for c, cell in enumerate(row.cells, start=1):
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                for paragraph in cell.paragraphs:
                    cells.append((paragraph, f"{label}{t} 第{r}行第{c}列"))
            yield f"{label}{t} 第{r}行", cells


def _docx_segments(data: bytes, label: str) -> list[Segment]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds
        raise UnreadableFile(f"{label}：docx 文件无法读取（{exc.__class__.__name__}）。")
    segments = []
    for location, paragraphs in docx_rows(document):
        text, parts = _join_parts((p.text, loc) for p, loc in paragraphs)
        if text.strip():
            segments.append(Segment(text, location, parts))
    return segments


def _join_parts(pieces: Iterable[tuple[str, str]]) -> tuple[str, tuple[Part, ...]]:
    texts, parts, pos = [], [], 0
    for text, location in pieces:
        text = text.replace("\n", " ")
        parts.append(Part(pos, pos + len(text), location))
        texts.append(text)
        pos += len(text) + 1
    return "\t".join(texts), tuple(parts)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_segments(data: bytes, label: str) -> list[Segment]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableFile(f"{label}：xlsx 文件无法读取（{exc.__class__.__name__}）。")
    segments = []
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                pieces = [(cell_text(cell.value), f"{sheet.title}!{cell.coordinate}")
                          for cell in row if cell.value is not None and hasattr(cell, "coordinate")]
                if pieces:
                    text, parts = _join_parts(pieces)
                    number = next(cell.row for cell in row if hasattr(cell, "coordinate"))
                    segments.append(Segment(text, f"{sheet.title}!第{number}行", parts))
    finally:
        workbook.close()
    return segments


# --------------------------------------------------------------------------------------------------
# OCR

@dataclass
class OcrLine:
    text: str
    boxes: list[tuple[int, int, int, int]]  # one (left, top, right, bottom) per character of text


def tesseract_available() -> bool:
    if shutil.which("tesseract") is None:
        return False
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return OCR_LANGUAGE in out.stdout.split()


def ocr_lines(image) -> list[OcrLine]:
    """The lines tesseract reads in a Pillow image, each character with its box."""
    if shutil.which("tesseract") is None:
        raise UnreadableFile("未安装 tesseract，无法识别图片或扫描件中的文字。")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.convert("RGB").save(path)
        result = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", OCR_LANGUAGE, "tsv"],
            capture_output=True, text=True, timeout=300,
        )
    if result.returncode != 0:
        raise UnreadableFile(f"文字识别失败：{result.stderr.strip()[:200]}")
    grouped: dict[tuple, list] = {}
    for row in result.stdout.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
        left, top, width, height = (int(v) for v in cols[6:10])
        grouped.setdefault(key, []).append((int(cols[5]), left, top, width, height, cols[11].strip()))
    lines = []
    for key in sorted(grouped):
        words = sorted(grouped[key])
        heights = sorted(w[4] for w in words)
        gap_limit = heights[len(heights) // 2] * 0.6
        text, boxes, previous_right = "", [], None
        for _, left, top, width, height, word in words:
            if previous_right is not None and left - previous_right > gap_limit:
                text += " "
                boxes.append((previous_right, top, left, top + height))
            step = width / len(word)
            for i, _ch in enumerate(word):
                boxes.append((int(left + i * step), top, int(left + (i + 1) * step) + 1, top + height))
            text += word
            previous_right = left + width
        lines.append(OcrLine(text, boxes))
    return lines


def _image_segments(data: bytes, label: str, location: str = "图片", *, ocr: bool = True) -> list[Segment]:
    from PIL import Image

    if not ocr:
        raise OcrNeeded(f"{label}：图片中的文字需要识别。")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:
        raise UnreadableFile(f"{label}：图片无法读取（{exc.__class__.__name__}）。")
    text = "\n".join(line.text for line in ocr_lines(image))
    return [Segment(text, f"{location}（文字识别）")] if text.strip() else []


def render_pdf_page(pdf_document, index: int, scale: float = OCR_SCALE):
    return pdf_document[index].render(scale=scale).to_pil()


def image_share(page) -> float:
    """The largest share of a pdfium page covered by one image (a scan pasted into a typed page)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, abs(right - left) * abs(top - bottom) / (width * height or 1))
    return best


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text)


def _pdf_segments(data: bytes, label: str, *, ocr: bool = True, progress: Progress | None = None) -> list[Segment]:
    import pypdf
    import pypdfium2

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(f"{label}：PDF 已加密，无法读取。")
        texts = [page.extract_text() or "" for page in reader.pages]
        document = pypdfium2.PdfDocument(data)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"{label}：PDF 文件无法读取（{exc.__class__.__name__}）。")
    segments = []
    try:
        for i, text in enumerate(texts):
            has_text = len(_compact(text)) >= MIN_TEXT_LAYER
            if has_text:
                segments.append(Segment(text, f"第{i + 1}页"))
            if progress is not None:
                progress(i, len(texts))
            if has_text and image_share(document[i]) < LARGE_IMAGE_SHARE:
                continue
            if not ocr:
                raise OcrNeeded(f"{label}：第{i + 1}页是扫描件，需要文字识别。")
            known = _compact(text)
            lines = [line.text for line in ocr_lines(render_pdf_page(document, i))]
            # a searchable scan repeats its image as text: keep only what the text layer lacks
            lines = [line for line in lines if _compact(line) and _compact(line) not in known]
            if lines:
                segments.append(Segment("\n".join(lines), f"第{i + 1}页（文字识别）"))
    finally:
        document.close()
    if progress is not None:
        progress(len(texts), len(texts))
    return segments


# --------------------------------------------------------------------------------------------------

def read_source(source, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), name or ""
    path = Path(source)
    try:
        return path.read_bytes(), name or path.name
    except FileNotFoundError:
        raise UnreadableFile(f"{path}：文件不存在。")
    except IsADirectoryError:
        raise UnreadableFile(f"{path}：是目录，不是文件。")
    except OSError as exc:
        raise UnreadableFile(f"{path}：无法读取（{exc.strerror}）。")


def extract(source, *, name: str | None = None, ocr: bool = True, progress: Progress | None = None) -> Extracted:
    """The text segments of a file (path or bytes; `name` for bytes, used for messages and txt/csv/html). With
    `ocr=False` a scanned page or an image raises OcrNeeded instead of being read; `progress(done, total)` is told
    after each page of a PDF (OCR takes seconds a page)."""
    data, name = read_source(source, name)
    label = name or "输入"
    kind = detect_type(data, name)
    if kind == "pdf":
        segments = _pdf_segments(data, label, ocr=ocr, progress=progress)
    elif kind == "docx":
        segments = _docx_segments(data, label)
    elif kind == "xlsx":
        segments = _xlsx_segments(data, label)
    elif kind in ("png", "jpeg"):
        segments = _image_segments(data, label, ocr=ocr)
    elif kind == "html":
        segments = _lines(html_to_text(decode_text(data)))
    elif kind == "csv":
        segments = _csv_segments(decode_text(data))
    else:
        segments = _lines(decode_text(data))
    return Extracted(kind, name, segments)


def scan_extracted(extracted: Extracted, *, sensitive_words=None) -> list[Hit]:
    hits: list[Hit] = []
    for offset, segment in zip(extracted.offsets(), extracted.segments, strict=True):
        for hit in scan_text(segment.text, sensitive_words=sensitive_words):
            hits.append(hit.moved(offset, segment.location_at(hit.start)))
    return hits


def scan_name(name: str, *, sensitive_words=None) -> list[Hit]:
    return [h.moved(0, "文件名") for h in scan_text(Path(name).name, sensitive_words=sensitive_words)] if name else []


def scan_file(source, *, name: str | None = None, sensitive_words=None) -> list[Hit]:
    """Hits in the file name (location "文件名") and in the file's text."""
    return scan_file_text(extract(source, name=name), sensitive_words=sensitive_words)


def scan_file_text(extracted: Extracted, *, sensitive_words=None) -> list[Hit]:
    """`scan_file` over text extracted before (kept with an attachment)."""
    return scan_name(extracted.name, sensitive_words=sensitive_words) + scan_extracted(
        extracted, sensitive_words=sensitive_words)


def extract_text(source, name: str | None = None) -> str:
    """All the text of a file as one string (segments joined by newlines); see `scan_file` for locations."""
    return extract(source, name=name).text
