import pytest


@pytest.fixture
def world(consultations_world):
    return consultations_world
