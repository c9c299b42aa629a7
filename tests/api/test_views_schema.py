"""The whole public /api/v1/ against its own generated OpenAPI schema: a bounded schemathesis run — no 5xx,
every answer (errors included) conforms to the schema, in well under a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db
EXAMPLES = 15


@pytest.fixture
def keep_connection():
    """As Django's test client does: the test's transaction must survive the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_the_schema(records, keep_connection):  # published records and catalog to find
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    names = {f"{o.method.upper()} {o.path}" for o in operations}
    assert {"GET /api/v1/", "GET /api/v1/domains", "GET /api/v1/jurisdictions/{code}/catalog",
            "GET /api/v1/records", "GET /api/v1/records/{id}", "GET /api/v1/search",
            "GET /api/v1/jurisdictions/{code}/map", "GET /api/v1/staff/records"} <= names
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            # A random cursor is a schema-valid string the API never handed out: its 400 (bad_cursor) is right.
            handed_out = not (case.query or {}).get("cursor")
            case.call_and_validate(excluded_checks=[] if handed_out else [positive_data_acceptance])

        run()
