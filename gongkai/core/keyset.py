"""Keyset ("cursor") pagination: the next page starts after the last row shown, found through the index
of the ordering, so page 1,000 costs what page 1 costs (an OFFSET reads and throws away every row before).

A cursor is opaque to its reader: the values of the ordering's columns in the last row, typed, as JSON in
URL-safe base64. Whoever hands back a cursor we did not make (edited, truncated, of another list) gets
`BadCursor` — a 400 with a Chinese message on a page (Django's `BadRequest`) and a `ValidationFailed` with
code ``bad_cursor`` for the API — never a 500.

    rows, next_cursor = keyset.page(qs, request.GET.get("before"), ("-published_at", "-id"), size=50)

`fields` is the ordering, each a field name (``__`` paths allowed) with ``-`` for descending; the last
one must be unique (the primary key) so that no two rows share a cursor."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import BadRequest, FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from gongkai.core.errors import ValidationFailed

KeyValue = int | str | dt.datetime | dt.date
M = TypeVar("M", bound=models.Model)

# A cursor longer than this is not one of ours (two timestamps and an id take well under 100 characters).
MAX_CURSOR_LENGTH = 512
_INT_RANGE = (-(2**63), 2**63 - 1)  # a 64-bit column; a larger number would be a database error
BAD_CURSOR_MESSAGE = "翻页参数无效或已过期，请从第一页重新浏览。"


class BadCursor(ValidationFailed, BadRequest):
    """A cursor we did not make. A 400, never a 500."""

    code = "bad_cursor"

    def __init__(self, message: str = BAD_CURSOR_MESSAGE):
        super().__init__(message)


# Each value carries its type: a datetime and a string that looks like one must not be confused.
def _tag(value: KeyValue) -> list[Any]:
    if isinstance(value, bool):
        raise TypeError("a keyset value cannot be a boolean")
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, dt.datetime):  # before date: a datetime is a date
        if value.tzinfo is None:
            raise TypeError("a keyset datetime must be timezone-aware")
        return ["t", value.isoformat()]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, str):
        return ["s", value]
    raise TypeError(f"a keyset value cannot be {type(value).__name__}")


def _untag(pair: Any) -> KeyValue:
    if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
        raise BadCursor()
    kind, raw = pair
    try:
        if kind == "i" and isinstance(raw, int) and not isinstance(raw, bool) \
                and _INT_RANGE[0] <= raw <= _INT_RANGE[1]:
            return raw
        if kind == "t" and isinstance(raw, str):
            moment = dt.datetime.fromisoformat(raw)
            if moment.tzinfo is not None:
                return moment
        if kind == "d" and isinstance(raw, str):
            return dt.date.fromisoformat(raw)
        if kind == "s" and isinstance(raw, str) and "\x00" not in raw:
            return raw
    except ValueError:
        pass
    raise BadCursor()


def encode(values: Sequence[KeyValue]) -> str:
    """The opaque cursor for these ordering values (ints, strings, dates, aware datetimes)."""
    if not values:
        raise ValueError("a cursor needs at least one value")
    text = json.dumps([_tag(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")


def decode(cursor: str) -> tuple[KeyValue, ...]:
    """The values `encode` was given; anything else raises `BadCursor`."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise BadCursor()
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        data = json.loads(text)
    except (binascii.Error, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BadCursor() from None
    if not isinstance(data, list) or not data:
        raise BadCursor()
    return tuple(_untag(pair) for pair in data)


def _column(model: type[models.Model], path: str) -> models.Field:
    field: Any = None
    for part in path.split("__"):
        if field is not None:  # the previous part was a relation
            model = field.related_model
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            raise ValueError(f"{model.__name__} has no field {path!r}") from None
        if field.is_relation and not field.many_to_one and not field.one_to_one:
            raise ValueError(f"keyset field {path!r} crosses a to-many relation")
        if not field.is_relation:
            break
    if field.is_relation:  # ordering by a foreign key orders by its id
        field = field.target_field
    return field


def _fits(field: models.Field, value: KeyValue) -> bool:
    if isinstance(field, models.DateTimeField):
        return isinstance(value, dt.datetime)
    if isinstance(field, models.DateField):
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if isinstance(field, models.IntegerField | models.AutoField):  # AutoField is one; kept for clarity
        return isinstance(value, int)
    if isinstance(field, models.CharField | models.TextField):
        return isinstance(value, str)
    return False


def _past(fields: Sequence[str], values: Sequence[KeyValue]) -> Q:
    """Rows strictly after `values` in the order `fields`: (a, b) after (x, y) descending is
    a < x OR (a = x AND b < y) — plus a <= x on the leading column, which the index can seek to."""
    names = [f.lstrip("-") for f in fields]
    condition = Q()
    for i, field in enumerate(fields):
        step = Q(**{f"{names[i]}__{'lt' if field.startswith('-') else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{names[j]: values[j]})
        condition |= step
    leading = fields[0]
    return Q(**{f"{names[0]}__{'lte' if leading.startswith('-') else 'gte'}": values[0]}) & condition


def after(qs: QuerySet[M], cursor: str | None, fields: Sequence[str]) -> QuerySet[M]:
    """`qs` in the order `fields`, starting after the row `cursor` names (from the start when None or "").
    A cursor of the wrong shape or types for these fields raises `BadCursor`."""
    return after_values(qs, values_of(qs.model, cursor, fields) if cursor else (), fields)


def values_of(model: type[models.Model], cursor: str, fields: Sequence[str]) -> tuple[KeyValue, ...]:
    """The ordering values `cursor` names, checked against the types of `model`'s `fields` (else `BadCursor`)."""
    if not fields:
        raise ValueError("keyset pagination needs an ordering")
    columns = [_column(model, f.lstrip("-")) for f in fields]
    values = decode(cursor)
    if len(values) != len(fields) or not all(_fits(c, v) for c, v in zip(columns, values, strict=True)):
        raise BadCursor()
    return values


def after_values(qs: QuerySet[M], values: Sequence[KeyValue], fields: Sequence[str]) -> QuerySet[M]:
    """`qs` in the order `fields`, starting after the row of those ordering `values` (checked ones: `values_of`;
    from the start when there are none)."""
    if not fields:
        raise ValueError("keyset pagination needs an ordering")
    for name in fields:
        _column(qs.model, name.lstrip("-"))  # each must exist and not cross a to-many relation
    qs = qs.order_by(*fields)
    return qs.filter(_past(fields, values)) if values else qs


def cursor_of(row: models.Model, fields: Sequence[str]) -> str:
    """The cursor that continues after `row` (which must have the ordering's values loaded)."""
    values: list[KeyValue] = []
    for field in fields:
        value: Any = row
        parts = field.lstrip("-").split("__")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1  # only a final foreign key stands for its id; one on the way is followed
            value = getattr(value, f"{part}_id" if last and _is_fk(value, part) else part)
        values.append(value)
    return encode(values)


def _is_fk(obj: Any, name: str) -> bool:
    try:
        field = obj._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return False
    return bool(field.is_relation and field.many_to_one)


def page(qs: QuerySet[M], cursor: str | None, fields: Sequence[str], size: int) -> tuple[list[M], str | None]:
    """Up to `size` rows after `cursor`, and the cursor of the next page (None on the last page). One query:
    it reads one row more than it shows to know whether there is a next page."""
    if size < 1:
        raise ValueError("a page holds at least one row")
    rows = list(after(qs, cursor, fields)[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, cursor_of(rows[-1], fields)
