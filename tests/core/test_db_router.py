"""Where reads and writes go (gongkai/core/db_router.py): the router's and the middleware's decisions,
without a database. The real streaming replica is in test_db_replica.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from gongkai.accounts.models import User
from gongkai.core import db_router
from gongkai.core.db_router import DEFAULT, REPLICA, ReadRoutingMiddleware, ReplicaRouter, replica_reads
from gongkai.publishing.models import Record

ROOT = Path(__file__).resolve().parents[2]
router = ReplicaRouter()


@pytest.fixture
def replica_on(settings, monkeypatch):
    """Replica reads switched on, and the replica answering (no connection is made)."""
    settings.GONGKAI_REPLICA_READS = True
    settings.GONGKAI_READ_YOUR_WRITES_SECONDS = 10
    monkeypatch.setattr(db_router, "_replica_down_until", 0.0)
    connection = db_router.connections[REPLICA]
    monkeypatch.setattr(connection, "close_if_health_check_failed", lambda: None)
    monkeypatch.setattr(connection, "ensure_connection", lambda: None)
    return connection


def _through_middleware(path, *, method="get", cookies=None, write=False):
    """Run a request through ReadRoutingMiddleware to a stand-in view that notes where a record read
    would go, writes if asked, and reads again. Returns (reads before, reads after the write, response)."""
    seen = {}

    def view(request):
        seen["before"] = router.db_for_read(Record)
        if write:
            router.db_for_write(Record)
        seen["after"] = router.db_for_read(Record)
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    middleware = ReadRoutingMiddleware(lambda req: middleware.process_view(req, view, (), {}) or view(req))
    response = middleware(request)
    return seen["before"], seen["after"], response


def test_portal_and_api_reads_go_to_the_replica(replica_on):
    assert _through_middleware(reverse("portal:home"))[:2] == (REPLICA, REPLICA)
    assert _through_middleware(reverse("api:records"))[:2] == (REPLICA, REPLICA)


def test_back_office_and_log_in_read_from_the_primary(replica_on):
    assert _through_middleware(reverse("backoffice:records"))[:2] == (DEFAULT, DEFAULT)
    assert _through_middleware(reverse("accounts:login"))[:2] == (DEFAULT, DEFAULT)


def test_a_post_reads_from_the_primary_and_marks_the_client_that_wrote(replica_on):
    before, after, response = _through_middleware(reverse("portal:home"), method="post", write=True)
    assert (before, after) == (DEFAULT, DEFAULT)
    cookie = response.cookies[db_router.WROTE_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    # The same client's next portal read goes to the primary; a forged cookie does not count.
    assert _through_middleware(reverse("portal:home"), cookies={db_router.WROTE_COOKIE: cookie.value})[0] == DEFAULT
    assert _through_middleware(reverse("portal:home"), cookies={db_router.WROTE_COOKIE: "1"})[0] == REPLICA


def test_a_get_that_writes_reads_its_own_write_from_the_primary_without_marking_the_client(replica_on):
    before, after, response = _through_middleware(reverse("portal:home"), write=True)
    assert (before, after) == (REPLICA, DEFAULT)
    assert db_router.WROTE_COOKIE not in response.cookies  # a view counter is not the visitor's own write


def test_a_post_that_wrote_nothing_does_not_mark_the_client(replica_on):
    assert db_router.WROTE_COOKIE not in _through_middleware(reverse("portal:home"), method="post")[2].cookies


def test_without_a_replica_everything_reads_from_the_primary_and_no_cookie_is_set(settings):
    settings.GONGKAI_REPLICA_READS = False
    before, after, response = _through_middleware(reverse("portal:home"), method="post", write=True)
    assert (before, after) == (DEFAULT, DEFAULT) and not response.cookies
    assert _through_middleware(reverse("portal:home"))[0] == DEFAULT


def test_a_replica_that_does_not_answer_leaves_the_reads_on_the_primary_for_a_while(replica_on, monkeypatch,
                                                                                   settings):
    settings.GONGKAI_REPLICA_RETRY_SECONDS = 30
    attempts = []

    def refused():
        attempts.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(replica_on, "ensure_connection", refused)
    assert _through_middleware(reverse("portal:home"))[:2] == (DEFAULT, DEFAULT)
    assert _through_middleware(reverse("api:records"))[0] == DEFAULT
    assert len(attempts) == 1  # not asked again on every request
    monkeypatch.setattr(db_router, "_replica_down_until", 0.0)  # the retry time has passed
    monkeypatch.setattr(replica_on, "ensure_connection", lambda: None)
    assert _through_middleware(reverse("portal:home"))[0] == REPLICA


def test_the_replica_is_asked_once_per_request_and_not_by_a_request_that_reads_nothing(replica_on, monkeypatch):
    asked = []
    monkeypatch.setattr(replica_on, "ensure_connection", lambda: asked.append(1))
    assert _through_middleware(reverse("portal:home"))[:2] == (REPLICA, REPLICA)
    assert len(asked) == 1
    request = RequestFactory().get(reverse("portal:home"))
    request.resolver_match = resolve(request.path)
    middleware = ReadRoutingMiddleware(
        lambda req: middleware.process_view(req, None, (), {}) or HttpResponse("from the page cache"))
    middleware(request)
    assert request._gongkai_reads.replica and len(asked) == 1


def test_outside_a_request_reads_go_to_the_primary(replica_on):
    assert router.db_for_read(Record) == DEFAULT
    assert router.db_for_write(Record) == DEFAULT


def test_sessions_and_accounts_are_read_from_the_primary_even_on_the_portal(replica_on):
    with replica_reads():
        assert router.db_for_read(User) == DEFAULT
        assert router.db_for_read(Record) == REPLICA


def test_reads_inside_a_transaction_on_the_primary_stay_there(replica_on, monkeypatch):
    monkeypatch.setattr(db_router.connections[DEFAULT], "in_atomic_block", True)
    with replica_reads():
        assert router.db_for_read(Record) == DEFAULT


def test_an_object_read_from_the_primary_keeps_its_related_reads_there(replica_on):
    record = Record()
    record._state.db = DEFAULT
    with replica_reads():
        assert router.db_for_read(Record, instance=record) == DEFAULT
    assert router.allow_relation(record, Record()) is None  # an unsaved object: Django decides
    other = Record()
    other._state.db = REPLICA
    assert router.allow_relation(record, other) is True


def test_migrations_never_run_on_the_replica():
    assert router.allow_migrate(REPLICA, "publishing", model_name="record") is False
    assert router.allow_migrate(DEFAULT, "publishing", model_name="record") is None


def _settings_databases(**env):
    code = ("import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps({k: [v['ENGINE'], v.get('PORT'), v['TEST'].get('MIRROR')] "
            "for k, v in settings.DATABASES.items()}))")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "GONGKAI_TEST"))}
    environment.update(DJANGO_SETTINGS_MODULE="gongkai.settings.local", **env)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


def test_database_replica_url_adds_the_replica_as_a_test_mirror():
    assert '"replica"' not in _settings_databases()  # `make run`: SQLite, no replica
    databases = _settings_databases(DATABASE_URL="postgres://gk@db1:5432/gongkai",
                                    DATABASE_REPLICA_URL="postgres://gk@db2:5432/gongkai")
    assert '"replica": ["django.db.backends.postgresql", 5432, "default"]' in databases


def test_the_replica_script_skips_cleanly_without_a_primary_or_pg_basebackup(tmp_path):
    script = ROOT / "scripts" / "pg_replica.py"
    env = {**os.environ, "GONGKAI_PG_PRIMARY_URL": "postgres://postgres@127.0.0.1:1/postgres",
           "GONGKAI_PG_REPLICA_PORT": "1", "GONGKAI_PG_REPLICA_DIR": str(tmp_path / "replica")}
    result = subprocess.run([sys.executable, str(script), "start"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "主库" in result.stdout and "跳过" in result.stdout
    env.update(GONGKAI_PG_PRIMARY_URL="postgres://postgres@127.0.0.1:5432/postgres",
               GONGKAI_PG_BINDIR=str(tmp_path / "no-bin"))
    result = subprocess.run([sys.executable, str(script), "start"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "跳过" in result.stdout  # no primary here, or no pg_basebackup
    assert not (tmp_path / "replica").exists()


def test_the_primary_only_apps_are_installed_apps():
    """A misspelt label would silently send those reads to the replica (the task queue is django_tasks_database)."""
    from django.apps import apps

    from gongkai.core.db_router import PRIMARY_ONLY_APPS

    for label in PRIMARY_ONLY_APPS:
        assert apps.get_app_config(label)
