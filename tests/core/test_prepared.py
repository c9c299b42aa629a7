"""Prepared statements on PostgreSQL (core.prepared, settings.env.postgresql_options, docs/adr/0006): the portal's
statements are prepared once they repeat; a search's never are (a generic plan for a full-text query takes every
word for a rare one); 0 turns preparing off."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from gongkai.core.prepared import unprepared
from gongkai.search import services as search
from gongkai.settings.env import postgresql_options
from tests.factories import make_record

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
REPEAT = 8  # more than the threshold (5)


def test_prepare_threshold_zero_turns_preparing_off():
    assert postgresql_options(0) == {}
    assert postgresql_options(-1) == {}
    assert postgresql_options(5) == {"server_side_binding": True, "prepare_threshold": 5}


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
@pytest.mark.django_db
def test_postgresql_a_record_page_asked_again_runs_prepared_statements(client, portal):
    item = portal["items"][0]
    record = make_record(item.responsible_unit, [item], title="学区划分方案公示")
    url = reverse("portal:record", kwargs={"code": "430503000000", "ref": record.index_number})
    before = len(_prepared())
    for _ in range(REPEAT):
        for cache in caches.all():  # the page itself, not its kept copy
            cache.clear()
        assert client.get(url).status_code == 200
    statements = _prepared()
    assert len(statements) > before
    assert any("publishing_record" in s and "index_number" in s for s in statements)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_search_statements_are_never_prepared(portal):
    item = portal["items"][0]
    record = make_record(item.responsible_unit, [item], title="城乡低保资金发放公示")
    for _ in range(REPEAT):
        assert [int(doc.object_id) for doc in search.search("低保", filters={"kind": "record"}, limit=10)] == [record.pk]
    # Writing the index may be prepared (an INSERT's plan does not depend on its values); reading it never.
    assert not [s for s in _prepared() if "search_pg_vector" in s and s.lstrip().upper().startswith("SELECT")]


@on_postgresql
@pytest.mark.django_db
def test_postgresql_unprepared_runs_repeated_statements_unprepared_and_restores_the_threshold():
    connection.ensure_connection()
    kept = connection.connection.prepare_threshold
    assert kept == 5
    with unprepared(connection):
        assert connection.connection.prepare_threshold is None
        for _ in range(REPEAT):
            with connection.cursor() as cursor:
                cursor.execute("SELECT %s::int + 1 AS unprepared_probe", [1])
    assert connection.connection.prepare_threshold == kept
    assert not [s for s in _prepared() if "unprepared_probe" in s]
    for _ in range(REPEAT):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::int + 1 AS prepared_probe", [1])
    assert [s for s in _prepared() if "prepared_probe" in s]


@pytest.mark.django_db
def test_unprepared_changes_nothing_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite")
    with unprepared(connection), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
