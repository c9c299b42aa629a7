"""The portal's public pages, kept whole in Django's cache (Redis when CACHE_URL names one, the local cache
otherwise) and invalidated exactly by what changes them.

Each page depends on a few *generations*: tokens kept in the cache, replaced by a new random token when
what they stand for changes. A page's key holds its path, its page number, 长者模式 or not, and the
current tokens of its generations, so replacing one token makes every page that depends on it miss, and
no other. The generations (kept in CACHES["pages"] with the pages, else the default cache):

- ``jc:<code>``   the jurisdiction's published catalog (a version published or superseded, its domain
                  table) and its units (names, contacts in every footer, active or not): its catalog,
                  history, columns, items, records' frames;
- ``jr:<code>``   the public records listed in the jurisdiction (publish, revise, withdraw of a record of
                  its units or filed under its items): its home, columns, item pages, latest records;
- ``js:<code>``   a jurisdiction below it published a catalog (its home page's map, a city's page);
- ``hf:<code>``   the office's 高频事项 marks (its home page; the learned part follows the day);
- ``sg:<code>``   its 办事指南 (linked from item and record pages);
- ``rec:<code>:<ref>`` one record's page (publish, revise, withdraw of that record);
- ``site``        anything public anywhere (the site's front page, which lists them all).

A page is shared only when nothing about the visitor can be in it: a GET or HEAD without a session
cookie, without messages waiting, not a hall's kiosk, no query string but `page`; it is stored only when
it answered 200, set no cookie and rendered no CSRF token. Shared pages carry an ETag and Last-Modified
and answer a conditional GET with 304. Anything no generation follows (a jurisdiction renamed, a change
written with QuerySet.update) shows after PAGE_SECONDS at the latest (2 × PAGE_SECONDS on a page whose frame
was kept by `kept`). With a read replica, a page
rendered right after a change is kept only for the replica's lag (`_lifetime`). Connected in
PortalConfig.ready()."""

from __future__ import annotations

import hashlib
import pickle
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, wraps
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from gongkai.catalog.models import CatalogItem, CatalogVersion, DomainAssignment, VersionStatus
from gongkai.columns import signals as column_signals
from gongkai.columns.models import HighFrequencyItem
from gongkai.core import clock, db_router, preferences
from gongkai.guides.models import ServiceGuide
from gongkai.organizations.models import Unit
from gongkai.publishing import signals
from gongkai.publishing.models import Record

T = TypeVar("T")
PAGE_SECONDS = 60 * 60
LOCAL_PAGE_SECONDS = 60
# How long a browser or proxy may keep a shared page before it asks again (a 304 then costs no rendering).
SHARED_MAX_AGE = 60
PREFIX = "portal:"
SHARED_QUERY = frozenset({"page"})
# The form of a kept page (its key's middle part): "page2" since pages carry the headers of the whole stack (older
# entries, without them, are never read: the middleware answers before the CSP and frame headers are added);
# "page3" since a page's key no longer holds its generations' tokens: the page carries them (`_read`).
PAGE_FORMAT = "page3:"
NOTES = "_page_cache_notes"
LOOKED = "_page_cache_looked"  # PageCacheMiddleware looked and found nothing: the view's wrapper must not look again
KEEP = "_page_cache_keep"  # the entry the view's wrapper made, for PageCacheMiddleware to keep
PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)


# --- generations ---------------------------------------------------------------------------------

def _cache() -> BaseCache:
    """The pages' own cache (settings: CACHES["pages"]), else the default one."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


def _gen_key(name: str) -> str:
    """The cache key of a generation. A name holding a space or control character (a record's address as typed:
    /r/%00/) or longer than memcached's keys may be (in UTF-8 bytes) goes by its digest."""
    if len(name.encode("utf-8", "surrogatepass")) > 200 or any(ord(c) < 33 or ord(c) == 127 for c in name):
        return f"{PREFIX}gen:~{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()}"
    return f"{PREFIX}gen:{name}"


def generations(names: Iterable[str]) -> list[str]:
    """The current token of each generation (one round trip to the cache when they are all there). A
    generation the cache lost starts again with a new token, so a page kept under an older one never
    comes back."""
    return _read(names, None)[0]


