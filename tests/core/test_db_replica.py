"""The router against a real PostgreSQL streaming replica (issue 13, "Beyond one machine").

`make test` builds the replica on 127.0.0.1:5433 (scripts/pg_replica.py) and names it in
GONGKAI_TEST_REPLICA_URL; the test settings make it a test mirror of the default database, so that the
test database pytest-django creates on the primary is read on the replica under the same name (the
replica streams the whole primary cluster). The tests are transactional: what a service writes must
commit on the primary to reach the replica. Pausing the replica's replay shows which server answered:
only the primary has what was written after the pause."""

import time

import pytest
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core.db_router import DEFAULT, REPLICA
from gongkai.publishing import services

pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT, REPLICA])
NO_REPLICA = ("没有运行中的流复制只读副本：设置 GONGKAI_TEST_REPLICA_URL（make test 用 scripts/pg_replica.py "
              "在 127.0.0.1:5433 建立）")


def _scalar(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


class Replica:
    """The real replica behind connections["replica"]: wait for it, pause and resume its replay."""

    def caught_up(self, timeout=20.0):
        """Wait until the replica has replayed everything the primary has written so far."""
        target = _scalar(DEFAULT, "SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _scalar(REPLICA, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
                return
            time.sleep(0.05)
        raise AssertionError(f"副本在 {timeout} 秒内没有重放到主库的 {target}")

    def pause(self):
        _scalar(REPLICA, "SELECT pg_wal_replay_pause()::text")
        deadline = time.monotonic() + 10
        while _scalar(REPLICA, "SELECT pg_get_wal_replay_pause_state()") != "paused":
            assert time.monotonic() < deadline, "副本没有暂停重放"
            time.sleep(0.05)

    def resume(self):
        _scalar(REPLICA, "SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def replica(settings):
    if connections[DEFAULT].vendor != "postgresql":
        pytest.skip("流复制副本需要 PostgreSQL（GONGKAI_TEST_DATABASE_URL）")
    # The test database was just created on the primary: wait until the replica has it.
    deadline = time.monotonic() + 20
    while True:
        try:
            in_recovery = _scalar(REPLICA, "SELECT pg_is_in_recovery()")
            break
        except OperationalError as exc:
            connections[REPLICA].close()
            if "does not exist" not in str(exc) or time.monotonic() > deadline:
                pytest.skip(f"{NO_REPLICA}（{str(exc).strip().splitlines()[0]}）")
            time.sleep(0.2)
    if not in_recovery:
        pytest.skip(NO_REPLICA + "；现在的 replica 指向主库本身")
    settings.GONGKAI_REPLICA_READS = True
    replica = Replica()
    replica.caught_up()
    yield replica
    replica.resume()
    connections[REPLICA].close()


@pytest.fixture
def world(publishing_world):
    return publishing_world


def _record_url(world, record):
    return reverse("portal:record", kwargs={"code": world.tree["county"].code, "ref": record.index_number})


def _tables(captured):
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_a_published_record_is_read_by_the_portal_from_the_replica(client, world, replica, settings):
    # The page cache keeps a page rendered within the replica's lag after a change only that long.
    settings.GONGKAI_READ_YOUR_WRITES_SECONDS = 2
    record = world.published(title="关于2026年冬季供暖保障工作的通知")
    replica.caught_up()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections[DEFAULT]) as on_primary:
        response = client.get(_record_url(world, record))
    assert response.status_code == 200 and "关于2026年冬季供暖保障工作的通知" in response.content.decode()
    assert '"publishing_record"' in _tables(on_replica)
    assert '"publishing_record"' not in _tables(on_primary)

    # Lag is tolerated: while the replica has not replayed the withdrawal, visitors still see the record.
    replica.pause()
    services.record_withdraw(actor=world.reviewer, record=record, reason="内容已过时")
    assert client.get(_record_url(world, record)).status_code == 200
    replica.resume()
    replica.caught_up()
    deadline = time.monotonic() + 5
    while client.get(_record_url(world, record)).status_code != 404:
        assert time.monotonic() < deadline, "副本追上之后，访客仍然看到已撤回的信息"
        time.sleep(0.2)


def test_the_client_that_wrote_reads_its_own_write_from_the_primary(client, world, replica):
    record = world.published(title="关于调整城乡低保标准的通知")
    replica.caught_up()
    replica.pause()
    client.force_login(world.reviewer)
    response = client.post(reverse("backoffice:record_withdraw", args=[record.pk]), {"reason": "标准已废止"})
    assert response.status_code in (200, 302)
    record.refresh_from_db()
    assert record.status == "withdrawn"
    # The reviewer's next portal page comes from the primary: the record is gone for them at once …
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(_record_url(world, record)).status_code == 404
    assert '"publishing_record"' not in _tables(on_replica)
    # … while a visitor who wrote nothing reads the replica, which has not replayed the withdrawal yet.
    visitor = client_class_of(client)()
    assert visitor.get(_record_url(world, record)).status_code == 200


def test_the_back_office_always_reads_from_the_primary(client, world, replica):
    record = world.published(title="关于开展2026年度政务公开培训的通知")
    replica.caught_up()
    replica.pause()
    services.record_update(actor=world.officer, record=record, title="关于开展2026年度政务公开专题培训的通知")
    client.force_login(world.officer)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("backoffice:record", args=[record.pk]))
    assert response.status_code == 200 and "政务公开专题培训" in response.content.decode()
    assert on_replica.captured_queries == []


def client_class_of(client):
    return type(client)


def test_a_portal_search_reads_the_index_from_the_replica(client, world, replica):
    world.published(title="关于发放冬季取暖补贴的通知")
    replica.caught_up()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections[DEFAULT]) as on_primary:
        response = client.get(reverse("portal:search") + "?q=取暖补贴")
    assert response.status_code == 200 and "关于发放冬季取暖补贴的通知" in response.content.decode()
    assert "search_searchdocument" in _tables(on_replica)
    assert "search_searchdocument" not in _tables(on_primary)
