"""Public pages kept whole in the cache (portal.page_cache): a publication drops exactly the pages it
changes; a second visitor costs (almost) no query; ETag and Last-Modified answer conditional GETs with 304;
a signed-in person never gets a shared page; the same with the cache in Redis."""

import time
import uuid
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog.models import VersionStatus
from gongkai.portal import page_cache
from gongkai.portal.page_cache import public_page
from tests.factories import CatalogFactory, CatalogItemFactory, CatalogVersionFactory, UnitFactory
from tests.machine import redis_up

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]


def queries(client, path, **headers):
    """(response, number of queries) of one GET."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **headers)
    return response, len(ctx.captured_queries)


@pytest.fixture
def two_counties(publishing_world):
    """大祥区 (the publishing world, one public record) and 双清区 with a published catalog of its own."""
    world = publishing_world
    world.first = world.published(title="关于做好秋季招生工作的通知")
    other = world.tree["other_county"]
    UnitFactory(jurisdiction=other, name="双清区政务公开办", is_disclosure_office=True)
    version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=other), status=VersionStatus.PUBLISHED)
    CatalogItemFactory(version=version, name="双清区学校名录")
    world.other = other
    return world


def pages_of(world):
    a, b = world.tree["county"].code, world.other.code
    return {
        "a_home": reverse("portal:jurisdiction", kwargs={"code": a}),
        "a_catalog": reverse("portal:catalog", kwargs={"code": a}),
        "a_latest": reverse("portal:latest", kwargs={"code": a}),
        "a_item": reverse("portal:item", kwargs={"code": a, "key": world.policy_item.key}),
        "a_record": reverse("portal:record", kwargs={"code": a, "ref": world.first.index_number}),
        "b_home": reverse("portal:jurisdiction", kwargs={"code": b}),
        "b_catalog": reverse("portal:catalog", kwargs={"code": b}),
        "b_latest": reverse("portal:latest", kwargs={"code": b}),
    }


def warm(client, pages):
    for name, path in pages.items():
        assert client.get(path).status_code == 200, name


def test_second_visitor_costs_no_query_and_the_item_page_still_counts(client, two_counties):
    from gongkai.columns import selectors as column_selectors
    from gongkai.columns import services as column_services
    from gongkai.core import clock

    pages = pages_of(two_counties)
    warm(client, pages)
    for name, path in pages.items():
        response, n = queries(client, path)
        assert response.status_code == 200
        # The item page counts its reader for 高频事项 (with the jurisdiction's id kept with the page): no query.
        assert n == 0, (name, n)
    column_services.item_counts_flush()
    key = two_counties.policy_item.key
    assert column_selectors.item_counts(two_counties.tree["county"], clock.today())[key] == (2, 0)  # rendered, kept


SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                    "Cross-Origin-Opener-Policy", "Content-Type")


def test_a_page_from_the_cache_carries_the_same_security_headers_as_a_fresh_one(client, two_counties):
    path = pages_of(two_counties)["a_item"]
    fresh = client.get(path)
    cached, n = queries(client, path)
    assert n == 0
    for header in SECURITY_HEADERS:
        assert cached.get(header) == fresh.get(header), header
    assert fresh.get("Content-Security-Policy") and fresh.get("X-Frame-Options")
    assert cached.content == fresh.content


def test_a_record_published_in_one_county_drops_its_lists_and_keeps_everything_else(client, two_counties):
    world = two_counties
    pages = pages_of(world)
    warm(client, pages)
    world.published(title="关于公布学区划分结果的公告")
    for name in ("a_latest", "a_item", "a_home"):
        response, n = queries(client, pages[name])
        assert n > 0, name  # rendered again (its frame kept under jc, which did not change: page_cache.kept)
        if name != "a_home":
            assert "关于公布学区划分结果的公告" in response.content.decode(), name
    # The older record's page, A's catalog and every page of B did not change: still from the cache.
    for name in ("a_record", "a_catalog", "b_home", "b_catalog", "b_latest"):
        assert queries(client, pages[name])[1] == 0, name


def test_a_revision_and_a_withdrawal_drop_the_record_page(client, two_counties):
    from gongkai.publishing import services

    world = two_counties
    pages = pages_of(world)
    warm(client, pages)
    services.record_update(actor=world.officer, record=world.first, title="关于调整秋季招生工作的通知")
    assert queries(client, pages["a_record"])[1] == 0  # a pending revision changes nothing public
    services.record_approve(actor=world.reviewer, record=world.first)
    assert "关于调整秋季招生工作的通知" in client.get(pages["a_record"]).content.decode()
    assert queries(client, pages["b_latest"])[1] == 0
    services.record_withdraw(actor=world.reviewer, record=world.first, reason="内容有误")
    assert client.get(pages["a_record"]).status_code == 404
    assert "关于调整秋季招生工作的通知" not in client.get(pages["a_latest"]).content.decode()


def test_a_catalog_published_in_one_county_drops_its_pages_and_its_city_but_not_the_other_county(
        client, two_counties):
    world = two_counties
    pages = pages_of(world)
    city = reverse("portal:jurisdiction", kwargs={"code": world.tree["city"].code})
    warm(client, pages)
    client.get(city)
    new = CatalogVersionFactory(catalog=world.version.catalog, label="2026版", year=2026,
                                status=VersionStatus.APPROVED)
    assert queries(client, pages["a_catalog"])[1] == 0  # approved is not public yet
    world.version.status = VersionStatus.SUPERSEDED
    world.version.save(update_fields=["status"])
    new.status = VersionStatus.PUBLISHED
    new.save(update_fields=["status"])
    for path in (pages["a_catalog"], pages["a_home"], city):
        assert queries(client, path)[1] > 0, path
    for name in ("b_home", "b_catalog", "b_latest"):
        assert queries(client, pages[name])[1] == 0, name


def test_a_kept_page_is_served_before_sessions_csrf_and_the_rest_of_the_middleware(client, two_counties,
                                                                                   monkeypatch):
    """PageCacheMiddleware answers a kept page itself: the session, CSRF, authentication and locale middleware do
    not run for it; a request it cannot share (a signed-in person) goes through all of them."""
    from django.contrib.sessions.middleware import SessionMiddleware

    seen = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(SessionMiddleware, "process_request",
                        lambda self, request: seen.append(request.path) or original(self, request))
    path = pages_of(two_counties)["a_item"]
    fresh = client.get(path)
    assert seen == [path]  # rendered: through the whole stack
    kept = client.get(path)
    assert seen == [path] and kept.content == fresh.content  # from the cache: never reached the session
    assert kept["Vary"] == fresh["Vary"] and kept["Cache-Control"] == fresh["Cache-Control"]
    client.force_login(two_counties.officer)
    client.get(path)
    assert seen == [path, path]


def test_a_page_rendered_again_after_a_publication_reads_its_frame_from_the_cache(client, two_counties):
    """A record published changes jr, not jc: the item page is rendered again (the new record is on it) but its
    jurisdiction, catalog version, frame and item come from page_cache.kept; a change of a unit (jc) reads them
    again, and the footer shows it."""
    world = two_counties
    path = pages_of(world)["a_item"]
    _, cold = queries(client, path + "?x=1")  # a query string: never a shared page, always rendered
    _, warm_frame = queries(client, path + "?x=1")
    assert warm_frame <= cold - 4
    world.published(title="关于公布学区划分结果的公告")
    response, n = queries(client, path)
    assert n == warm_frame and "关于公布学区划分结果的公告" in response.content.decode()
    office = world.tree["county"].units.get(is_disclosure_office=True)
    office.phone = "0739-5550123"
    office.save()
    response, n = queries(client, path)
    assert n == cold and "0739-5550123" in response.content.decode()


def _kept_pieces() -> set[str]:
    return {k for k in cache._cache if ":portal:part:" in k}  # type: ignore[attr-defined]


def test_an_address_that_names_nothing_keeps_nothing(client, two_counties):
    """An item key nobody published fills no cache: the jurisdiction's frame is kept once, no item piece for any
    of the made-up keys."""
    code = two_counties.tree["county"].code
    assert client.get(f"/j/{code}/i/{uuid.uuid4()}/").status_code == 404
    frame = _kept_pieces()
    assert len(frame) == 1
    for key in (uuid.uuid4(), "abc", "0-0"):
        assert client.get(f"/j/{code}/i/{key}/").status_code == 404
    assert _kept_pieces() == frame
    assert client.get(reverse("portal:item", kwargs={"code": code, "key": two_counties.policy_item.key})).status_code == 200
    assert len(_kept_pieces()) == 3  # the item and its guides, once found


def test_a_piece_kept_by_another_release_is_not_read(client, two_counties, monkeypatch):
    """After a deploy that migrates, the pieces pickled by the old code are under another key (the schema's stamp);
    one that cannot be unpickled is a miss, not a 500."""
    path = pages_of(two_counties)["a_item"] + "?x=1"
    _, cold = queries(client, path)
    monkeypatch.setattr(page_cache, "schema_stamp", lambda: "another-release")
    assert queries(client, path)[1] == cold  # nothing of the other stamp read
    monkeypatch.undo()

    pages = page_cache._cache()
    readable = pages.get_many
    asked = []

    def unreadable(keys, *args, **kwargs):  # a kept piece is read with its generations, in one round trip
        asked.append(keys)
        if any(key.startswith("portal:part:") for key in keys):
            raise AttributeError("Can't get attribute 'OldModel' on <module 'gongkai.catalog.models'>")
        return readable(keys, *args, **kwargs)

    monkeypatch.setattr(pages, "get_many", unreadable)
    response, n = queries(client, path)
    assert response.status_code == 200 and n == cold
    assert any(key.startswith("portal:part:") for keys in asked for key in keys)


def test_pages_kept_before_they_carried_their_headers_are_not_served(client, two_counties):
    """A page kept by the release before (no headers of the whole stack) would be served without CSP or
    X-Frame-Options by the middleware: its key's form differs, so it is never read."""
    path = pages_of(two_counties)["a_catalog"]
    client.get(path)
    kept = [k for k in cache._cache if ":portal:page" in k]  # type: ignore[attr-defined]
    assert kept and all(f":portal:{page_cache.PAGE_FORMAT}" in k for k in kept)
    assert client.get(path)["X-Frame-Options"]


# --- HTTP validators -----------------------------------------------------------------------------

def test_conditional_get_answers_304_with_the_etag_or_the_date(client, two_counties):
    path = pages_of(two_counties)["a_latest"]
    first = client.get(path)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    response, n = queries(client, path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and not response.content and n == 0
    assert "public" in response["Cache-Control"]
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    two_counties.published(title="关于公布学区划分结果的公告")
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_back_office_pages_are_private_and_never_stored(client, two_counties):
    assert "no-store" in client.get(reverse("accounts:login"))["Cache-Control"]
    client.force_login(two_counties.officer)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"] and not response.has_header("ETag")


# --- who never shares -----------------------------------------------------------------------------

def test_a_signed_in_person_never_gets_a_shared_page_nor_its_etag(client, two_counties):
    path = pages_of(two_counties)["a_catalog"]
    shared = client.get(path)
    client.force_login(two_counties.officer)
    response, n = queries(client, path, HTTP_IF_NONE_MATCH=shared["ETag"])
    assert response.status_code == 200 and n > 0  # rendered for them, not the shared copy, not a 304
    assert not response.has_header("ETag") and "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert queries(client, path)[1] == 0  # their rendering was not stored for anyone else either


def test_a_page_rendered_for_a_signed_in_person_is_not_stored(client, two_counties):
    path = pages_of(two_counties)["b_catalog"]
    client.force_login(two_counties.officer)
    client.get(path)
    client.logout()
    client.cookies.clear()
    assert queries(client, path)[1] > 0


@pytest.mark.parametrize("what", ["csrf", "cookie", "not_found"])
def test_pages_with_a_token_a_cookie_or_an_error_are_not_stored(db, what):
    calls = []

    @public_page(lambda **kw: ["site"])
    def view(request):
        calls.append(1)
        if what == "csrf":
            return HttpResponse(get_token(request))
        response = HttpResponse("x", status=404 if what == "not_found" else 200)
        if what == "cookie":
            response.set_cookie("something", "1")
        return response

    factory = RequestFactory()
    for _ in range(2):
        view(factory.get("/j/x/"))
    assert len(calls) == 2


def test_messages_kiosk_and_other_queries_bypass_the_cache(client, two_counties):
    path = pages_of(two_counties)["a_catalog"]
    client.get(path)
    for headers in ({"HTTP_COOKIE": "messages=abc"}, {"HTTP_COOKIE": "gk_kiosk=/j/|120"}):
        response, n = queries(client, path, **headers)
        assert n > 0 and not response.has_header("ETag"), headers
    assert queries(client, path + "?utm=x")[1] > 0  # a visitor's own query string is never shared


def test_generations_start_again_when_the_cache_lost_them(db):
    first = page_cache.generations(["jc:1"])
    assert page_cache.generations(["jc:1"]) == first
    cache.delete("portal:gen:jc:1")
    assert page_cache.generations(["jc:1"]) != first
    before = page_cache.generations(["jc:1", "jc:2"])
    page_cache.bump(["jc:1"])
    after = page_cache.generations(["jc:1", "jc:2"])
    assert after[0] != before[0] and after[1] == before[1]


# --- Redis ---------------------------------------------------------------------------------------

@pytest.fixture
def redis_cache(settings):
    if not redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    # A prefix of its own: never FLUSHDB a Redis other test runs share.
    settings.CACHES = {"default": {"BACKEND": "gongkai.core.cache.RedisCache",  # what CACHE_URL=redis://… gives
                                   "LOCATION": "redis://127.0.0.1:6379/13",
                                   "KEY_PREFIX": f"gk-test-{uuid.uuid4().hex}"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield


@contextmanager
def redis_commands(monkeypatch):
    """The names of the commands sent to Redis within it, in order."""
    import redis

    commands: list[str] = []
    sent = redis.Redis.execute_command

    def counted(self, *args, **kwargs):
        commands.append(args[0])
        return sent(self, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(redis.Redis, "execute_command", counted)
        yield commands


def test_pages_are_shared_and_invalidated_through_redis(client, two_counties, redis_cache):
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "RedisCache"
    pages = pages_of(two_counties)
    warm(client, pages)
    assert queries(client, pages["a_latest"])[1] == 0
    two_counties.published(title="关于公布学区划分结果的公告")
    response, n = queries(client, pages["a_latest"])
    assert n > 0 and "关于公布学区划分结果的公告" in response.content.decode()
    assert queries(client, pages["b_latest"])[1] == 0


def test_a_kept_page_is_served_after_one_round_trip_to_redis(client, two_counties, redis_cache, monkeypatch):
    """A kept page and the generations it depends on are read together (page_cache._read): one GET or MGET to
    Redis serves it (issue 13: cached pages at half the static rate). A page kept under older tokens is not
    served: the next rendering takes its place under the same key."""
    pages = pages_of(two_counties)
    warm(client, pages)
    with redis_commands(monkeypatch) as commands:
        response, n = queries(client, pages["a_latest"])
    assert response.status_code == 200 and n == 0
    assert [c for c in commands if c in ("GET", "MGET")] == ["MGET"], commands
    two_counties.published(title="关于公布学区划分结果的公告")
    response, n = queries(client, pages["a_latest"])
    assert n > 0 and "关于公布学区划分结果的公告" in response.content.decode()
    assert queries(client, pages["a_latest"])[1] == 0


def test_an_item_page_rendered_again_reads_its_kept_pieces_in_one_round_trip(client, two_counties, redis_cache,
                                                                             monkeypatch):
    """An item page rendered again after a publication (`?bench=uncached` renders it every time) reads its frame,
    its item and its guides together (page_cache.ahead): one MGET, not one each; a guide added since still shows."""
    from tests.factories import service_guide

    pages = pages_of(two_counties)
    path = pages["a_item"] + "?bench=uncached"
    assert client.get(path).status_code == 200  # the pieces kept
    with redis_commands(monkeypatch) as commands:
        assert client.get(path).status_code == 200
    assert [c for c in commands if c in ("GET", "MGET")] == ["MGET"], commands
    service_guide(two_counties.policy_item, name="政策文件查阅办事指南")
    assert "政策文件查阅办事指南" in client.get(path).content.decode()


def test_item_views_counted_in_redis_by_several_processes_are_flushed_exactly_once(client, two_counties,
                                                                                  redis_cache):
    """Two processes count the same item in Redis; the scheduled command (a third process) writes their sum, and a
    process's own flush afterwards writes nothing twice."""
    from django.core.management import call_command

    from gongkai.columns import selectors as column_selectors
    from gongkai.columns import services as column_services
    from gongkai.core import clock

    county, key = two_counties.tree["county"], two_counties.policy_item.key

    def forget() -> None:  # what the next "process" knows of the one before: nothing
        for state in (column_services._unpushed, column_services._pushed_at, column_services._pending,
                      column_services._pending_since):
            state.clear()

    for _ in range(3):
        column_services.item_counted(jurisdiction=county, item_key=key, day=clock.today())
    column_services._push()  # after GONGKAI_COUNT_PUSH_SECONDS, process A's counts are in Redis
    process_a = set(column_services._pending)
    assert process_a
    forget()
    column_services.item_counted(jurisdiction=county, item_key=key, day=clock.today(), search=True)
    column_services._push()
    forget()
    call_command("flush-item-views", stdout=__import__("io").StringIO())
    column_services._pending.update(process_a)
    assert column_services.item_counts_flush() == 0
    assert column_selectors.item_counts(county, clock.today()) == {key: (3, 1)}


def test_sessions_live_in_redis_and_logout_and_idle_timeout_still_work(client, two_counties, redis_cache, settings):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import caches

    from gongkai.accounts.middleware import LAST_SEEN_KEY

    officer = two_counties.officer
    client.force_login(officer)
    key = client.session.session_key
    assert caches["default"].get(KEY_PREFIX + key) is not None  # read from Redis, not the database
    assert client.get("/admin/").status_code == 200
    # Idle for longer than the timeout: the next request logs out.
    session = client.session
    session[LAST_SEEN_KEY] = session[LAST_SEEN_KEY] - settings.GONGKAI_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session
    # Signed in again, then out: the session is gone from Redis.
    client.force_login(officer)
    key = client.session.session_key
    assert caches["default"].get(KEY_PREFIX + key) is not None
    client.post(reverse("accounts:logout"))
    assert caches["default"].get(KEY_PREFIX + key) is None


def test_with_a_replica_a_page_rendered_right_after_a_change_is_kept_only_for_the_lag(db, settings, monkeypatch):
    from gongkai.core import db_router

    settings.GONGKAI_READ_YOUR_WRITES_SECONDS = 10
    monkeypatch.setattr(page_cache, "_pages_cache_is_local", lambda: False)  # a shared cache (Redis)
    page_cache.bump(["jc:1"])
    fresh = page_cache.generations(["jc:1", "jc:2"])
    assert page_cache._lifetime(fresh) == page_cache.PAGE_SECONDS  # no replica: no lag
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    assert page_cache._lifetime(fresh) == 10
    old = f"{(int(time.time()) - 60) * 1000:x}.abc"
    assert page_cache._lifetime([old]) == page_cache.PAGE_SECONDS


def test_feeds_are_kept_like_the_lists_and_answer_304(client, two_counties):
    world = two_counties
    code = world.tree["county"].code
    for name in ("portal:feed_jurisdiction_rss", "portal:feed_jurisdiction_json"):
        path = reverse(name, kwargs={"code": code})
        first = client.get(path)
        assert first.status_code == 200 and first.has_header("ETag"), name
        assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"], name
        response, n = queries(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert response.status_code == 304 and n == 0, name
    world.published(title="关于公布学区划分结果的公告")
    feed = client.get(reverse("portal:feed_jurisdiction_json", kwargs={"code": code}))
    assert "关于公布学区划分结果的公告" in feed.content.decode()


def test_pages_have_a_cache_of_their_own_beside_the_counters():
    from gongkai.settings.env import cache_from_url, pages_cache_from

    local = pages_cache_from({"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}, 500)
    assert local["LOCATION"] == "gongkai-pages" and local["OPTIONS"] == {"MAX_ENTRIES": 500}
    redis = cache_from_url("redis://127.0.0.1:6379/1")
    pages = pages_cache_from(redis, 500)
    assert pages["LOCATION"] == redis["LOCATION"] and pages["KEY_PREFIX"] == redis["KEY_PREFIX"] + "-pages"


def test_a_service_guide_drops_the_item_and_record_pages_that_link_it_and_nothing_else(client, two_counties):
    from tests.factories import service_guide

    world = two_counties
    pages = pages_of(world)
    warm(client, pages)
    service_guide(world.policy_item, name="义务教育入学办理指南")
    for name in ("a_item", "a_record"):
        assert "义务教育入学办理指南" in client.get(pages[name]).content.decode(), name
    for name in ("a_catalog", "a_latest", "b_latest"):
        assert queries(client, pages[name])[1] == 0, name


def test_a_guide_of_a_unit_made_inactive_leaves_the_item_page_rendered_again(client, two_counties):
    """The guides an item page links are kept apart from its records (views_records._guides, under sg and jc): a
    record published later does not read them again, and a guide whose unit is closed leaves the page."""
    from tests.factories import UnitFactory, service_guide

    world = two_counties
    path = pages_of(world)["a_item"]
    other = UnitFactory(jurisdiction=world.tree["county"], name="大祥区政务服务中心")
    service_guide(world.policy_item, name="义务教育入学办理指南", unit=other)
    assert "义务教育入学办理指南" in client.get(path).content.decode()
    world.published(title="关于公布学区划分结果的公告")
    text = client.get(path + "?x=1").content.decode()
    assert "关于公布学区划分结果的公告" in text and "义务教育入学办理指南" in text
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert "义务教育入学办理指南" not in client.get(path).content.decode()
    assert "义务教育入学办理指南" not in client.get(path + "?x=1").content.decode()


def test_a_unit_made_inactive_drops_its_jurisdictions_pages_and_not_the_others(client, two_counties):
    world = two_counties
    pages = pages_of(world)
    warm(client, pages)
    world.unit.is_active = False  # its records are no longer public
    world.unit.save(update_fields=["is_active"])
    assert client.get(pages["a_record"]).status_code == 404
    assert "关于做好秋季招生工作的通知" not in client.get(pages["a_latest"]).content.decode()
    for name in ("b_home", "b_catalog", "b_latest"):
        assert queries(client, pages[name])[1] == 0, name


def test_an_interpretation_published_later_shows_on_the_cached_record_page(client, two_counties):
    """A 政策解读 published after its document (services.interpretation_publish) drops the record's cached page."""
    from gongkai.publishing import services

    world = two_counties
    record = world.published(title="关于做好义务教育招生入学工作的通知", is_policy_document=True)
    path = reverse("portal:record", kwargs={"code": world.tree["county"].code, "ref": record.index_number})
    assert client.get(path).status_code == 200
    assert queries(client, path)[1] == 0  # cached
    interpretation = services.interpretation_create(actor=world.officer, record=record, kind="qa",
                                                    title="招生入学问答解读", body="<p>问：何时报名？答：七月。</p>")
    services.interpretation_publish(actor=world.reviewer, interpretation=interpretation)
    assert "招生入学问答解读" in client.get(path).content.decode()


def test_pages_may_have_a_redis_of_their_own(monkeypatch):
    """PAGE_CACHE_URL: pages in a Redis with its own memory limit, never evicting the rate-limit counters."""
    from gongkai.settings.env import cache_from_url, pages_cache_from

    monkeypatch.setenv("PAGE_CACHE_URL", "redis://127.0.0.1:6380/0")
    pages = pages_cache_from(cache_from_url("redis://127.0.0.1:6379/1"), 500)
    assert pages["LOCATION"] == "redis://127.0.0.1:6380/0" and pages["KEY_PREFIX"].endswith("-pages")


def test_a_process_local_page_cache_keeps_a_page_a_minute(settings):
    """Another process (cron's publish-scheduled) cannot drop a page in this process's memory: kept 60 s only."""
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"}
    settings.CACHES = {**settings.CACHES, "pages": local}
    assert page_cache._lifetime([page_cache._token()]) == page_cache.LOCAL_PAGE_SECONDS == 60
    shared = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    settings.CACHES = {**settings.CACHES, "pages": shared}
    assert page_cache._lifetime([page_cache._token()]) == page_cache.PAGE_SECONDS


def test_a_generation_name_with_a_control_character_or_a_space_goes_by_its_digest():
    """A record's address as typed (/r/%00/, /r/a b/) names a generation: its cache key holds no control character
    or space (memcached would refuse it; Django warns), and stays its own, apart from every other name's."""
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    names = ["rec:430503000000:\x00", "rec:430503000000:a b", "rec:430503000000:\x7f", "rec:430503000000:" + "x" * 300,
             "rec:430503000000:" + "公开" * 40, "rec:430503000000:JIAOYU/2024-01443"]
    keys = [page_cache._gen_key(name) for name in names]
    assert len(set(keys)) == len(keys)
    assert keys[-1] == f"{page_cache.PREFIX}gen:rec:430503000000:JIAOYU/2024-01443"
    assert all(len(key.encode()) < 250 and not any(ord(c) < 33 or ord(c) == 127 for c in key) for key in keys)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first = page_cache.generations(names)
        assert page_cache.generations(names) == first and len(set(first)) == len(names)
        page_cache.bump(names[:1])
        assert page_cache.generations(names)[0] != first[0] and page_cache.generations(names)[1:] == first[1:]
