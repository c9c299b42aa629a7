"""The disclosure map's GeoJSON for the portal's script; the map itself (places and counts) is
`columns.maps.county_map`, shared with the API."""

from __future__ import annotations

from typing import Any

from gongkai.columns.maps import CountyMap, MapPlace, county_map

__all__ = ["CountyMap", "MapPlace", "county_map", "map_features"]


def map_features(county_map_: CountyMap, urls: dict[int, dict[str, str]]) -> dict[str, Any]:
    """The places with a shape as one GeoJSON FeatureCollection for the map's script: each feature carries the
    place's name, counts and page addresses (`urls`: jurisdiction id → {"home", "catalog"}), nothing else."""
    features = []
    for place in county_map_.places:
        if not place.shape:
            continue
        properties = {
            "code": place.jurisdiction.code, "name": place.jurisdiction.name, "published": place.published,
            "items": place.items, "records": place.records,
            "last_update": place.last_update.isoformat() if place.last_update else "",
            **urls.get(place.jurisdiction.pk, {}),
        }
        for feature in place.shape.get("features", []):
            features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}
