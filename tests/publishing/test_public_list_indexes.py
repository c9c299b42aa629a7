"""PostgreSQL: the hot public queries — a jurisdiction's, an item's, a domain column's and a unit's records
newest first, their bounded count, a feed's older page and a record page — are answered through an index,
never a sequential scan of the records table, once the table is large (issue 13). Read from `EXPLAIN` over
a few thousand generated records after ANALYZE, with the planner free to choose."""

import re

import pytest
from django.db import connection

from gongkai.core import keyset, paging
from gongkai.core.paging import CappedPaginator
from gongkai.portal import selectors_records
from gongkai.publishing import selectors
from tests.bulk_records import bulk_public_records
from tests.factories import JurisdictionFactory, UnitFactory

pytestmark = pytest.mark.django_db
SEQ_SCAN_ON_RECORDS = re.compile(r"Seq Scan on publishing_record(?![_\w])")


def _province(records, *, own: int, counties: int, others: int, body_chars: int):
    """The county (`own` public records over four units) as one of many (`counties` more, `others` records
    between them: the county's records a few per cent of the table), statistics gathered."""
    county_units = [records["unit"], *(UnitFactory(jurisdiction=records["county"]) for _ in range(3))]
    bulk_public_records(county_units, [records["items"][0], records["items"][1], records["items"][4]], own)
    units = []
    for n in range(counties):
        county = JurisdictionFactory(code=f"4305980{n:05d}", parent=records["city"])
        units += [UnitFactory(jurisdiction=county) for _ in range(2)]
    bulk_public_records(units, [records["items"][2]], others, seed=5, body_chars=body_chars)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return records


@pytest.fixture
def large_province(records):
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's query plans (EXPLAIN); SQLite's planner is another matter")
    return _province(records, own=2000, counties=30, others=20000, body_chars=200)


def _plan(queryset, *, count: bool = False) -> str:
    sql, params = queryset.query.sql_with_params()
    if count:
        sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _hot_queries(world) -> dict:
    county, item, unit = world["county"], world["items"][0], world["unit"]
    latest = selectors_records.records_of_jurisdiction(county)
    feed = selectors_records.records_of_jurisdiction(county, with_body=True)
    newest = feed.first()
    assert newest is not None
    older = keyset.after(feed, keyset.cursor_of(newest, ("-published_at", "-id")), ("-published_at", "-id"))
    return {
        "jurisdiction list": (latest[:20], False),
        "jurisdiction list, page 5": (latest[80:100], False),
        "jurisdiction count": (latest.values("pk").order_by()[:CappedPaginator(latest, 20).cap + 1], True),
        "item list": (selectors_records.records_of_item(item)[:20], False),
        "item list with its total": (paging.with_total(selectors_records.records_of_item(item))[:20], False),
        "domain column": (selectors_records.records_of_domain(world["version"], world["education"])[:10], False),
        "unit feed": (selectors_records.records_of_unit(unit, with_body=True)[:50], False),
        "feed, older page": (older[:50], False),
        "record page": (selectors.published_records(jurisdiction=county, with_body=True)
                        .filter(index_number=world["public"].index_number)[:1], False),
    }


def test_the_hot_public_queries_use_an_index_not_a_scan_of_the_records(large_province):
    plans = {name: _plan(qs, count=count) for name, (qs, count) in _hot_queries(large_province).items()}
    scanned = {name: plan for name, plan in plans.items() if SEQ_SCAN_ON_RECORDS.search(plan)}
    assert not scanned, "\n\n".join(f"{name}:\n{plan}" for name, plan in scanned.items())
    # The lists read a partial index of public records newest first and stop after the page: no sort of
    # every public record.
    for name in ("jurisdiction list", "domain column", "feed, older page"):
        assert "record_public_recent" in plans[name] or "record_public_unit_recent" in plans[name], plans[name]


@pytest.fixture
def large_province_sqlite(records):
    """The same province on SQLite, its statistics gathered (PRAGMA optimize runs ANALYZE after bulk work)."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plans (EXPLAIN QUERY PLAN)")
    return _province(records, own=1500, counties=10, others=6000, body_chars=50)


def _sqlite_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_sqlite_walks_the_public_index_for_the_lists_and_starts_from_the_filings_for_an_item(large_province_sqlite):
    """With statistics, SQLite took an index on (status, attribute, published_at) and sorted every public record for
    a page of 20 (4.6 s at 610,662 records); an item's page walked every public record when the item was rare
    (3.4 s). Now the newest-first list walks the partial index without a sort, and an item's or a domain's page
    reads its filings' records by id (a sort of those only)."""
    world = large_province_sqlite
    newest = _sqlite_plan(selectors.published_records()[:21])
    assert "record_public_recent" in newest and "TEMP B-TREE" not in newest, newest
    for name, qs in (("item", selectors_records.records_of_item(world["items"][0])[:20]),
                     ("item with its total", paging.with_total(selectors_records.records_of_item(world["items"][0]))[:20]),
                     ("domain", selectors_records.records_of_domain(world["version"], world["education"])[:10])):
        plan = _sqlite_plan(qs)
        assert "LIST SUBQUERY" in plan and "SEARCH publishing_record USING INTEGER PRIMARY KEY" in plan, (name, plan)
        assert "SCAN publishing_record" not in plan, (name, plan)
        # The item's filings from the index of (item, record) alone (migration 0008).
        assert "COVERING INDEX record_items_by_item" in plan, (name, plan)


