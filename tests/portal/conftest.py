
import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # Test databases reuse ids after each rollback, so a stale page could match a new stamp.
    cache.clear()
    yield
    cache.clear()
