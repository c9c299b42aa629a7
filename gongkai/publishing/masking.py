"""Masked copies of attachments: every privacy hit replaced by its proposed masking.

`mask_file(source, *, name=None, sensitive_words=None) -> MaskResult` (bytes of the masked copy, the
hits masked). txt/csv/html: text replacement; docx: run text replaced inside paragraphs and table cells
(formatting kept); xlsx: cell values replaced (styles, widths, merged cells kept); pdf and images: pages
rendered, filled boxes drawn over the hit characters (text-layer boxes from pdfium, or OCR word boxes for
scanned pages and images), written as a new image-based PDF / image. The original is not touched: the
publishing core keeps it, private.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from gongkai.publishing.privacy import Hit, apply_masks, scan_text
from gongkai.publishing.text_extraction import (
    LARGE_IMAGE_SHARE,
    MIN_TEXT_LAYER,
    OCR_SCALE,
    UnreadableFile,
    cell_text,
    decode_text,
    detect_type,
    docx_rows,
    html_to_text,
    image_share,
    ocr_lines,
    read_source,
    render_pdf_page,
)

BOX_COLOUR = (0, 0, 0)
BOX_PADDING = 2


@dataclass
class MaskResult:
    data: bytes
    kind: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return {"jpeg": ".jpg", "txt": ".txt"}.get(self.kind, f".{self.kind}")


def mask_file(source, *, name: str | None = None, sensitive_words=None) -> MaskResult:
    data, name = read_source(source, name)
    kind = detect_type(data, name)
    label = name or "输入"
    masker = {
        "txt": _mask_text, "csv": _mask_text, "html": _mask_html, "docx": _mask_docx, "xlsx": _mask_xlsx,
        "pdf": _mask_pdf, "png": _mask_image, "jpeg": _mask_image,
    }[kind]
    out, hits = masker(data, label, kind, sensitive_words)
    return MaskResult(out, kind, hits)


def masked_file_name(name: str, *, sensitive_words=None) -> str:
    """The file name with its hits masked (a name can leak as much as the content)."""
    return apply_masks(name, scan_text(name, sensitive_words=sensitive_words))


# text ---------------------------------------------------------------------------------------------

def _mask_text(data: bytes, label: str, kind: str, words) -> tuple[bytes, list[Hit]]:
    text = decode_text(data)
    hits = scan_text(text, sensitive_words=words)
    return apply_masks(text, hits).encode("utf-8"), hits


def _mask_html(data: bytes, label: str, kind: str, words) -> tuple[bytes, list[Hit]]:
    markup = decode_text(data)
    hits = scan_text(html_to_text(markup), sensitive_words=words)
    for hit in sorted(hits, key=lambda h: len(h.text), reverse=True):
        markup = markup.replace(hit.text, hit.masked)
    return markup.encode("utf-8"), hits


# docx ---------------------------------------------------------------------------------------------

def _paragraph_runs(paragraph) -> list:
    runs: list = []
    for item in paragraph.iter_inner_content():
        runs.extend(item.runs if hasattr(item, "runs") else [item])
    return runs


def replace_in_runs(runs, replacements: list[tuple[int, int, str]]) -> None:
    """Replace [start, end) of the runs' joined text by new text, keeping each run's formatting."""
    for start, end, new in sorted(replacements, reverse=True):
        pos, first = 0, True
        for run in runs:
            text = run.text
            run_start, run_end = pos, pos + len(text)
            pos = run_end
            if run_end <= start or run_start >= end:
                continue
            a, b = max(start, run_start) - run_start, min(end, run_end) - run_start
            run.text = text[:a] + (new if first else "") + text[b:]
            first = False


def _mask_docx(data: bytes, label: str, kind: str, words) -> tuple[bytes, list[Hit]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    all_hits: list[Hit] = []
    for _location, paragraphs in docx_rows(document):
        pieces, pos = [], 0
        for paragraph, part_location in paragraphs:
            text = paragraph.text.replace("\n", " ")
            pieces.append((pos, paragraph, text, part_location))
            pos += len(text) + 1
        row_text = "\t".join(p[2] for p in pieces)
        per_paragraph: dict[int, list] = {}
        for hit in scan_text(row_text, sensitive_words=words):
            for start, paragraph, text, part_location in pieces:
                if start <= hit.start and hit.end <= start + len(text):
                    per_paragraph.setdefault(id(paragraph), [paragraph, []])[1].append(
                        (hit.start - start, hit.end - start, hit.masked))
                    all_hits.append(hit.moved(0, part_location))
                    break
        for paragraph, replacements in per_paragraph.values():
            runs = _paragraph_runs(paragraph)
            if "".join(r.text for r in runs) == paragraph.text:
                replace_in_runs(runs, replacements)
            else:  # text outside runs (fields …): rewrite the paragraph's text in its first run
                paragraph.text = apply_masks(paragraph.text, [
                    Hit("", paragraph.text[s:e], s, e, new) for s, e, new in replacements])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), all_hits


# xlsx ---------------------------------------------------------------------------------------------

def _mask_xlsx(data: bytes, label: str, kind: str, words) -> tuple[bytes, list[Hit]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableFile(f"{label}：xlsx 文件无法读取（{exc.__class__.__name__}）。")
    all_hits: list[Hit] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            pieces, pos = [], 0
            for cell in row:
                if cell.value is None or not hasattr(cell, "coordinate"):
                    continue
                text = cell_text(cell.value).replace("\n", " ")
                pieces.append((pos, cell, text))
                pos += len(text) + 1
            if not pieces:
                continue
            hits = scan_text("\t".join(p[2] for p in pieces), sensitive_words=words)
            per_cell: dict[str, list] = {}
            for hit in hits:
                for start, cell, text in pieces:
                    if start <= hit.start and hit.end <= start + len(text):
                        local = Hit(hit.kind, hit.text, hit.start - start, hit.end - start, hit.masked)
                        per_cell.setdefault(cell.coordinate, [cell, text, []])[2].append(local)
                        all_hits.append(hit.moved(0, f"{sheet.title}!{cell.coordinate}"))
                        break
            for cell, text, local_hits in per_cell.values():
                cell.value = apply_masks(text, local_hits)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), all_hits


# pdf and images -----------------------------------------------------------------------------------

def _covered(hit: Hit) -> range:
    """Which characters of the hit the box must cover: the ones its masking changes."""
    if hit.kind == "sensitive_word" or len(hit.masked) != len(hit.text):
        common = 0
        while common < min(len(hit.text), len(hit.masked)) and hit.text[common] == hit.masked[common]:
            common += 1
        if hit.kind == "sensitive_word":
            common = 0
        return range(hit.start + common, hit.end)
    return range(hit.start, hit.end)


def _changed(hit: Hit, index: int) -> bool:
    if len(hit.masked) != len(hit.text) or hit.kind == "sensitive_word":
        return True
    i = index - hit.start
    return hit.text[i] != hit.masked[i]


def _draw(image, boxes: list[tuple[float, float, float, float]]) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in boxes:
        draw.rectangle(
            (left - BOX_PADDING, top - BOX_PADDING, right + BOX_PADDING, bottom + BOX_PADDING), fill=BOX_COLOUR)


def _hit_boxes(text: str, boxes: list, words) -> tuple[list, list[Hit]]:
    hits = scan_text(text, sensitive_words=words)
    drawn = []
    for hit in hits:
        for i in _covered(hit):
            if _changed(hit, i) and i < len(boxes) and boxes[i] is not None and not text[i].isspace():
                drawn.append(boxes[i])
    return drawn, hits


def _mask_ocr_image(image, words, location: str) -> list[Hit]:
    lines = ocr_lines(image)
    text = "\n".join(line.text for line in lines)
    boxes: list = []
    for line in lines:
        boxes.extend(line.boxes)
        boxes.append(None)
    drawn, hits = _hit_boxes(text, boxes, words)
    _draw(image, drawn)
    return [h.moved(0, location) for h in hits]


def _mask_text_page(page, image, scale: float, words, location: str) -> list[Hit] | None:
    """Boxes from the PDF's own text layer; None when the text layer cannot be mapped to characters."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        return None
    text = text.replace("\r", " ").replace("\x02", "-")
    height = page.get_height()
    boxes = []
    for i in range(count):
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        boxes.append((left * scale, (height - top) * scale, right * scale, (height - bottom) * scale))
    drawn, hits = _hit_boxes(text, boxes, words)
    _draw(image, drawn)
    return [h.moved(0, location) for h in hits]


