import io

import pytest
from pypdf import PdfReader

from gongkai.core.errors import ValidationFailed
from gongkai.exchange import pdf


def test_chinese_text_survives_into_the_pdf():
    data = pdf.html_to_pdf("<h1>大祥区政府信息公开公告</h1><p>邵阳市大祥区教育局 2026年11月23日</p>")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    # A4 = 595 × 842 points
    assert round(float(page.mediabox.width)) == 595
    assert round(float(page.mediabox.height)) == 842
    text = page.extract_text()
    assert "政府信息公开公告" in text
    assert "教育局" in text


def test_the_fonts_of_the_stack_are_installed():
    families = pdf.chinese_font_families()
    assert "Noto Sans CJK SC" in families or "Noto Serif CJK SC" in families


def test_no_chinese_font_is_refused_in_chinese(monkeypatch):
    monkeypatch.setattr(pdf, "chinese_font_families", lambda: ())
    with pytest.raises(ValidationFailed) as excinfo:
        pdf.html_to_pdf("<p>汉字</p>")
    assert "中文字体" in excinfo.value.message
    assert "fonts-noto-cjk" in excinfo.value.message
