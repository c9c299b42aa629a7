import pytest


@pytest.fixture
def world(reports_world):
    return reports_world
