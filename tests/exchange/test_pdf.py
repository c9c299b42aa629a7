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


def test_images_from_data_uris_are_embedded_and_unreachable_ones_left_out(tmp_path):
    import segno

    qr = segno.make("https://example.invalid/r/1").png_data_uri(scale=4)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    data = pdf.html_to_pdf(
        f'<p>图</p><img src="{qr}"><img src="http://169.254.169.254/latest/meta-data/"><img src="file://{secret}">'
    )
    assert len(PdfReader(io.BytesIO(data)).pages[0].images) == 1


def test_the_fetcher_refuses_the_network_and_files_outside_the_base_directory(tmp_path):
    inside = tmp_path / "logo.txt"
    inside.write_text("ok")
    fetcher = pdf._fetcher(str(tmp_path), allow_network=False)
    with pytest.raises(ValueError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch(inside.as_uri()) is not None
    with pytest.raises(ValueError):
        pdf._fetcher(None, allow_network=False).fetch(inside.as_uri())
