"""The area demos run on the small stand-ins of the demo county that their areas' tests use."""

import pytest

from tests.channels.conftest import world as channels_world  # noqa: F401  (a fixture, under its own name here)
from tests.publishing.factories import World


@pytest.fixture
def publishing_world(db):
    return World()
