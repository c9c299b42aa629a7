"""The catalog import job: dry run, domains from sheet names and titles, all or nothing."""

import io
import zipfile

import pytest

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import CatalogItem, VersionStatus
from gongkai.core.errors import PermissionRefused
from gongkai.core.models import AuditEvent
from gongkai.exchange.catalog_import import DomainIndex, catalog_import
from gongkai.exchange.catalog_table import OLE_MAGIC
from tests.exchange.template_files import Variant, docx_bytes, xlsx_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(version, data: bytes, filename: str = "目录.xlsx", **kwargs):
    return catalog_import(actor=COMMAND_LINE, version=version, file=io.BytesIO(data), filename=filename, **kwargs)


def snapshot(version):
    return (CatalogItem.objects.count(), AuditEvent.objects.count(),
            sorted(version.items.values_list("domain__slug", "topic", "name")))


@pytest.mark.parametrize(("text", "slug"), [
    ("义务教育", "yiwu-jiaoyu"),
    ("义务教育领域基层政务公开标准目录", "yiwu-jiaoyu"),
    ("医疗卫生领域基层政务公开标准目录", "weisheng-jiankang"),
    ("卫生健康", "weisheng-jiankang"),
    ("环境保护", "shengtai-huanjing"),
    ("征地补偿领域基层政务公开标准目录", "nongcun-jiti-tudi-zhengshou"),
    ("国土空间规划", "chengxiang-guihua"),
    ("就业创业领域", "jiuye"),
    ("国有土地上房屋征收与补偿领域基层政务公开标准目录", "guoyou-tudi-fangwu-zhengshou"),
    ("农村集体土地征收", "nongcun-jiti-tudi-zhengshou"),
    ("罗市镇社会救助领域基层政务公开标准目录", "shehui-jiuzhu"),
])
def test_domain_names_aliases_and_titles(standard, text, slug):
    found, candidates = DomainIndex(standard.values()).match(text)
    assert found is not None and found.slug == slug, candidates


@pytest.mark.parametrize("text", ["就业和社会保险领域基层政务公开标准目录", "Sheet1", "综合"])
def test_ambiguous_or_unknown_domain(standard, text):
    found, _ = DomainIndex(standard.values()).match(text)
    assert found is None


def test_dry_run_reports_totals_and_writes_nothing(draft):
    before = snapshot(draft)
    report = run(draft, xlsx_bytes(Variant()))
    assert report.errors == []
    assert (report.rows, report.topics, report.items) == (4, 3, 4)
    [totals] = report.domains
    assert (totals.slug, totals.rows, totals.topics, totals.items) == ("yiwu-jiaoyu", 4, 3, 4)
    assert totals.existing == draft.items.filter(domain__slug="yiwu-jiaoyu").count()
    applicable = draft.items.filter(domain__slug="yiwu-jiaoyu", applicable=True).count()
    # only 政策文件 / 教育法律 is also a national row; the item marked not applicable is kept, not dropped
    assert totals.dropped == applicable - 1
    assert any("不在文件中" in w.message for w in report.warnings)
    assert not report.committed
    assert snapshot(draft) == before


def test_commit_replaces_the_domains_in_the_file_only(draft):
    others = sorted(draft.items.exclude(domain__slug="yiwu-jiaoyu").values_list("key", flat=True))
    not_applicable = draft.items.get(domain__slug="yiwu-jiaoyu", applicable=False)
    events = AuditEvent.objects.count()
    report = run(draft, xlsx_bytes(Variant(title="义务教育领域基层政务公开标准目录", sheet_name="Sheet1")),
                 dry_run=False)
    assert report.errors == [] and report.committed
    assert list(draft.items.filter(domain__slug="yiwu-jiaoyu").order_by("order").values_list("name", flat=True)) == [
        "教育法律", "地方性法规", "义务教育学校名录", "评审结果", not_applicable.name]  # kept, with its reason
    assert draft.items.get(pk=not_applicable.pk).not_applicable_reason == "本区无此类学校"
    assert sorted(draft.items.exclude(domain__slug="yiwu-jiaoyu").values_list("key", flat=True)) == others
    assert AuditEvent.objects.filter(action="catalog_version.items_imported").count() == 1
    assert AuditEvent.objects.count() == events + 1


def test_docx_with_several_domains(draft):
    data = docx_bytes(Variant(), Variant(title="医疗卫生领域基层政务公开标准目录"))
    report = run(draft, data, filename="目录.docx", dry_run=False)
    assert report.errors == []
    assert [d.slug for d in report.domains] == ["yiwu-jiaoyu", "weisheng-jiankang"]


def test_domain_option_for_a_single_domain_file(draft):
    report = run(draft, xlsx_bytes(Variant(title=None, sheet_name="Sheet1")), domain=None)
    assert len(report.errors) == 1 and "--domain" in report.errors[0].message
    assert report.errors[0].sheet == "Sheet1" and report.errors[0].row == 3
    domain = draft.items.first().domain.__class__.objects.get(slug="yiwu-jiaoyu")
    report = run(draft, xlsx_bytes(Variant(title=None, sheet_name="Sheet1")), domain=domain)
    assert report.errors == []


def test_domain_option_contradicting_the_sheet_is_a_problem(draft, standard):
    report = run(draft, xlsx_bytes(Variant()), domain=standard["jiuye"])
    assert report.errors and "不一致" in report.errors[0].message


