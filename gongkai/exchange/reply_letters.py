"""Reply letters (政府信息公开申请答复书 / 告知书) as docx and PDF.

The body comes from the editable template of the reply's type (ReplyTemplate, else the default shipped in
disclosure_requests/data/reply_templates.json), rendered with Django template syntax. Around it the letter
always carries its number, the article relied on, the reasons (where given), the remedies (行政复议 /
行政诉讼, 第五十一条), the agency's name and the date. The applicant appears by name only."""

from __future__ import annotations

import html
import io
from datetime import date

from django.template import Context, Template

from gongkai.disclosure_requests.models import Reply
from gongkai.disclosure_requests.selectors import reply_template_for

CJK_FONT = "仿宋"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def agency_name(reply: Reply) -> str:
    request = reply.request
    if request.receiving_unit:
        return request.receiving_unit.name
    return f"{request.jurisdiction.name}人民政府"


def letter_context(reply: Reply) -> dict:
    """What a template may use. The request is passed for its code, description and dates; templates
    should address the applicant by `applicant` (name only)."""
    request = reply.request
    return {
        "applicant": request.applicant_display,
        "request": request,
        "reply": reply,
        "agency": agency_name(reply),
        "received_on": chinese_date(request.received_on) if request.received_on else "",
        "letter_date": chinese_date(reply.letter_date),
        "attachments": list(reply.attachments.all()),
    }


def render_letter(reply: Reply) -> dict:
    """The letter's parts as plain text: title, number, body paragraphs, article, reasons, remedies, agency,
    date, attachment names."""
    title, body = reply_template_for(reply.type)
    text = Template(body).render(Context(letter_context(reply), autoescape=False))
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    article = reply.article
    article_line = ""
    if article:
        basis = article if article.startswith("《") else f"《中华人民共和国政府信息公开条例》{article}"
        article_line = f"依据：{basis}。"
    reasons = reply.reasons.strip()
    reasons_line = f"理由：{reasons}" if reasons and reasons not in text else ""
    return {
        "title": title,
        "number": reply.letter_number,
        "paragraphs": paragraphs,
        "article": article_line,
        "reasons": reasons_line,
        "remedies": reply.remedies.strip(),
        "agency": agency_name(reply),
        "date": chinese_date(reply.letter_date),
        "attachments": [a.name for a in reply.attachments.all()],
    }


def _set_font(run, name: str = CJK_FONT, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def reply_letter_docx(reply: Reply) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    parts = render_letter(reply)
    document = Document()
    document.core_properties.title = parts["title"]
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(paragraph.add_run(parts["title"]), TITLE_FONT, 22, bold=True)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(paragraph.add_run(parts["number"]), size=14)

    def body(text: str, indent: bool = True) -> None:
        p = document.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        _set_font(p.add_run(text), size=16)

    for i, text in enumerate(parts["paragraphs"]):
        body(text, indent=i > 0)
    for key in ("reasons", "article", "remedies"):
        if parts[key]:
            body(parts[key])
    if parts["attachments"]:
        body("附件：" + "；".join(parts["attachments"]))
    for text in (parts["agency"], parts["date"]):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(p.add_run(text), size=16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


LETTER_CSS = """
h1 { text-align: center; font-size: 20pt; margin: 0 0 4pt 0; letter-spacing: 2pt; }
.number { text-align: center; margin: 0 0 16pt 0; }
p { margin: 0 0 6pt 0; text-indent: 2em; font-size: 14pt; }
p.first { text-indent: 0; }
.sign { text-align: right; text-indent: 0; }
"""


def reply_letter_html(reply: Reply) -> str:
    parts = render_letter(reply)
    e = html.escape
    lines = [f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(parts["title"])}</title>',
             f"<style>{LETTER_CSS}</style></head><body>",
             f'<h1 class="serif">{e(parts["title"])}</h1>', f'<div class="number">{e(parts["number"])}</div>']
    for i, text in enumerate(parts["paragraphs"]):
        lines.append(f'<p class="serif{" first" if i == 0 else ""}">{e(text)}</p>')
    for key in ("reasons", "article", "remedies"):
        if parts[key]:
            lines.append(f'<p class="serif">{e(parts[key])}</p>')
    if parts["attachments"]:
        lines.append(f'<p class="serif">{e("附件：" + "；".join(parts["attachments"]))}</p>')
    lines.append(f'<p class="serif sign">{e(parts["agency"])}</p><p class="serif sign">{e(parts["date"])}</p>')
    lines.append("</body></html>")
    return "\n".join(lines)


def reply_letter_pdf(reply: Reply) -> bytes:
    from gongkai.exchange.pdf import html_to_pdf

    return html_to_pdf(reply_letter_html(reply))


def reply_letter_filename(reply: Reply, ext: str) -> str:
    return f"答复书-{reply.request.tracking_code}.{ext}"
