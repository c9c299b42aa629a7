"""Prepared statements on PostgreSQL (docs/adr/0006-prepared-statements.md).

Connections bind parameters on the server and prepare a statement once it has run DATABASE_PREPARE_THRESHOLD
times (settings.env.postgresql_options): PostgreSQL then reuses its plan, and after five runs may keep one
generic plan for every value. That is right for the portal's pages, whose statements differ only in ids and
dates; it is wrong where the best plan depends on a value the planner cannot judge without seeing it: a full-text
query. A generic plan for `vector @@ $1` assumes every query is rare, and a word found in half of all documents
(公示) took 3× as long. Such statements run inside `unprepared`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def unprepared(connection) -> Iterator[None]:
    """Statements run on `connection` inside are planned for their own values: neither prepared, nor run
    through a statement prepared before. Nothing changes on SQLite, or when preparing is off."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    kept = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = kept
