"""The demo's disclosure map: hand-drawn township shapes of 大祥区, uploaded once (idempotent)."""

import json

import pytest

from gongkai.core.models import AuditEvent
from gongkai.demo.map import BOUNDARIES_FILE, build_boundaries
from gongkai.organizations.boundaries import boundary_parse
from gongkai.organizations.models import JurisdictionBoundary


def test_every_shape_of_the_demo_file_is_a_valid_boundary_of_a_daxiang_township():
    doc = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in doc["features"]]
    assert len(codes) == len(set(codes)) == 14 and all(c.startswith("430503") for c in codes)
    for feature in doc["features"]:
        assert boundary_parse(json.dumps(feature).encode())


@pytest.mark.django_db
def test_build_boundaries_is_idempotent(portal):
    # the world has 中心路街道 under its real code (its 罗市镇 has an invented one, absent from the file)
    assert build_boundaries(portal["publisher"]) == 1
    assert build_boundaries(portal["publisher"]) == 0
    assert JurisdictionBoundary.objects.count() == 1
    assert AuditEvent.objects.filter(action="boundary.set").count() == 1
