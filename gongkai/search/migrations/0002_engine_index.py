"""The engine's own index beside search_searchdocument, created for the database in use only:
SQLite: an FTS5 table (unicode61 over the pair text), rowid = the document's id;
PostgreSQL: a tsvector per document (the pair tokens as lexemes, like 'simple' with no stemming and no
parser in between) with a GIN index. Other databases get nothing: search.backends falls back to a substring scan."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title_terms, body_terms, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_CREATE = [
    # No foreign key to search_searchdocument: Django's flush (tests, `gongkai flush`) truncates the model's
    # table alone and PostgreSQL refuses to truncate a referenced table. The backend deletes a vector with
    # its document and joins on the document, so a leftover vector is never found; ids are not reused.
    "CREATE TABLE IF NOT EXISTS search_pg_vector ("
    " document_id bigint PRIMARY KEY,"
    " vector tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_pg_vector_gin ON search_pg_vector USING gin (vector)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_pg_vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
