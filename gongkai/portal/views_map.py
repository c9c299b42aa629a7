"""The disclosure map (公开地图, issue 12): a county's townships and streets, each leading to its own catalog
and column with its counts. The page is a list of tiles (it works without JavaScript); where the office
uploaded shapes, `static/gongkai/portal-map.js` draws them with Leaflet from the features address."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.portal import selectors_map
from gongkai.portal.views import _frame, _jurisdiction, _published, portal_view


def _urls(county_map: selectors_map.CountyMap) -> dict[int, dict[str, str]]:
    """Addresses of each place's pages, only for places whose pages exist (a published catalog)."""
    return {p.jurisdiction.pk: {"home": reverse("portal:jurisdiction", args=[p.jurisdiction.code]),
                                "catalog": reverse("portal:catalog", args=[p.jurisdiction.code])}
            for p in county_map.places if p.published}


@portal_view
def disclosure_map(request, code: str):
    jurisdiction = _jurisdiction(code)
    version = _published(jurisdiction)
    county_map = selectors_map.county_map(jurisdiction)
    return render(request, "portal/map.html", {
        **_frame(jurisdiction, version), "county_map": county_map, "messages": (), "switch_next": request.path,
    })


@portal_view
def map_features(request, code: str):
    """The shapes of the map as GeoJSON, with each place's name, counts and addresses (no other data)."""
    jurisdiction = _jurisdiction(code)
    _published(jurisdiction)
    county_map = selectors_map.county_map(jurisdiction)
    response = JsonResponse(selectors_map.map_features(county_map, _urls(county_map)),
                            json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    return response
