"""Public record pages, search, feeds and the sitemap. Stable paths: bulletins' QR codes link to records."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import re_path

from gongkai.portal import feeds, page_cache, views_records

CODE = r"(?P<code>[0-9]{12})"
REF = r"(?P<ref>[^?#]+?)"
SITEMAP = {"sitemaps": feeds.SITEMAPS, "template_name": "portal/records/sitemap.xml"}
# A jurisdiction's and a domain's feeds are kept like its record lists (feed readers ask with If-None-Match).
_kept = page_cache.public_page(page_cache.records_list)

urlpatterns = [
    re_path(rf"^j/{CODE}/r/{REF}/a/(?P<attachment_id>[0-9]+)/$", views_records.record_attachment,
            name="record_attachment"),
    re_path(rf"^j/{CODE}/r/{REF}/entries\.csv$", views_records.record_entries_csv, name="record_entries_csv"),
    re_path(rf"^j/{CODE}/r/{REF}/$", views_records.record_detail, name="record"),
    re_path(rf"^j/{CODE}/i/(?P<key>[-0-9a-fA-F]+)/$", views_records.item_records, name="item"),
    re_path(rf"^j/{CODE}/latest/$", views_records.latest, name="latest"),
    re_path(r"^search/$", views_records.search_page, name="search"),
    re_path(rf"^feeds/j/{CODE}\.rss$", _kept(feeds.RecordsFeed()), name="feed_jurisdiction_rss"),
    re_path(rf"^feeds/j/{CODE}\.json$", _kept(feeds.jurisdiction_json), name="feed_jurisdiction_json"),
    re_path(rf"^feeds/j/{CODE}/d/(?P<slug>[-a-zA-Z0-9_]+)\.rss$", _kept(feeds.DomainFeed()), name="feed_domain_rss"),
    re_path(rf"^feeds/j/{CODE}/d/(?P<slug>[-a-zA-Z0-9_]+)\.json$", _kept(feeds.domain_json), name="feed_domain_json"),
    re_path(r"^feeds/u/(?P<handle>[-a-zA-Z0-9_.@]+)\.rss$", feeds.UnitFeed(), name="feed_unit_rss"),
    re_path(r"^feeds/u/(?P<handle>[-a-zA-Z0-9_.@]+)\.json$", feeds.unit_json, name="feed_unit_json"),
    re_path(r"^sitemap\.xml$", sitemap_views.sitemap, SITEMAP, name="sitemap"),
]
