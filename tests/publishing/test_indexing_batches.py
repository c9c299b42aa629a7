"""`records_reindex` (and `gongkai search --reindex`): batches read in a few queries and committed one by one,
progress after each, the same index when run twice, only the public records in it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publishing import indexing
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
