"""What other apps call: keep a document in the index, take it out, search.

Search sits low in the layers, so it knows nothing of records: publishing (or a receiver in a delivery
app) calls `document_upsert` on publish and revise and `document_remove` on withdraw. Only public things
may be indexed: the caller answers for that."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.search import bigrams
from gongkai.search.backends import Results, get_backend, phrase_text
from gongkai.search.models import SearchDocument

FIELDS = {"jurisdiction_code", "domain_slug", "unit_id", "title", "body", "url", "published_at"}


def document_upsert(kind: str, object_id: int | str, **fields: Any) -> SearchDocument:
    """Put (or replace) the document `kind:object_id` in the index with the given fields."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"document_upsert: unknown fields {sorted(unknown)}")
    values = {"jurisdiction_code": "", "domain_slug": "", "unit_id": None, "body": "", "url": "",
              "published_at": None, **fields}
    values["title"] = (values.get("title") or "")[:500]
    values["domain_slug"] = values["domain_slug"] or ""
    values["jurisdiction_code"] = values["jurisdiction_code"] or ""
    doc = SearchDocument(kind=kind, object_id=str(object_id), **values)
    with transaction.atomic():
        return get_backend().index(doc)


def document_remove(kind: str, object_id: int | str) -> bool:
    """Take `kind:object_id` out of the index; False if it was not there."""
    with transaction.atomic():
        return get_backend().remove(kind, object_id)


def search(query: str, *, filters: dict[str, Any] | None = None, limit: int = 20, offset: int = 0) -> Results:
    """Documents matching every word of `query` (each a substring; ASCII words whole), best first.
    filters: kind, jurisdiction (a code or a list of codes), domain (slug), unit (id)."""
    return get_backend().search(query, filters=filters, limit=limit, offset=offset)


def index_rebuild() -> int:
    with transaction.atomic():
        return get_backend().rebuild()


def excerpt(text: str, query: str, *, width: int = 120) -> tuple[str, str, str]:
    """A piece of `text` around the first hit of `query`: (before, hit, after), for highlighting."""
    text = " ".join((text or "").split())
    normalised = bigrams.normalise(text)
    best = None
    for term in bigrams.parse_query(query):
        needles = [phrase_text(p) for p in term.phrases] + list(term.prefixes)
        for needle in needles:
            at = normalised.find(needle)
            # NFKC can change lengths (rare: ligatures, circled numbers); only highlight when it did not.
            if at >= 0 and len(normalised) == len(text) and (best is None or at < best[0]):
                best = (at, at + len(needle))
    if best is None:
        return (text[:width] + ("…" if len(text) > width else ""), "", "")
    start = max(0, best[0] - width // 3)
    end = min(len(text), best[1] + width)
    return (("…" if start else "") + text[start:best[0]], text[best[0]:best[1]],
            text[best[1]:end] + ("…" if end < len(text) else ""))
