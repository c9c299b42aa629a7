"""The public portal: each jurisdiction's published catalog rendered for everyone.

No login, GET only, no JavaScript needed. Only published versions are shown (superseded ones on their
own history pages). Pages are kept whole in Django's cache by page_cache.public_page, under generations
that publishing replaces, so a newly published version shows at once; browsers and proxies may keep a page
for BROWSER_MAX_AGE seconds and revalidate it with its ETag."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogVersion, Domain, VersionStatus
from gongkai.columns import selectors as column_selectors
from gongkai.core import clock, preferences
from gongkai.exchange import catalog_export, stored_files
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel
from gongkai.portal import page_cache, selectors, selectors_records
from gongkai.portal.page_cache import public_page

CACHE_SECONDS = page_cache.PAGE_SECONDS
BROWSER_MAX_AGE = page_cache.SHARED_MAX_AGE
NOT_FOUND_MAX_AGE = 60

DOWNLOAD_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}
DOWNLOAD_LABELS = {"xlsx": "Excel 表格", "docx": "Word 文档", "csv": "CSV 数据"}


class NotPublished(Exception):
    """What the visitor asked for is not public (unknown, or not published): a 404 with a reason."""

    def __init__(self, message: str = "您访问的页面不存在，或相关公开事项目录尚未发布。"):
        super().__init__(message)
        self.message = message



def portal_view(view: Callable) -> Callable:
    """GET/HEAD only; NotPublished becomes the Chinese 404 page; every answer carries Cache-Control."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
            max_age = BROWSER_MAX_AGE
        except NotPublished as exc:
            response = render(request, "portal/not_found.html", {"message": exc.message, "messages": ()},
                              status=404)
            max_age = NOT_FOUND_MAX_AGE
        # A staff member's session cookie makes the answer theirs: never let a shared cache keep it.
        shared = settings.SESSION_COOKIE_NAME not in request.COOKIES
        patch_cache_control(response, **({"public": True} if shared else {"private": True}), max_age=max_age)
        # 长者模式 (a cookie) changes the page: caches keep one answer per cookie header.
        patch_vary_headers(response, ("Cookie",))
        return response

    return require_safe(wrapper)


def _cached_page(request, template: str, build: Callable[[], dict]) -> HttpResponse:
    """Render `template` with `build()` for every visitor alike (page_cache.public_page keeps it): the context
    never carries anything about the visitor (the mode switch goes back to the path, never to one visitor's
    query string; `messages` is overridden so that a back-office message is never rendered into a shared
    page)."""
    return HttpResponse(render_to_string(template, {**build(), "messages": (), "switch_next": request.path},
                                         request))


# --- lookups that turn into 404s ---------------------------------------------------------------

def _jurisdiction(code: str) -> Jurisdiction:
    jurisdiction = selectors.jurisdiction_by_code(code)
    if jurisdiction is None:
        raise NotPublished(f"没有找到区划代码为 {code} 的行政区划。")
    return jurisdiction


def _published(jurisdiction: Jurisdiction) -> CatalogVersion:
    version = selectors.published_version(jurisdiction)
    if version is None:
        raise NotPublished(f"{jurisdiction.name}的公开事项目录尚未发布。")
    return version


def _frame(jurisdiction: Jurisdiction, version: CatalogVersion | None = None) -> dict:
    """What every jurisdiction page shows around its content: header, breadcrumb, footer."""
    office = selectors.disclosure_office(jurisdiction)
    return {
        "jurisdiction": jurisdiction,
        "version": version,
        "ancestors": selectors.public_ancestors(jurisdiction),
        # Who answers questions about this column (footer): the same single query, never one per page item.
        "contact_office": office,
        "feedback_url": _feedback_url(jurisdiction),
        "downloads": [{"fmt": f, "label": DOWNLOAD_LABELS[f]} for f in DOWNLOAD_TYPES],
    }


