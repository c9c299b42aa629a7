"""What other apps call: keep a document in the index, take it out, search.

Search sits low in the layers, so it knows nothing of records: publishing (or a receiver in a delivery
app) calls `document_upsert` on publish and revise and `document_remove` on withdraw. Only public things
may be indexed: the caller answers for that."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from gongkai.search import bigrams
from gongkai.search.backends import Results, get_backend, phrase_text
from gongkai.search.models import SearchDocument

FIELDS = {"jurisdiction_code", "domain_slug", "unit_id", "title", "body", "url", "published_at"}


def _document(kind: str, object_id: int | str, fields: Mapping[str, Any]) -> SearchDocument:
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"document_upsert: unknown fields {sorted(unknown)}")
    values = {"jurisdiction_code": "", "domain_slug": "", "unit_id": None, "body": "", "url": "",
              "published_at": None, **fields}
    values["title"] = (values.get("title") or "")[:500]
    values["domain_slug"] = values["domain_slug"] or ""
    values["jurisdiction_code"] = values["jurisdiction_code"] or ""
    return SearchDocument(kind=kind, object_id=str(object_id), **values)


def document_upsert(kind: str, object_id: int | str, **fields: Any) -> SearchDocument:
    """Put (or replace) the document `kind:object_id` in the index with the given fields."""
    with transaction.atomic():
        return get_backend().index(_document(kind, object_id, fields))


def documents_upsert(kind: str, documents: Mapping[Any, Mapping[str, Any]]) -> int:
    """Put (or replace) many documents of one kind at once ({object_id: fields}), in a few queries, in one
    transaction: for bulk work (reindexing, imports), a batch of a few hundred or thousand at a time."""
    docs = [_document(kind, object_id, fields) for object_id, fields in documents.items()]
    with transaction.atomic():
        get_backend().index_many(docs)
    return len(docs)


def document_remove(kind: str, object_id: int | str) -> bool:
    """Take `kind:object_id` out of the index; False if it was not there."""
    with transaction.atomic():
        return get_backend().remove(kind, object_id)


def documents_remove(kind: str, object_ids: Iterable[int | str]) -> int:
    """Take many documents of one kind out of the index; how many were there."""
    with transaction.atomic():
        return get_backend().remove_many(kind, object_ids)


@contextmanager
def bulk_load(adding: int) -> Iterator[None]:
    """Around a load of `adding` new documents in many transactions (a reindex from nothing): the engine may
    let its index go while they are written and build it once after (see `Backend.bulk_load`). Builds an index
    a stopped load left missing first."""
    backend = get_backend()
    backend.ensure_index()
    with backend.bulk_load(adding):
        yield


def indexed_ids(kind: str) -> set[str]:
    """The object ids of the documents of `kind` in the index."""
    return set(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))


def index_optimize(*, lookups_only: bool = False) -> None:
    """Refresh the database's statistics after bulk work (reindexing, big imports): `PRAGMA optimize` on
    SQLite, ANALYZE of the index tables on PostgreSQL. Searches do not depend on them; other queries may.
    `lookups_only` (in the middle of a load): only those finding stored documents by kind and object id."""
    get_backend().optimize(lookups_only=lookups_only)


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
        for code in term.codes:
            found = re.search(bigrams.code_pattern(code), normalised)
            if found and len(normalised) == len(text) and (best is None or found.start() < best[0]):
                best = (found.start(), found.end())
    if best is None:
        return (text[:width] + ("…" if len(text) > width else ""), "", "")
    start = max(0, best[0] - width // 3)
    end = min(len(text), best[1] + width)
    return (("…" if start else "") + text[start:best[0]], text[best[0]:best[1]],
            text[best[1]:end] + ("…" if end < len(text) else ""))
