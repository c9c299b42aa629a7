"""core.keyset: opaque cursors that round-trip their typed values, refuse anything else with a Chinese 400,
and page a queryset by its ordering without OFFSET."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from django.core.exceptions import BadRequest
from django.utils import timezone

from gongkai.core import error_pages, keyset
from gongkai.core.errors import ValidationFailed
from gongkai.publishing.models import Record
from tests.factories import RecordFactory, UnitFactory

BEIJING = dt.timezone(dt.timedelta(hours=8))
MOMENT = dt.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=BEIJING)


@pytest.mark.parametrize("values", [
    (MOMENT, 42),
    (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 1),
    (dt.date(2025, 12, 31), "大祥区-2025-00001", 7),
    ("含空格 与，标点", 2**63 - 1),
    (-5,),
])
def test_encode_decode_round_trip(values):
    cursor = keyset.encode(values)
    assert cursor.isascii() and "=" not in cursor and "/" not in cursor and "+" not in cursor
    assert keyset.decode(cursor) == values
    assert [type(v) for v in keyset.decode(cursor)] == [type(v) for v in values]


def test_a_datetime_keeps_its_offset_and_a_date_stays_a_date():
    moment, day = keyset.decode(keyset.encode((MOMENT, dt.date(2026, 3, 1))))
    assert moment.utcoffset() == dt.timedelta(hours=8) and moment == MOMENT
    assert type(day) is dt.date


@pytest.mark.parametrize("value", [dt.datetime(2026, 1, 1), True, 1.5, None, b"x"])
def test_encode_refuses_values_it_cannot_order_by(value):
    with pytest.raises(TypeError):
        keyset.encode((value,))


def _raw(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "", "!!!", "abc", "中文", "a" * 600, _raw({"t": 1}), _raw([]), _raw([["i", "1"]]), _raw([["i", True]]),
    _raw([["i", 2**64]]), _raw([["t", "yesterday"]]), _raw([["t", "2026-01-01T00:00:00"]]),
    _raw([["d", "2026-13-01"]]), _raw([["x", 1]]), _raw([["i", 1, 2]]), _raw([["s", "a\x00b"]]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(), _raw("text"),
])
def test_decode_refuses_what_encode_did_not_make(cursor):
    with pytest.raises(keyset.BadCursor) as raised:
        keyset.decode(cursor)
    error = raised.value
    assert isinstance(error, BadRequest) and isinstance(error, ValidationFailed)
    assert error.code == "bad_cursor" and "翻页" in error.message


@pytest.mark.parametrize("path", ["/j/430503000000/latest/", "/api/v1/records"])
def test_a_bad_cursor_is_a_400_with_its_chinese_message(rf, path):
    response = error_pages.bad_request(rf.get(path), keyset.BadCursor())
    assert response.status_code == 400
    assert keyset.BAD_CURSOR_MESSAGE in response.content.decode()
    if path.startswith("/api/"):
        assert json.loads(response.content) == {"error": {"code": "bad_cursor", "message": keyset.BAD_CURSOR_MESSAGE}}


# --- over the database --------------------------------------------------------------------------------

@pytest.fixture
def records(db):
    unit = UnitFactory()
    base = timezone.now().replace(microsecond=0)
    made = []
    for i in range(7):
        # Two pairs share a timestamp: the id must break the tie.
        moment = base - dt.timedelta(minutes=i // 2)
        made.append(RecordFactory(unit=unit, published_at=moment))
    return made


ORDER = ("-published_at", "-id")


def _expected():
    return list(Record.objects.order_by(*ORDER).values_list("pk", flat=True))


def test_pages_cover_every_row_once_in_order(records, django_assert_num_queries):
    seen, cursor, pages = [], None, 0
    while True:
        with django_assert_num_queries(1):
            rows, cursor = keyset.page(Record.objects.all(), cursor, ORDER, size=3)
        pages += 1
        seen += [r.pk for r in rows]
        if cursor is None:
            break
    assert seen == _expected() and pages == 3


def test_a_full_last_page_has_no_next_cursor(records):
    rows, cursor = keyset.page(Record.objects.all(), None, ORDER, size=7)
    assert len(rows) == 7 and cursor is None


def test_ascending_and_a_foreign_key_in_the_ordering(records):
    order = ("unit", "published_at", "id")
    rows, cursor = keyset.page(Record.objects.all(), None, order, size=4)
    rest, last = keyset.page(Record.objects.all(), cursor, order, size=4)
    assert [r.pk for r in rows + rest] == list(Record.objects.order_by(*order).values_list("pk", flat=True))
    assert last is None


def test_an_ordering_through_a_foreign_key_reads_the_related_row(db):
    """("unit__name", "id"): the cursor carries the unit's name, not the unit's id (the API's catalog items
    are ordered by domain__order)."""
    for name in ("乙局", "甲局", "丙局"):
        RecordFactory(unit=UnitFactory(name=name))
    order = ("unit__name", "id")
    qs = Record.objects.select_related("unit")
    rows, cursor = keyset.page(qs, None, order, size=2)
    rest, last = keyset.page(qs, cursor, order, size=2)
    assert [r.pk for r in rows + rest] == list(Record.objects.order_by(*order).values_list("pk", flat=True))
    assert keyset.decode(cursor)[0] == rows[-1].unit.name and last is None


def test_after_continues_from_a_row_with_its_own_cursor(records):
    expected = _expected()
    third = Record.objects.get(pk=expected[2])
    qs = keyset.after(Record.objects.all(), keyset.cursor_of(third, ORDER), ORDER)
    assert list(qs.values_list("pk", flat=True)) == expected[3:]
    assert list(keyset.after(Record.objects.all(), None, ORDER).values_list("pk", flat=True)) == expected


def test_the_leading_column_bounds_the_range_so_an_index_can_seek(records):
    sql = str(keyset.after(Record.objects.all(), keyset.encode((MOMENT, 5)), ORDER).query)
    assert '"published_at" <=' in sql


@pytest.mark.parametrize("values", [
    (MOMENT,),  # too few
    (MOMENT, 5, 6),  # too many
    (5, MOMENT),  # wrong types
    ("2026-03-01T09:30:15+08:00", 5),  # a string where a datetime belongs
    (dt.date(2026, 3, 1), 5),  # a date where a datetime belongs
])
def test_a_cursor_of_another_shape_is_refused_before_any_query(db, values, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(keyset.BadCursor):
        keyset.after(Record.objects.all(), keyset.encode(values), ORDER)


def test_fields_must_exist_and_not_cross_to_many(db):
    with pytest.raises(ValueError):
        keyset.after(Record.objects.all(), None, ("-nope", "-id"))
    with pytest.raises(ValueError):
        keyset.after(Record.objects.all(), None, ("items__title", "id"))
    with pytest.raises(ValueError):
        keyset.after(Record.objects.all(), None, ())
