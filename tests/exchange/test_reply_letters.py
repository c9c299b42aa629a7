"""Reply letters and the annual report in the 公文 layout (issue 10): a letterhead, the 文号 line, room for the
seal; 仿宋 body and 小标宋 title where installed, Noto CJK otherwise."""

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from gongkai.disclosure_requests import services
from gongkai.exchange import pdf
from gongkai.exchange.reply_letters import reply_letter_docx, reply_letter_html, reply_letter_pdf
from tests.factories import received_request
from tests.worlds import requests_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply():
    world = requests_county()
    return services.request_reply(actor=world["officer"], request=received_request(world), type="partial",
                                  on=date(2025, 3, 20), reasons="含个人隐私",
                                  attachments=[("名单（已遮盖）.pdf", b"%PDF-1.4 fake", True)])


def _east_asia(run) -> str:
    fonts = run._element.get_or_add_rPr().find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else ""


def test_letter_html_has_letterhead_number_line_and_room_for_the_seal(reply):
    html = reply_letter_html(reply)
    assert re.search(r'class="letterhead"[^>]*>大祥区政务公开办<', html)
    assert re.search(rf'class="number"[^>]*>{re.escape(reply.letter_number)}<', html)
    assert 'class="seal-room"' in html
    assert (html.index('class="letterhead"') < html.index('class="number"') < html.index("<h1")
            < html.index('class="seal-room"'))
    assert "仿宋" in pdf.GONGWEN_CSS and "小标宋" in pdf.GONGWEN_CSS and "Noto Serif CJK SC" in pdf.GONGWEN_CSS


def test_letter_docx_uses_the_gongwen_fonts_and_a_red_letterhead(reply):
    document = Document(io.BytesIO(reply_letter_docx(reply)))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    head = paragraphs[0]
    assert head.text == "大祥区政务公开办" and _east_asia(head.runs[0]) == "方正小标宋简体"
    assert str(head.runs[0].font.color.rgb) == "FF0000"
    assert paragraphs[1].text == reply.letter_number
    title = next(p for p in paragraphs if "答复书" in p.text)
    assert _east_asia(title.runs[0]) == "方正小标宋简体"
    body = next(p for p in paragraphs if "含个人隐私" in p.text)
    assert _east_asia(body.runs[0]) == "仿宋_GB2312"
    # Room for the seal: empty paragraphs between the last line of the body and the signature.
    texts = [p.text for p in document.paragraphs]
    sign = max(i for i, t in enumerate(texts) if t == "大祥区政务公开办")
    assert texts[sign - 3:sign] == ["", "", ""]


def test_letter_pdf_falls_back_to_noto_cjk_when_the_gongwen_fonts_are_missing(reply):
    if not pdf.chinese_font_families():
        pytest.skip("no Chinese font")
    reader = PdfReader(io.BytesIO(reply_letter_pdf(reply)))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and any("CJK" in f or "FangSong" in f or "Song" in f for f in fonts), fonts
