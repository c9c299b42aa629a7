"""PostgreSQL: every vector gets the word of its document's bucket of 4,096 ids (bigrams.bucket_word: =bucket=131),
so that the candidates of a word found in many documents are read bucket by bucket, newest first, through the GIN
index (backends.PostgresBackend._candidates, BUCKET_BITS = 12). Written by the database alone, newest ids first,
one transaction per 50,000 ids (no row stays locked for long); new documents get it as they are indexed. Safe to
run again (a word already there is not added twice). Nothing for other databases."""

from django.db import migrations, transaction

BATCH = 50_000
# backends.BUCKET_BITS as it was when this migration was written.
BITS = 12


def add_buckets(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(document_id), max(document_id) FROM search_pg_vector")
        low, top = cursor.fetchone()
    if low is None:
        return
    # Newest first: the candidates are taken from the newest buckets, which so get their words soonest.
    for end in range(top + 1, low, -BATCH):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("UPDATE search_pg_vector "
                           "SET vector = vector || array_to_tsvector(ARRAY['=bucket=' || (document_id >> %s)]) "
                           "WHERE document_id >= %s AND document_id < %s", [BITS, end - BATCH, end])


class Migration(migrations.Migration):
    # One transaction per batch rather than one for the whole table (see add_buckets).
    atomic = False

    dependencies = [("search", "0004_pg_vector_joints_and_fields")]

    operations = [
        # Backwards: the words stay; nothing reads them without this migration's code.
        migrations.RunPython(add_buckets, migrations.RunPython.noop),
    ]
