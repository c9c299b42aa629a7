"""The portal's annual-report column: published reports only, tables, downloads, comparison."""

import pytest
from django.utils import timezone

from gongkai.reports.models import AnnualReport, ReportStatus
from tests.factories import UnitFactory, county_tree
from tests.reports.samples import balanced

pytestmark = pytest.mark.django_db
CODE = "430503000000"


@pytest.fixture
def reports():
    county = county_tree()["county"]
    unit = UnitFactory(jurisdiction=county, name="大祥区教育局")
    old = AnnualReport.objects.create(unit=unit, kind="department", year=2020, format="2019",
                                      title="大祥区教育局2020年政府信息公开工作年度报告", tables=balanced("2019"),
                                      status=ReportStatus.PUBLISHED, published_at=timezone.now(), source="imported")
    new = AnnualReport.objects.create(unit=unit, kind="department", year=2025, title="大祥区教育局2025年政府信息公开工作年度报告",
                                      tables=balanced(), status=ReportStatus.PUBLISHED, published_at=timezone.now(),
                                      section_general="<p>全年新收政府信息公开申请12件。</p>")
    draft = AnnualReport.objects.create(unit=UnitFactory(jurisdiction=county, name="大祥区民政局"), kind="department",
                                        year=2025, title="大祥区民政局2025年草稿", tables=balanced())
    return {"old": old, "new": new, "draft": draft}


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