# What a kept value may fail with when another release wrote it: it is not there, for this one.
UNREADABLE = (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError)


def _read(names: Iterable[str], key: str | None) -> tuple[list[str], dict | None]:
    """The current tokens of the generations `names`, and what is kept under `key` (a dict) when it was kept
    under those very tokens (its "tokens"): one round trip to the cache for both when the generations are all
    there. A generation the cache lost starts again with a new token, which nothing kept can carry."""
    return _read_many([(list(names), key)])[0]


def _read_many(wanted: Sequence[tuple[list[str], str | None]]) -> list[tuple[list[str], dict | None]]:
    """`_read` of several (generations, key), all in one round trip."""
    gen_keys = list(dict.fromkeys(_gen_key(name) for names, _ in wanted for name in names))
    keys = [key for _, key in wanted if key]
    try:
        found = _cache().get_many([*gen_keys, *keys])
    except UNREADABLE:
        found = _cache().get_many(gen_keys)
    entries = {key: found.pop(key, None) for key in keys}
    missing = [k for k in gen_keys if k not in found]
    if missing:
        for gen_key in missing:
            _cache().add(gen_key, _token(), None)
        found.update(_cache().get_many(missing))
    out = []
    for names, key in wanted:
        tokens = [str(found.get(_gen_key(name), "")) for name in names]
        entry = entries.get(key) if key else None
        if missing or not isinstance(entry, dict) or entry.get("tokens") != tokens:
            entry = None
        out.append((tokens, entry))
    return out


def _keep(key: str, entry: dict, tokens: list[str]) -> None:
    """Keep a page under `key` with the tokens of the generations it was rendered under (`_read` checks them)."""
    _cache().set(key, {**entry, "tokens": tokens}, _lifetime(tokens))


def _token() -> str:
    """A new generation token: when it was made (milliseconds, hex) and a random part."""
    return f"{time.time_ns() // 1_000_000:x}.{uuid.uuid4().hex[:16]}"


def _made_at(token: str) -> float:
    try:
        return int(token.split(".", 1)[0], 16) / 1000
    except ValueError:
        return 0.0


def _lifetime(tokens: list[str]) -> int:
    """How long a page rendered now may be kept. Reads may come from a replica that lags the primary by a
    moment (core.db_router): right after a generation changed, the page may still show the old rows, so it
    is kept only until the replica has surely caught up (GONGKAI_READ_YOUR_WRITES_SECONDS). In a process-local
    cache, another process's change (cron's publish-scheduled, a second worker) cannot reach the page: a minute."""
    longest = LOCAL_PAGE_SECONDS if _pages_cache_is_local() else PAGE_SECONDS
    if not db_router.replica_configured():
        return longest
    lag = settings.GONGKAI_READ_YOUR_WRITES_SECONDS
    newest = max((_made_at(t) for t in tokens), default=0.0)
    return min(lag, longest) if time.time() - newest < lag else longest


def _pages_cache_is_local() -> bool:
    return settings.CACHES.get("pages", settings.CACHES["default"])["BACKEND"].endswith(".LocMemCache")


def bump(names: Iterable[str]) -> None:
    """Give each generation a new token now, and again once the current transaction commits: a page
    rendered from the old rows before the commit is then kept under a token nobody asks for any more."""
    keys = sorted({_gen_key(name) for name in names})
    if not keys:
        return

    def renew() -> None:
        _cache().set_many({key: _token() for key in keys}, None)

    renew()
    transaction.on_commit(renew)


def jurisdiction_changed(path: str, *, catalog: bool = False, records: bool = False) -> None:
    """The jurisdiction at `path` (Jurisdiction.path, codes from the top) changed its published catalog
    or its public records: its generations, its ancestors' 'below' generation and the site's."""
    codes = [c for c in path.split("/") if c]
    if not codes:
        return
    own, above = codes[-1], codes[:-1]
    names = ["site", *(f"js:{code}" for code in above)] if catalog else ["site"]
    if catalog:
        names.append(f"jc:{own}")
    if records:
        names.append(f"jr:{own}")
    bump(names)


