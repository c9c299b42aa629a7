"""Text extraction from each file type, with locations, and the scan of the extracted text."""

from __future__ import annotations

import pytest

from gongkai.publishing.text_extraction import UnreadableFile, detect_type, extract, scan_file
from tests.publishing.privacy_support import (
    PEOPLE,
    build_docx,
    build_mixed_pdf,
    build_png,
    build_scanned_pdf,
    build_text_pdf,
    build_xlsx,
    needs_ocr,
)


def kinds(hits):
    return sorted({h.kind for h in hits})


def test_xlsx_every_sheet_and_cell_with_its_location(tmp_path):
    hits = scan_file(build_xlsx(tmp_path / "低保名单.xlsx"))
    by_location = {(h.location, h.text) for h in hits}
    assert ("低保名单!C2", PEOPLE[0][1]) in by_location
    assert ("低保名单!D2", "13812345678") in by_location  # a phone stored as a number
    assert ("低保名单!B2", "王小明") in by_location  # the name beside them
    assert ("低保名单!E4", "敏州社区红旗路18号") in by_location
    assert ("说明!B3", "13700001111") in by_location
    assert not any("11430503MB1234567X" in h.text for h in hits)


def test_docx_paragraphs_split_runs_and_tables(tmp_path):
    hits = scan_file(build_docx(tmp_path / "公示.docx"))
    found = {(h.location, h.kind, h.text) for h in hits}
    assert ("第2段", "mobile", "13812345678") in found  # written across three runs
    assert ("表1 第2行第2列", "id_number", PEOPLE[0][1]) in found
    assert ("表1 第3行第1列", "name", "李桂英") in found
    assert ("表1 第3行第3列", "address", "檀江村五组8号") in found
    assert ("第1节页眉第1段", "mobile", "13900001111") in found


def test_text_pdf_through_its_text_layer(tmp_path):
    path = build_text_pdf(tmp_path / "公示.pdf")
    extracted = extract(path)
    assert extracted.kind == "pdf" and "城市低保公示" in extracted.text.replace(" ", "")
    hits = scan_file(path)
    assert {PEOPLE[0][1], PEOPLE[1][1], "13812345678"} <= {h.text for h in hits}
    assert all(h.location == "第1页" for h in hits)


@needs_ocr
def test_scanned_pdf_page_is_read_by_ocr(tmp_path):
    hits = scan_file(build_scanned_pdf(tmp_path / "扫描件.pdf"))
    assert PEOPLE[0][1] in {h.text for h in hits}
    assert all(h.location == "第1页（文字识别）" for h in hits)


@needs_ocr
def test_png_image_is_read_by_ocr(tmp_path):
    hits = scan_file(build_png(tmp_path / "名单.png"))
    assert [h.text for h in hits if h.kind == "id_number" and h.text.isdigit()] == [PEOPLE[0][1]]


def test_html_csv_and_txt(tmp_path):
    html = tmp_path / "a.html"
    html.write_text(f"<html><body><script>var x='13900000000'</script><table><tr><td>王小明</td>"
                    f"<td>{PEOPLE[0][1]}</td></tr></table><p>电话&nbsp;13812345678</p></body></html>",
                    encoding="utf-8")
    assert {h.text for h in scan_file(html)} == {"王小明", PEOPLE[0][1], "13812345678"}
    csv_path = tmp_path / "b.csv"
    csv_path.write_text(f"姓名,身份证号\n李桂英,{PEOPLE[1][1]}\n", encoding="utf-8-sig")
    hits = scan_file(csv_path)
    assert {(h.location, h.text) for h in hits} == {("第2行第1列", "李桂英"), ("第2行第2列", PEOPLE[1][1])}
    txt = tmp_path / "c.txt"
    txt.write_bytes("联系电话：13812345678".encode("gb18030"))
    assert [h.text for h in scan_file(txt)] == ["13812345678"]


def test_file_name_itself_is_scanned(tmp_path):
    path = tmp_path / "王小明13812345678申请表.txt"
    path.write_text("无内容", encoding="utf-8")
    hits = scan_file(path)
    assert [(h.location, h.text) for h in hits] == [("文件名", "王小明"), ("文件名", "13812345678")]


def test_offsets_point_into_the_extracted_text(tmp_path):
    path = build_xlsx(tmp_path / "x.xlsx")
    text = extract(path).text
    for hit in scan_file(path):
        if hit.location != "文件名":
            assert text[hit.start:hit.end] == hit.text


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"PK\x03\x04broken", "x.xlsx", "损坏"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "x.xls", "旧版"),
    (b"\x00\x01\x02binary", "x.bin", "无法识别"),
    (b"plain", "x.exe", "不支持"),
])
def test_unreadable_input_has_a_chinese_message(data, name, message):
    with pytest.raises(UnreadableFile, match=message):
        extract(data, name=name)


def test_corrupt_pdf_and_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="PDF"):
        extract(b"%PDF-1.7 garbage", name="x.pdf")
    with pytest.raises(UnreadableFile, match="不存在"):
        extract(tmp_path / "none.txt")


def test_type_is_judged_by_content_not_name(tmp_path):
    build_xlsx(tmp_path / "real.xlsx")
    data = (tmp_path / "real.xlsx").read_bytes()
    assert detect_type(data, "伪装.txt") == "xlsx"


@needs_ocr
def test_scan_pasted_into_a_typed_pdf_page_is_read_by_ocr_too(tmp_path):
    extracted = extract(build_mixed_pdf(tmp_path / "通知.pdf"))
    assert [s.location for s in extracted.segments] == ["第1页", "第1页（文字识别）"]
    hits = scan_file(tmp_path / "通知.pdf")
    assert [(h.location, h.text) for h in hits if h.kind == "id_number" and h.text.isdigit()] == [
        ("第1页（文字识别）", PEOPLE[0][1])]
