"""Writing many new rows of one model at once, for imports.

`insert_many(objs)` is `bulk_create` without what an import does not need: on PostgreSQL the rows go in by one
COPY (Django 5.2's bulk_create sends each column as an array that psycopg quotes element by element on the client:
half of importing a 5,000-row catalog); elsewhere by one single-row INSERT run for every row (`executemany`:
bulk_create compiles a statement for every 37 rows on SQLite, whose limit of 999 parameters it keeps to, and
that compiling was a fifth of importing a 5,000-row catalog). The objects' fields are prepared as
`bulk_create` prepares them (defaults, `auto_now`, `get_db_prep_save`); the objects do not get their primary keys
back. The caller holds the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection
from django.db.models import AutoField, Model


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """PostgreSQL only: `rows` (values ready for the database, in the order of `columns`) into `table` by one COPY.
    Errors come as Django's (IntegrityError …), as the cursor's own statements give them."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, connection.wrap_database_errors, \
            cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert_many(objs: Sequence[Model], *, batch_size: int = 1000) -> None:
    if not objs:
        return
    model = type(objs[0])
    # The database numbers the rows (an AutoField left out takes its default).
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
    columns = [str(f.column) for f in fields]
    rows = ([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs)
    if connection.vendor == "postgresql":
        copy_rows(model._meta.db_table, columns, rows)
        return
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for _ in range(0, len(objs), batch_size):
            cursor.executemany(sql, list(islice(rows, batch_size)))