def record_changed(record_id: int) -> None:
    """A record's public state changed: its own page, and the lists of the jurisdictions it is listed in
    (its unit's, and those whose catalog items it is filed under)."""
    row = (Record.objects.filter(pk=record_id)
           .values_list("index_number", "unit__jurisdiction__code").first())
    if row is None:
        return
    index_number, code = row
    codes = {code, *CatalogItem.objects.filter(records__pk=record_id)
             .values_list("version__catalog__jurisdiction__code", flat=True).distinct()}
    bump(["site", f"rec:{code}:{record_id}", *([f"rec:{code}:{index_number}"] if index_number else []),
          *(f"jr:{c}" for c in codes)])


# --- receivers -----------------------------------------------------------------------------------

def _public_record_changed(sender, record_id: int, **kwargs) -> None:
    record_changed(record_id)


def _version_saved(sender, instance: CatalogVersion, **kwargs) -> None:
    # Drafts, submissions and approvals are not public: only a published or superseded version (or one
    # taken away) changes what the portal shows.
    if kwargs.get("signal") is post_delete or instance.status in PUBLIC_STATUSES:
        jurisdiction_changed(instance.catalog.jurisdiction.path, catalog=True)


def _domain_table_saved(sender, instance: DomainAssignment, **kwargs) -> None:
    jurisdiction_changed(instance.jurisdiction.path, catalog=True)


def _marks_saved(sender, instance: HighFrequencyItem, **kwargs) -> None:
    bump(["site", f"hf:{instance.jurisdiction.code}"])


def _unit_saved(sender, instance: Unit, **kwargs) -> None:
    # A unit's name and contacts are on its jurisdiction's pages; its records are public only while it is
    # active (lists and record pages, which follow jc too).
    bump(["site", f"jc:{instance.jurisdiction.code}", f"jr:{instance.jurisdiction.code}"])


def _guide_saved(sender, instance: ServiceGuide, **kwargs) -> None:
    bump([f"sg:{instance.jurisdiction.code}"])


def _marks_changed(sender, jurisdiction_code: str, **kwargs) -> None:
    bump(["site", f"hf:{jurisdiction_code}"])


def connect() -> None:
    signals.public_record_changed.connect(_public_record_changed, dispatch_uid="portal.page_cache.record_changed")
    column_signals.high_frequency_changed.connect(_marks_changed, dispatch_uid="portal.page_cache.marks_changed")
    for signal in (post_save, post_delete):
        signal.connect(_version_saved, sender=CatalogVersion, dispatch_uid=f"portal.page_cache.version.{signal}")
        signal.connect(_domain_table_saved, sender=DomainAssignment,
                       dispatch_uid=f"portal.page_cache.domains.{signal}")
        signal.connect(_marks_saved, sender=HighFrequencyItem, dispatch_uid=f"portal.page_cache.marks.{signal}")
        signal.connect(_guide_saved, sender=ServiceGuide, dispatch_uid=f"portal.page_cache.guides.{signal}")
        signal.connect(_unit_saved, sender=Unit, dispatch_uid=f"portal.page_cache.units.{signal}")


# --- the pages -----------------------------------------------------------------------------------

def home_page(**kwargs) -> list[str]:
    return ["site"]


def jurisdiction_page(*, code: str, **kwargs) -> list[str]:
    return [f"jc:{code}", f"jr:{code}", f"js:{code}", f"hf:{code}"]


def catalog_page(*, code: str, **kwargs) -> list[str]:
    return [f"jc:{code}"]


def records_list(*, code: str, **kwargs) -> list[str]:
    return [f"jc:{code}", f"jr:{code}"]


def item_page(*, code: str, **kwargs) -> list[str]:
    return [f"jc:{code}", f"jr:{code}", f"sg:{code}"]


def record_page(*, code: str, ref: str, **kwargs) -> list[str]:
    return [f"jc:{code}", f"rec:{code}:{ref}", f"sg:{code}"]


def shareable(request) -> bool:
    """Whether the answer to `request` can be the same for every visitor (see the module's docstring)."""
    return (request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
            and preferences.kiosk_of(request) is None
            and set(request.GET) <= SHARED_QUERY)


