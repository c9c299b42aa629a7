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


def forget_pages(record_id: int) -> None:
    """Drop the cached domain columns listing the record (portal.views keeps pages under
    "portal:page:" + sha256(path|publication stamp))."""
    stamp = portal_selectors.publication_stamp()
    pairs = (CatalogItem.objects.filter(records__pk=record_id)
             .values_list("version__catalog__jurisdiction__code", "domain__slug").distinct())
    for code, slug in pairs:
        path = reverse("portal:domain", kwargs={"code": code, "slug": slug})
        cache.delete("portal:page:" + hashlib.sha256(f"{path}|{stamp}".encode()).hexdigest())


def _public_record_changed(sender, record_id: int, **kwargs) -> None:
    forget_pages(record_id)


def connect() -> None:
    signals.public_record_changed.connect(_public_record_changed, dispatch_uid="portal.page_cache.record_changed")
