import pytest

from gongkai.calendars.seed import seed_calendar


@pytest.fixture(scope="session")
def calendar():
    """The real calendar as shipped (State Council arrangements 2004–2026); no database."""
    return seed_calendar()


@pytest.fixture
def world(requests_world):
    return requests_world
