"""Search backends behind one interface: `index(doc)`, `index_many(docs)`, `remove(kind, object_id)`,
`search(query, *, filters, limit, offset) -> Results`.

Nothing engine-specific leaves this module: callers pass and receive SearchDocuments and Results.
`get_backend()` picks the implementation for the database in use:

- SQLite: an FTS5 table (search_fts, rowid = document id) over the pair text of title and body; the MATCH
  drives every search (the FTS table is the outer loop of a CROSS JOIN, which SQLite never reorders), so the
  plan does not depend on statistics;
- PostgreSQL: a tsvector per document (search_pg_vector, GIN index), lexemes = the tokens, the joint tokens
  (bigrams.joints) and the filters' words (bigrams.field_word), so that the filters too are asked of the index;
- anything else: a substring scan (also the reference the tests compare the engines with).

A query is words (bigrams.parse_query: 低保名单 → 低保 + 名单): a document matches when it holds every word, each
exactly as a substring would — phrases of pairs are exact in FTS5 (see bigrams); PostgreSQL narrows by its index
(every token present) and confirms words of three or more characters as substrings; a character typed beside a
number (2023年) is a joint token of its vectors (bigrams.joints; a number longer than JOINT_MAX is confirmed on the
text), confirmed on the text by SQLite. A single character is
a prefix query over the pairs. A document or index number is one code: its runs next to each other.

Ranking works on a bounded candidate set, whatever the number of hits: the newest CANDIDATES hits of the query's
words in the index's own order (document id, descending: documents are indexed as they are published; PostgreSQL
reads them bucket by bucket of ids, `PostgresBackend._candidates`), and
the newest CANDIDATES hits holding a query run whole (低保名单 as typed). Among them: the texts holding the run
whole first (EXACT_BONUS), then title hits (TITLE_WEIGHT) times a recency factor between 1 and 2 (a record
published today counts twice, one a year old 1.5 times), then newest. The count is exact up to COUNT_LIMIT and
"more than COUNT_LIMIT" above it (`Results.total_exact`); pages reach the CANDIDATES best (`Results.pageable`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, connections, router, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.core import clock
from gongkai.core.bulk import copy_rows
from gongkai.core.prepared import unprepared
from gongkai.search import bigrams
from gongkai.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
TITLE_WEIGHT = 10.0
# A text holding a query's run whole (低保名单) ranks above any holding its words apart (低保…名单).
EXACT_BONUS = 1_000_000.0
MAX_LIMIT = 200
# How many hits are ranked (per kind of match) and can be paged through.
CANDIDATES = 500
UPDATED_FIELDS = ("jurisdiction_code", "domain_slug", "unit_id", "title", "body", "url", "published_at", "title_terms",
                  "body_terms", "normalised_text", "indexed_at")
# The pair texts go to the engine (FTS5 keeps its own copy, PostgreSQL the vector) and are not kept in the document's
# row: they were half of what a reindex wrote. `rebuild` computes them again from title and body.
NOT_STORED = frozenset({"title_terms", "body_terms"})
# What tells whether a stored document must be written again (the indexed text follows from title and body).
COMPARED = ("pk", "title", "body", "url", "published_at", "jurisdiction_code", "domain_slug", "unit_id")
# Where the filters' columns begin among them (kind aside: it is part of the key).
FILTERED = COMPARED.index("jurisdiction_code")
# Counts are exact up to here; above it a search says "more than".
COUNT_LIMIT = 1000
# PostgreSQL's index of the vectors (search migration 0002), let go and built again around a big load
# (`bulk_load`) of at least this many documents, with this much memory for the build.
PG_INDEX = "search_pg_vector_gin"
BULK_LOAD_MIN = 10_000
PG_BUILD_MEMORY = "256MB"
# PostgreSQL's candidates when they are many (`PostgresBackend._candidates`): bucket by bucket of 2**BUCKET_BITS
# document ids, newest first, each found through the GIN index by its bucket's word (bigrams.bucket_word, in every
# vector since search migration 0005, which writes it for buckets of 4,096: change both together); after
# MAX_BUCKETS buckets, what is left in one read. A read that leaves hits missing doubles how many buckets the next
# one takes, up to MAX_GROUP (a stretch without hits is crossed in a few reads, a thick one is not read far beyond
# what is missing).
BUCKET_BITS = 12
MAX_BUCKETS = 64
MAX_GROUP = 4


@dataclass
class Results:
    """One page of hits, best first, and how many there are in all (exact when `total_exact`, else at least
    `total`). Each document carries `.score`."""

    documents: list[SearchDocument]
    total: int
    query: str = ""
    limit: int = 20
    offset: int = 0
    terms: list[bigrams.Term] = field(default_factory=list)
    total_exact: bool = True

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def pageable(self) -> int:
        """How many of the hits pages can reach: the ranked candidates."""
        return min(self.total, CANDIDATES)

    @property
    def total_label(self) -> str:
        """The count as a person reads it: 25, or 超过 1000."""
        return str(self.total) if self.total_exact else f"超过 {self.total}"


@dataclass(frozen=True)
class Match:
    """What an engine is asked for: the words and codes of every term (all must match)."""

    terms: tuple[bigrams.Term, ...]
    # The query's runs typed whole that this match requires (`exact()`).
    runs: tuple[str, ...] = ()

    def exact(self) -> Match | None:
        """The same match with each run typed whole (低保名单) as one word: the texts holding it, None if no run
        of the query was cut into words."""
        if not any(t.exact for t in self.terms):
            return None
        terms = []
        for t in self.terms:
            runs = [tuple(bigrams.pairs(run)) for run in t.exact]
            terms.append(bigrams.Term(t.text, t.phrases + tuple(runs), t.prefixes, t.substrings, (), t.codes))
        return Match(tuple(terms), tuple(run for t in self.terms for run in t.exact))

    def needles(self) -> list[str]:
        return [phrase_text(p) for t in self.terms for p in t.phrases] + self.unanchored_prefixes()

    def patterns(self) -> list[str]:
        return [bigrams.code_pattern(c) for t in self.terms for c in t.codes]

    def anchored(self) -> list[tuple[str, str]]:
        """Each single Chinese character typed beside a number or a code (2023年, 3月, 第3): the two together, as
        typed or with one space between (text taken from a PDF: 2023 年). Not asked of the index as every token that
        begins with the character (年…: a third of a county's texts, 100 ms at a million documents): SQLite confirms
        them on the normalised text, PostgreSQL asks its vectors for the joint token (bigrams.joints) and confirms on
        the text only a number longer than the joints hold. Stricter than the character anywhere: 2023年 means the
        year."""
        return [pair for t in self.terms for _char, pair in _anchors(t)]

    def unanchored_prefixes(self) -> list[str]:
        """The single characters asked of the index as prefixes: those with no number or code beside them."""
        out = []
        for t in self.terms:
            anchored = {char for char, _pair in _anchors(t)}
            out += [c for c in t.prefixes if c not in anchored]
        return out


def _anchors(term: bigrams.Term) -> list[tuple[str, tuple[str, str]]]:
    """(character, (as typed, with a space)) for each single Chinese character of `term` next to a run of letters
    or digits (the one before it, else the one after)."""
    if not term.prefixes or not (term.phrases or term.codes):
        return []
    parts = bigrams.runs(term.text, normalised=True)
    found = []
    for i, (run, chinese) in enumerate(parts):
        if not chinese or len(run) != 1:
            continue
        if i > 0 and not parts[i - 1][1]:
            found.append((run, (parts[i - 1][0] + run, parts[i - 1][0] + " " + run)))
        elif i + 1 < len(parts) and not parts[i + 1][1]:
            found.append((run, (run + parts[i + 1][0], run + " " + parts[i + 1][0])))
    return found


# The filters a search takes, and the document's column each one asks about.
FILTERS = {"kind": "kind", "jurisdiction": "jurisdiction_code", "domain": "domain_slug", "unit": "unit_id"}
# More values than this in one filter (a whole province's jurisdictions) are asked of the document's column, not of
# PostgreSQL's index: a tsquery checks its alternatives one by one on every hit, where a column's IN list is hashed.
FILTER_WORDS_MAX = 64


def _filter_values(filters: dict) -> list[tuple[str, list]]:
    """(column, the values it may take) of each filter given (one value or several), as the column holds them (the
    unit a number, the others text; None, which no column value equals, left out); an empty filter asks nothing."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown search filters: {sorted(unknown)}")
    out = []
    for key, column in FILTERS.items():
        value = filters.get(key)
        if value in (None, "", [], ()):
            continue
        values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        values = [int(v) if column == "unit_id" else str(v) for v in values if v is not None]
        out.append((column, values))
    return out


