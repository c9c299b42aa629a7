from django.apps import AppConfig
from django.db.models.signals import post_migrate


def optimize_after_migrate(sender, using="default", **kwargs) -> None:
    """`PRAGMA optimize` once `migrate` is done (SQLite): fresh statistics for the planner without anyone
    running ANALYZE by hand. The search's own plans do not need them (see search.backends)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize=0x10002")
    elif connection.vendor == "postgresql" and using == "default":
        # A reindex killed between dropping the engine's index and building it again (backends.bulk_load) left it
        # missing: a deploy's migrate builds it, as the next reindex would.
        from gongkai.search.backends import get_backend

        get_backend().ensure_index()


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"

    def ready(self) -> None:
        post_migrate.connect(optimize_after_migrate, sender=self, dispatch_uid="search_optimize_after_migrate")
