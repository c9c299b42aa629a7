"""Annual report files: docx in the national layout, PDF through exchange.pdf."""

import io

import pytest
from docx import Document

from gongkai.exchange import annual_report_files as files
from gongkai.reports.layout import TABLE3_NOTE
from gongkai.reports.models import AnnualReport
from tests.reports.samples import balanced


def _report(fmt="2021"):
    return AnnualReport(title="大祥区教育局2025年政府信息公开工作年度报告", year=2025, tables=balanced(fmt),
                        section_general="<p>全年新收政府信息公开申请12件。</p>", section_problems="",
                        section_other="<p>本年度未收取信息处理费。</p>")


def test_docx_has_title_sections_and_merged_tables():
    doc = Document(io.BytesIO(files.report_docx(_report())))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "大祥区教育局2025年政府信息公开工作年度报告" in text
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in text
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    assert t3.cell(0, 0).text == TABLE3_NOTE and t3.cell(2, 2).text == TABLE3_NOTE  # merged 3×3
    assert t3.cell(3, 3).text == "10"  # 一、自然人
    assert "本年制发件数" in doc.tables[0].cell(1, 1).text
    assert doc.tables[2].cell(3, 4).text == "2"  # 行政复议 总计


def test_docx_2019_layout():
    doc = Document(io.BytesIO(files.report_docx(_report("2019"))))
    texts = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert "本年新制作数量" in texts and "政府集中采购" in texts


@pytest.mark.django_db
def test_pdf_renders():
    pdf = files.report_pdf(_report())
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "总体情况" in text.replace(" ", "")
