"""Search backends behind one interface: `index(doc)`, `remove(kind, object_id)`,
`search(query, *, filters, limit, offset) -> Results`.

Nothing engine-specific leaves this module: callers pass and receive SearchDocuments and Results.
`get_backend()` picks the implementation for the database in use:

- SQLite: an FTS5 table (search_fts, rowid = document id) over the pair text of title and body;
  ranking bm25 with the title weighted ten times the body;
- PostgreSQL: a tsvector per document (search_pg_vector, GIN index), lexemes = the pairs, title weight A,
  body weight D; ranking ts_rank;
- anything else: a substring scan (also the reference the tests compare the engines with).

Both engines narrow by the index and then confirm each Chinese run of the query as a substring of the
normalised text, so the answer equals a substring search (a single character is found by the substring
test alone). Ranking multiplies the engine's score by a recency factor between 1 and 2 (a record
published today counts twice, one a year old 1.5 times)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from gongkai.search import bigrams
from gongkai.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
TITLE_WEIGHT = 10.0
MAX_LIMIT = 200


@dataclass
class Results:
    """One page of hits, best first, and how many there are in all. Each document carries `.score`."""

    documents: list[SearchDocument]
    total: int
    query: str = ""
    limit: int = 20
    offset: int = 0
    terms: list[bigrams.Term] = field(default_factory=list)

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


def prepare(doc: SearchDocument) -> SearchDocument:
    """Fill the indexed text fields from title and body."""
    doc.title_terms = bigrams.index_text(doc.title)
    doc.body_terms = bigrams.index_text(doc.body)
    doc.normalised_text = bigrams.normalise(doc.title) + "\n" + bigrams.normalise(doc.body)
    return doc


class Backend:
    """The substring scan: correct everywhere, fast nowhere. Engines override `_write`, `_delete`, `_match`."""

    vendor = ""

    # --- interface ---------------------------------------------------------------------------------

    def index(self, doc: SearchDocument) -> SearchDocument:
        """Save `doc` (matched on kind + object_id) with its indexed text, and put it in the engine."""
        prepare(doc)
        existing = SearchDocument.objects.filter(kind=doc.kind, object_id=str(doc.object_id)).values_list(
            "pk", flat=True).first()
        doc.object_id = str(doc.object_id)
        doc.pk = existing
        doc.save(force_insert=existing is None)
        self._write(doc, replacing=existing is not None)
        return doc

    def remove(self, kind: str, object_id) -> bool:
        pks = list(SearchDocument.objects.filter(kind=kind, object_id=str(object_id)).values_list("pk", flat=True))
        for pk in pks:
            self._delete(pk)
        SearchDocument.objects.filter(pk__in=pks).delete()
        return bool(pks)

    def search(self, query: str, *, filters: dict | None = None, limit: int = 20, offset: int = 0) -> Results:
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        terms = bigrams.parse_query(query)
        if not terms:
            return Results([], 0, query, limit, offset, terms)
        where, params = self._filters(filters or {})
        for term in terms:
            for substring in term.substrings:
                where.append(self._contains_sql())
                params.append(substring)
        phrases = [phrase for term in terms for phrase in term.phrases]
        if phrases:
            rows, total = self._match(phrases, where, params, limit, offset)
        else:
            rows, total = self._scan(terms, where, params, limit, offset)
        by_pk = SearchDocument.objects.in_bulk([pk for pk, _ in rows])
        documents = []
        for pk, score in rows:
            doc = by_pk[pk]
            doc.score = float(score or 0)
            documents.append(doc)
        return Results(documents, total, query, limit, offset, terms)

    def rebuild(self) -> int:
        """Write every stored document into the engine again (after switching databases, or a repair)."""
        self._clear()
        count = 0
        for doc in SearchDocument.objects.iterator():
            self._write(doc, replacing=False)
            count += 1
        return count

    # --- engine parts --------------------------------------------------------------------------------

    def _write(self, doc: SearchDocument, *, replacing: bool) -> None:
        pass

    def _delete(self, pk: int) -> None:
        pass

    def _clear(self) -> None:
        pass

    def _contains_sql(self) -> str:
        return "d.normalised_text LIKE ('%%' || %s || '%%')"

    def _recency_sql(self) -> str:
        return "0"

    def _match(self, phrases, where, params, limit, offset):
        # Without an engine every phrase is a substring test too (ASCII words as whole tokens would need
        # the index; a substring is the closest plain SQL can do).
        where = list(where)
        params = list(params)
        for phrase in phrases:
            where.append(self._contains_sql())
            params.append(phrase[0] if len(phrase) == 1 else phrase[0] + "".join(p[1] for p in phrase[1:]))
        return self._scan([], where, params, limit, offset)

    def _scan(self, terms, where, params, limit, offset):
        """Rows found by the substring tests alone: titles first, then recent."""
        condition = " AND ".join(where) or "1=1"
        title_hit = "0"
        title_params: list = []
        for term in terms:
            for substring in term.substrings:
                title_hit += " + (CASE WHEN d.title LIKE ('%%' || %s || '%%') THEN 1 ELSE 0 END)"
                title_params.append(substring)
        score = f"(({title_hit}) * {TITLE_WEIGHT} + 1) * (1 + {self._recency_sql()})"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {condition}", params)
            total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT d.id, {score} AS score FROM {TABLE} d WHERE {condition} "
                f"ORDER BY score DESC, d.published_at DESC, d.id DESC LIMIT %s OFFSET %s",
                [*title_params, *params, limit, offset],
            )
            return cursor.fetchall(), total

    # --- shared ------------------------------------------------------------------------------------------

    def _filters(self, filters: dict) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        for key, column in (("kind", "kind"), ("jurisdiction", "jurisdiction_code"), ("domain", "domain_slug"),
                            ("unit", "unit_id")):
            value = filters.get(key)
            if value in (None, "", [], ()):
                continue
            if isinstance(value, (list, tuple, set, frozenset)):
                values = list(value)
                where.append(f"d.{column} IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)
            else:
                where.append(f"d.{column} = %s")
                params.append(value)
        unknown = set(filters) - {"kind", "jurisdiction", "domain", "unit"}
        if unknown:
            raise ValueError(f"unknown search filters: {sorted(unknown)}")
        return where, params


class SqliteFts5Backend(Backend):
    vendor = "sqlite"

    def _write(self, doc, *, replacing):
        with connection.cursor() as cursor:
            if replacing:
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [doc.pk])
            cursor.execute("INSERT INTO search_fts (rowid, title_terms, body_terms) VALUES (%s, %s, %s)",
                           [doc.pk, doc.title_terms, doc.body_terms])

    def _delete(self, pk):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])

    def _clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def _contains_sql(self):
        return "instr(d.normalised_text, %s) > 0"

    def _recency_sql(self):
        return ("coalesce(1.0 / (1.0 + max(julianday('now') - julianday(d.published_at), 0) / 365.0), 0)")

    def _match(self, phrases, where, params, limit, offset):
        match = " AND ".join('"' + " ".join(phrase) + '"' for phrase in phrases)
        condition = " AND ".join(["search_fts MATCH %s", *where])
        base = f"FROM search_fts JOIN {TABLE} d ON d.id = search_fts.rowid WHERE {condition}"
        # bm25 is negative, lower is better; recency makes it more negative.
        score = f"bm25(search_fts, {TITLE_WEIGHT}, 1.0) * (1 + {self._recency_sql()})"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {base}", [match, *params])
            total = cursor.fetchone()[0]
            cursor.execute(f"SELECT d.id, -({score}) AS score {base} "
                           f"ORDER BY score DESC, d.published_at DESC, d.id DESC LIMIT %s OFFSET %s",
                           [match, *params, limit, offset])
            return cursor.fetchall(), total


class PostgresBackend(Backend):
    vendor = "postgresql"
    MAX_BODY_TOKENS = 200_000

    @staticmethod
    def _vector_text(text_tokens: list[str]) -> str:
        # Tokens are letters and digits only, so quoting them needs no escaping; PostgreSQL keeps
        # positions up to 16383 (later ones count there), which only ranking sees.
        return " ".join(f"'{token}':{min(i, 16383)}" for i, token in enumerate(text_tokens, start=1))

    def _write(self, doc, *, replacing):
        title = self._vector_text(doc.title_terms.split())
        body = self._vector_text(doc.body_terms.split()[: self.MAX_BODY_TOKENS])
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_pg_vector (document_id, vector) "
                "VALUES (%s, setweight(%s::tsvector, 'A') || setweight(%s::tsvector, 'D')) "
                "ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector",
                [doc.pk, title, body],
            )

    def _delete(self, pk):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_pg_vector WHERE document_id = %s", [pk])

    def _clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_pg_vector")

    def _contains_sql(self):
        return "strpos(d.normalised_text, %s) > 0"

    def _recency_sql(self):
        return ("coalesce(1.0 / (1.0 + greatest(extract(epoch from (now() - d.published_at)) / 86400.0, 0)"
                " / 365.0), 0)")

    def _match(self, phrases, where, params, limit, offset):
        # Every pair must be there (&); the substring tests confirm that they stand in order. Phrase
        # operators (<->) would fail beyond PostgreSQL's 16383 positions, so they are not used.
        lexemes = sorted({token for phrase in phrases for token in phrase})
        tsquery = " & ".join(f"'{token}'" for token in lexemes)
        condition = " AND ".join(["v.vector @@ %s::tsquery", *where])
        base = f"FROM search_pg_vector v JOIN {TABLE} d ON d.id = v.document_id WHERE {condition}"
        score = f"ts_rank(v.vector, %s::tsquery) * (1 + {self._recency_sql()})"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {base}", [tsquery, *params])
            total = cursor.fetchone()[0]
            cursor.execute(f"SELECT d.id, {score} AS score {base} "
                           f"ORDER BY score DESC, d.published_at DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
                           [tsquery, tsquery, *params, limit, offset])
            return cursor.fetchall(), total


ENGINES = {"sqlite": SqliteFts5Backend, "postgresql": PostgresBackend}


def get_backend() -> Backend:
    """The backend for the database in use, or the one named by settings.GONGKAI_SEARCH_BACKEND."""
    path = getattr(settings, "GONGKAI_SEARCH_BACKEND", "")
    if path:
        return import_string(path)()
    return ENGINES.get(connection.vendor, Backend)()


def substring_backend() -> Backend:
    """The plain substring scan (the reference the engines are tested against)."""
    return Backend()

