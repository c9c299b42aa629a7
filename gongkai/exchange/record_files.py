"""A record as the office files and prints it: docx and PDF of its working copy in the 公文 order — title, 文号,
body, attachments, 落款 (the unit) and date, and under them the 附注 with the disclosure attribute as the norms word
it (此件主动公开 / 此件依申请公开 / 此件不予公开; seed 002: "在文件上标注"). The public bulletin for notice boards is
`exchange.bulletins`; this is the staff's document, whatever the attribute."""

from __future__ import annotations

import html
import io
from typing import Any

from gongkai.exchange.bulletins import sanitise_body
from gongkai.exchange.notices import BODY_FONT, TITLE_FONT, _set_font, chinese_date
from gongkai.exchange.pdf import SERIF_STACK, html_to_pdf
from gongkai.publishing.text_extraction import html_to_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def _attachments(record: Any) -> list[str]:
    return [a.name for a in record.attachments.all()]


def record_docx(record: Any) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = record.title
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def paragraph(text: str, font: str = BODY_FONT, size: float = 16, *, align=None, indent: bool = False):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        _set_font(p.add_run(text), font, size)
        return p

    if record.document_number:
        paragraph(record.document_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(record.title, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in html_to_text(record.body or "").splitlines():
        if line.strip():
            paragraph(line.strip(), indent=True)
    attachments = _attachments(record)
    if attachments:
        paragraph("附件：" + "；".join(f"{i}. {name}" for i, name in enumerate(attachments, 1)), indent=True)
    paragraph(record.unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(chinese_date(record.formed_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if record.attribute_mark:
        paragraph(f"（{record.attribute_mark}）", indent=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


RECORD_CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: "{BODY_FONT}", "仿宋", {SERIF_STACK}; font-size: 16pt; line-height: 1.75; }}
.number {{ text-align: center; margin: 0; }}
h1 {{ text-align: center; font-family: "{TITLE_FONT}", {SERIF_STACK}; font-size: 22pt; font-weight: bold;
      margin: 18pt 0 18pt 0; line-height: 1.4; }}
.body p {{ margin: 0; text-indent: 2em; }}
.attachments {{ margin: 12pt 0 0 2em; }}
.sign {{ text-align: right; margin: 0 2em 0 0; }}
.sign.first {{ margin-top: 24pt; }}
.mark {{ margin: 12pt 0 0 2em; }}
"""


def record_html(record: Any) -> str:
    e = html.escape
    number = f'<p class="number">{e(record.document_number)}</p>' if record.document_number else ""
    attachments = _attachments(record)
    listed = ("<p class=\"attachments\">附件：" + "<br>".join(f"{i}. {e(n)}" for i, n in enumerate(attachments, 1))
              + "</p>") if attachments else ""
    mark = f'<p class="mark">（{e(record.attribute_mark)}）</p>' if record.attribute_mark else ""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(record.title)}</title>'
            f"<style>{RECORD_CSS}</style></head><body>{number}<h1>{e(record.title)}</h1>"
            f'<div class="body">{sanitise_body(record.body or "")}</div>{listed}'
            f'<p class="sign first">{e(record.unit.name)}</p><p class="sign">{e(chinese_date(record.formed_on))}</p>'
            f"{mark}</body></html>")


def record_pdf(record: Any) -> bytes:
    return html_to_pdf(record_html(record))


def record_filename(record: Any, ext: str) -> str:
    return f"{record.index_number or record.pk}-{record.title[:40]}.{ext}"
