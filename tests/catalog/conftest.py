import pytest


@pytest.fixture
def world(catalog_world):
    return catalog_world