def _column_in(column: str, values: list) -> str:
    return f"d.{column} IN ({', '.join(['%s'] * len(values))})" if values else "1 = 0"


def _quoted(lexeme: str) -> str:
    """A lexeme as a tsquery operand: quoted, its quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def reader():
    """The connection a search reads from: the one the database router picks for the index (core.db_router: the
    replica for a portal or API request that wrote nothing, else the primary). Writes stay on `connection`."""
    return connections[router.db_for_read(SearchDocument)]


def prepare(doc: SearchDocument, *, pair_texts: bool = True) -> SearchDocument:
    """Fill the indexed text fields from title and body (the pair texts only when `pair_texts`: an engine that
    makes its words from the normalised text does without them)."""
    title, body = bigrams.normalise(doc.title), bigrams.normalise(doc.body)
    doc.title_terms = bigrams.index_text(title, normalised=True) if pair_texts else ""
    doc.body_terms = bigrams.index_text(body, normalised=True) if pair_texts else ""
    doc.normalised_text = title + "\n" + body
    return doc


def _aware(value):
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, dt.UTC)
    return value


def rank(candidates, match: Match, exact_ids: set[int], now) -> list[tuple[int, float]]:
    """(id, score) of the candidates (id, title, published_at), best first."""
    needles = match.needles()
    patterns = [re.compile(p) for p in match.patterns()]
    scored = []
    for pk, title, published_at in candidates:
        title = bigrams.normalise(title)
        title_hits = sum(1 for n in needles if n in title) + sum(1 for p in patterns if p.search(title))
        published_at = _aware(published_at)
        recency = 0.0
        if published_at is not None:
            days = max((now - published_at).total_seconds() / 86400.0, 0.0)
            recency = 1.0 / (1.0 + days / 365.0)
        score = (title_hits * TITLE_WEIGHT + 1) * (1 + recency) + (EXACT_BONUS if pk in exact_ids else 0)
        stamp = published_at.timestamp() if published_at is not None else float("-inf")
        scored.append((score, stamp, pk))
    scored.sort(reverse=True)
    return [(pk, score) for score, _, pk in scored]


def _fields(names) -> list[Field]:
    return [SearchDocument._meta.get_field(name) for name in names]  # type: ignore[misc]


def _stored(docs: list[SearchDocument]) -> dict[tuple[str, str], tuple]:
    """What the index holds of the documents (COMPARED), by kind and object id: one query per kind."""
    existing: dict[tuple[str, str], tuple] = {}
    for kind in {d.kind for d in docs}:
        ids = [d.object_id for d in docs if d.kind == kind]
        for row in SearchDocument.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", *COMPARED):
            existing[(kind, row[0])] = row[1:]
    return existing


def _row(doc: SearchDocument, fields: list[Field]) -> list:
    return ["" if f.name in NOT_STORED else f.get_db_prep_save(getattr(doc, f.attname), connection) for f in fields]


def _update(docs: list[SearchDocument]) -> None:
    """One statement run for every row (Django's bulk_update builds a CASE per column and row: slower than the
    indexing itself)."""
    if not docs:
        return
    fields = _fields(UPDATED_FIELDS)
    columns = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {TABLE} SET {columns} WHERE id = %s", [[*_row(doc, fields), doc.pk] for doc in docs])


def _insert(docs: list[SearchDocument], *, copy: bool = False) -> None:
    """One statement run for every row (PostgreSQL: one COPY), then the new ids in one query per kind (Django's
    bulk_create spends longer building its statement than the database takes to run it)."""
    if not docs:
        return
    fields = _fields(("kind", "object_id", *UPDATED_FIELDS))
    if copy:
        copy_rows(TABLE, [str(f.column) for f in fields], (_row(doc, fields) for doc in docs))
    else:
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {TABLE} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",
                               [_row(doc, fields) for doc in docs])
    created = {(kind, object_id): pk for kind, object_id, pk in SearchDocument.objects.filter(
        kind__in={d.kind for d in docs}, object_id__in=[d.object_id for d in docs]).values_list(
        "kind", "object_id", "pk")}
    for doc in docs:
        doc.pk = created[(doc.kind, doc.object_id)]


class Backend:
    """The substring scan: correct everywhere, fast nowhere. Engines override `_write_many`, `_delete`,
    `_clear`, `_candidates`, `_count`, and may override `_hits` (PostgreSQL counts first) and `_filters`
    (PostgreSQL asks its index)."""

    vendor = ""
    # Whether the engine's row holds the filters' columns (then a document whose columns change is written again).
    fields_in_engine = False
    # Whether the engine is given the pair texts (`prepare`), or makes its words from the normalised text.
    pair_texts = True

    # --- interface ---------------------------------------------------------------------------------

    def index(self, doc: SearchDocument) -> SearchDocument:
        """Save `doc` (matched on kind + object_id) with its indexed text, and put it in the engine."""
        return self.index_many([doc])[0]

    def index_many(self, docs: list[SearchDocument]) -> list[SearchDocument]:
        """Save the documents (each matched on kind + object_id) and put them in the engine: a few queries
        for the whole list, whatever its length. The caller holds the transaction."""
        if not docs:
            return docs
        for doc in docs:
            doc.object_id = str(doc.object_id)
        existing = _stored(docs)
        new: list[SearchDocument] = []
        old: list[SearchDocument] = []
        # The engine's rows to write: new documents and those whose text changed (an engine's delete costs as
        # much as its insert). A reindex over an index that is up to date writes nothing.
        changed: list[SearchDocument] = []
        now = clock.now()
        for doc in docs:
            stored = existing.get((doc.kind, doc.object_id))
            doc.pk = stored[0] if stored else None
            doc.indexed_at = now
            if stored is None:
                new.append(doc)
            elif stored[1:] != tuple(getattr(doc, name) for name in COMPARED[1:]):
                old.append(doc)
            if (stored is None or stored[1:3] != (doc.title, doc.body)
                    or (self.fields_in_engine
                        and stored[FILTERED:] != tuple(getattr(doc, name) for name in COMPARED[FILTERED:]))):
                changed.append(doc)
        for doc in new + old:
            prepare(doc, pair_texts=self.pair_texts)
        _update(old)
        self._insert(new)
        self._write_many(changed)
        return docs

    def remove(self, kind: str, object_id) -> bool:
        return bool(self.remove_many(kind, [object_id]))

    def remove_many(self, kind: str, object_ids) -> int:
        ids = [str(o) for o in object_ids]
        pks = list(SearchDocument.objects.filter(kind=kind, object_id__in=ids).values_list("pk", flat=True))
        for pk in pks:
            self._delete(pk)
        SearchDocument.objects.filter(pk__in=pks).delete()
        return len(pks)

    def search(self, query: str, *, filters: dict | None = None, limit: int = 20, offset: int = 0) -> Results:
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        terms = bigrams.parse_query(query)
        if not terms:
            return Results([], 0, query, limit, offset, terms)
        where, params = self._filters(filters or {})
        match = Match(tuple(terms))
        # Each query planned for its own words (core.prepared: a generic plan takes every word for a rare one).
        with unprepared(reader()):
            candidates, total = self._hits(match, where, params)
            exact_ids: set[int] = set()
            exact = match.exact()
            if exact is not None and candidates:
                candidates, exact_ids = self._with_exact(exact, where, params, candidates)
        total_exact = total <= COUNT_LIMIT
        total = min(total, COUNT_LIMIT)
        ranked = rank(candidates, match, exact_ids, clock.now())[offset:offset + limit]
        by_pk = SearchDocument.objects.in_bulk([pk for pk, _ in ranked])
        documents = []
        for pk, score in ranked:
            doc = by_pk[pk]
            doc.score = score  # type: ignore[attr-defined]  # the rank, for this answer only
            documents.append(doc)
        return Results(documents, total, query, limit, offset, terms, total_exact)

    def rebuild(self) -> int:
        """Write every stored document into the engine again (after switching databases, or a repair)."""
        self._clear()
        count = 0
        batch: list[SearchDocument] = []
        # No bulk_load: this runs in one transaction (services.index_rebuild), where dropping the index would lock
        # every search out until it commits; searches meanwhile read the index as it was.
        for doc in SearchDocument.objects.order_by("pk").iterator(chunk_size=1000):
            batch.append(prepare(doc, pair_texts=self.pair_texts))  # the pair texts are not stored (NOT_STORED)
            if len(batch) == 1000:
                self._write_many(batch)
                count, batch = count + len(batch), []
        self._write_many(batch)
        return count + len(batch)

    def _hits(self, match: Match, where, params) -> tuple[list[tuple], int]:
        """The candidates, and the number of hits up to COUNT_LIMIT + 1 (counted only when the candidates are
        full: the index hands hits over newest first, so the candidates come at once)."""
        candidates = self._candidates(match, where, params, CANDIDATES)
        if len(candidates) < CANDIDATES:
            return candidates, len(candidates)
        return candidates, self._count(match, where, params, COUNT_LIMIT + 1)

    def _with_exact(self, exact: Match, where, params, candidates: list[tuple]) -> tuple[list[tuple], set[int]]:
        """The candidates with the newest documents holding the query's runs whole (wherever they stand among
        the hits), and the ids of those."""
        more = self._candidates(exact, where, params, CANDIDATES)
        known = {row[0] for row in candidates}
        return candidates + [row for row in more if row[0] not in known], {row[0] for row in more}

    def optimize(self, *, lookups_only: bool = False) -> None:
        """Let the database refresh its statistics after bulk work (the plans do not need them). `lookups_only`:
        in the middle of a load, only what finding stored documents by kind and object id is planned on."""

    @contextmanager
    def bulk_load(self, adding: int) -> Iterator[None]:
        """Around writing `adding` new documents in many transactions (a reindex): an engine whose index is
        cheaper to build than to grow lets it go while they are written and builds it again after, when
        they are many and at least as many as it holds. A run stopped midway builds it at its next start
        (`ensure_index`, which `migrate` runs too); searches in between are right, only slow. Not for use inside
        a transaction (dropping the index there would lock searches out until the commit)."""
        yield

    def ensure_index(self) -> None:
        """Build the engine's index if a stopped bulk load left it missing."""

    # --- engine parts --------------------------------------------------------------------------------

    def _insert(self, docs: list[SearchDocument]) -> None:
        _insert(docs)

    def _write_many(self, docs: list[SearchDocument]) -> None:
        pass

    def _delete(self, pk: int) -> None:
        pass

    def _clear(self) -> None:
        pass

    def _contains_sql(self) -> str:
        return "d.normalised_text LIKE ('%%' || %s || '%%')"

    def _regex_sql(self) -> str:
        # Django gives SQLite a REGEXP function (Python's re); PostgreSQL's own reads the same patterns.
        return "d.normalised_text ~ %s" if connection.vendor == "postgresql" else "d.normalised_text REGEXP %s"

    def _substring_where(self, match: Match) -> tuple[list[str], list]:
        """Without an engine: every part of every term is a substring test on the normalised text (other
        words too, where an engine would match them whole), every code a regular expression."""
        where, params = [], []
        for needle in match.needles():
            where.append(self._contains_sql())
            params.append(needle)
        for pair in match.anchored():
            where.append(f"({self._contains_sql()} OR {self._contains_sql()})")
            params += list(pair)
        for pattern in match.patterns():
            where.append(self._regex_sql())
            params.append(pattern)
        return where, params

    def _candidates(self, match: Match, where, params, limit) -> list[tuple]:
        """(id, title, published_at) of at most `limit` hits, in the index's own order (newest document
        first)."""
        found, found_params = self._substring_where(match)
        condition = " AND ".join([*where, *found]) or "1=1"
        with reader().cursor() as cursor:
            cursor.execute(f"SELECT d.id, d.title, d.published_at FROM {TABLE} d WHERE {condition} "
                           f"ORDER BY d.id DESC LIMIT %s", [*params, *found_params, limit])
            return list(cursor.fetchall())

    def _count(self, match: Match, where, params, limit) -> int:
        found, found_params = self._substring_where(match)
        condition = " AND ".join([*where, *found]) or "1=1"
        with reader().cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} d WHERE {condition} LIMIT %s) hits",
                           [*params, *found_params, limit])
            return cursor.fetchone()[0]

    # --- shared ------------------------------------------------------------------------------------------

    def _filters(self, filters: dict) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        for column, values in _filter_values(filters):
            where.append(_column_in(column, values))
            params.extend(values)
        return where, params


