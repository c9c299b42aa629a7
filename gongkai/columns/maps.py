"""The disclosure map (公开地图) of a county: its townships and streets, each with its published catalog's
item count, its public records and the day it was last updated, and its shape when the office uploaded one.
Shown by the portal's map page and the API's /jurisdictions/{code}/map.

Read in a fixed number of queries whatever the number of townships (bounded in tests/portal/test_views_map.py):
the places, their published versions, the items of those versions, the records of the whole county grouped
by jurisdiction, the shapes. Records come through `publishing.selectors.published_records` only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem, CatalogVersion, VersionStatus
from gongkai.organizations.models import Jurisdiction, JurisdictionBoundary
from gongkai.publishing import selectors as publishing_selectors


@dataclass
class MapPlace:
    """One township or street on the map. `published`: it has a published catalog (its pages exist)."""

    jurisdiction: Jurisdiction
    published: bool
    items: int
    records: int
    last_update: datetime.date | None
    shape: dict[str, Any] | None


@dataclass
class CountyMap:
    places: list[MapPlace]

    @property
    def has_shapes(self) -> bool:
        return any(p.shape for p in self.places)

    @property
    def published_count(self) -> int:
        return sum(1 for p in self.places if p.published)


def county_map(county: Jurisdiction) -> CountyMap:
    """The places directly below `county` (its townships and streets; for a township, its villages and
    communities), in code order, with their counts. Records count
    the township's whole subtree (its own and its villages' and communities'); the last update is the later of
    its newest public record and its catalog's publication."""
    places = list(Jurisdiction.objects.filter(parent=county).order_by("code"))
    ids = [p.pk for p in places]
    versions: dict[int, CatalogVersion] = {}
    # The version each township's portal shows (catalog_selectors.published_version: the first tier).
    for version in (CatalogVersion.objects.filter(catalog__jurisdiction__in=ids, status=VersionStatus.PUBLISHED,
                                                  catalog__is_reference=False)
                    .select_related("catalog").order_by("catalog__tier", "id")):
        versions.setdefault(version.catalog.jurisdiction_id, version)
    items = dict(catalog_selectors.only_effective(CatalogItem.objects.filter(version__in=list(versions.values())))
                 .values("version").annotate(n=Count("id")).order_by().values_list("version", "n"))
    by_path: dict[str, tuple[int, datetime.datetime | None]] = {
        row["unit__jurisdiction__path"]: (row["n"], row["last"])
        for row in (publishing_selectors.published_records(within=county).order_by()
                    .values("unit__jurisdiction__path").annotate(n=Count("id"), last=Max("published_at")))
    }
    shapes = dict(JurisdictionBoundary.objects.filter(jurisdiction__in=ids).values_list("jurisdiction_id", "geojson"))
    out = []
    for place in places:
        shown = versions.get(place.pk)
        rows = [value for path, value in by_path.items() if path.startswith(place.path)]
        moments = [last for _, last in rows if last is not None]
        if shown is not None and shown.published_at is not None:
            moments.append(shown.published_at)
        out.append(MapPlace(
            jurisdiction=place, published=shown is not None, items=items.get(shown.pk, 0) if shown else 0,
            records=sum(n for n, _ in rows), last_update=max(moments).date() if moments else None,
            shape=shapes.get(place.pk)))
    return CountyMap(out)
