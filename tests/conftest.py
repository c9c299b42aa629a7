import os

import pytest

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
