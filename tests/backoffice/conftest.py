import pytest


@pytest.fixture
def world(backoffice_world):
    """The back office's county (tests/worlds.py); a module that needs another world names its own."""
    return backoffice_world
