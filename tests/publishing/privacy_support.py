"""Fake personal data for the privacy tests: checksum-valid but generated, never real."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from gongkai.publishing.privacy import id_check_digit

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


def fake_id(region: str = "430503", birth: str = "19900101", seq: str = "123") -> str:
    first17 = region + birth + seq
    return first17 + id_check_digit(first17)


def luhn_complete(prefix: str) -> str:
    """`prefix` + the Luhn check digit."""
    for d in "0123456789":
        candidate = prefix + d
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return candidate
    raise AssertionError


def luhn_invalid(prefix: str) -> str:
    valid = luhn_complete(prefix)
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


def cjk_font() -> str | None:
    return next((p for p in FONT_CANDIDATES if Path(p).exists()), None)


def tesseract_ready() -> bool:
    from gongkai.publishing.text_extraction import tesseract_available

    return shutil.which("tesseract") is not None and tesseract_available()


needs_ocr = pytest.mark.skipif(
    not tesseract_ready() or cjk_font() is None,
    reason="需要 tesseract（含 chi_sim 语言包）和 Noto CJK 字体（Debian: tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk）",
)


# ------------------------------------------------------------------------------------------------
# files built for the extraction, masking and command tests (fake people only)

PEOPLE = [
    ("王小明", fake_id("430503", "19900101", "123"), "13812345678", "七里村3组12号"),
    ("李桂英", fake_id("430503", "19561120", "046"), "13973912345", "檀江村五组8号"),
    ("赵建国", fake_id("430503", "19781003", "271"), "15073900001", "敏州社区红旗路18号"),
]


def build_xlsx(path: Path, rows: int | None = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "低保名单"
    ws.append(["序号", "姓名", "身份证号", "联系电话", "家庭住址", "保障金额（元）"])
    ws.column_dimensions["C"].width = 24
    people = PEOPLE if rows is None else [
        (PEOPLE[i % 3][0], fake_id("430503", "19800101", f"{i % 1000:03d}"), f"138{i:08d}", PEOPLE[i % 3][3])
        for i in range(rows)
    ]
    for i, (name, idn, phone, address) in enumerate(people, start=1):
        ws.append([i, name, idn, int(phone), address, 560.5])
    notes = wb.create_sheet("说明")
    notes["A1"] = "本表由大祥区民政局编制，统一社会信用代码 11430503MB1234567X。"
    notes["B3"] = "经办人电话：13700001111"
    wb.save(path)
    return path


def build_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "经办人手机 13900001111"
    document.add_paragraph("大祥区2024年临时救助对象公示")
    paragraph = document.add_paragraph("联系人：")
    paragraph.add_run("张").bold = True
    paragraph.add_run("老师，电话138")
    paragraph.add_run("12345678。")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["姓名", "身份证号", "住址"], strict=True):
        cell.text = text
    for name, idn, _phone, address in PEOPLE[:2]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, idn, address
    document.save(path)
    return path


def build_text_pdf(path: Path) -> Path:
    import weasyprint

    rows = "".join(f"<tr><td>{n}</td><td>{i}</td><td>{p}</td></tr>" for n, i, p, _ in PEOPLE[:2])
    html = f"""<html><head><style>body {{ font-family: 'Noto Sans CJK SC'; font-size: 12pt; }}</style></head>
    <body><h1>城市低保公示</h1><p>以下为本月新增对象。</p><table>{rows}</table></body></html>"""
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def render_lines(lines: list[str], size: int = 44):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(cjk_font(), size)
    image = Image.new("RGB", (1654, 200 + len(lines) * size * 2), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 100 + i * size * 2), line, font=font, fill="black")
    return image


SCANNED_LINES = ["大祥区低保对象名单", f"王小明 {PEOPLE[0][1]}", "以上名单公示七天"]


def build_png(path: Path) -> Path:
    render_lines(SCANNED_LINES).save(path)
    return path


def build_scanned_pdf(path: Path) -> Path:
    render_lines(SCANNED_LINES).save(path, "PDF", resolution=200)
    return path


def build_mixed_pdf(path: Path) -> Path:
    """A typed page with a scanned list pasted in (how many 低保 lists leaked)."""
    import base64

    import weasyprint

    buffer = io.BytesIO()
    render_lines(SCANNED_LINES).save(buffer, "PNG")
    src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    html = f"""<html><head><style>body {{ font-family: 'Noto Sans CJK SC'; }} img {{ width: 100%; }}</style></head>
    <body><h1>关于公示城市低保对象的通知</h1><p>现将名单公示如下，公示期七天。</p><img src="{src}"></body></html>"""
    weasyprint.HTML(string=html).write_pdf(path)
    return path