def _storable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not request.META.get("CSRF_COOKIE_USED")
            and not getattr(messages, "added_new", False))


def page_key(request, day: str) -> str:
    """Where a page is kept: host, path, page number, 长者模式 or not (the two renderings differ in the body's
    class and the switch), and the day for a page that changes with it. The tokens of the generations it depends
    on are kept with the page (entry["tokens"]), so that one round trip reads both (`_read`): a page kept under
    other tokens is not served, and the next rendering takes its place."""
    elder = preferences.is_on(request, preferences.ELDER_MODE_COOKIE)
    # The host and scheme too: a page or feed may print absolute addresses.
    parts = [request.scheme, request.get_host(), request.path, request.GET.get("page", ""), "elder" if elder else "",
             day]
    return PREFIX + PAGE_FORMAT + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _answer(request, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], content_type=entry["type"])
    for name, value in entry.get("headers", {}).items():
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["modified"])
    patch_cache_control(response, public=True, max_age=SHARED_MAX_AGE)  # the feeds have no portal_view
    return get_conditional_response(request, etag=entry["etag"], last_modified=entry["modified"],
                                    response=response) or response


class PagePolicy:
    """What public_page knows of one view: the generations its page depends on, the day or not, its on_hit."""

    def __init__(self, depends: Callable[..., list[str]], daily: bool, on_hit: Callable[..., None] | None) -> None:
        self.depends, self.daily, self.on_hit = depends, daily, on_hit

    def lookup(self, request, kwargs: dict) -> tuple[str, list[str], HttpResponse | None]:
        """The page's key, its generations' tokens, and the answer when the page is kept (on_hit done)."""
        key = page_key(request, clock.today().isoformat() if self.daily else "")
        tokens, entry = _read(self.depends(**kwargs), key)
        if entry is None:
            return key, tokens, None
        if self.on_hit is not None:
            self.on_hit(request, notes=entry.get("notes", {}), **kwargs)
        return key, tokens, _answer(request, entry)


