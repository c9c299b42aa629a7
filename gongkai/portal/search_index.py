"""Keeps the public channels in step with publishing: the search index and the cached domain pages.

Search sits below publishing and may not import it; publishing need not know about search. So the
portal, above both, listens to the saves of records (publish, revise, withdraw, archive, delete) and
writes the search document of a PUBLIC record (selectors_records.public_records), or takes it out.
Connected in PortalConfig.ready()."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from gongkai.portal import selectors as portal_selectors
from gongkai.portal import selectors_records
from gongkai.publishing.models import Record, RecordRevision
from gongkai.search import services as search

KIND = "record"


def record_reference(record: Record) -> str:
    return record.index_number or str(record.pk)


def record_url(record: Record) -> str:
    return reverse("portal:record", kwargs={"code": record.unit.jurisdiction.code, "ref": record_reference(record)})


def sync_record(record: Record) -> None:
    """Index the record if it is public now, else make sure it is not in the index; drop cached pages that
    list it."""
    public = selectors_records.public_records().filter(pk=record.pk).first()
    if public is None:
        search.document_remove(KIND, record.pk)
    else:
        view = selectors_records.public_view(public)
        body = "\n".join(part for part in (view.document_number, public.index_number, view.summary, view.keywords,
                                           view.body_text, *(a.name for a in view.attachments)) if part)
        search.document_upsert(
            KIND, public.pk,
            title=view.title,
            body=body,
            jurisdiction_code=view.jurisdiction.code,
            domain_slug=selectors_records.record_domain_slug(public),
            unit_id=public.unit_id,
            url=record_url(public),
            published_at=public.published_at,
        )
    forget_pages(record)


def forget_pages(record: Record) -> None:
    """The domain columns list records: drop their cached pages (portal.views keeps pages under
    "portal:page:" + sha256(path|publication stamp))."""
    if record.pk is None:
        return
    stamp = portal_selectors.publication_stamp()
    paths = set()
    for item in record.items.select_related("domain", "version__catalog__jurisdiction"):
        code = item.version.catalog.jurisdiction.code
        paths.add(reverse("portal:domain", kwargs={"code": code, "slug": item.domain.slug}))
    for path in paths:
        cache.delete("portal:page:" + hashlib.sha256(f"{path}|{stamp}".encode()).hexdigest())


def _record_saved(sender, instance: Record, raw=False, **kwargs):
    if not raw:
        sync_record(instance)


def _record_deleted(sender, instance: Record, **kwargs):
    search.document_remove(KIND, instance.pk)


def _revision_saved(sender, instance: RecordRevision, raw=False, **kwargs):
    if not raw and Record.objects.filter(pk=instance.record_id, public_revision=instance).exists():
        sync_record(instance.record)


def _items_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Record):
        sync_record(instance)


def connect() -> None:
    post_save.connect(_record_saved, sender=Record, dispatch_uid="portal.search_index.record_saved")
    post_delete.connect(_record_deleted, sender=Record, dispatch_uid="portal.search_index.record_deleted")
    post_save.connect(_revision_saved, sender=RecordRevision, dispatch_uid="portal.search_index.revision_saved")
    m2m_changed.connect(_items_changed, sender=Record.items.through, dispatch_uid="portal.search_index.items")
