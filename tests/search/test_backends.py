"""The index on the database in use (SQLite FTS5, or PostgreSQL with GONGKAI_TEST_DATABASE_URL)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.search import services
from gongkai.search.backends import get_backend, substring_backend
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def add(object_id, title, body="", **fields):
    return services.document_upsert("record", object_id, title=title, body=body, **fields)


def found(query, **kwargs):
    return [d.object_id for d in services.search(query, **kwargs)]


def test_engine_matches_the_database():
    assert get_backend().vendor == connection.vendor


def test_two_character_word_inside_a_longer_word():
    """《条例》第二十四条 (检索): two-character words are found inside longer words."""
    add(1, "城乡低保金发放情况")
    add(2, "关于强化学区划分管理的通知")
    add(3, "学校区域安全")
    assert found("低保") == ["1"]
    assert found("学区") == ["2"]  # jieba cuts 强化学区划分 as 强/化学/区/划分
    assert found("低保金") == ["1"]


def test_no_false_hits():
    add(1, "低保，保金", "学校区域")
    add(2, "城乡低保金")
    assert found("低保金") == ["2"]  # pairs that only line up across punctuation do not count
    assert found("学区") == []
    assert found("保低") == []


def test_every_word_must_match():
    add(1, "低保金发放", "2024年 第一季度")
    add(2, "低保金发放", "2023年")
    assert found("低保 2024") == ["1"]
    assert found("低保 2025") == []


def test_single_character():
    add(1, "大祥区教育局", "")
    add(2, "双清区", "教育")
    assert sorted(found("祥")) == ["1"]
    assert sorted(found("区")) == ["1", "2"]


def test_ascii_words_whole_and_case_insensitive():
    add(1, "Excel 模板", "PDF 下载")
    assert found("pdf") == ["1"]
    assert found("EXCEL") == ["1"]


def test_filters():
    add(1, "低保名单", jurisdiction_code="430503000000", domain_slug="shehui-jiuzhu", unit_id=7)
    add(2, "低保名单", jurisdiction_code="430502000000", domain_slug="shehui-jiuzhu", unit_id=8)
    add(3, "低保政策", jurisdiction_code="430503000000", domain_slug="zhengce", unit_id=7)
    assert sorted(found("低保", filters={"jurisdiction": "430503000000"})) == ["1", "3"]
    assert sorted(found("低保", filters={"jurisdiction": ["430503000000", "430502000000"]})) == ["1", "2", "3"]
    assert found("低保", filters={"domain": "zhengce"}) == ["3"]
    assert found("低保", filters={"unit": 8}) == ["2"]
    assert found("低保", filters={"kind": "other"}) == []
    with pytest.raises(ValueError):
        services.search("低保", filters={"colour": "red"})


def test_title_ranks_above_body_and_recent_above_old():
    now = timezone.now()
    add(1, "会议纪要", "本次会议研究了低保金发放事项", published_at=now)
    add(2, "低保金发放公示", "名单如下", published_at=now - dt.timedelta(days=200))
    add(3, "低保金发放公示", "名单如下", published_at=now - dt.timedelta(days=3000))
    assert found("低保金") == ["2", "3", "1"]


def test_pagination_and_total():
    for i in range(25):
        add(i, f"低保公示第{i}期")
    page = services.search("低保", limit=10, offset=20)
    assert page.total == 25
    assert len(page) == 5


def test_upsert_replaces_and_remove_takes_out():
    add(1, "低保公示")
    add(1, "学区划分")
    assert SearchDocument.objects.count() == 1
    assert found("低保") == []
    assert found("学区") == ["1"]
    assert services.document_remove("record", 1) is True
    assert found("学区") == []
    assert services.document_remove("record", 1) is False


def test_rebuild_keeps_results():
    add(1, "学区划分")
    # The pair texts went to the engine only; the rebuild computes them again from title and body.
    assert SearchDocument.objects.filter(title_terms="", body_terms="").count() == 1
    assert services.index_rebuild() == 1
    assert found("学区") == ["1"]


CORPUS = [
    "城乡低保金发放", "强化学区划分", "学校区域", "低保，保金", "2024年度政府信息公开工作年度报告",
    "关于印发《大祥区义务教育学区划分方案》的通知", "邵放组办字〔2020〕1号", "特困人员救助供养",
    "残疾人两项补贴发放名单", "农村危房改造补助资金", "政府信息公开指南", "区区划调整",
    "2024 第一季度财务公开（年中调整）",
]
QUERIES = ["低保", "学区", "区划", "补贴", "公开", "年度", "2020", "信息公开", "区", "发放 名单", "划分",
           "保金", "政府 2024", "2024年", "2020〕1号", "报告2024年", "不存在的词"]


@pytest.mark.parametrize("query", QUERIES)
def test_results_equal_a_substring_search(query):
    for i, text in enumerate(CORPUS):
        add(i, text, "")
    engine = sorted(found(query, limit=100))
    reference = sorted(d.object_id for d in substring_backend().search(query, limit=100))
    assert engine == reference


def test_excerpt_highlights_the_hit():
    before, hit, after = services.excerpt("本次会议研究了低保金发放事项", "低保")
    assert hit == "低保"
    assert before.endswith("研究了")


def test_single_character_at_the_end_of_a_run():
    add(1, "危房", "")
    add(2, "房屋征收", "")
    add(3, "住宅", "")
    assert sorted(found("房")) == ["1", "2"]


def test_a_number_and_its_character_are_found_together():
    """2024年 is a number and the character after it, as typed or with a space between (text taken from a PDF): not
    2024 here and 年 somewhere else (the engines confirm the pair on the text rather than asking the index for every
    token that begins with 年). The other words of the query may stand anywhere, as always."""
    add(1, "2024年度政府信息公开工作年度报告", "")
    add(2, "2024 第一季度财务公开（年中调整）", "")
    add(3, "2023年工作总结", "")
    add(4, "2024 年低保名单", "")
    add(5, "低保名单（2024年）", "")
    assert sorted(found("2024年")) == ["1", "4", "5"]
    assert sorted(found("2024")) == ["1", "2", "4", "5"]
    assert sorted(found("年")) == ["1", "2", "3", "4", "5"]
    assert sorted(found("低保名单2024年")) == ["4", "5"]
    assert sorted(found("3月")) == []


def test_long_body_phrase_far_in():
    add(1, "长文", "甲" * 40000 + "强化学区划分")
    add(2, "长文", "强化学" + "乙" * 40000 + "区划分")
    assert found("学区划分") == ["1"]


def test_a_new_document_takes_an_id_whose_index_row_outlived_its_document():
    """A flush of the tables (transactional tests, a restore) empties the documents and resets their ids but not
    SQLite's FTS table; the next document reuses the id and must index, not fail on the stale row."""
    old = add(1, "低保公示")
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:  # what a flush does: rows gone, ids reset; the FTS row is left behind
        cursor.execute(f"DELETE FROM {table}")
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
    new = add(2, "学区划分")
    if connection.vendor == "sqlite":
        assert new.pk == old.pk
    assert found("学区") == ["2"]
    assert found("低保") == []


