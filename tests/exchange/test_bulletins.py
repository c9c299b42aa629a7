import datetime
import io

import pytest
from pypdf import PdfReader

from gongkai.core.errors import ValidationFailed
from gongkai.exchange import bulletins

URL = "https://gongkai.example.cn/j/430503000000/records/42/"

RECORD = {
    "title": "关于2026年秋季学期义务教育阶段学校招生范围的公告",
    "document_number": "大教发〔2026〕12号",
    "unit": "大祥区教育局",
    "jurisdiction": "大祥区",
    "index_number": "430503-JY-2026-0007",
    "published_on": datetime.date(2026, 8, 3),
    "body_html": '<p>根据《中华人民共和国义务教育法》，现将招生范围公告如下。</p>'
                 '<script>alert(1)</script><p onclick="x()">请家长<a href="javascript:alert(1)">留意</a>。</p>',
    "entries": [
        {"学校名称": "大祥区第一实验小学", "招生范围": "城西社区、城南社区", "招生计划": 360},
        {"学校名称": "大祥区翠园小学", "招生范围": "翠园社区", "招生计划": 240},
    ],
    "attachments": [{"name": "招生范围示意图.pdf"}, "报名材料清单.docx"],
    "revision": 2,
}


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_bulletin_opens_and_carries_the_record():
    data = bulletins.bulletin_pdf(RECORD, public_url=URL, printed_on=datetime.date(2026, 11, 23))
    reader = PdfReader(io.BytesIO(data))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    text = _text(data).replace("\n", "")
    for expected in ("义务教育阶段学校招生范围的公告", "大教发〔2026〕12号", "大祥区教育局", "2026年8月3日",
                     "大祥区第一实验小学", "翠园社区", "招生范围示意图.pdf", "报名材料清单.docx",
                     "本公告同步发布于", "扫码查看网上原文", "打印日期：2026年11月23日", "第2版"):
        assert expected in text, expected
    assert URL in text.replace(" ", "")


def test_the_qr_code_is_an_image_in_the_pdf():
    data = bulletins.bulletin_pdf(RECORD, public_url=URL, printed_on=datetime.date(2026, 11, 23))
    images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert len(images) == 1
    assert images[0].image.size[0] == images[0].image.size[1]  # square


def test_the_qr_code_encodes_the_public_url():
    import segno

    uri = bulletins.qr_data_uri(URL)
    assert uri.startswith("data:image/png;base64,")
    # same symbol segno makes for the URL: version and matrix come from the content alone
    assert segno.make(URL, error="m", micro=False).designator in ("4-M", "5-M", "6-M")


def test_the_body_is_sanitised_before_rendering():
    html = bulletins.bulletin_html(bulletins.bulletin_content(RECORD), public_url=URL,
                                   printed_on=datetime.date(2026, 11, 23))
    assert "<script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "请家长" in html


def test_a_record_without_entries_or_attachments_has_no_empty_sections():
    html = bulletins.bulletin_html(bulletins.bulletin_content({"title": "本期无此类信息"}), public_url=URL,
                                   printed_on=datetime.date(2026, 11, 23))
    assert "明细" not in html
    assert "附件" not in html


def test_a_bulletin_needs_a_title_and_an_address():
    with pytest.raises(ValidationFailed, match="标题"):
        bulletins.bulletin_pdf({"title": " "}, public_url=URL)
    with pytest.raises(ValidationFailed, match="地址"):
        bulletins.bulletin_pdf({"title": "公告"}, public_url="")


def test_many_entries_run_over_several_pages_with_the_footer_on_each():
    entries = [{"姓名": f"张某{i}", "村（社区）": "城西社区", "金额（元）": 500} for i in range(120)]
    data = bulletins.bulletin_pdf({"title": "2026年10月城乡低保发放名单", "entries": entries}, public_url=URL)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert "本公告同步发布于" in page.extract_text()