def framed(code: str) -> tuple[Jurisdiction, CatalogVersion | None, dict]:
    """The jurisdiction of `code` (NotPublished when there is none), its published catalog version and its frame,
    kept with its pages under jc:<code> (page_cache.kept): a page re-rendered because records changed does not
    read them again."""

    def build() -> tuple[Jurisdiction, CatalogVersion | None, dict]:
        jurisdiction = _jurisdiction(code)
        version = selectors.published_version(jurisdiction)
        return jurisdiction, version, _frame(jurisdiction, version)

    return page_cache.kept(*frame_piece(code), build)


def frame_piece(code: str) -> tuple[list[str], tuple]:
    """How `framed` keeps a jurisdiction's frame: its generations and its parts (page_cache.kept, page_cache.ahead)."""
    return [f"jc:{code}"], ("frame", code)


def _feedback_url(jurisdiction: Jurisdiction) -> str:
    """Where a visitor leaves a question about the column: the messages page when the portal has one ("" else:
    the footer's request entrance is the way in then)."""
    try:
        return reverse("portal:messages", kwargs={"code": jurisdiction.code})
    except NoReverseMatch:
        return ""


# --- pages ---------------------------------------------------------------------------------------

def _jurisdiction_context(jurisdiction: Jurisdiction) -> dict:
    version = _published(jurisdiction)
    return {
        **_frame(jurisdiction, version),
        "approved_by": selectors.approving_jurisdiction(version),
        "tiles": selectors.domain_tiles(version),
        "not_applicable": selectors.domains_not_applicable(version),
        "map": selectors.disclosure_map(jurisdiction),
        "item_count": catalog_selectors.effective_items(version).count(),
        "high_frequency": column_selectors.high_frequency_items(version, clock.today()),
        "adopted_reference": selectors.adopted_reference(version),
        "active": "home",
    }


@portal_view
@public_page(page_cache.home_page, daily=True)
def home(request):
    """The portal's front page: the county's own home when there is exactly one county with a published
    catalog (one county's deployment), else the list of jurisdictions that publish."""
    counties = selectors.home_counties()
    if len(counties) == 1:
        county = counties[0]
        return _cached_page(request, "portal/jurisdiction.html",
                            lambda: {**_jurisdiction_context(county), "is_site_home": True})

    def build():
        publishing = list(selectors.jurisdictions_with_catalogs())
        paths = [j.path for j in publishing]
        roots = [j for j in publishing if not any(j.path != p and j.path.startswith(p) for p in paths)]
        return {"entries": [{"jurisdiction": j, "map": selectors.disclosure_map(j, publishing)} for j in roots]}

    return _cached_page(request, "portal/index.html", build)


@portal_view
@public_page(page_cache.jurisdiction_page, daily=True)
def jurisdiction_home(request, code: str):
    jurisdiction = _jurisdiction(code)
    if jurisdiction.level == JurisdictionLevel.CITY:
        return _cached_page(request, "portal/city.html", lambda: _city_context(jurisdiction))
    return _cached_page(request, "portal/jurisdiction.html", lambda: _jurisdiction_context(jurisdiction))


def _city_context(city: Jurisdiction) -> dict:
    """A city's page: its counties' published catalogs (links to each county's column) and the reference
    catalog the city compiled for them, if published."""
    page = selectors.city_page(city)
    if page is None:
        raise NotPublished(f"{city.name}所辖县（市、区）的公开事项目录尚未发布。")
    return {"jurisdiction": city, "version": None, "ancestors": [], **page}


@portal_view
@public_page(page_cache.records_list)
def domain_column(request, code: str, slug: str):
    jurisdiction = _jurisdiction(code)

    def build():
        version = _published(jurisdiction)
        found = selectors.domain_in_version(version, slug)
        if found is None:
            name = Domain.objects.filter(slug=slug).values_list("name", flat=True).first()
            raise NotPublished(f"{jurisdiction.name}已发布的公开事项目录中没有“{name}”领域。" if name
                               else "没有找到这个领域。")
        domain, entry = found
        topics, not_applicable_items = selectors.domain_topics(version, domain)
        return {
            **_frame(jurisdiction, version),
            "domain": domain,
            "guiding_unit": selectors.guiding_units(version).get(domain.pk),
            "domain_applies": entry is None or entry.applies,
            "domain_reason": entry.reason if entry else "",
            "topics": topics,
            "item_count": sum(len(t.items) for t in topics),
            "not_applicable_items": not_applicable_items,
            **selectors_records.domain_column_records(version, domain),
        }

    return _cached_page(request, "portal/domain.html", build)