class SqliteFts5Backend(Backend):
    vendor = "sqlite"

    def _write_many(self, docs):
        # Always clear the rowid first, even for a new document: SQLite reuses the ids of deleted rows (and a
        # flush of the tables — tests, restores — empties the documents but not this virtual table), so a stale
        # row with the new document's id would make the insert fail.
        if not docs:
            return
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [[d.pk] for d in docs])
            cursor.executemany("INSERT INTO search_fts (rowid, title_terms, body_terms) VALUES (%s, %s, %s)",
                               [[d.pk, d.title_terms, d.body_terms] for d in docs])

    def _delete(self, pk):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])

    def _clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def optimize(self, *, lookups_only=False):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize=0x10002")

    @staticmethod
    def _match(match: Match) -> str:
        # Phrases of pairs are exact (see bigrams), so no substring test is needed here.
        parts = ['"' + " ".join(p) + '"' for t in match.terms for p in t.phrases]
        parts += [f'"{c}"*' for c in match.unanchored_prefixes()]
        for code in (c for t in match.terms for c in t.codes):
            tokens, prefix = bigrams.code_tokens(code)
            parts.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
        return " AND ".join(parts)

    def _from(self, where) -> str:
        # CROSS JOIN: the FTS table is the outer loop, always (SQLite keeps a CROSS JOIN's order), and it
        # hands its rows over newest first, so the LIMIT stops the scan.
        condition = " AND ".join(["search_fts MATCH %s", *where])
        return f"FROM search_fts CROSS JOIN {TABLE} d ON d.id = search_fts.rowid WHERE {condition}"

    def _anchor(self, match, where, params) -> tuple[list[str], list]:
        anchored = match.anchored()
        either = "(instr(d.normalised_text, %s) > 0 OR instr(d.normalised_text, %s) > 0)"
        return [*where, *([either] * len(anchored))], [*params, *(text for pair in anchored for text in pair)]

    def _candidates(self, match, where, params, limit):
        where, params = self._anchor(match, where, params)
        with reader().cursor() as cursor:
            cursor.execute(f"SELECT d.id, d.title, d.published_at {self._from(where)} "
                           f"ORDER BY search_fts.rowid DESC LIMIT %s", [self._match(match), *params, limit])
            return list(cursor.fetchall())

    def _count(self, match, where, params, limit):
        where, params = self._anchor(match, where, params)
        # Without filters the FTS table alone counts (it only runs once the candidates are full).
        source = self._from(where) if where else "FROM search_fts WHERE search_fts MATCH %s"
        with reader().cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s) hits", [self._match(match), *params, limit])
            return cursor.fetchone()[0]


