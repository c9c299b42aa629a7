"""A 通报 (notice) as docx and PDF in the 公文 layout of GB/T 9704: the 版头 (the issuing body's name and 文件 in
red), the 文号 under it, a red rule, the centred title in 小标宋, the addressee, the body in 仿宋 with numbered
headings in 黑体, the 落款 and the date. Fonts that are not installed fall back to the Noto CJK faces."""

from __future__ import annotations

import html
import io
import re

from gongkai.exchange.pdf import SERIF_STACK, html_to_pdf
from gongkai.oversight.models import Notice

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
RED = "C00000"
TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"

# 一、 二、 … are 一级标题 (黑体), （一） … 二级标题 (楷体 in the norm; 仿宋 bold here).
_LEVEL_1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL_2 = re.compile(r"^（[一二三四五六七八九十]+）")


def chinese_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _set_font(run, name: str, size: float, *, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def notice_docx(notice: Notice) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = notice.title
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def centred(text: str, font: str, size: float, **kw):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(p.add_run(text), font, size, **kw)
        return p

    centred(f"{notice.issuer}文件", TITLE_FONT, 26, color=RED)
    number = centred(notice.number or "　", BODY_FONT, 16)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", RED)):
        bottom.set(qn(key), value)
    border.append(bottom)
    number._p.get_or_add_pPr().append(border)
    centred(notice.title, TITLE_FONT, 22)
    if notice.addressee:
        p = document.add_paragraph()
        _set_font(p.add_run(f"{notice.addressee}："), BODY_FONT, 16)
    for text in notice.paragraphs:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        if _LEVEL_1.match(text):
            _set_font(p.add_run(text), HEADING_FONT, 16)
        elif _LEVEL_2.match(text):
            _set_font(p.add_run(text), BODY_FONT, 16, bold=True)
        else:
            _set_font(p.add_run(text), BODY_FONT, 16)
    for text in (notice.signed_by, chinese_date(notice.dated)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(p.add_run(text), BODY_FONT, 16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


NOTICE_CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: "{BODY_FONT}", "仿宋", {SERIF_STACK}; font-size: 16pt; line-height: 1.75; }}
.masthead {{ color: #c00000; text-align: center; font-family: "{TITLE_FONT}", {SERIF_STACK}; font-size: 30pt;
            letter-spacing: 2pt; margin: 0; }}
.number {{ text-align: center; margin: 8pt 0 0 0; padding-bottom: 6pt; border-bottom: 1.5pt solid #c00000; }}
h1 {{ text-align: center; font-family: "{TITLE_FONT}", {SERIF_STACK}; font-size: 22pt; font-weight: bold;
      margin: 24pt 0 18pt 0; line-height: 1.4; }}
p {{ margin: 0; text-indent: 2em; }}
p.addressee {{ text-indent: 0; }}
p.level-1 {{ font-family: "{HEADING_FONT}", "Noto Sans CJK SC", sans-serif; }}
p.level-2 {{ font-weight: bold; }}
.sign {{ text-align: right; text-indent: 0; margin-right: 2em; }}
.sign.first {{ margin-top: 24pt; }}
"""


def notice_html(notice: Notice) -> str:
    e = html.escape
    paragraphs = []
    for text in notice.paragraphs:
        cls = "level-1" if _LEVEL_1.match(text) else "level-2" if _LEVEL_2.match(text) else ""
        paragraphs.append(f'<p class="{cls}">{e(text)}</p>')
    addressee = f'<p class="addressee">{e(notice.addressee)}：</p>' if notice.addressee else ""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(notice.title)}</title>'
            f"<style>{NOTICE_CSS}</style></head><body>"
            f'<p class="masthead">{e(notice.issuer)}文件</p><p class="number">{e(notice.number) or "&#12288;"}</p>'
            f"<h1>{e(notice.title)}</h1>{addressee}{''.join(paragraphs)}"
            f'<p class="sign first">{e(notice.signed_by)}</p><p class="sign">{e(chinese_date(notice.dated))}</p>'
            f"</body></html>")


def notice_pdf(notice: Notice) -> bytes:
    return html_to_pdf(notice_html(notice))


def notice_filename(notice: Notice, ext: str) -> str:
    return f"{notice.number or notice.title}.{ext}"
