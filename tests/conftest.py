import os

import pytest

# The worlds tests stand in, one fixture per concern (tests/worlds.py).
pytest_plugins = ["tests.worlds"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around it
# are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


class _Clock:
    """The platform's clock as a test sets it (gongkai.core.clock)."""

    def set(self, moment):
        """Stop the clock at a date (09:00 local time that day) or a datetime (naive = local time)."""
        from gongkai.core import clock

        clock.set_to(moment)


@pytest.fixture
def clock():
    """`clock.set(date(2026, 9, 8))`: services, selectors and screens see that day; the clock runs again
    after the test. The one way tests choose today (no monkeypatching of `date` or of a module's `_today`)."""
    from gongkai.core import clock as platform_clock

    yield _Clock()
    platform_clock.set_to(None)


@pytest.fixture
def commit_hooks_as_in_production(monkeypatch):
    """A `django_db` test runs inside a transaction that never commits, so work a service leaves for
    `transaction.on_commit` (search indexing, mail) would never run. With this fixture it runs where it
    would in production: when the service's outermost transaction closes without error. A transaction
    that rolls back discards its callbacks, as in production."""
    from django.db import transaction

    original_exit = transaction.Atomic.__exit__

    def exit_then_run_hooks(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (exc_type is None and not self._from_testcase and connection.in_atomic_block
                and not connection.needs_rollback
                and all(block._from_testcase for block in connection.atomic_blocks)):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            for _, hook, _ in hooks:
                hook()
        return result

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_then_run_hooks)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, lockouts and item views count in the cache: every test starts with none counted."""
    from django.core.cache import cache

    from gongkai.columns import services

    cache.clear()
    services._unpushed.clear()
    services._pushed_at.clear()
    services._pending.clear()
    services._pending_since.clear()
    yield
