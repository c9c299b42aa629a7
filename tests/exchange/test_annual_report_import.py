"""`gongkai report import FILE --unit HANDLE --year Y [--dry-run] --json`: past annual reports in the 2021
and 2019 layouts, as xlsx and docx files written cell by cell in the test; the checks' findings in the
JSON; all or nothing, each problem at its table, row, column and place in the file."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.models import AuditEvent
from gongkai.reports.models import AnnualReport, ReportSource
from tests.exchange import annual_report_layouts as layouts
from tests.factories import UnitFactory, county_tree

pytestmark = pytest.mark.django_db

NARRATIVE = "本年度新收政府信息公开申请290件，上年结转5件，其中予以公开和部分公开258件，结转下年度继续办理5件。"
CASES = [("2021", "xlsx", 2021), ("2021", "docx", 2022), ("2019", "xlsx", 2019), ("2019", "docx", 2020)]


@pytest.fixture
def unit(db):
    return UnitFactory(jurisdiction=county_tree()["county"], name="大祥区教育局", handle="jiaoyu@dx")


def _file(tmp_path, layout, kind, year, *, narrative="", edits=None, heading_year=None):
    data = layouts.figures(layout)
    heading = layouts.title("大祥区教育局", heading_year or year)
    if kind == "xlsx":
        content = layouts.xlsx(layout, data, heading=heading, edits=edits)
    else:
        content = layouts.docx_file(layout, data, heading=heading, narrative=narrative)
    path = tmp_path / f"{year}年年报.{kind}"
    path.write_bytes(content)
    return path


def _run(path, year, *flags):
    out = StringIO()
    try:
        call_command("report", "import", str(path), "--unit", "jiaoyu@dx", "--year", str(year), "--json", *flags,
                     stdout=out)
        error = None
    except CommandError as exc:
        error = exc
    return json.loads(out.getvalue()), error


@pytest.mark.parametrize(("layout", "kind", "year"), CASES)
def test_import_old_reports_in_both_layouts_dry_run_then_for_real(tmp_path, unit, layout, kind, year):
    """rules.md §6.7: the layout is told by its header text; blank cells count as 0; a dry run stores nothing."""
    path = _file(tmp_path, layout, kind, year)
    payload, error = _run(path, year, "--dry-run")
    assert error is None, payload["problems"]
    assert payload["format"] == layout and payload["dry_run"] and not payload["imported"]
    assert payload["problems"] == [] and not AnnualReport.objects.exists()
    payload, error = _run(path, year)
    assert error is None and payload["imported"]
    report = AnnualReport.objects.get()
    assert report.year == year and report.format == layout and report.source == ReportSource.IMPORTED
    assert report.is_published and report.source_filename == path.name
    t3 = report.tables["table3"]
    assert t3["三(一)"]["total"] == 205 and t3["三(二)"]["total"] == 70 and t3["三(二)"]["research"] is None
    assert report.tables["table4"]["review"]["total"] == 3
    assert AuditEvent.objects.filter(action="annual_report.imported").count() == 1


def test_rule_8_import_reports_the_narratives_258_against_275(tmp_path, unit):
    """§6.6 rule 8: a docx's narrative is checked against its tables; the finding is in the JSON."""
    payload, error = _run(_file(tmp_path, "2021", "docx", 2022, narrative=NARRATIVE), 2022, "--dry-run")
    assert error is None
    [warning] = payload["warnings"]
    assert warning["rule"] == 8 and warning["severity"] == "soft" and warning["table"] == "三"
    assert "258" in warning["message"] and "275" in warning["message"]


def test_rule_10_import_2019_procurement_in_wan_is_not_a_fee(tmp_path, unit):
    """§6.6 rule 10: 60号's 采购总金额 3125.6 万元 is no fee in yuan; nothing is flagged."""
    payload, error = _run(_file(tmp_path, "2019", "xlsx", 2020), 2020, "--dry-run")
    assert error is None and payload["warnings"] == []


def test_import_is_all_or_nothing_with_row_and_column_errors(tmp_path, unit):
    """Words in figure cells: nothing stored, each problem names the table, the row,
    the column (in Chinese) and the row of the sheet."""
    # sheet row 26 = “（二）部分公开”, column E = 商业企业; row 7 = 行政规范性文件, column B = 本年制发件数
    path = _file(tmp_path, "2021", "xlsx", 2021, edits={(26, 5): "两件", (7, 2): "x"})
    payload, error = _run(path, 2021)
    assert error is not None and not AnnualReport.objects.exists() and not payload["imported"]
    cells = {(p["table"], p["row"], p["column_label"], p["place"]) for p in payload["problems"]}
    assert ("三", "三(二)", "商业企业", "工作表“年度报告”第26行") in cells
    assert ("二", "行政规范性文件", "本年制发件数", "工作表“年度报告”第7行") in cells
    assert any("“两件”不是数字" in p["message"] and "第26行" in p["message"] for p in payload["problems"])


def test_import_refuses_an_unbalanced_table_at_its_cell(tmp_path, unit):
    path = _file(tmp_path, "2019", "docx", 2020)
    data = layouts.figures("2019")
    data["table3"]["四"]["total"] = 6  # 一 + 二 = 295 ≠ 三(七) + 四 = 296; and the row no longer adds up
    path.write_bytes(layouts.docx_file("2019", data, heading=layouts.title("大祥区教育局", 2020)))
    payload, error = _run(path, 2020)
    assert error is not None and not AnnualReport.objects.exists()
    assert {(p["rule"], p["row"], p["column"]) for p in payload["problems"]} >= {(1, "三(七)", "total"), (3, "四", "total")}


def test_article_49_import_of_a_year_not_ended_is_refused(tmp_path, unit, clock):
    """《条例》第四十九条: an import publishes, and a report of a year not over cannot be published."""
    clock.set(datetime.date(2026, 6, 1))
    payload, error = _run(_file(tmp_path, "2021", "xlsx", 2026), 2026, "--dry-run")
    assert error is not None and any("2026年度尚未结束" in p["message"] for p in payload["problems"])
    assert not AnnualReport.objects.exists()


def test_import_year_other_than_the_files_title_and_a_report_already_there(tmp_path, unit):
    payload, error = _run(_file(tmp_path, "2021", "xlsx", 2021, heading_year=2022), 2021, "--dry-run")
    assert error is not None and "与填写的报告年度2021年不一致" in payload["problems"][0]["message"]
    path = _file(tmp_path, "2021", "xlsx", 2021)
    assert _run(path, 2021)[1] is None
    payload, error = _run(path, 2021)
    assert error is not None and "已经存在" in payload["problems"][0]["message"]
    assert AnnualReport.objects.count() == 1


def test_report_help_lists_annual_and_import():
    from gongkai.exchange.management.commands.report import Command
    parser = Command().create_parser("gongkai", "report")
    text = parser.format_help()
    assert "annual" in text and "import" in text
