"""Masked copies: each file type, re-scanned, finds nothing and keeps the other content."""

from __future__ import annotations

import io

import pytest

from gongkai.publishing.masking import mask_file, masked_file_name, replace_in_runs
from gongkai.publishing.text_extraction import UnreadableFile, extract, scan_file
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


def rescan(result, name):
    return scan_file(result.data, name=name)


def test_txt_and_csv_masked_copy(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"姓名,身份证号,电话\n王小明,{PEOPLE[0][1]},13812345678\n", encoding="utf-8")
    result = mask_file(path)
    text = result.data.decode("utf-8")
    assert rescan(result, "a.csv") == []
    assert text == "姓名,身份证号,电话\n王*明,430503********1236,138****5678\n"
    assert len(result.hits) == 3


def test_html_masked_copy_keeps_markup(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(f"<table><tr><td class='n'>王小明</td><td>{PEOPLE[0][1]}</td></tr></table>", encoding="utf-8")
    result = mask_file(path)
    assert rescan(result, "a.html") == []
    assert result.data.decode() == "<table><tr><td class='n'>王*明</td><td>430503********1236</td></tr></table>"


def test_xlsx_masked_copy_keeps_layout_and_other_cells(tmp_path):
    """《条例》第十五条, 第三十七条 (区分处理): the public copy is masked, the rest of the sheet kept."""
    import openpyxl

    result = mask_file(build_xlsx(tmp_path / "低保名单.xlsx"))
    assert rescan(result, "masked.xlsx") == []
    wb = openpyxl.load_workbook(io.BytesIO(result.data))
    ws = wb["低保名单"]
    assert ws["C2"].value == "430503********1236"
    assert ws["D2"].value == "138****5678"
    assert ws["B2"].value == "王*明"
    assert ws["E2"].value == "七里村***"
    assert ws["F2"].value == 560.5 and ws["A1"].value == "序号"
    assert ws.column_dimensions["C"].width == 24
    assert wb["说明"]["A1"].value.startswith("本表由大祥区民政局编制")
    assert {h.location for h in result.hits} >= {"低保名单!C2", "说明!B3"}


def test_docx_masked_copy_keeps_runs_and_table(tmp_path):
    import docx

    result = mask_file(build_docx(tmp_path / "公示.docx"))
    assert rescan(result, "masked.docx") == []
    document = docx.Document(io.BytesIO(result.data))
    assert document.paragraphs[0].text == "大祥区2024年临时救助对象公示"
    assert document.paragraphs[1].text == "联系人：张老师，电话138****5678。"
    assert document.paragraphs[1].runs[1].bold  # formatting of the runs kept
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["王*明", "430503********1236", "七里村***"]
    assert table.rows[0].cells[0].text == "姓名"
    assert document.sections[0].header.paragraphs[0].text == "经办人手机 139****1111"


def test_replace_in_runs_across_run_boundaries():
    class Run:
        def __init__(self, text):
            self.text = text

    runs = [Run("电话138"), Run("1234"), Run("5678，完")]
    replace_in_runs(runs, [(2, 13, "138****5678")])
    assert [r.text for r in runs] == ["电话138****5678", "", "，完"]


def test_text_pdf_masked_copy_is_image_based_and_clean(tmp_path):
    result = mask_file(build_text_pdf(tmp_path / "公示.pdf"))
    assert result.data.startswith(b"%PDF") and result.kind == "pdf"
    assert {PEOPLE[0][1], "13812345678"} <= {h.text for h in result.hits}
    if needs_ocr.args[0]:  # without OCR an image-only PDF cannot be re-read
        pytest.skip(needs_ocr.kwargs["reason"])
    again = rescan(result, "masked.pdf")
    assert [h for h in again if h.kind != "sensitive_word"] == []
    assert "低保" in extract(result.data, name="masked.pdf").text


@needs_ocr
def test_scanned_pdf_masked_copy_is_clean_and_keeps_other_text(tmp_path):
    """《条例》第十五条: scanned attachments (where 低保 lists leaked) are masked through OCR boxes."""
    result = mask_file(build_scanned_pdf(tmp_path / "扫描件.pdf"))
    assert PEOPLE[0][1] in {h.text for h in result.hits}
    assert rescan(result, "masked.pdf") == []
    assert "公示" in extract(result.data, name="masked.pdf").text


@needs_ocr
def test_png_masked_copy_is_clean_and_keeps_other_text(tmp_path):
    result = mask_file(build_png(tmp_path / "名单.png"))
    assert result.data.startswith(b"\x89PNG") and result.hits
    assert rescan(result, "masked.png") == []
    assert "低保" in extract(result.data, name="masked.png").text


def test_masked_file_name():
    assert masked_file_name("王小明13812345678申请表.pdf") == "王*明138****5678申请表.pdf"


def test_unreadable_file_is_not_masked():
    with pytest.raises(UnreadableFile):
        mask_file(b"PK\x03\x04broken", name="x.xlsx")


@needs_ocr
def test_scan_pasted_into_a_typed_pdf_page_is_masked(tmp_path):
    result = mask_file(build_mixed_pdf(tmp_path / "通知.pdf"))
    assert PEOPLE[0][1] in {h.text for h in result.hits}
    assert [h for h in rescan(result, "masked.pdf") if h.kind != "sensitive_word"] == []
    assert "公示" in extract(result.data, name="masked.pdf").text
