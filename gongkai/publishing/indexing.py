"""The search index follows publishing: the services ask for `record_index_on_commit(record)` once per
change that can touch a public surface (publish, revise-approve, withdraw, archive, a published record's
items); after the transaction commits, `record_index` writes the record's search document if
`selectors.published_records` holds it, or takes it out. A rolled-back change indexes nothing.

Delivery apps that keep pages listing records (the portal's cached domain columns) listen to
`signals.public_record_changed`, sent after the index was written."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.urls import reverse

from gongkai.publishing import selectors, signals
from gongkai.publishing.models import Record
from gongkai.publishing.sanitising import plain_text
from gongkai.search import services as search

KIND = "record"


def record_reference(record: Record) -> str:
    """How a public address names the record: its index number (索引号), else its id."""
    return record.index_number or str(record.pk)


def record_url(record: Record) -> str:
    """The record's public page (a stable address: printed bulletins' QR codes link to it)."""
    return reverse("portal:record", kwargs={"code": record.unit.jurisdiction.code, "ref": record_reference(record)})


def record_domain_slug(record: Record) -> str:
    """The domain the record is filed under (its first item in the earliest published version)."""
    item = record.items.select_related("domain").order_by("version__published_at", "order").first()
    return item.domain.slug if item else ""


def record_document(record: Record) -> dict[str, object]:
    """The fields of a public record's search document: the public revision only, and the names of the
    attachments whose public copy is served."""
    revision = record.public_revision
    assert revision is not None, "only public records are indexed"
    attachments = [a.name for a in selectors.public_attachments(record) if a.public_file]
    body = "\n".join(part for part in (revision.document_number, record.index_number, revision.summary,
                                       revision.keywords, plain_text(revision.body), *attachments) if part)
    return {"title": revision.title, "body": body, "jurisdiction_code": record.unit.jurisdiction.code,
            "domain_slug": record_domain_slug(record), "unit_id": record.unit_id, "url": record_url(record),
            "published_at": record.published_at}


def record_index(record_id: int) -> bool:
    """Index the record if it is public now, else make sure it is not in the index. True if indexed."""
    record = selectors.published_records(with_body=True).filter(pk=record_id).first()
    if record is None:
        search.document_remove(KIND, record_id)
    else:
        search.document_upsert(KIND, record.pk, **record_document(record))
    signals.public_record_changed.send(sender=Record, record_id=record_id)
    return record is not None


def record_index_on_commit(record: Record) -> None:
    """Index the record once the caller's transaction commits (nothing if it rolls back)."""
    transaction.on_commit(partial(record_index, record.pk))


def records_reindex() -> int:
    """Rebuild the record index from the public selector (after a restore, or when switching databases):
    every public record in, every other record out. Returns the number of public records."""
    from gongkai.search.models import SearchDocument

    with transaction.atomic():
        public = set(selectors.published_records().values_list("pk", flat=True))
        stale = (SearchDocument.objects.filter(kind=KIND).exclude(object_id__in=[str(pk) for pk in public])
                 .values_list("object_id", flat=True))
        for object_id in list(stale):
            search.document_remove(KIND, object_id)
        for record in selectors.published_records(with_body=True).filter(pk__in=public):
            search.document_upsert(KIND, record.pk, **record_document(record))
    return len(public)
