"""Search at any size: ranking on a bounded candidate set, counts exact up to a limit, document and index numbers as
one code, and plans driven by the index (SQLite's FTS MATCH; PostgreSQL's GIN index)."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.search import backends, services
from gongkai.search.backends import substring_backend

pytestmark = pytest.mark.django_db


def add(object_id, title, body="", **fields):
    return services.document_upsert("record", object_id, title=title, body=body, **fields)


def found(query, **kwargs):
    return [d.object_id for d in services.search(query, **kwargs)]


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(backends, "CANDIDATES", 5)
    monkeypatch.setattr(backends, "COUNT_LIMIT", 8)


def test_the_count_is_exact_up_to_the_limit_and_more_than_above(small_limits):
    for i in range(7):
        add(i, f"低保公示第{i}期")
    results = services.search("低保", limit=3)
    assert (results.total, results.total_exact, results.total_label) == (7, True, "7")
    assert results.pageable == 5 and len(results) == 3
    for i in range(7, 12):
        add(i, f"低保公示第{i}期")
    results = services.search("低保", limit=3)
    assert (results.total, results.total_exact, results.total_label) == (8, False, "超过 8")
    assert services.search("低保", limit=3, offset=3).total == 8
    assert len(services.search("低保", limit=3, offset=3)) == 2  # pages reach the ranked candidates only


@pytest.mark.skipif(connection.vendor == "postgresql",
                    reason="PostgreSQL's vectors hold no positions: it confirms a run typed whole among the candidates only")
def test_the_exact_phrase_comes_first_even_beyond_the_newest_candidates(small_limits):
    now = timezone.now()
    add(1, "公示", "本季度低保名单如下", published_at=now - dt.timedelta(days=900))  # indexed first: oldest id
    for i in range(2, 12):
        add(i, f"低保对象第{i}批", "附件：名单", published_at=now)
    assert found("低保名单")[0] == "1"


def test_recency_breaks_ties_among_candidates(small_limits):
    now = timezone.now()
    add(1, "低保公示", published_at=now - dt.timedelta(days=30))
    add(2, "低保公示", published_at=now - dt.timedelta(days=1))
    add(3, "低保公示", published_at=now - dt.timedelta(days=300))
    assert found("低保") == ["2", "1", "3"]


def test_the_query_count_of_a_search_does_not_grow_with_the_hits(small_limits):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            services.search("低保名单")
        return len(context)

    add(0, "低保名单")
    few = queries()
    for i in range(1, 30):
        add(i, f"低保名单第{i}批")
    assert queries() <= few + 1  # + the capped count, once the hits fill the candidates


NUMBERS = {
    1: ("关于印发低保实施细则的通知", "祥民发〔2023〕15号"),
    2: ("关于转发低保实施细则的通知", "根据祥民发[2023]15号文件精神"),  # other brackets, 号 followed by text
    3: ("关于低保资金的通知", "祥民发〔2023〕150号"),
    4: ("关于低保资金的通知", "祥民发〔2022〕15号"),
    5: ("关于低保资金的通知", "祥民发〔2023〕1号"),
    6: ("关于低保资金的通知", "祥财发〔2023〕15号"),
    7: ("2023年第15号公告", "祥民发〔2024〕3号 民政 2023 15 号"),  # every part, apart
    8: ("关于低保资金的通知", "祥民发〔2023〕5号 附件15号"),
    9: ("索引号", "JIAOYU/2023-00015"),
    10: ("索引号", "JIAOYU/2023-00150"),
    11: ("索引号", "JIAOYU/2024-00015"),
    12: ("索引号", "WEIJIAN/2023-00015"),
    13: ("索引号", "jiaoyu 2023 说明 00015"),
}


@pytest.mark.parametrize(("query", "expected"), [
    ("祥民发〔2023〕15号", ["1", "2"]),
    ("祥民发[2023]15号", ["1", "2"]),
    ("祥民发（2023）15号", ["1", "2"]),
    ("祥民发〔2023〕1号", ["5"]),
    ("JIAOYU/2023-00015", ["9"]),
    ("jiaoyu/2024-00015", ["11"]),
    ("祥民发〔2023〕15号 低保", ["1", "2"]),
])
def test_document_and_index_numbers_are_one_code(query, expected):
    for pk, (title, body) in NUMBERS.items():
        add(pk, title, body)
    assert sorted(found(query, limit=100), key=int) == expected
    assert sorted((d.object_id for d in substring_backend().search(query, limit=100)), key=int) == expected


def test_a_document_number_is_highlighted_whole():
    before, hit, after = services.excerpt("根据祥民发[2023]15号文件精神", "祥民发〔2023〕15号")
    assert (before, hit, after) == ("根据", "祥民发[2023]15号", "文件精神")


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 plan")
def test_sqlite_the_fts_match_drives_the_search_whatever_the_statistics():
    for i in range(30):
        add(i, f"低保公示第{i}期", jurisdiction_code="430503000000" if i % 2 else "430502000000")
    with connection.cursor() as cursor:  # statistics that would tempt a planner to start from the documents
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("INSERT INTO sqlite_stat1 VALUES ('search_searchdocument', "
                       "'search_searchdocument_jurisdiction_code_9a1d0d2c', '1000000 1')")
        cursor.execute("ANALYZE sqlite_schema")
    with CaptureQueriesContext(connection) as context:
        services.search("低保", filters={"jurisdiction": "430503000000"})
    candidates = next(q["sql"] for q in context.captured_queries if "search_fts" in q["sql"])
    plan = _plan(candidates)
    lines = plan.splitlines()
    assert "VIRTUAL TABLE" in lines[0] and "search_fts" in lines[0], plan
    assert "INTEGER PRIMARY KEY" in lines[1], plan
    assert "TEMP B-TREE" not in plan, plan  # rows come newest first: the LIMIT stops the scan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_uses_the_gin_index():
    """Enough documents, with bodies of a real length, that a sequential scan costs what it costs: the planner
    takes the GIN index by itself (no enable_seqscan switched off), with the statistics `index_optimize` makes."""
    rng = random.Random(13)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    now = timezone.now()
    documents = {i: {"title": "".join(rng.choices(pool, k=12)), "body": "".join(rng.choices(pool, k=300)),
                     "published_at": now - dt.timedelta(days=i % 900), "jurisdiction_code": "430503000000"}
                 for i in range(5000)}
    documents[9999] = {"title": "特困人员救助供养", "body": "唯一的一份"}
    services.documents_upsert("record", documents)
    services.index_optimize()
    with CaptureQueriesContext(connection) as context:
        assert "9999" in found("救助供养")
    # Every read of the hits (all of them when few, else bucket by bucket) goes through the GIN index.
    windows = [q["sql"] for q in context.captured_queries if "@@" in q["sql"] and "document_id + 0" in q["sql"]]
    assert windows
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        for window in windows:
            cursor.execute("EXPLAIN " + window)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "search_pg_vector_gin" in plan, plan
