import pytest


@pytest.fixture
def world(records_world):
    return records_world
