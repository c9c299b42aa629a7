"""The search index follows publishing's services, once per change, after the change commits."""

import pytest
from django.db import transaction

from gongkai.publishing import indexing, services
from gongkai.search import services as search
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_writes(monkeypatch):
    """Every call publishing makes to the search service (the calls go through)."""
    calls = []
    for name in ("document_upsert", "document_remove"):
        real = getattr(search, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append((_name, args[:2]))
            return _real(*args, **kwargs)

        monkeypatch.setattr(search, name, spy)
    return calls


def _published(world, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return world.published(**kwargs)


def test_publication_indexes_the_public_revision(world, django_capture_on_commit_callbacks):
    record = _published(world, django_capture_on_commit_callbacks, title="关于学区划分的通知")
    document = SearchDocument.objects.get(kind=indexing.KIND, object_id=str(record.pk))
    assert document.title == "关于学区划分的通知"
    assert document.url == indexing.record_url(record)
    assert [d.object_id for d in search.search("学区划分")] == [str(record.pk)]


def test_withdrawal_indexes_once(world, django_capture_on_commit_callbacks, index_writes):
    record = _published(world, django_capture_on_commit_callbacks, title="关于学区划分的通知")
    index_writes.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_withdraw(actor=world.reviewer, record=record, reason="内容有误")
        assert index_writes == []  # nothing before the commit
    # Exactly one index write after the commit (the page cache's own after-commit work is not indexing).
    assert index_writes == [("document_remove", (indexing.KIND, record.pk))]
    assert not SearchDocument.objects.filter(kind=indexing.KIND, object_id=str(record.pk)).exists()


def test_revision_approval_indexes_once(world, django_capture_on_commit_callbacks, index_writes):
    record = _published(world, django_capture_on_commit_callbacks, title="关于学区划分的通知")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_update(actor=world.officer, record=record, title="关于调整学区的通知")
    index_writes.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_approve(actor=world.reviewer, record=record)
    assert index_writes == [("document_upsert", (indexing.KIND, record.pk))]
    assert [d.object_id for d in search.search("调整学区")] == [str(record.pk)]


def test_nothing_is_indexed_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks,
                                                            index_writes):
    record = _published(world, django_capture_on_commit_callbacks, title="关于学区划分的通知")
    index_writes.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.record_withdraw(actor=world.reviewer, record=record, reason="内容有误")
            raise RuntimeError("a later step failed")
    assert callbacks == [] and index_writes == []
    record.refresh_from_db()
    assert record.status == "published"
    assert [d.object_id for d in search.search("学区划分")] == [str(record.pk)]


def test_withheld_record_is_never_indexed(world, django_capture_on_commit_callbacks):
    record = _published(world, django_capture_on_commit_callbacks, disclosure_attribute="withheld",
                        withholding_ground="internal_affairs", next_review_on="2027-01-01")
    assert record.status == "published"
    assert not SearchDocument.objects.filter(kind=indexing.KIND, object_id=str(record.pk)).exists()


def test_reindex_holds_exactly_the_public_records(world, django_capture_on_commit_callbacks):
    public = _published(world, django_capture_on_commit_callbacks, title="关于学区划分的通知")
    draft = world.record(title="学区草稿")
    search.document_upsert(indexing.KIND, draft.pk, title="学区草稿")  # a stale document
    assert indexing.records_reindex() == 1
    assert set(SearchDocument.objects.filter(kind=indexing.KIND).values_list("object_id", flat=True)) == {
        str(public.pk)}
