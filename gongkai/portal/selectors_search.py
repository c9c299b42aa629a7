"""What a search without results suggests: the catalog's items (公开事项) whose names hold a word of the query, and
other spellings — item names that share character pairs with what was typed (低保明单 → 低保名单公示).

Read from the published catalog in scope only (the jurisdiction searched, else the counties with a published
catalog): one query over its items, whatever the number of records; nothing is read from the records' table."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem, VersionStatus
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel
from gongkai.search import bigrams
from gongkai.search.backends import phrase_text

MAX_SUGGESTIONS = 5
# The catalog items read for suggestions, at most (a county's catalog has a few hundred).
MAX_ITEMS = 3000


@dataclass
class SuggestedItem:
    name: str
    key: str
    code: str


@dataclass
class Suggestions:
    items: list[SuggestedItem] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items or self.spellings)


def search_suggestions(query: str, jurisdiction: Jurisdiction | None) -> Suggestions:
    """Items whose names hold a word of `query` (best first: most words, then most shared pairs), and names
    sharing pairs with it but none of its words, as other spellings to search for."""
    words = [phrase_text(p) for t in bigrams.parse_query(query) for p in t.phrases] + \
            [c for t in bigrams.parse_query(query) for c in t.prefixes]
    if not words:
        return Suggestions()
    items = CatalogItem.objects.filter(version__status=VersionStatus.PUBLISHED,
                                       version__catalog__is_reference=False)
    if jurisdiction is not None:
        items = items.filter(version__catalog__jurisdiction=jurisdiction)
    else:
        items = items.filter(version__catalog__jurisdiction__level=JurisdictionLevel.COUNTY)
    rows = list(catalog_selectors.only_effective(items).order_by("version__catalog__jurisdiction__code", "order", "id")
                .values_list("name", "key", "version__catalog__jurisdiction__code")[:MAX_ITEMS])
    scored_items, scored_spellings = [], []
    seen: set[str] = set()
    for name, key, code in rows:
        normalised = bigrams.normalise(name)
        holding = sum(1 for w in words if w in normalised)
        shared = bigrams.shared_pairs(query, name)
        if holding:
            scored_items.append((-holding, -shared, len(name), SuggestedItem(name, str(key), code)))
        elif shared and name not in seen:
            seen.add(name)
            scored_spellings.append((-shared, len(name), name))
    scored_items.sort(key=lambda s: s[:3])
    scored_spellings.sort()
    return Suggestions([s[3] for s in scored_items[:MAX_SUGGESTIONS]],
                       [s[2] for s in scored_spellings[:MAX_SUGGESTIONS]])