class PostgresBackend(Backend):
    """The vector holds the distinct tokens of title and body, without positions (small, exact for
    membership); the GIN index finds the candidates, runs of three or more characters are confirmed as
    substrings and codes as regular expressions on the candidates. Ranking reads the document row only
    (title hits, recency), of the bounded candidates."""

    vendor = "postgresql"
    fields_in_engine = True
    pair_texts = False  # the vector's words come from the normalised text (`bigrams.lexemes`)

    def _write_many(self, docs):
        if not docs:
            return
        # The tokens as one space-separated string (no token holds a space): Django's cursor binds parameters on
        # the client, and quoting a list of several hundred tokens element by element cost more than the insert.
        rows = [[d.pk, " ".join(bigrams.lexemes(d.normalised_text, normalised=True) | self._field_lexemes(d)
                                | {bigrams.bucket_word(d.pk >> BUCKET_BITS)})]
                for d in docs]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_pg_vector (document_id, vector) "
                "VALUES (%s, array_to_tsvector(string_to_array(%s, ' '))) "
                "ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector", rows)

    @staticmethod
    def _field_lexemes(doc: SearchDocument) -> set[str]:
        """The filters' words of a document (`bigrams.field_word`): a filtered search asks the GIN index for them
        with its words, instead of reading every hit's row to look at its columns."""
        words = (bigrams.field_word(column, getattr(doc, column)) for column in FILTERS.values())
        return {word for word in words if word is not None}

    def _filters(self, filters):
        where, params, words = [], [], []
        for column, values in _filter_values(filters):
            if len(values) > FILTER_WORDS_MAX or not values:
                where.append(_column_in(column, values))
                params.extend(values)
            else:
                words.append("(" + " | ".join(_quoted(str(bigrams.field_word(column, v))) for v in values) + ")")
        if words:
            where.append("v.vector @@ %s::tsquery")
            params.append(" & ".join(words))
        return where, params

    def _insert(self, docs):
        _insert(docs, copy=True)

    def _delete(self, pk):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_pg_vector WHERE document_id = %s", [pk])

    @contextmanager
    def bulk_load(self, adding):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_pg_vector")
            held = cursor.fetchone()[0]
        if adding < BULK_LOAD_MIN or adding < held:
            yield
            return
        # Growing a GIN index by hundreds of thousands of documents merges each batch's pending list into
        # ever larger posting trees (920 documents a second at a million); building it once sorts them.
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        try:
            yield
        except BaseException:
            with suppress(DatabaseError):  # the error that stopped the load is the one to report
                self.ensure_index()
            raise
        self.ensure_index()

    def ensure_index(self):
        with transaction.atomic(), connection.cursor() as cursor:
            # Looked up first: CREATE INDEX IF NOT EXISTS would lock the table's writes even when the index is there.
            cursor.execute("SELECT 1 FROM pg_indexes WHERE tablename = 'search_pg_vector' AND indexname = %s",
                           [PG_INDEX])
            if cursor.fetchone() is None:
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{PG_BUILD_MEMORY}'")
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_pg_vector USING gin (vector)")

    def _clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_pg_vector")

    def optimize(self, *, lookups_only=False):
        with connection.cursor() as cursor:
            if lookups_only:
                # The table's size and its two looked-up columns: a seventh of the whole ANALYZE of both tables
                # (the vectors' and the texts' statistics), which a load refreshed ten times at a million records.
                cursor.execute(f"ANALYZE {TABLE} (kind, object_id)")
            else:
                cursor.execute(f"ANALYZE search_pg_vector; ANALYZE {TABLE}")

    def _contains_sql(self):
        return "strpos(d.normalised_text, %s) > 0"

    def _regex_sql(self):
        return "d.normalised_text ~ %s"

    def _from(self, match: Match, where, params) -> tuple[str, list]:
        lexemes = sorted({f"'{token}'" for t in match.terms for p in t.phrases for token in p})
        lexemes += sorted({f"'{c}':*" for c in match.unanchored_prefixes()})
        for code in (c for t in match.terms for c in t.codes):
            tokens, prefix = bigrams.code_tokens(code)
            if prefix and len(tokens) > 1:
                # The code's last character (号) as a prefix would make the index read every word beginning with
                # it; the regular expression confirms it on the candidates, which the other tokens find.
                tokens = tokens[:-1]
                prefix = False
            lexemes += [f"'{tok}'" + (":*" if prefix and i == len(tokens) - 1 else "")
                        for i, tok in enumerate(tokens)]
        # A character beside a number (2023年) is a joint token of the vector (bigrams.joints): no text to read.
        # Only a number longer than the joints hold is confirmed on the text.
        text_anchors = []
        for pair in match.anchored():
            if len(pair[0]) - 1 <= bigrams.JOINT_MAX:
                lexemes.append(f"'{pair[0]}'")
            else:
                text_anchors.append(pair)
        where, params = ["v.vector @@ %s::tsquery", *where], [" & ".join(lexemes), *params]
        for substring in (s for t in match.terms for s in t.substrings):
            where.append(self._contains_sql())
            params.append(substring)
        for pair in text_anchors:
            where.append(f"({self._contains_sql()} OR {self._contains_sql()})")
            params += list(pair)
        for pattern in match.patterns():
            where.append(self._regex_sql())
            params.append(pattern)
        return (f"FROM search_pg_vector v JOIN {TABLE} d ON d.id = v.document_id WHERE {' AND '.join(where)}",
                params)

    def _hits(self, match, where, params):
        # Counted first: the count (at most COUNT_LIMIT + 1 hits read, through the GIN index) says whether the
        # hits are few enough to be read in one go (COUNT_LIMIT or fewer), or none at all; many are counted anyway.
        total = self._count(match, where, params, COUNT_LIMIT + 1)
        if total == 0:
            return [], 0
        return self._candidates(match, where, params, CANDIDATES, few=total <= COUNT_LIMIT), total

    def _candidates(self, match, where, params, limit, *, few: bool = False):
        """The newest hits: all of them in one read through the GIN index when they are `few`; else bucket by bucket
        of document ids, newest first (BUCKET_BITS), each bucket's hits found by the GIN index with the bucket's
        words: a stretch of documents without hits costs a look into the index per read, a read with hits what
        its hits cost (at most MAX_GROUP × 2**BUCKET_BITS, however many lie further back, and however suddenly they
        thicken: 2023年's hits lie in one stretch of the documents, thickening from 1% to 60% of them). The first read
        takes one bucket, each next one twice as many, up to MAX_GROUP. After MAX_BUCKETS buckets, what is left is
        read in one."""
        sql, params = self._from(match, where, params)
        read = f"SELECT d.id, d.title, d.published_at {sql} {{}} ORDER BY v.document_id + 0 DESC LIMIT %s"
        found: list[tuple] = []
        if limit <= 0:
            return found
        with reader().cursor() as cursor:
            if few:
                cursor.execute(read.format(""), [*params, limit])
                return list(cursor.fetchall())
            cursor.execute("SELECT max(document_id) FROM search_pg_vector")
            top = cursor.fetchone()[0]
            if top is None:
                return found
            bucket, group, walked = top >> BUCKET_BITS, 1, 0
            while walked < MAX_BUCKETS:
                group = min(group, MAX_BUCKETS - walked, bucket + 1)
                words = " | ".join(_quoted(bigrams.bucket_word(b)) for b in range(bucket, bucket - group, -1))
                cursor.execute(read.format("AND v.vector @@ %s::tsquery"), [*params, words, limit - len(found)])
                found += cursor.fetchall()
                bucket, walked, group = bucket - group, walked + group, min(group * 2, MAX_GROUP)
                if len(found) >= limit or bucket < 0:
                    return found
            cursor.execute(read.format("AND v.document_id < %s"),
                           [*params, (bucket + 1) << BUCKET_BITS, limit - len(found)])
            return found + cursor.fetchall()

    def _with_exact(self, exact, where, params, candidates):
        # Without positions a run is confirmed on the text, and reading texts is what costs: only the
        # candidates' (bounded), not every document holding the run's pairs.
        runs = " AND ".join(["strpos(d.normalised_text, %s) > 0"] * len(exact.runs))
        with reader().cursor() as cursor:
            cursor.execute(f"SELECT d.id FROM {TABLE} d WHERE d.id = ANY(%s) AND {runs}",
                           [[row[0] for row in candidates], *exact.runs])
            return candidates, {row[0] for row in cursor.fetchall()}

    def _count(self, match, where, params, limit):
        sql, params = self._from(match, where, params)
        with reader().cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {sql} LIMIT %s) hits", [*params, limit])
            return cursor.fetchone()[0]


ENGINES = {"sqlite": SqliteFts5Backend, "postgresql": PostgresBackend}


def phrase_text(phrase: tuple[str, ...]) -> str:
    """The text a phrase of pairs (or a single word) stands for: (低保, 保金) → 低保金."""
    return phrase[0] + "".join(p[1:] for p in phrase[1:])


def get_backend() -> Backend:
    """The backend for the database in use, or the one named by settings.GONGKAI_SEARCH_BACKEND."""
    path = getattr(settings, "GONGKAI_SEARCH_BACKEND", "")
    if path:
        return import_string(path)()
    return ENGINES.get(connection.vendor, Backend)()


def substring_backend() -> Backend:
    """The plain substring scan (the reference the engines are tested against)."""
    return Backend()