def test_same_item_twice_across_sheets_is_a_problem(draft):
    report = run(draft, xlsx_bytes(Variant(), Variant(sheet_name="Sheet2")))
    assert len(report.errors) == 4 and "重复" in report.errors[0].message


def test_version_that_is_not_editable_is_refused(draft):
    draft.status = VersionStatus.SUBMITTED
    draft.save(update_fields=["status"])
    before = snapshot(draft)
    report = run(draft, xlsx_bytes(Variant()), dry_run=False)
    assert "不能导入" in report.errors[0].message and "草稿" in report.errors[0].message
    assert snapshot(draft) == before


def test_a_user_without_the_right_is_refused(draft):
    with pytest.raises(PermissionRefused):
        catalog_import(actor=UserFactory(), version=draft, file=io.BytesIO(xlsx_bytes(Variant())), dry_run=True)


def _formula(workbook):
    workbook["义务教育"]["E6"] = "=A1"


def _wrong_header(workbook):
    workbook["义务教育"]["E2"] = "依据"


def _macro() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(Variant())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00")
    return buffer.getvalue()


BROKEN = {
    "wrong header": (lambda: xlsx_bytes(Variant(), mutate=_wrong_header), "目录.xlsx", "公开依据"),
    "empty file": (lambda: b"", "目录.xlsx", "文件为空"),
    "docx without a table": (lambda: docx_bytes(Variant(), with_table=False), "目录.docx", "没有表格"),
    "formula cell": (lambda: xlsx_bytes(Variant(), mutate=_formula), "目录.xlsx", "E6"),
    "text renamed .xlsx": (lambda: "序号,公开事项\n".encode(), "目录.xlsx", "不是Excel"),
    "macro-enabled": (_macro, "目录.xlsm", "宏"),
    "encrypted": (lambda: OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"), "目录.xlsx", "加密"),
    "one good sheet, one bad row": (
        lambda: xlsx_bytes(Variant(rows=[["政策文件", "", "x", "x", "x", "x", "政府网站", "√", "", "√", "", "", ""]])),
        "目录.xlsx", "二级事项为空"),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_files_are_refused_and_nothing_changes(draft, case):
    make, filename, words = case
    before = snapshot(draft)
    report = run(draft, make(), filename=filename, dry_run=False)
    assert report.errors and not report.committed
    assert words in " ".join(str(e) for e in report.errors).replace("（", "").replace(" ", "")
    assert snapshot(draft) == before


def test_file_over_the_limit_is_refused_and_nothing_changes(draft, tmp_path, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    path = tmp_path / "目录.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    before = snapshot(draft)
    report = catalog_import(actor=COMMAND_LINE, version=draft, file=str(path), dry_run=False)
    assert "文件过大" in report.errors[0].message
    assert snapshot(draft) == before


def test_a_failure_inside_the_write_leaves_nothing(draft, monkeypatch):
    """All or nothing: an error raised while the items are being written rolls every row back."""
    from gongkai.catalog import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_guess_schema", broken)
    before = snapshot(draft)
    with pytest.raises(RuntimeError):
        run(draft, xlsx_bytes(Variant()), dry_run=False)
    assert snapshot(draft) == before


def _big_table(draft, rows: int) -> bytes:
    """An xlsx of `rows` items (the draft's items repeated under new names), exported as an office would get it."""
    from gongkai.catalog.models import CatalogVersion
    from gongkai.exchange.catalog_export import export_catalog

    source = CatalogVersion.objects.create(catalog=draft.catalog, label="来源", year=2099, status="draft")
    bases = list(draft.items.order_by("order"))
    CatalogItem.objects.bulk_create([
        CatalogItem(version=source, domain_id=base.domain_id, order=n + 1, topic=base.topic,
                    name=f"{base.name}（{n // len(bases) + 1}）", elements=base.elements, basis=base.basis,
                    time_limit=base.time_limit, subject=base.subject, channels=base.channels,
                    audience=base.audience, manner=base.manner, tiers=base.tiers,
                    responsible_unit_id=base.responsible_unit_id)
        for n, base in enumerate(bases[i % len(bases)] for i in range(rows))], batch_size=500)
    content = export_catalog(source, "xlsx")
    source.delete()
    return content


# SQLite takes at most 999 values a statement, so Django inserts its items 37 at a time (136 statements at
# 5,000 rows; 10 on PostgreSQL); everything else is one query per table (≈ 30–36), whatever the number of rows.
IMPORT_QUERIES = 180
IMPORT_QUERIES_BESIDES_INSERTS = 40


@pytest.mark.parametrize("rows", [50, 5000])
def test_a_big_import_makes_a_bounded_number_of_queries(draft, rows, django_assert_max_num_queries):
    """Rows are checked against lookups read once and written in batches: the same bound at 50 rows as at
    5,000, first into an empty draft and then again over the items it made (keys kept)."""
    from gongkai.catalog.models import CatalogVersion

    content = _big_table(draft, rows)
    target = CatalogVersion.objects.create(catalog=draft.catalog, label="导入", year=2099, status="draft")
    for _ in range(2):
        with django_assert_max_num_queries(IMPORT_QUERIES) as captured:
            report = run(target, content, dry_run=False)
        assert report.errors == [] and report.committed
        besides = [q for q in captured.captured_queries if not q["sql"].startswith('INSERT INTO "catalog_catalogitem"')]
        assert len(besides) <= IMPORT_QUERIES_BESIDES_INSERTS, len(besides)
    assert target.items.count() == rows
    assert AuditEvent.objects.filter(action="catalog_version.items_imported", target_id=str(target.pk)).count() == 2
