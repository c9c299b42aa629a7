"""`records_reindex` (and `gongkai search --reindex`): batches read in a few queries and committed one by one,
progress after each, the same index when run twice, only the public records in it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publishing import indexing
from gongkai.search import backends
from gongkai.search import services as search
from gongkai.search.models import SearchDocument
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def indexed() -> dict[str, tuple]:
    return {d.object_id: (d.title, d.body, d.url, d.domain_slug, d.jurisdiction_code, d.unit_id, d.published_at)
            for d in SearchDocument.objects.filter(kind=indexing.KIND)}


def test_reindex_gives_the_documents_the_publishing_flow_gives(records):
    """The batch builds each document as publishing's own indexing of a record does."""
    for i in range(3):
        make_record(records["unit"], [records["items"][4]], title=f"城乡低保金发放第{i}批", summary="低保 发放",
                    keywords="低保")
    before = indexed()
    SearchDocument.objects.all().delete()
    assert indexing.records_reindex(batch_size=2) == 5
    assert indexed() == before
    assert set(before) == {str(records["public"].pk), str(records["relief_public"].pk), *(
        k for k in before if k not in {str(r.pk) for r in records["hidden"].values()})}
    assert not set(before) & {str(r.pk) for r in records["hidden"].values()}


def test_reindex_reads_each_batch_in_a_bounded_number_of_queries(records):
    def queries(batch_size: int) -> int:
        SearchDocument.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            indexing.records_reindex(batch_size=batch_size)
        return len(context)

    for i in range(8):
        make_record(records["unit"], [records["items"][4]], title=f"低保公示第{i}期")
    one_batch = queries(100)  # 10 records in one batch
    for i in range(20):
        make_record(records["unit"], [records["items"][4]], title=f"学区公示第{i}期")
    assert queries(100) == one_batch  # 30 records, still one batch: not a query more
    assert queries(10) <= one_batch + 2 * 12  # three batches: a dozen queries each at most


def test_reindex_reports_progress_and_a_second_run_changes_nothing(records):
    for i in range(3):
        make_record(records["unit"], [records["items"][4]], title=f"低保公示第{i}期")
    SearchDocument.objects.all().delete()
    seen = []
    assert indexing.records_reindex(batch_size=2, progress=lambda done, total: seen.append((done, total))) == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]
    first = {d.pk: d.indexed_at for d in SearchDocument.objects.all()}
    with CaptureQueriesContext(connection) as context:
        indexing.records_reindex(batch_size=100)
    assert {d.pk: d.indexed_at for d in SearchDocument.objects.all()} == first  # nothing written again
    assert not [q for q in context.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert search.search("低保公示第1期").documents[0].title == "低保公示第1期"


def test_reindex_takes_out_what_is_no_longer_public_and_completes_a_stopped_run(records):
    public = records["public"]
    search.document_upsert(indexing.KIND, records["hidden"]["draft"].pk, title="学区草稿")  # a stale document
    SearchDocument.objects.filter(kind=indexing.KIND, object_id=str(public.pk)).delete()  # a run stopped midway
    assert indexing.records_reindex(batch_size=1) == 2
    assert set(indexed()) == {str(public.pk), str(records["relief_public"].pk)}
    assert [d.object_id for d in search.search("学区划分")] == [str(public.pk)]


def test_the_command_prints_progress_in_chinese(records, capsys):
    SearchDocument.objects.all().delete()
    call_command("search", reindex=True)
    out = capsys.readouterr().out
    assert "已索引 2 / 2 条" in out and "已重建检索索引：2 条已公开政府信息" in out


@pytest.mark.parametrize(("code", "ref"), [
    *(("431003000000", ref) for ref in ("JIAOYU/2023-00015", "431003-000123", "a.b_c~d", "2023年第1号", "a b", "50%",
                                        "x?y", "ABC\n", "\nABC")),
    ("４３１００３０００００１", "ABC"), ("43100300000", "ABC")])
def test_record_addresses_made_in_bulk_are_those_reverse_makes(code, ref):
    from django.urls import NoReverseMatch, reverse

    made = indexing._record_url_maker()
    try:
        expected = reverse("portal:record", kwargs={"code": code, "ref": ref})
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            made(code, ref)
        return
    assert made(code, ref) == expected


def _engine_index_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [backends.PG_INDEX])
        return cursor.fetchone() is not None


