"""The back office's county (tests/backoffice/conftest.py) reused for the request screens."""

from tests.backoffice.conftest import world  # noqa: F401
