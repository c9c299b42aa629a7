"""The demo's disclosure map (公开地图): rough, hand-drawn shapes of 大祥区's townships and streets
(data/daxiang_boundaries.geojson — schematic, not a survey), uploaded as the county office would. Idempotent:
a place whose shape is already the same is left alone."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.accounts.policies import Action, require
from gongkai.organizations import boundaries
from gongkai.organizations import services as org_services
from gongkai.organizations.models import Jurisdiction, JurisdictionBoundary

BOUNDARIES_FILE = Path(__file__).resolve().parent / "data" / "daxiang_boundaries.geojson"


def build_boundaries(actor) -> int:
    """Upload each township's shape; returns how many were written."""
    doc = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    by_code = {f["properties"]["code"]: f for f in doc["features"]}
    places = {j.code: j for j in Jurisdiction.objects.filter(code__in=list(by_code))}
    kept = dict(JurisdictionBoundary.objects.filter(jurisdiction__code__in=list(by_code))
                .values_list("jurisdiction__code", "geojson"))
    written = 0
    for code, feature in by_code.items():
        place = places.get(code)
        if place is None:
            continue
        content = json.dumps(feature, ensure_ascii=False).encode("utf-8")
        if kept.get(code) == boundaries.boundary_parse(content):
            continue
        require(actor, Action.MANAGE_BOUNDARIES, place)
        org_services.boundary_set(actor=actor, jurisdiction=place, content=content,
                                  file_name=f"{place.name}示意边界.geojson")
        written += 1
    return written