def _many_records(records, count: int) -> None:
    for i in range(count):
        make_record(records["unit"], [records["items"][4]], title=f"低保公示第{i}期")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_reindex_from_nothing_builds_the_engine_index_once_after_loading(records, monkeypatch):
    """A load at least as big as the index lets the GIN index go and builds it once after; searches then find."""
    monkeypatch.setattr(backends, "BULK_LOAD_MIN", 3)
    _many_records(records, 3)
    SearchDocument.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_pg_vector")
    with CaptureQueriesContext(connection) as context:
        assert indexing.records_reindex(batch_size=2) == 5
    statements = [q["sql"] for q in context.captured_queries]
    dropped = [i for i, sql in enumerate(statements) if sql.startswith("DROP INDEX")]
    built = [i for i, sql in enumerate(statements) if sql.startswith("CREATE INDEX")]
    inserts = [i for i, sql in enumerate(statements) if "INSERT INTO search_pg_vector" in sql]
    assert len(dropped) == 1 and dropped[0] < inserts[0] and inserts[-1] < built[-1]
    assert _engine_index_exists()
    assert search.search("低保公示第2期").documents[0].title == "低保公示第2期"
    # A load smaller than what the index holds keeps the index (writing into it costs less than building it again).
    monkeypatch.setattr(backends, "BULK_LOAD_MIN", 1)
    make_record(records["unit"], [records["items"][4]], title="学区公示")
    SearchDocument.objects.filter(title="学区公示").delete()
    with CaptureQueriesContext(connection) as context:
        indexing.records_reindex()
    assert not [q for q in context.captured_queries if q["sql"].startswith("DROP INDEX")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_a_load_stopped_midway_builds_the_index_again_and_the_next_run_repairs_a_missing_one(records, monkeypatch):
    monkeypatch.setattr(backends, "BULK_LOAD_MIN", 1)
    SearchDocument.objects.all().delete()
    calls = []

    def failing(kind, documents):
        calls.append(kind)
        raise RuntimeError("停在中途")

    with monkeypatch.context() as patch:
        patch.setattr(search, "documents_upsert", failing)
        with pytest.raises(RuntimeError, match="停在中途"):
            indexing.records_reindex(batch_size=1)
    assert calls and _engine_index_exists()
    with connection.cursor() as cursor:  # as if the process had been killed between the drop and the build
        cursor.execute(f"DROP INDEX {backends.PG_INDEX}")
    monkeypatch.setattr(backends, "BULK_LOAD_MIN", 10_000)
    indexing.records_reindex()
    assert _engine_index_exists()
    assert [d.object_id for d in search.search("学区划分")] == [str(records["public"].pk)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_the_one_transaction_rebuild_keeps_the_index_and_migrate_builds_a_missing_one(records, monkeypatch):
    """`index_rebuild` runs in one transaction: dropping the index there would lock searches out until it commits.
    A reindex killed between the drop and the build left the index missing: `migrate` builds it."""
    from gongkai.search.apps import optimize_after_migrate

    monkeypatch.setattr(backends, "BULK_LOAD_MIN", 1)
    with CaptureQueriesContext(connection) as context:
        assert search.index_rebuild() == 2
    assert not [q for q in context.captured_queries if "INDEX" in q["sql"].split("(")[0]]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {backends.PG_INDEX}")
    optimize_after_migrate(sender=None, using="default")
    assert _engine_index_exists()
    with CaptureQueriesContext(connection) as context:  # and with the index there, it only looks
        optimize_after_migrate(sender=None, using="default")
    assert not [q for q in context.captured_queries if q["sql"].startswith("CREATE")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ANALYZE")
def test_reindex_refreshes_the_lookup_statistics_as_the_index_doubles_and_all_of_them_once_at_the_end(records):
    """In the middle of a load only the stored documents' lookup columns (and the table's size) are analysed, each
    time the index has doubled; the whole statistics of both index tables once, after the load."""
    _many_records(records, 7)  # 9 public records with the fixture's two
    SearchDocument.objects.all().delete()
    with CaptureQueriesContext(connection) as context:
        assert indexing.records_reindex(batch_size=2) == 9
    analysed = [q["sql"] for q in context.captured_queries if q["sql"].startswith("ANALYZE")]
    lookups = f"ANALYZE {backends.TABLE} (kind, object_id)"
    assert analysed == [lookups, lookups, f"ANALYZE search_pg_vector; ANALYZE {backends.TABLE}"]  # at 4 and 8
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [backends.TABLE])
        assert cursor.fetchone()[0] == 9
    search.index_optimize(lookups_only=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = %s", [backends.TABLE])
        assert {"kind", "object_id"} <= {row[0] for row in cursor.fetchall()}


def test_record_addresses_follow_the_script_prefix_and_the_url_configuration():
    """The heads of the addresses are kept per process, for each script prefix and URL configuration: an
    installation served under a path (SCRIPT_NAME) gets its own, and a request after it the plain ones again."""
    from django.test import override_settings
    from django.urls import clear_url_caches, get_script_prefix, reverse, set_script_prefix

    references = [("431003000000", "JIAOYU/2023-00015"), ("431003001000", "17")]
    plain = indexing.record_addresses(references)
    assert plain == [reverse("portal:record", kwargs={"code": c, "ref": r}) for c, r in references]
    before = get_script_prefix()
    set_script_prefix("/gongkai/")
    try:
        assert indexing.record_addresses(references) == [f"/gongkai{url}" for url in plain]
    finally:
        set_script_prefix(before)
    assert indexing.record_addresses(references) == plain
    with override_settings(ROOT_URLCONF="tests.publishing.urls_elsewhere"):
        clear_url_caches()
        assert indexing.record_addresses(references) == [f"/elsewhere{url}" for url in plain]
    clear_url_caches()
    assert indexing.record_addresses(references) == plain
