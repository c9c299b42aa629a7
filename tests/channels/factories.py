"""Published records for the channel tests, made directly (the publishing services are another area's):
a record with its first public revision, and a helper that publishes a new revision."""

import datetime
import itertools

from django.utils import timezone

from gongkai.publishing.models import DisclosureAttribute, Record, RecordRevision, RecordStatus

_sequence = itertools.count(1)


def published_record(unit, *, title="关于2026年秋季学期义务教育阶段学校招生范围的公告", items=(), **fields) -> Record:
    n = next(_sequence)
    now = timezone.now()
    defaults = {
        "document_number": "大教发〔2026〕12号", "body": "<p>现将招生范围公告如下。</p>",
        "formed_on": datetime.date(2026, 8, 1), "index_number": f"{unit.jurisdiction.code[:6]}-T-2026-{n:04d}",
        "index_year": 2026, "index_sequence": n, "disclosure_attribute": DisclosureAttribute.PROACTIVE,
        "status": RecordStatus.PUBLISHED, "published_at": now,
    }
    defaults.update(fields)
    record = Record.objects.create(unit=unit, title=title, **defaults)
    if items:
        record.items.set(items)
    if record.status in (RecordStatus.PUBLISHED, RecordStatus.REVISED, RecordStatus.WITHDRAWN,
                         RecordStatus.ARCHIVED):
        publish_revision(record, published_at=now)
    return record


def publish_revision(record: Record, *, title: str | None = None, published_at=None, attachments=()) -> RecordRevision:
    """What the publishing service does when a revision is approved: a new numbered revision becomes
    the public one."""
    number = (record.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if title:
        record.title = title
    revision = RecordRevision.objects.create(
        record=record, number=number, title=record.title, document_number=record.document_number,
        body=record.body, summary=record.summary, keywords=record.keywords, attachments=list(attachments),
        published_at=published_at or timezone.now(),
    )
    record.public_revision = revision
    record.changed_at = revision.published_at if number > 1 else None
    record.save()
    return revision
