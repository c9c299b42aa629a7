import pytest


@pytest.fixture
def world(interaction_world):
    return interaction_world
