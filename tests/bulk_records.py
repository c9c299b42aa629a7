"""Many public records quickly (bulk inserts, no services, no search index): for the tests that need a table
large enough for PostgreSQL's planner to prefer an index, and for timing a county by hand."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.utils import timezone

from gongkai.publishing.models import DisclosureAttribute, Record, RecordRevision

_serial = itertools.count(1_000_001)  # clear of the factories' index sequences


def bulk_public_records(units, items, n: int, *, seed: int = 13, body_chars: int = 2000,
                        batch: int = 2000) -> list[int]:
    """n public records (published, 主动公开, with a public revision) spread over `units`, each filed under
    one of `items`, published over the last three years; one in ten is a draft or 依申请公开, which no public
    list may show. Returns the ids of the public ones."""
    rng = random.Random(seed)
    now = timezone.now()
    body = "<p>" + "现将有关事项公告如下。" * (body_chars // 11) + "</p>"
    public_ids: list[int] = []
    for start in range(0, n, batch):
        records = []
        for _ in range(min(batch, n - start)):
            serial = next(_serial)
            unit = rng.choice(units)
            hidden = rng.random() < 0.1
            records.append(Record(
                unit=unit, title=f"批量信息第{serial}号", body=body, formed_on=dt.date(2001, 1, 1),
                index_number=f"BULK-{unit.pk}-{serial:07d}", index_year=2001, index_sequence=serial,
                disclosure_attribute=DisclosureAttribute.ON_REQUEST if hidden and serial % 2
                else DisclosureAttribute.PROACTIVE,
                status="draft" if hidden and not serial % 2 else "published",
                published_at=now - dt.timedelta(minutes=rng.randrange(1, 3 * 365 * 24 * 60))))
        Record.objects.bulk_create(records)
        if records[0].pk is None:  # a backend that does not return ids (not ours, but be sure)
            raise RuntimeError("bulk_create returned no ids")
        revisions = RecordRevision.objects.bulk_create([
            RecordRevision(record=r, number=1, title=r.title, body=body, published_at=r.published_at)
            for r in records])
        for record, revision in zip(records, revisions, strict=True):
            record.public_revision = revision
        Record.objects.bulk_update(records, ["public_revision"])
        Record.items.through.objects.bulk_create([
            Record.items.through(record_id=r.pk, catalogitem_id=rng.choice(items).pk) for r in records])
        public_ids += [r.pk for r in records if r.status == "published"
                       and r.disclosure_attribute == DisclosureAttribute.PROACTIVE]
    return public_ids