def _entry(request, response) -> dict:
    content = response.content
    return {"content": content, "type": response["Content-Type"], "modified": int(time.time()),
            "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"', "notes": getattr(request, NOTES, {})}


def public_page(depends: Callable[..., list[str]], *, daily: bool = False,
                on_hit: Callable[..., None] | None = None) -> Callable:
    """Keep the view's page in the cache under the generations `depends(**kwargs)` names (and the day when
    `daily`). `on_hit(request, notes=…, **kwargs)` runs when the page comes from the cache (a view's counter);
    `notes` are what the view noted while rendering (note()), kept with the page.

    With PageCacheMiddleware (settings.MIDDLEWARE) the middleware looks first, before the rest of the
    middleware runs, and keeps the page with the headers the whole stack gave it; without it (a view called
    directly) this wrapper looks and keeps the page itself."""
    policy = PagePolicy(depends, daily, on_hit)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not shareable(request):
                return view(request, *args, **kwargs)
            looked = getattr(request, LOOKED, None)
            if looked is None:
                key, tokens, answer = policy.lookup(request, kwargs)
                if answer is not None:
                    return answer
            response = view(request, *args, **kwargs)
            if not _storable(request, response):
                return response
            entry = _entry(request, response)
            if looked is not None:  # the middleware keeps it, with the headers the stack adds on the way out
                setattr(request, KEEP, entry)
            else:
                _keep(key, entry, tokens)
            return _answer(request, entry)

        wrapper.page_policy = policy  # type: ignore[attr-defined]
        return wrapper

    return decorator


# Headers of an answer never kept with a page: the server's, and those each answer gets anew.
NOT_KEPT = frozenset({"content-length", "date", "set-cookie", "content-type", "etag", "last-modified"})


class PageCacheMiddleware:
    """Serve a kept public page before the rest of the middleware runs (sessions, CSRF, authentication,
    messages, locale: none of them matters to a page every visitor shares), with the headers the whole stack
    gave it when it was rendered. A page is looked up only for a view marked by public_page (its policy, found
    by resolving the path) and a shareable request; anything else passes through untouched."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not shareable(request):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        policy = getattr(match.func, "page_policy", None)
        if policy is None:
            return self.get_response(request)
        key, tokens, answer = policy.lookup(request, match.kwargs)
        if answer is not None:
            return answer
        setattr(request, LOOKED, True)
        response = self.get_response(request)
        entry = getattr(request, KEEP, None)
        if entry is not None and response.status_code == 200 and not response.cookies:
            entry["headers"] = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
            _keep(key, entry, tokens)
        return response


# Pieces read ahead for the request being answered (`ahead`): kept() takes them from here, not from the cache.
_ahead: ContextVar[dict[str, tuple[list[str], tuple[list[str], dict | None]]] | None] = ContextVar(
    "page_cache_ahead", default=None)


def _part_key(parts: Iterable[object]) -> str:
    return PREFIX + "part:" + hashlib.sha256("|".join([schema_stamp(), *map(str, parts)]).encode()).hexdigest()


@contextmanager
def ahead(pieces: Iterable[tuple[Iterable[str], Iterable[object]]]) -> Iterator[None]:
    """Within it, the `kept` pieces named by (generations, parts) are read together, in one round trip to the cache
    instead of one each (an item page keeps its frame, its item and its guides: three). A piece not named here is
    read as before; one named but not asked for costs nothing more."""
    wanted = [(list(names), _part_key(parts)) for names, parts in pieces]
    read = {key: (names, found) for (names, key), found in zip(wanted, _read_many(wanted), strict=True)}
    token = _ahead.set(read)
    try:
        yield
    finally:
        _ahead.reset(token)


def kept(names: Iterable[str], parts: Iterable[object], build: Callable[[], T]) -> T:
    """What `build()` returns (model objects a page is framed with: small, picklable), kept like the pages under
    the generations `names`, by `parts`: a page rendered after a record was published (its jr changed) reads its
    jurisdiction, catalog version and frame from here (jc did not change), whoever the visitor is. `build` raising
    or returning None keeps nothing (an address that names nothing fills no cache). The key carries the schema's
    stamp (`schema_stamp`): after a deploy that migrates, no process unpickles an object of the old models; one that
    cannot be read anyway is a miss. Kept at most as long as a page, so what no generation follows shows after
    2 × PAGE_SECONDS at the latest."""
    key = _part_key(parts)
    names = list(names)
    read_ahead = _ahead.get()
    early = read_ahead.pop(key, None) if read_ahead is not None else None
    # (unreadable: written by another release; built again)
    tokens, found = early[1] if early is not None and early[0] == names else _read(names, key)
    if found is not None:
        return found["value"]
    value = build()
    if value is not None:
        _cache().set(key, {"value": value, "tokens": tokens}, _lifetime(tokens))
    return value


@cache
def schema_stamp() -> str:
    """Django's version and every app's migration files, hashed: it changes with any deploy that changes a model."""
    import django
    from django.apps import apps

    names = [django.get_version()]
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if folder.is_dir():
            names += sorted(f"{config.label}.{p.stem}" for p in folder.glob("[0-9]*.py"))
    return hashlib.sha256("|".join(names).encode()).hexdigest()[:16]


def note(request, **notes) -> None:
    """Keep `notes` (small, picklable) with the page being rendered: its on_hit receives them when the page is
    served from the cache, without asking the database or the cache again."""
    setattr(request, NOTES, {**getattr(request, NOTES, {}), **notes})


def count_item_view(request, *, notes: dict, code: str, key: str, **kwargs) -> None:
    """An item page from the cache still counts for 高频事项 (a GET; a HEAD is a link checker): one increment in
    the cache (columns.services.item_counted) with the jurisdiction's id the page noted when it was rendered (a
    code never changes its jurisdiction): no database query, one round trip to the cache."""
    from gongkai.columns import services as column_services
    from gongkai.organizations.models import Jurisdiction

    if request.method != "GET":
        return
    pk = notes.get("jurisdiction_id")
    if pk is None:  # a page kept before pages carried notes
        pk = Jurisdiction.objects.filter(code=code).values_list("pk", flat=True).first()
        if pk is None:
            return
    column_services.item_counted(jurisdiction=Jurisdiction(pk=pk, code=code), item_key=UUID(key), day=clock.today())