@portal_view
@public_page(page_cache.catalog_page)
def catalog_table(request, code: str):
    jurisdiction = _jurisdiction(code)

    def build():
        version = _published(jurisdiction)
        return {**_frame(jurisdiction, version), "sections": selectors.catalog_table(version),
                "approved_by": selectors.approving_jurisdiction(version), "active": "catalog"}

    return _cached_page(request, "portal/catalog.html", build)


@portal_view
@public_page(page_cache.catalog_page)
def version_history(request, code: str):
    jurisdiction = _jurisdiction(code)

    def build():
        version = _published(jurisdiction)
        return {**_frame(jurisdiction, version), "history": selectors.public_history(jurisdiction),
                "active": "versions"}

    return _cached_page(request, "portal/versions.html", build)


@portal_view
@public_page(page_cache.catalog_page)
def version_detail(request, code: str, label: str):
    """A version of the history, read-only. The published one lives at the catalog page; a superseded
    one is shown here, marked 已被替代."""
    jurisdiction = _jurisdiction(code)
    shown = selectors.public_version(jurisdiction, label)
    if shown is None:
        raise NotPublished(f"{jurisdiction.name}没有这个版本的已发布公开事项目录。")
    if shown.status == VersionStatus.PUBLISHED:
        return redirect("portal:catalog", code=code)

    def build():
        current = selectors.published_version(jurisdiction)
        entry = next((e for e in selectors.public_history(jurisdiction) if e.version.pk == shown.pk), None)
        return {
            **_frame(jurisdiction, current),
            "shown": shown,
            "superseded_at": entry.superseded_at if entry else None,
            "superseded_by": entry.superseded_by if entry else None,
            "sections": selectors.catalog_table(shown),
            "approved_by": selectors.approving_jurisdiction(shown),
            "active": "versions",
        }

    return _cached_page(request, "portal/version.html", build)


@portal_view
def catalog_download(request, code: str, fmt: str, label: str | None = None):
    jurisdiction = _jurisdiction(code)
    version = _published(jurisdiction) if label is None else selectors.public_version(jurisdiction, label)
    if version is None:
        raise NotPublished(f"{jurisdiction.name}没有这个版本的已发布公开事项目录。")
    content, filename = _export(version, fmt)
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _export(version: CatalogVersion, fmt: str) -> tuple[bytes, str]:
    """The file and its name: rendered once per version into storage (exchange.stored_files)."""
    return stored_files.catalog_file(version, fmt), catalog_export.export_filename(version, fmt)


@portal_view
def not_found(request, **kwargs):
    raise NotPublished()


# --- robots.txt ----------------------------------------------------------------------------------

# Staff screens and sign-in are not for search engines; the portal, its feeds and the public API are.
@never_cache
@require_safe
def elder_mode(request):
    """Switch 长者模式 (larger type, higher contrast, simpler layout) on or off for every portal page: a
    cookie, then back to the page the visitor was on (a path of this site only, else the home page)."""
    return preferences.toggle(request, preferences.ELDER_MODE_COOKIE, reverse("portal:home"))


ROBOTS_DISALLOWED = ("/admin/", "/accounts/", "/elder-mode/", "/kiosk/")


@require_safe
def robots_txt(request):
    """Plain text: the portal is open to crawlers, staff screens are not, and the sitemap's absolute
    address (under GONGKAI_PUBLIC_BASE_URL when set, else the host asked for)."""
    sitemap = reverse("portal:sitemap")
    base = settings.GONGKAI_PUBLIC_BASE_URL.rstrip("/")
    sitemap_url = base + sitemap if base else request.build_absolute_uri(sitemap)
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in ROBOTS_DISALLOWED), "Allow: /", "",
             f"Sitemap: {sitemap_url}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
