"""The API's lists page by keyset (`gongkai.core.keyset`): `?cursor=&limit=` (limit ≤ 100), answered
`{"items": [...], "next": cursor|null}`. Lists from the database use `core.keyset.page` in their stable order
(ending in id); a ranked list (search) carries its position in the ranking instead, and a small list computed
in memory (the map's townships) its last code. A cursor we did not hand out is `core.keyset.BadCursor`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ninja import Schema
from pydantic import Field

from gongkai.core import keyset

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 10_000  # no one pages a ranking that far; past it, narrow the query
T = TypeVar("T")


class Paging(Schema):
    cursor: str | None = Field(None, max_length=keyset.MAX_CURSOR_LENGTH, description="上一页返回的 next")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数，最多 100")


def page(qs, paging: Paging, order: Sequence[str]) -> tuple[list, str | None]:
    return keyset.page(qs, paging.cursor, order, paging.limit)


def offset_of(cursor: str | None) -> int:
    """The position a ranked list's cursor carries."""
    if not cursor:
        return 0
    values = keyset.decode(cursor)
    if len(values) != 1 or not isinstance(values[0], int) or not 0 < values[0] <= MAX_OFFSET:
        raise keyset.BadCursor()
    return values[0]


def offset_cursor(following: int, total: int) -> str | None:
    return keyset.encode([following]) if following < min(total, MAX_OFFSET) else None


def in_memory(rows: Sequence[T], paging: Paging, key: Callable[[T], str]) -> tuple[list[T], str | None]:
    """A small list already in memory, sorted by a unique text `key`, paged like the others."""
    start: Any = ""
    if paging.cursor:
        values = keyset.decode(paging.cursor)
        if len(values) != 1 or not isinstance(values[0], str):
            raise keyset.BadCursor()
        start = values[0]
    rest = [r for r in rows if key(r) > start]
    shown = rest[: paging.limit]
    return shown, keyset.encode([key(shown[-1])]) if len(rest) > paging.limit else None
