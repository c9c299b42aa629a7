"""Reads of the lists a catalog is built from: which entries the catalog covers, which it does not, and which
items are linked to an entry that disappeared in a re-import. A fixed number of queries per list."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.catalog import list_matching
from gongkai.catalog.models import CatalogItem, CatalogVersion, SourceList, SourceListEntry, SourceListLink


def current_versions(jurisdiction_id: int) -> list[CatalogVersion]:
    """The newest version of each of the jurisdiction's own catalogs (a draft being prepared, else the
    published one): what a list is compared with."""
    newest: dict[int, CatalogVersion] = {}
    for version in (CatalogVersion.objects.filter(catalog__jurisdiction_id=jurisdiction_id,
                                                  catalog__is_reference=False)
                    .select_related("catalog").order_by("catalog_id", "-year", "-id")):
        newest.setdefault(version.catalog_id, version)
    return list(newest.values())


def current_items(jurisdiction_id: int) -> list[CatalogItem]:
    versions = current_versions(jurisdiction_id)
    return list(CatalogItem.objects.filter(version__in=versions).select_related("version__catalog", "domain")
                .order_by("version_id", "domain__order", "order"))


@dataclass
class EntryRow:
    entry: SourceListEntry
    links: list[tuple[SourceListLink, CatalogItem | None]] = field(default_factory=list)
    suggestions: list[tuple[CatalogItem, float]] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return any(item is not None for _, item in self.links)


@dataclass
class Coverage:
    source_list: SourceList
    rows: list[EntryRow]
    items: list[CatalogItem]
    removed_links: list[tuple[SourceListLink, CatalogItem | None]]

    @property
    def uncovered(self) -> list[EntryRow]:
        return [r for r in self.rows if not r.covered]

    @property
    def covered_count(self) -> int:
        return sum(1 for r in self.rows if r.covered)


def coverage(source_list: SourceList, *, suggest: bool = True) -> Coverage:
    """Every live entry with the current items linked to it (and, when it has none, the items whose names
    match it), and the links whose entry disappeared in a re-import."""
    items = current_items(source_list.jurisdiction_id)
    by_key = {(i.version.catalog_id, i.key): i for i in items}
    entries = list(source_list.entries.all())
    links: dict[int, list[SourceListLink]] = {}
    for link in SourceListLink.objects.filter(entry__source_list=source_list).order_by("id"):
        links.setdefault(link.entry_id, []).append(link)
    rows, removed = [], []
    choices = [(i, i.name) for i in items if i.applicable]
    for entry in entries:
        pairs = [(link, by_key.get((link.catalog_id, link.item_key))) for link in links.get(entry.pk, [])]
        if entry.removed_at is not None:
            removed += [(link, entry_item) for link, entry_item in pairs]
            continue
        row = EntryRow(entry, pairs)
        if suggest and not row.covered:
            row.suggestions = list_matching.suggestions(entry.name, choices)
        rows.append(row)
    return Coverage(source_list, rows, items, removed)


def lists_of(jurisdiction_ids) -> list[SourceList]:
    return list(SourceList.objects.filter(jurisdiction_id__in=jurisdiction_ids).select_related("jurisdiction")
                .order_by("jurisdiction__path", "kind"))

