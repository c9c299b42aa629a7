"""Feeds of public records: RSS 2.0 (Django's syndication framework) and JSON Feed 1.1 (by hand), per
jurisdiction, per domain of a jurisdiction, and per unit. Only public records, their public revision.
Also the sitemap (django.contrib.sitemaps): jurisdictions with published catalogs, their domain columns,
and public records."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.decorators.http import require_safe

from gongkai.catalog.models import Domain
from gongkai.core import keyset
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.portal import selectors, selectors_records
from gongkai.portal import sitemaps_column as column_sitemaps
from gongkai.publishing.indexing import record_url
from gongkai.publishing.sanitising import plain_text

FEED_SIZE = 50


# Newest first; older ones page by page with `?before=<cursor>` (core.keyset), never with an OFFSET.
FEED_ORDER = ("-published_at", "-id")


class _Source:
    """What a feed is about: a title, a page, and its public records."""

    def __init__(self, title: str, link: str, records, feed_rss: str, feed_json: str):
        self.title, self.link, self.records = title, link, records
        self.feed_rss, self.feed_json = feed_rss, feed_json
        self.entries: list = []
        self.next_cursor: str | None = None
        self.next_link: str | None = None

    def read(self, request) -> _Source:
        """This request's page of records (one query); a `before` we did not make is a 400."""
        self.entries, self.next_cursor = keyset.page(self.records, request.GET.get("before"), FEED_ORDER,
                                                     FEED_SIZE)
        return self

    def next_url(self, request, feed: str) -> str | None:
        """The feed of the records older than this page's (RFC 5005's "next"; JSON Feed's next_url)."""
        if self.next_cursor is None:
            return None
        return request.build_absolute_uri(f"{feed}?{urlencode({'before': self.next_cursor})}")


class _PagedRss(Rss201rev2Feed):
    """RSS 2.0 with an <atom:link rel="next"> to the older records when there are more."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("next_url"):
            handler.addQuickElement("atom:link", None, {"rel": "next", "href": self.feed["next_url"]})


def _jurisdiction_source(code: str) -> _Source:
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    return _Source(f"{jurisdiction.name}政府信息公开", reverse("portal:latest", kwargs={"code": code}),
                   selectors_records.records_of_jurisdiction(jurisdiction, with_body=True),
                   reverse("portal:feed_jurisdiction_rss", kwargs={"code": code}),
                   reverse("portal:feed_jurisdiction_json", kwargs={"code": code}))


def _domain_source(code: str, slug: str) -> _Source:
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    domain = get_object_or_404(Domain, slug=slug)
    version = selectors.published_version(jurisdiction)
    if version is None:
        raise Http404("尚未发布公开事项目录")
    return _Source(f"{jurisdiction.name}{domain.name}领域政府信息公开",
                   reverse("portal:domain", kwargs={"code": code, "slug": slug}),
                   selectors_records.records_of_domain(version, domain, with_body=True),
                   reverse("portal:feed_domain_rss", kwargs={"code": code, "slug": slug}),
                   reverse("portal:feed_domain_json", kwargs={"code": code, "slug": slug}))


def _unit_source(handle: str) -> _Source:
    unit = get_object_or_404(Unit.objects.select_related("jurisdiction"), handle=handle)
    return _Source(f"{unit.name}政府信息公开", reverse("portal:latest", kwargs={"code": unit.jurisdiction.code}),
                   selectors_records.records_of_unit(unit, with_body=True),
                   reverse("portal:feed_unit_rss", kwargs={"handle": handle}),
                   reverse("portal:feed_unit_json", kwargs={"handle": handle}))


class RecordsFeed(Feed):
    feed_type = _PagedRss
    language = "zh-CN"
    source: Callable[..., _Source] = staticmethod(_jurisdiction_source)

    def get_object(self, request, **kwargs):
        source = type(self).source(**kwargs).read(request)
        source.next_link = source.next_url(request, source.feed_rss)
        return source

    def feed_extra_kwargs(self, obj):
        return {"next_url": obj.next_link}

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def description(self, obj):
        return f"{obj.title}：最新主动公开的政府信息"

    def feed_url(self, obj):
        return obj.feed_rss

    def items(self, obj):
        return obj.entries

    def item_title(self, item):
        return item.public_revision.title

    def item_description(self, item):
        revision = item.public_revision
        return revision.summary or plain_text(revision.body)[:300]

    def item_link(self, item):
        return record_url(item)

    def item_guid(self, item):
        return f"record-{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.changed_at or item.published_at

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        return [k for k in (item.public_revision.keywords or "").replace("，", " ").split() if k]


class DomainFeed(RecordsFeed):
    source = staticmethod(_domain_source)


class UnitFeed(RecordsFeed):
    source = staticmethod(_unit_source)


def _json_feed(request, source: _Source) -> HttpResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    source.read(request)
    items = []
    for record in source.entries:
        revision = record.public_revision
        entry = {
            "id": f"record-{record.pk}",
            "url": request.build_absolute_uri(record_url(record)),
            "title": revision.title,
            "content_text": plain_text(revision.body),
            "date_published": record.published_at.isoformat(),
            "authors": [{"name": record.unit.name}],
            "_gongkai": {"index_number": record.index_number, "document_number": revision.document_number,
                         "formed_on": record.formed_on.isoformat(), "revision": revision.number},
        }
        if revision.summary:
            entry["summary"] = revision.summary
        if record.changed_at:
            entry["date_modified"] = record.changed_at.isoformat()
        tags = [k for k in (revision.keywords or "").replace("，", " ").split() if k]
        if tags:
            entry["tags"] = tags
        items.append(entry)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": source.title,
        "home_page_url": request.build_absolute_uri(source.link),
        "feed_url": request.build_absolute_uri(source.feed_json),
        "language": "zh-CN",
        "items": items,
    }
    next_url = source.next_url(request, source.feed_json)
    if next_url:
        feed["next_url"] = next_url
    return HttpResponse(json.dumps(feed, ensure_ascii=False, indent=1),
                        content_type="application/feed+json; charset=utf-8")


@require_safe
def jurisdiction_json(request, code: str):
    return _json_feed(request, _jurisdiction_source(code))


@require_safe
def domain_json(request, code: str, slug: str):
    return _json_feed(request, _domain_source(code, slug))


@require_safe
def unit_json(request, handle: str):
    return _json_feed(request, _unit_source(handle))


# --- sitemap ----------------------------------------------------------------------------------------

class CatalogSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return list(selectors.jurisdictions_with_catalogs())

    def location(self, jurisdiction):
        return reverse("portal:catalog", kwargs={"code": jurisdiction.code})


class JurisdictionSitemap(CatalogSitemap):
    priority = 0.9
    changefreq = "daily"

    def location(self, jurisdiction):
        return reverse("portal:jurisdiction", kwargs={"code": jurisdiction.code})


class DomainSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return selectors.domain_columns()

    def location(self, pair):
        return reverse("portal:domain", kwargs={"code": pair[0], "slug": pair[1]})


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return selectors_records.public_records()

    def location(self, record):
        return record_url(record)

    def lastmod(self, record):
        return record.changed_at or record.published_at


SITEMAPS = {"jurisdictions": JurisdictionSitemap, "catalogs": CatalogSitemap, "domains": DomainSitemap,
            "records": RecordSitemap, **column_sitemaps.SITEMAPS}