def _mask_pdf(data: bytes, label: str, kind: str, words) -> tuple[bytes, list[Hit]]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception as exc:
        raise UnreadableFile(f"{label}：PDF 文件无法读取（{exc.__class__.__name__}）。")
    images, all_hits = [], []
    try:
        for index in range(len(document)):
            page = document[index]
            image = render_pdf_page(document, index, OCR_SCALE).convert("RGB")
            textpage = page.get_textpage()
            has_text = len(re.sub(r"\s", "", textpage.get_text_range())) >= MIN_TEXT_LAYER
            hits = _mask_text_page(page, image, OCR_SCALE, words, f"第{index + 1}页") if has_text else None
            if hits is None or image_share(page) >= LARGE_IMAGE_SHARE:
                # scanned page, or a scan pasted into a typed page: what the text layer masked is
                # already black, OCR finds the rest
                hits = (hits or []) + _mask_ocr_image(image, words, f"第{index + 1}页（文字识别）")
            all_hits.extend(hits)
            images.append(image)
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=OCR_SCALE * 72)
    return out.getvalue(), all_hits


def _mask_image(data: bytes, label: str, kind: str, words) -> tuple[bytes, list[Hit]]:
    from PIL import Image

    try:
        original = Image.open(io.BytesIO(data))
        original.load()
    except Exception as exc:
        raise UnreadableFile(f"{label}：图片无法读取（{exc.__class__.__name__}）。")
    image = original.convert("RGB")
    hits = _mask_ocr_image(image, words, "图片（文字识别）")
    out = io.BytesIO()
    image.save(out, "PNG" if kind == "png" else "JPEG", quality=92)
    return out.getvalue(), hits
