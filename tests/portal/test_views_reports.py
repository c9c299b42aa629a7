"""The portal's annual-report column: published reports only, tables, downloads, comparison."""

import pytest

pytestmark = pytest.mark.django_db
CODE = "430503000000"


def test_list_shows_published_by_year_only(client, reports):
    html = client.get(f"/j/{CODE}/reports/").content.decode()
    assert "2025年度" in html and "2020年度" in html
    assert "大祥区教育局2025年政府信息公开工作年度报告" in html and "草稿" not in html


def test_report_page_has_tables_and_no_draft(client, reports):
    html = client.get(f"/j/{CODE}/reports/{reports['new'].pk}/").content.decode()
    assert "本列数据的勾稽关系为" in html and "全年新收政府信息公开申请12件" in html
    assert 'rowspan="3"' in html and "与2020年度对比" in html
    assert client.get(f"/j/{CODE}/reports/{reports['draft'].pk}/").status_code == 404
    assert client.get(f"/j/430502000000/reports/{reports['new'].pk}/").status_code == 404


def test_downloads(client, reports):
    docx = client.get(f"/j/{CODE}/reports/{reports['new'].pk}.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(f"/j/{CODE}/reports/{reports['new'].pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/j/{CODE}/reports/{reports['draft'].pk}.pdf").status_code == 404


def test_compare_two_years(client, reports):
    html = client.get(f"/j/{CODE}/reports/{reports['new'].pk}/compare/{reports['old'].pk}/").content.decode()
    assert "2020年度" in html and "（六）其他处理（总计）" in html
    assert client.get(f"/j/{CODE}/reports/{reports['new'].pk}/compare/{reports['draft'].pk}/").status_code == 404