def test_public_records_are_checked_by_id_in_the_covering_indexes(large_province):
    """PostgreSQL (migration 0007): an item's page checks each of its filings (by record id) in the partial indexes
    of public records (record_public_by_id) and of listed 依申请公开 titles (record_titles_shown_by_id), without
    reading the records' rows. Whether the planner takes them for an item's page depends on how rare the item is
    (on the --scale 100 data, an item with 395 of 539,635 records: it does; in this small catalog every item looks
    common to it); that they fit the public selectors' conditions and columns does not, and is read here from the
    plans of the same checks made for a few ids."""
    item = large_province["items"][0]
    ids = list(selectors_records.records_of_item(item).values_list("pk", flat=True)[:5])
    probe = selectors.published_records().filter(pk__in=ids).values_list("pk", "published_at", "unit_id").order_by()
    # (unit_id from the index; the unit's is_active from the unit)
    assert "Index Only Scan using record_public_by_id" in _plan(probe), _plan(probe)
    titles = _plan(selectors.on_request_titles(item=item, version=item.version)[:51])
    assert "record_titles_shown_by_id" in titles, titles


def test_an_items_filings_have_an_index_of_item_then_record(large_province):
    """PostgreSQL (migration 0008): an item's page starts from the item's filings; an index of (catalogitem_id,
    record_id) gives their record ids without reading the filings' rows. On the --scale 100 data, vacuumed, the planner
    takes it (an index-only scan) for an item's page; in a test's transaction the table's visibility map is not kept
    yet (VACUUM cannot run there), so the planner rightly prefers Django's smaller index of the item alone: the index is
    read from the catalog here, and its use from SQLite's plan above."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'publishing_record_items' "
                       "AND indexname = 'record_items_by_item'")
        found = cursor.fetchall()
    assert found and found[0][0].endswith("USING btree (catalogitem_id, record_id)"), found


def _generic_plan(queryset) -> str:
    """The plan of `queryset` prepared and run as a server-side prepared statement's generic plan (what the
    database settles on after a few runs of the same statement, not knowing the values)."""
    sql, params = queryset.query.sql_with_params()
    numbered = iter(range(1, len(params) + 1))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("PREPARE subtree AS " + re.sub(r"%s", lambda m: f"${next(numbered)}", sql))
        try:
            literals = ", ".join(connection.ops.compose_sql("%s", [p]) for p in params)
            cursor.execute(f"EXPLAIN EXECUTE subtree({literals})")
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE subtree")


def test_a_subtrees_list_is_walked_newest_first_by_the_generic_plan_too(large_province):
    """The API's list of a jurisdiction with everything below it (`published_records(within=…)`): the subtree's path
    is written into the statement, so that the plan a prepared statement settles on knows how much of the table it
    keeps. Bound as a parameter, the generic plan read every record of the subtree and sorted them (for a province,
    the whole table)."""
    city = large_province["city"]
    plan = _generic_plan(selectors.published_records(within=city)[:21])
    assert "record_public_recent" in plan and "Sort" not in plan, plan
    assert SEQ_SCAN_ON_RECORDS.search(plan) is None, plan
    sql, params = selectors.published_records(within=city).query.sql_with_params()
    assert f"'{city.path}'" in sql and city.path + "%" not in [str(p) for p in params]


def test_a_path_that_is_not_one_of_codes_is_bound_as_a_parameter(records):
    """Only a path of 12-digit codes is written into the statement; anything else (an unsaved jurisdiction's empty
    path) is bound as before and answers as before."""
    from gongkai.organizations.models import Jurisdiction

    county = records["county"]
    sql, _ = selectors.published_records(within=county).query.sql_with_params()
    assert f"'{county.path}'" in sql
    unsaved = Jurisdiction(code="430503999999", path="")
    sql, params = selectors.published_records(within=unsaved).query.sql_with_params()
    assert "%" in [str(p) for p in params] and "''" not in sql
    assert selectors.published_records(within=unsaved).count() == selectors.published_records().count()
