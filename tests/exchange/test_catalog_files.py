"""`gongkai catalog export` and `gongkai catalog import`: files, JSON output and exit status."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.catalog.models import CatalogItem, CatalogVersion, VersionStatus
from gongkai.core.models import AuditEvent
from gongkai.exchange.catalog_table import read_catalog_file
from tests.exchange.template_files import Variant, xlsx_bytes

pytestmark = pytest.mark.django_db
CODE = "430503000000"


def catalog(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("catalog", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def publish(version):
    version.status = VersionStatus.PUBLISHED
    version.save(update_fields=["status"])


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_export(draft, tmp_path, fmt):
    path = tmp_path / f"目录.{fmt}"
    out, _ = catalog("export", "--jurisdiction", CODE, "--format", fmt, "-o", str(path))
    assert "已导出" in out and "2021版" in out
    read = read_catalog_file(path)
    assert read.errors == [] and len(read.rows) == draft.items.filter(applicable=True).count()


def test_export_prefers_the_published_version(draft, tmp_path):
    publish(draft)
    CatalogVersion.objects.create(catalog=draft.catalog, label="2022版", year=2022)
    out, _ = catalog("export", "--jurisdiction", CODE, "--format", "csv", "-o", str(tmp_path / "a.csv"))
    assert "2021版" in out
    out, _ = catalog("export", "--jurisdiction", CODE, "--version", "2022版", "--format", "csv",
                     "-o", str(tmp_path / "b.csv"))
    assert "2022版" in out


def test_export_unknown_jurisdiction_or_version(draft, tmp_path):
    with pytest.raises(CommandError, match="找不到行政区划"):
        catalog("export", "--jurisdiction", "999999999999", "--format", "csv", "-o", str(tmp_path / "a.csv"))
    with pytest.raises(CommandError, match="没有版本“2030版”"):
        catalog("export", "--jurisdiction", CODE, "--version", "2030版", "--format", "csv", "-o", str(tmp_path / "a.csv"))


def test_import_dry_run_json(draft, tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes(Variant()))
    before = CatalogItem.objects.count(), AuditEvent.objects.count()
    out, _ = catalog("import", str(path), "--jurisdiction", CODE, "--dry-run", "--json")
    payload = json.loads(out)
    assert (payload["rows"], payload["topics"], payload["items"], payload["errors"]) == (4, 3, 4, [])
    assert payload["dry_run"] is True and payload["committed"] is False
    assert (CatalogItem.objects.count(), AuditEvent.objects.count()) == before


def test_import_commits_and_says_so_in_chinese(draft, tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes(Variant()))
    out, _ = catalog("import", str(path), "--jurisdiction", CODE, "--tier", "county")
    assert "已导入到" in out and "义务教育：4个事项" in out
    assert draft.items.filter(domain__slug="yiwu-jiaoyu", applicable=True).count() == 4


def test_import_with_problems_prints_them_and_exits_non_zero(draft, tmp_path):
    def formula(workbook):
        workbook["义务教育"]["G5"] = "=B5"

    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes(Variant(), mutate=formula))
    before = CatalogItem.objects.count(), AuditEvent.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import", str(path), "--jurisdiction", CODE, "--json", stdout=out)
    assert caught.value.returncode == 1
    payload = json.loads(out.getvalue())
    assert payload["errors"] == [{"sheet": "义务教育", "row": 5, "column": "G",
                                  "message": "单元格 G5 含有公式，请改为直接填写文字后再导入。"}]
    assert (CatalogItem.objects.count(), AuditEvent.objects.count()) == before

    with pytest.raises(CommandError) as caught:
        catalog("import", str(path), "--jurisdiction", CODE)
    assert "未导入任何内容" in str(caught.value)


def test_import_unknown_domain_option(draft, tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes(Variant()))
    with pytest.raises(CommandError, match="未知的领域标识"):
        catalog("import", str(path), "--jurisdiction", CODE, "--domain", "no-such-domain")


def test_import_without_a_draft_creates_the_next_one(draft, tmp_path):
    """The last version is published: a real import starts “<this year>版” from it; a dry run leaves
    nothing behind."""
    publish(draft)
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes(Variant()))
    label = f"{timezone.localdate().year}版"
    before = CatalogVersion.objects.count(), CatalogItem.objects.count(), AuditEvent.objects.count()
    out, _ = catalog("import", str(path), "--jurisdiction", CODE, "--dry-run", "--json")
    assert json.loads(out)["new_version"] == label
    assert (CatalogVersion.objects.count(), CatalogItem.objects.count(), AuditEvent.objects.count()) == before

    out, _ = catalog("import", str(path), "--jurisdiction", CODE)
    assert "新建的草稿版本" in out
    new = draft.catalog.versions.get(label=label)
    assert new.status == VersionStatus.DRAFT and new.based_on == draft
    assert new.items.filter(domain__slug="yiwu-jiaoyu", applicable=True).count() == 4
    assert new.items.exclude(domain__slug="yiwu-jiaoyu").count() == draft.items.exclude(
        domain__slug="yiwu-jiaoyu").count()
    assert draft.items.filter(domain__slug="yiwu-jiaoyu").count() > 4  # the published version is untouched


def test_import_with_problems_and_no_draft_leaves_no_draft(draft, tmp_path):
    publish(draft)
    path = tmp_path / "目录.xlsx"
    path.write_bytes(b"")
    versions = CatalogVersion.objects.count()
    with pytest.raises(CommandError):
        catalog("import", str(path), "--jurisdiction", CODE)
    assert CatalogVersion.objects.count() == versions


def test_import_into_a_jurisdiction_without_a_catalog(standard, county, tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes(Variant()))
    with pytest.raises(CommandError, match="还没有.*公开事项目录"):
        catalog("import", str(path), "--jurisdiction", CODE)
