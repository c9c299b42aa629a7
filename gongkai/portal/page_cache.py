"""Cached portal pages that list records follow publishing: when a record's public state changed
(publishing.signals.public_record_changed, sent once its change committed and the search index followed),
the cached domain columns it is filed under are dropped. Connected in PortalConfig.ready()."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.urls import reverse

from gongkai.catalog.models import CatalogItem
from gongkai.portal import selectors as portal_selectors
from gongkai.publishing import signals


def page_key(path: str, stamp: object, elder: bool = False) -> str:
    """Where portal.views keeps a rendered page: its path, the publication stamp, and whether it was
    rendered in 长者模式 (the two renderings of a page differ only in the body's class and the switch)."""
    return "portal:page:" + hashlib.sha256(f"{path}|{stamp}{'|elder' if elder else ''}".encode()).hexdigest()


def forget_pages(record_id: int) -> None:
    """Drop the cached domain columns listing the record, in both renderings (see page_key)."""
    stamp = portal_selectors.publication_stamp()
    pairs = (CatalogItem.objects.filter(records__pk=record_id)
             .values_list("version__catalog__jurisdiction__code", "domain__slug").distinct())
    for code, slug in pairs:
        path = reverse("portal:domain", kwargs={"code": code, "slug": slug})
        cache.delete_many([page_key(path, stamp), page_key(path, stamp, elder=True)])


def _public_record_changed(sender, record_id: int, **kwargs) -> None:
    forget_pages(record_id)


def connect() -> None:
    signals.public_record_changed.connect(_public_record_changed, dispatch_uid="portal.page_cache.record_changed")
