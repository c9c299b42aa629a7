"""Boundaries of the disclosure map: kept, replaced and removed in one transaction with an audit event."""

import json

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.organizations import services
from gongkai.organizations.models import JurisdictionBoundary
from tests.factories import county_tree

pytestmark = pytest.mark.django_db

SQUARE = [[111.4, 27.2], [111.5, 27.2], [111.5, 27.3], [111.4, 27.3], [111.4, 27.2]]


def polygon(name="罗市镇") -> bytes:
    return json.dumps({"type": "Feature", "properties": {"name": name, "note": "<script>"},
                       "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}, ensure_ascii=False).encode()


def test_set_replace_and_remove_leave_audit_events():
    town = county_tree()["town"]
    boundary = services.boundary_set(actor=None, jurisdiction=town, content=polygon(), file_name="罗市镇.geojson")
    assert boundary.geojson["features"][0]["properties"] == {}
    services.boundary_set(actor=None, jurisdiction=town, content=polygon(), file_name="罗市镇2.geojson")
    assert JurisdictionBoundary.objects.filter(jurisdiction=town).count() == 1
    assert services.boundary_remove(actor=None, jurisdiction=town) is True
    assert services.boundary_remove(actor=None, jurisdiction=town) is False
    events = list(AuditEvent.objects.filter(action__startswith="boundary.").order_by("id"))
    assert [e.action for e in events] == ["boundary.set", "boundary.set", "boundary.remove"]
    assert events[1].data["replaced"] is True and events[0].data["jurisdiction"] == town.code


def test_a_refused_file_changes_nothing_and_leaves_no_event():
    town = county_tree()["town"]
    with pytest.raises(ValidationFailed, match="只能是面"):
        services.boundary_set(actor=None, jurisdiction=town,
                              content=b'{"type": "Point", "coordinates": [111.4, 27.2]}')
    assert not JurisdictionBoundary.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="boundary.").exists()
