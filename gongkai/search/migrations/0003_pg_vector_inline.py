"""PostgreSQL: the search vectors stay in the table's own pages (compressed) rather than out of line in TOAST, so
the table's size is what a sequential scan really reads and the planner weighs it against the GIN index honestly
(with vectors out of line the heap looked tiny and the planner scanned it instead of using the index). Rows
written before keep their storage until they are written again. Nothing for other databases."""

from django.db import migrations


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index")]

    operations = [
        migrations.RunPython(
            _run("ALTER TABLE search_pg_vector ALTER COLUMN vector SET STORAGE MAIN"),
            _run("ALTER TABLE search_pg_vector ALTER COLUMN vector SET STORAGE EXTENDED"),
        ),
    ]
