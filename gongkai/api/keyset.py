"""Keyset pagination of the API's lists: `?cursor=&limit=`, answered `{"items": [...], "next": cursor|null}`.

A cursor is the sort key of the last row shown (e.g. its published_at and id), opaque to the client
(url-safe base64 of JSON). The next page is the rows strictly after it in the list's order — one indexed
range scan whatever the page, no OFFSET and no COUNT. The order must end with a unique key (id).

Written against the interface of `gongkai.core.keyset` (encode / decode / after), which another change brings;
see docs/architecture.md."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class BadCursor(ValueError):
    """A cursor this API did not hand out (or for another list)."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"dt"}:
        return datetime.datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and set(value) == {"d"}:
        return datetime.date.fromisoformat(value["d"])
    if isinstance(value, dict | list):
        raise BadCursor("游标无效")
    return value


def encode(values: Sequence[Any]) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, length: int) -> list[Any]:
    """The sort key a cursor carries; BadCursor unless it is `length` plain values."""
    if len(cursor) > 400:
        raise BadCursor("游标无效")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
        if not isinstance(values, list) or len(values) != length:
            raise BadCursor("游标无效")
        return [_typed(v) for v in values]
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError, TypeError) as exc:
        raise BadCursor("游标无效") from exc


def after(qs: QuerySet, order: Sequence[str], values: Sequence[Any]) -> QuerySet:
    """The rows of `qs` strictly after `values` in `order` ("-published_at", "-id"): for keys k1..kn,
    (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or …"""
    condition = Q()
    equal: dict[str, Any] = {}
    for key, value in zip(order, values, strict=True):
        field = key.lstrip("-")
        beyond = Q(**{f"{field}__{'lt' if key.startswith('-') else 'gt'}": value})
        condition |= Q(**equal) & beyond
        equal[field] = value
    return qs.filter(condition)


def _value(row: Any, field: str) -> Any:
    for part in field.split("__"):
        row = row[part] if isinstance(row, dict) else getattr(row, part)
    return row


@dataclass
class Page:
    rows: list[Any]
    next: str | None


def page(qs: QuerySet, *, order: Sequence[str], cursor: str | None, limit: int) -> Page:
    """One page of `qs` in `order` after `cursor`: at most `limit` rows (limit + 1 read, to know whether
    another page follows)."""
    qs = qs.order_by(*order)
    if cursor:
        try:
            qs = after(qs, order, decode(cursor, len(order)))
        except (DjangoValidationError, ValueError, TypeError) as exc:  # values of the wrong type for the keys
            raise BadCursor("游标无效") from exc
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    following = encode([_value(rows[-1], k.lstrip("-")) for k in order]) if more and rows else None
    return Page(rows, following)


def offset_cursor(offset: int) -> str:
    """A ranked list (search) has no stable key to page by: its cursor carries the position instead."""
    return encode(["o", offset])


def decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    tag, offset = decode(cursor, 2)
    if tag != "o" or not isinstance(offset, int) or not 0 <= offset <= 10_000:
        raise BadCursor("游标无效")
    return offset
