import pytest

from gongkai.calendars.seed import seed_calendar


@pytest.fixture(scope="session")
def calendar():
    """The real calendar as shipped (2004–2026 from the State Council notices); no database."""
    return seed_calendar()
