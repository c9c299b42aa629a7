"""Reply letters (政府信息公开申请答复书 / 告知书) as docx and PDF.

The body comes from the template of the reply's type in force for the agency's jurisdiction (its own
ReplyTemplate, else the nearest one up the tree, else the installation's, else the default shipped in
disclosure_requests/data/reply_templates.json: selectors.reply_template_for), rendered in the sandbox. Around it the letter
always carries its number, the article relied on, the reasons (where given), the remedies (行政复议 /
行政诉讼, 第五十一条), the agency's name and the date. The applicant appears by name only."""

from __future__ import annotations

import html
import io
from datetime import date

from gongkai.disclosure_requests import letter_templates
from gongkai.disclosure_requests.models import Reply
from gongkai.disclosure_requests.selectors import letter_jurisdiction, reply_template_for

# The 公文 fonts (GB/T 9704); Word falls back to what the reader's machine has.
CJK_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
RED = "FF0000"
SEAL_ROOM_LINES = 3
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
    """What a template may use: plain values only (disclosure_requests.letter_templates) — the applicant's
    name, the request's code and description, dates, the decision and its articles; never the request or
    reply object, whose other fields (the applicant's ID number, address) a template must not reach."""
    request = reply.request
    return {
        "applicant": request.applicant_display,
        "request": {"tracking_code": request.tracking_code, "description": request.description},
        "reply": {
            "type": reply.get_type_display(), "article": reply.article, "reasons": reply.reasons,
            "information": getattr(reply, "information", ""), "how_to_obtain": getattr(reply, "how_to_obtain", ""),
            "responsible_agency": getattr(reply, "responsible_agency", ""),
            "responsible_agency_contact": getattr(reply, "responsible_agency_contact", ""),
            "special_law": getattr(reply, "special_law", ""),
            "get_withholding_ground_display": reply.get_withholding_ground_display()
            if hasattr(reply, "get_withholding_ground_display") else "",
        },
        "agency": agency_name(reply),
        "received_on": chinese_date(request.received_on) if request.received_on else "",
        "letter_date": chinese_date(reply.letter_date),
        "attachments": [{"name": a.name} for a in reply.attachments.all()],
    }


def render_letter(reply: Reply) -> dict:
    """The letter's parts as plain text: title, number, body paragraphs, article, reasons, remedies, agency,
    date, attachment names."""
    template = reply_template_for(reply.type, letter_jurisdiction(reply.request))
    title = template.title
    text = letter_templates.render(template.body, letter_context(reply))
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


def _set_font(run, name: str = CJK_FONT, size: float | None = None, bold: bool = False, color: str = "") -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = LATIN_FONT
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _red_rule(paragraph) -> None:
    """The red line under the letterhead (a bottom border of the 文号 paragraph)."""
    from docx.oxml.ns import qn

    ppr = paragraph._element.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "6",
                                                  qn("w:color"): RED})
    borders.append(bottom)
    ppr.append(borders)


def reply_letter_docx(reply: Reply) -> bytes:
    """The letter in the 公文 layout: red letterhead (the agency), the 文号 line over a red rule, the title in
    小标宋, the body in 仿宋 三号 (16 pt), room for the seal above the agency's name and the date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    parts = render_letter(reply)
    document = Document()
    document.core_properties.title = parts["title"]
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(paragraph.add_run(parts["agency"]), TITLE_FONT, 26, color=RED)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(paragraph.add_run(parts["number"]), size=16)
    _red_rule(paragraph)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(12)
    _set_font(paragraph.add_run(parts["title"]), TITLE_FONT, 22)

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
    for _ in range(SEAL_ROOM_LINES):  # the seal goes here, over the agency's name and the date
        document.add_paragraph()
    for text in (parts["agency"], parts["date"]):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(64)
        _set_font(p.add_run(text), size=16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


LETTER_CSS = """
@page { margin: 37mm 26mm 35mm 28mm; }
.letterhead { text-align: center; color: #e00; font-size: 26pt; letter-spacing: 4pt; margin: 0 0 8pt 0; }
.number { text-align: center; font-size: 16pt; margin: 0 0 18pt 0; padding-bottom: 6pt; border-bottom: 2px solid #e00; }
h1 { text-align: center; font-size: 22pt; font-weight: normal; margin: 0 0 16pt 0; }
p { margin: 0; text-indent: 2em; font-size: 16pt; line-height: 1.75; }
p.first { text-indent: 0; }
.seal-room { height: 42mm; }
.sign { text-align: right; text-indent: 0; padding-right: 4em; }
"""


def reply_letter_html(reply: Reply) -> str:
    parts = render_letter(reply)
    e = html.escape
    lines = [f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(parts["title"])}</title>',
             f"<style>{LETTER_CSS}</style></head><body>",
             f'<div class="letterhead">{e(parts["agency"])}</div>',
             f'<div class="number">{e(parts["number"])}</div>',
             f'<h1 class="gongwen-title">{e(parts["title"])}</h1>']
    for i, text in enumerate(parts["paragraphs"]):
        lines.append(f'<p class="{"first" if i == 0 else ""}">{e(text)}</p>')
    for key in ("reasons", "article", "remedies"):
        if parts[key]:
            lines.append(f"<p>{e(parts[key])}</p>")
    if parts["attachments"]:
        lines.append(f'<p>{e("附件：" + "；".join(parts["attachments"]))}</p>')
    lines.append('<div class="seal-room" aria-hidden="true"></div>')
    lines.append(f'<p class="sign">{e(parts["agency"])}</p><p class="sign">{e(parts["date"])}</p>')
    lines.append("</body></html>")
    return "\n".join(lines)


def reply_letter_pdf(reply: Reply) -> bytes:
    from gongkai.exchange.pdf import html_to_pdf

    return html_to_pdf(reply_letter_html(reply), gongwen=True)


def reply_letter_filename(reply: Reply, ext: str) -> str:
    return f"答复书-{reply.request.tracking_code}.{ext}"
