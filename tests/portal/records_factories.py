"""Records in every state, built straight on the publishing models (the way publishing's services leave
them): a public record has status published/revised, 主动公开, a public revision and a publication time.
Like the services, each builder ends by bringing the search index in step (publishing.indexing)."""

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.publishing.indexing import record_index
from gongkai.publishing.models import Attachment, DisclosureAttribute, Record, RecordRevision

_sequence = itertools.count(1)


def make_record(unit, items=(), *, title="城乡低保金发放情况公示", body="<p>2024年第一季度城乡低保金已按时足额发放。</p>",
                document_number="大民发〔2024〕1号", status="published", attribute=DisclosureAttribute.PROACTIVE,
                published_at=None, summary="", keywords="", public=True, **extra) -> Record:
    n = next(_sequence)
    fields = {}
    if attribute == DisclosureAttribute.WITHHELD:
        fields = {"withholding_ground": "state_secret", "next_review_on": dt.date(2027, 1, 1)}
    published_at = published_at or (timezone.now() - dt.timedelta(days=1) if status in ("published", "revised")
                                     else None)
    record = Record.objects.create(
        unit=unit, title=title, body=body, document_number=document_number, formed_on=dt.date(2024, 3, 1),
        index_number=f"{unit.handle.split('@')[0].upper()}/2024-{n:05d}", index_year=2024, index_sequence=n,
        disclosure_attribute=attribute, status="draft", summary=summary, keywords=keywords, **fields, **extra)
    record.items.set(items)
    if public or status in ("published", "revised"):
        revision = RecordRevision.objects.create(record=record, number=1, title=title, body=body,
                                                 document_number=document_number, summary=summary,
                                                 keywords=keywords, published_at=published_at)
        record.public_revision = revision
    record.status = status
    record.published_at = published_at
    record.save()
    record_index(record.pk)
    return record


def revise(record, *, title, body):
    """A published revision: the public revision moves on, changed_at is set."""
    number = record.revisions.count() + 1
    revision = RecordRevision.objects.create(record=record, number=number, title=title, body=body,
                                             document_number=record.document_number, published_at=timezone.now())
    record.title, record.body = title, body
    record.public_revision = revision
    record.changed_at = timezone.now()
    record.status = "published"
    record.save()
    record_index(record.pk)
    return record


def withdraw(record, reason="信息有误"):
    record.status = "withdrawn"
    record.withdrawn_reason = reason
    record.save()
    record_index(record.pk)
    return record


def add_attachment(record, name="名单.pdf", *, public=True, listed=True):
    attachment = Attachment(record=record, name=name, kind="pdf", size=10, sha256="0" * 64)
    attachment.original.save(name, ContentFile(b"%PDF-1.4 original"), save=False)
    if public:
        attachment.public_file.save(name, ContentFile(b"%PDF-1.4 masked public copy"), save=False)
    attachment.save()
    if listed:
        revision = record.public_revision
        revision.attachments = [*revision.attachments, {"id": attachment.pk, "name": name, "kind": "pdf"}]
        revision.save()
    return attachment
