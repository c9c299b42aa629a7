"""The portal's search reads a query as words (低保名单 finds 低保 … 名单 apart, the exact phrase first), and a
search without results suggests the catalog's items and other spellings, in a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]


def search(client, query: str, **params) -> str:
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    return client.get(reverse("portal:search") + f"?q={query}{extra}").content.decode()


def test_words_apart_are_found_and_the_exact_phrase_comes_first(client, records):
    unit, relief = records["unit"], records["items"][4]
    now = timezone.now()
    make_record(unit, [relief], title="城乡低保对象认定结果", body="<p>附件为本季度名单。</p>", published_at=now)
    make_record(unit, [relief], title="本季度低保名单公示", published_at=now - dt.timedelta(days=400))
    make_record(unit, [relief], title="残疾人两项补贴发放名单", body="<p>补贴名单。</p>",
                published_at=now)  # 名单 only: a near miss
    text = search(client, "低保名单")
    assert "找到 2 条结果" in text
    assert text.index("本季度低保名单公示") < text.index("城乡低保对象认定结果")
    assert "残疾人两项补贴发放名单" not in text and "搜索建议" not in text


def test_no_result_suggests_catalog_items_and_spellings(client, records):
    text = search(client, "低保名单", j="430503000000")
    assert "找到 0 条结果" in text and "搜索建议" in text
    key = records["items"][4].key
    assert f'href="/j/430503000000/i/{key}/"' in text  # 低保对象认定条件 holds the word 低保
    text = search(client, "招生明细")
    items = text[text.index('data-suggest="items"'):]
    assert "招生范围" in items and "招生计划" in items and "低保对象认定条件" not in items


def test_a_misspelt_query_suggests_names_sharing_its_pairs(client, records):
    text = search(client, "招生范国")  # 范国 for 范围
    assert "找到 0 条结果" in text and "您是不是要找" in text
    spellings = text[text.index('data-suggest="spellings"'):]
    assert "招生范围" in spellings.split("</ul>")[0]
    assert "?q=%E6%8B%9B%E7%94%9F%E8%8C%83%E5%9B%B4" in spellings  # a search link for 招生范围


def test_suggestions_never_come_from_another_jurisdiction_or_an_unpublished_catalog(client, records):
    text = search(client, "低保名单", j="430502000000")  # 双清区: no published catalog
    assert "搜索建议" not in text


def test_the_search_without_results_makes_a_bounded_number_of_queries(client, records):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("portal:search") + "?q=低保名单&j=430503000000").status_code == 200
        return len(context)

    small = count()
    for i in range(20):
        make_record(records["unit"], [records["items"][4]], title=f"城乡低保金发放第{i}批")
    assert count() == small <= 18
