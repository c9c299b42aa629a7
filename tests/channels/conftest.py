import pytest


@pytest.fixture
def world(channels_world):
    return channels_world
