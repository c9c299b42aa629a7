"""Lists count a bounded number of rows: past the cap a list says "more than" instead of counting the
whole table (core.paging.CappedPaginator)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core import paging
from gongkai.publishing.models import Record
from tests.factories import make_record

# Publishing's services index on commit; these tests read the index right after a service.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"


def test_a_count_reads_at_most_the_cap_plus_one_rows(records):
    for i in range(4):
        make_record(records["unit"], [records["items"][0]], title=f"第{i}号通知")
    paginator = paging.CappedPaginator(Record.objects.order_by("id"), 2, cap=3)
    with CaptureQueriesContext(connection) as context:
        assert paginator.count == 3 and paginator.capped
    assert "LIMIT 4" in context.captured_queries[0]["sql"]
    assert paginator.num_pages == 2
    uncapped = paging.CappedPaginator(Record.objects.order_by("id"), 2, cap=100)
    assert uncapped.count == Record.objects.count() and not uncapped.capped


def test_a_capped_list_says_more_than(client, records, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    for i in range(45):
        make_record(records["unit"], [records["items"][0]], title=f"第{i:02d}号通知")
    text = client.get(reverse("portal:latest", kwargs={"code": CODE})).content.decode()
    assert "第 1 / 2 页，共 30 余 条" in text
    assert client.get(reverse("portal:latest", kwargs={"code": CODE}) + "?page=3").status_code == 404
    api = client.get("/api/v1/records", {"limit": 100}).json()  # the API pages by cursor and counts nothing
    assert set(api) == {"items", "next"} and len(api["items"]) == 47 and api["next"] is None


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 6, 10])
def test_a_page_counted_with_its_rows_is_the_page_of_page_of(records, per_page, monkeypatch):
    """core.paging.page_counted_with_rows (an item's page: its ids and total in one query, its rows by their ids
    in a second), and the item page's compiled version of it (selectors_records.item_page), give the same pages,
    rows, counts, "more than" and 404s as page_of, on every page and past the end, capped or not."""
    from gongkai.portal import selectors_records

    for i in range(5):
        make_record(records["unit"], [records["items"][0]], title=f"第{i}号招生方案")
    item = records["items"][0]
    listed = selectors_records.records_of_item(item)
    ways = {"queryset": lambda raw: paging.page_counted_with_rows(listed, per_page, raw),
            "compiled": lambda raw: selectors_records.item_page(item, per_page, raw)}  # rows as listed_rows
    for cap in (100, 3):
        monkeypatch.setattr(paging, "COUNT_CAP", cap)
        for raw in ("", "1", "2", "3", "4", "5", "6", "7", "x", "0"):
            for way, page_of_way in ways.items():
                try:
                    expected = paging.page_of(listed, per_page, raw)
                except paging.BadPage:
                    with pytest.raises(paging.BadPage):
                        page_of_way(raw)
                    continue
                with CaptureQueriesContext(connection) as context:
                    page = page_of_way(raw)
                rows = list(page.object_list) if way == "compiled" else selectors_records.listed_rows(page.object_list)
                assert rows == selectors_records.listed_rows(expected.object_list), (way, cap, raw)
                assert len({row["url"] for row in rows}) == len(rows), (way, cap, raw)
                assert (page.number, page.paginator.count, page.paginator.num_pages, page.paginator.capped) == (
                    expected.number, expected.paginator.count, expected.paginator.num_pages,
                    expected.paginator.capped), (way, cap, raw)
                # The page's ids with the total, then its rows (none when the list is empty past the cap's end).
                assert len(context) == 2, (way, cap, raw)


def test_an_empty_list_counted_with_its_rows_has_its_page_one(records):
    from gongkai.portal import selectors_records

    page = paging.page_counted_with_rows(selectors_records.records_of_item(records["items"][3]), 20, "")
    assert list(page.object_list) == [] and page.paginator.count == 0 and page.number == 1
    with pytest.raises(paging.BadPage):
        paging.page_counted_with_rows(selectors_records.records_of_item(records["items"][3]), 20, "2")
