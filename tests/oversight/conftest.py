import pytest

from tests.publishing.factories import World


@pytest.fixture
def world(db):
    return World()