def test_a_query_is_words_present_apart():
    """低保名单 finds a text with 低保 and 名单 apart; every word must be there, each exactly (near misses not)."""
    add(1, "城乡低保对象公示", "附件：2024年第一季度名单")
    add(2, "城乡低保金发放情况")  # 低保 without 名单
    add(3, "残疾人两项补贴发放名单")  # 名单 without 低保
    add(4, "低，保名，单")  # the characters, never the words
    assert found("低保名单") == ["1"]
    assert found("名单低保") == ["1"]  # in any order
    assert found("低保名单 2025") == []  # every term still must match


def test_the_exact_phrase_ranks_first():
    now = timezone.now()
    add(1, "低保对象名单", "", published_at=now)  # the words apart, newer, both in the title
    add(2, "公示", "本季度低保名单如下", published_at=now - dt.timedelta(days=700))  # whole, old, in the body
    add(3, "名单", "低保", published_at=now)
    assert found("低保名单") == ["2", "1", "3"]


def test_words_apart_equal_the_substring_reference():
    for i, text in enumerate(["低保对象名单", "本季度低保名单", "低保金", "学区的划分方案", "学区划分", "划分学区"]):
        add(i, text)
    for query in ("低保名单", "学区划分", "义务教育学校名录"):
        engine = sorted(found(query, limit=100))
        assert engine == sorted(d.object_id for d in substring_backend().search(query, limit=100)), query
    assert sorted(found("学区划分")) == ["3", "4", "5"]


def test_searches_read_where_the_router_sends_the_index(monkeypatch):
    """The index's reads follow core.db_router (the replica for a portal or API request), its writes stay on the
    primary."""
    from django.db import connections, router

    from gongkai.search import backends
    from gongkai.search.models import SearchDocument

    asked = []

    def db_for_read(model, **hints):
        asked.append(model)
        return "default"

    monkeypatch.setattr(router, "db_for_read", db_for_read)
    assert backends.reader() is connections["default"] and asked == [SearchDocument]
