import pytest


@pytest.fixture
def world(publishing_world):
    return publishing_world
