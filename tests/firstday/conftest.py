from tests.portal.conftest import _empty_cache, portal  # noqa: F401
from tests.portal_records.conftest import records  # noqa: F401
