"""PostgreSQL's candidates bucket by bucket (`PostgresBackend._candidates`) and its joint tokens (bigrams.joints):
the same answer as reading every document, newest first, whatever the hits' spread; a character beside a number
found from the index; the migrations that give the vectors written before their joints, filters' and buckets'
words."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.search import backends, bigrams, services
from gongkai.search.backends import Match, substring_backend
from gongkai.search.models import SearchDocument

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's buckets and joint tokens")]


def match(query):
    return Match(tuple(bigrams.parse_query(query)))


SPREADS = {
    "dense": lambda i: True,
    "sparse": lambda i: i % 37 == 0,
    "a block far back": lambda i: 40 <= i < 90,
    "the oldest only": lambda i: i < 3,
    "all but the newest fifty": lambda i: i < 350,
    "thickening": lambda i: i < 300 and i % max(1, (300 - i) // 8) == 0,  # 2023年's shape: sparse, then dense
    "none": lambda i: False,
}


@pytest.mark.parametrize("max_buckets", [64, 3])  # 3: what is left after three buckets is read in one
@pytest.mark.parametrize("spread", SPREADS)
def test_postgresql_candidates_are_the_newest_hits_whatever_their_spread(spread, max_buckets, monkeypatch):
    monkeypatch.setattr(backends, "BUCKET_BITS", 3)  # buckets of 8 ids, written so into the vectors
    monkeypatch.setattr(backends, "MAX_BUCKETS", max_buckets)
    hit = SPREADS[spread]
    services.documents_upsert("record", {i: {"title": f"{'低保' if hit(i) else '救助'}第{i}期", "body": "名单"}
                                         for i in range(400)})
    engine = backends.get_backend()
    for limit in (1, 7, 25, 500):
        with CaptureQueriesContext(connection) as context:
            got = engine._candidates(match("低保"), [], [], limit)
        expected = substring_backend()._candidates(match("低保"), [], [], limit)
        assert [row[0] for row in got] == [row[0] for row in expected], (spread, limit)
        reads = [q for q in context.captured_queries if "@@" in q["sql"]]
        assert 1 <= len(reads) <= max_buckets + 1
        assert all("document_id + 0" in q["sql"] for q in reads)  # each read through the GIN index, sorted


def test_postgresql_a_bucket_read_holds_only_that_buckets_documents(monkeypatch):
    """The buckets' words: a bucket's read finds its own documents' hits and no other's."""
    monkeypatch.setattr(backends, "BUCKET_BITS", 2)
    services.documents_upsert("record", {i: {"title": "低保"} for i in range(20)})
    ids = sorted(SearchDocument.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for bucket in {pk >> 2 for pk in ids}:
            cursor.execute("SELECT document_id FROM search_pg_vector WHERE vector @@ %s::tsquery ORDER BY 1",
                           [backends._quoted(bigrams.bucket_word(bucket))])
            assert [row[0] for row in cursor.fetchall()] == [pk for pk in ids if pk >> 2 == bucket]


def test_postgresql_candidates_keep_the_filters_in_every_bucket(monkeypatch):
    monkeypatch.setattr(backends, "BUCKET_BITS", 3)
    services.documents_upsert("record", {i: {"title": f"低保第{i}期", "jurisdiction_code": "430503000000" if i % 9 == 0
                                             else "430502000000"} for i in range(300)})
    engine, reference = backends.get_backend(), substring_backend()
    got = engine._candidates(match("低保"), *engine._filters({"jurisdiction": "430503000000"}), 12)
    expected = reference._candidates(match("低保"), *reference._filters({"jurisdiction": "430503000000"}), 12)
    assert [row[0] for row in got] == [row[0] for row in expected] and len(got) == 12


ANCHORED = {
    1: "2024年度报告",
    2: "2024 年低保名单",  # one space: text taken from a PDF
    3: "2024  年",  # two spaces
    4: "x2024年 2024",  # the number ends a longer run; 2024 alone elsewhere
    5: "12024年",  # no 2024 alone
    6: "第30条 第 3 章",
    7: "第30条 3",
    8: "12345678901234年 12345678901234",  # longer than the joints hold: confirmed on the text
}


@pytest.mark.parametrize("query", ["2024年", "第3", "第30", "0条", "12345678901234年", "低保名单2024年"])
def test_a_character_beside_a_number_is_found_from_the_joints_as_from_the_text(query, monkeypatch):
    """The joints answer exactly what confirming the pair on the text answered (JOINT_MAX = 0 sends every pair
    there), and the text is read only for numbers longer than the joints hold."""
    services.documents_upsert("record", {i: {"title": text} for i, text in ANCHORED.items()})
    with CaptureQueriesContext(connection) as context:
        by_joints = sorted(d.object_id for d in services.search(query))
    pairs = [typed for typed, _spaced in match(query).anchored()]
    assert pairs
    reads_text = {typed for typed in pairs for q in context.captured_queries
                  if f"strpos(d.normalised_text, '{typed}')" in q["sql"]}
    assert reads_text == {typed for typed in pairs if len(typed) - 1 > bigrams.JOINT_MAX}
    monkeypatch.setattr(bigrams, "JOINT_MAX", 0)
    assert by_joints == sorted(d.object_id for d in services.search(query))


def test_the_migrations_give_the_vectors_written_before_their_joints_filters_and_buckets_words():
    """After the migrations a vector written before them is what indexing writes now, word for word."""
    services.documents_upsert("record", {
        1: {"title": "2023年工作总结", "body": "第 3 条 x2023年", "jurisdiction_code": "430503000000",
            "domain_slug": "edu", "unit_id": 7},
        2: {"title": "2023 年 低保", "jurisdiction_code": "430503000000", "domain_slug": "a b"},
        3: {"title": "工作总结", "body": "ABC１２号"}})
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_id, vector::text FROM search_pg_vector ORDER BY document_id")
        written = cursor.fetchall()
        for doc in SearchDocument.objects.all():  # the vectors as written before: the pairs only
            backends.prepare(doc)
            cursor.execute("UPDATE search_pg_vector SET vector = array_to_tsvector(string_to_array(%s, ' ')) "
                           "WHERE document_id = %s",
                           [" ".join(set(doc.title_terms.split()) | set(doc.body_terms.split())), doc.pk])
    assert [d.object_id for d in services.search("2023年")] == []
    assert [d.object_id for d in services.search("工作", filters={"jurisdiction": "430503000000"})] == []
    words = importlib.import_module("gongkai.search.migrations.0004_pg_vector_joints_and_fields")
    buckets = importlib.import_module("gongkai.search.migrations.0005_pg_vector_buckets")
    assert buckets.BITS == backends.BUCKET_BITS
    with connection.schema_editor() as editor:
        words.add_words(apps, editor)
        buckets.add_buckets(apps, editor)
        words.add_words(apps, editor)  # again: nothing changes
        buckets.add_buckets(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_id, vector::text FROM search_pg_vector ORDER BY document_id")
        assert cursor.fetchall() == written
    assert sorted(d.object_id for d in services.search("2023年")) == ["1", "2"]


def test_postgresql_counts_first_reads_few_hits_at_once_and_none_not_at_all(monkeypatch):
    monkeypatch.setattr(backends, "BUCKET_BITS", 3)
    monkeypatch.setattr(backends, "COUNT_LIMIT", 20)
    services.documents_upsert("record", {i: {"title": f"{'低保' if i % 10 == 0 else '救助'}第{i}期"} for i in range(300)})

    def reads(query):
        with CaptureQueriesContext(connection) as context:
            results = services.search(query, limit=100)
        return results, [q["sql"] for q in context.captured_queries if "@@" in q["sql"]]

    results, sql = reads("低保")  # 30 hits: more than COUNT_LIMIT, read bucket by bucket
    assert results.total == 20 and not results.total_exact and len(results) == 30
    assert sql[0].startswith("SELECT count(*)") and len(sql) >= 3
    services.documents_remove("record", [i for i in range(300) if i % 10 == 0 and i > 100])
    results, sql = reads("低保")  # 11 hits: one read after the count
    assert (results.total, len(results)) == (11, 11) and len(sql) == 2 and "document_id + 0" in sql[1]
    results, sql = reads("不存在")  # nothing counted, nothing read
    assert results.total == 0 and len(sql) == 1


@pytest.mark.parametrize("filters", [
    {"jurisdiction": "430503000000"}, {"jurisdiction": ["430503000000", "430503100000"]}, {"domain": "edu"},
    {"unit": 7}, {"kind": "record", "jurisdiction": "430503100000", "domain": ["edu", "it's"]}, {"kind": "other"},
])
def test_postgresql_filters_are_words_of_the_vector_and_answer_as_the_columns(filters):
    """Asked of the GIN index (no column of the document read), the filters find what the columns say; a document
    whose columns change is written again."""
    documents = {i: {"title": f"低保第{i}期", "jurisdiction_code": ["430503000000", "430503100000", "430502000000"][i % 3],
                     "domain_slug": ["edu", "it's", ""][i % 3], "unit_id": [7, None, 8][i % 3]} for i in range(30)}
    services.documents_upsert("record", documents)
    services.documents_upsert("record", {1: {**documents[1], "jurisdiction_code": "430503000000", "unit_id": 7}})
    engine, reference = backends.get_backend(), substring_backend()
    with CaptureQueriesContext(connection) as context:
        got = [row[0] for row in engine._candidates(match("低保"), *engine._filters(filters), 50)]
    assert not any("d.jurisdiction_code" in q["sql"] or "d.unit_id" in q["sql"] for q in context.captured_queries)
    expected = [row[0] for row in reference._candidates(match("低保"), *reference._filters(filters), 50)]
    assert got == expected and (got or filters == {"kind": "other"})


@pytest.mark.parametrize("filters", [
    {"domain": ["edu", ""]}, {"unit": "07"}, {"unit": [7, None]}, {"jurisdiction": 430503000000},
    {"domain": "a 低保x"}, {"domain": ["a  b ", "o'k\\"]}, {"domain": []},
])
def test_postgresql_filter_values_answer_as_the_columns_do(filters):
    """Whatever the values (empty, numbers as text, spaces, quotes, backslashes): what the column filter finds."""
    domains = ["edu", "", "a 低保x", "a  b ", "o'k\\", "other"]
    services.documents_upsert("record", {i: {"title": f"低保第{i}期", "domain_slug": domains[i % 6],
                                             "jurisdiction_code": "430503000000" if i % 2 else "430502000000",
                                             "unit_id": 7 if i % 3 else None} for i in range(36)})
    engine, reference = backends.get_backend(), substring_backend()
    got = [row[0] for row in engine._candidates(match("低保"), *engine._filters(filters), 50)]
    assert got == [row[0] for row in reference._candidates(match("低保"), *reference._filters(filters), 50)]


def test_postgresql_a_filter_of_many_values_asks_the_column(monkeypatch):
    monkeypatch.setattr(backends, "FILTER_WORDS_MAX", 3)
    services.documents_upsert("record", {i: {"title": "低保", "jurisdiction_code": f"43050{i % 5}000000"}
                                         for i in range(20)})
    many = [f"43050{i}000000" for i in range(4)]
    where, _params = backends.get_backend()._filters({"jurisdiction": many, "domain": "x"})
    assert any("d.jurisdiction_code IN" in w for w in where) and any("@@" in w for w in where)
    assert len(services.search("低保", filters={"jurisdiction": many}, limit=50)) == 16
