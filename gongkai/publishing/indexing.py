"""The search index follows publishing: the services ask for `record_index_on_commit(record)` once per
change that can touch a public surface (publish, revise-approve, withdraw, archive, a published record's
items); after the transaction commits, `record_index` writes the record's search document if
`selectors.published_records` holds it, or takes it out. A rolled-back change indexes nothing.

Delivery apps that keep pages listing records (the portal's cached domain columns) listen to
`signals.public_record_changed`, sent after the index was written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

from gongkai.publishing import selectors, signals
from gongkai.publishing.models import Attachment, Record
from gongkai.publishing.sanitising import plain_text
from gongkai.search import services as search

KIND = "record"


def record_reference(record: Record) -> str:
    """How a public address names the record: its index number (索引号), else its id."""
    return reference_of(record.index_number, record.pk)


def reference_of(index_number: str, pk: int) -> str:
    """`record_reference` from the two values (a list read as plain values)."""
    return index_number or str(pk)


def record_url(record: Record) -> str:
    """The record's public page (a stable address: printed bulletins' QR codes link to it)."""
    return _record_address(record.unit.jurisdiction.code, record_reference(record))


def _record_address(code: str, ref: str) -> str:
    return reverse("portal:record", kwargs={"code": code, "ref": ref})


def record_urls(records: Iterable[Record]) -> list[str]:
    """`record_url` of each record, the same strings, reversing once per jurisdiction rather than once per record
    (a list page shows twenty): the reference is quoted into the jurisdiction's address as `reverse` quotes it. A
    reference the address cannot hold (empty, or with ? or #) goes through `reverse`, which refuses it as before."""
    return record_addresses((record.unit.jurisdiction.code, record_reference(record)) for record in records)


def record_addresses(references: Iterable[tuple[str, str]]) -> list[str]:
    """`record_urls` from each record's (jurisdiction code, `record_reference`)."""
    heads: dict[str, str] = {}
    urls = []
    where = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    for code, ref in references:
        if not ref or "?" in ref or "#" in ref:
            urls.append(_record_address(code, ref))
            continue
        head = heads.get(code)
        if head is None:
            head = heads[code] = _address_head(code, *where)
        urls.append(f"{head}{quote(ref, safe=RFC3986_SUBDELIMS + '/~:@')}/")
    return urls


@lru_cache(maxsize=4096)
def _address_head(code: str, script_prefix: str, urlconf: str) -> str:
    """The jurisdiction's record addresses before the reference, reversed once per process for each script prefix
    and URL configuration (an API list of twenty records spans a dozen jurisdictions)."""
    return _record_address(code, "0").removesuffix("0/")


def record_domain_slug(record: Record) -> str:
    """The domain the record is filed under (its first item in the earliest published version)."""
    item = record.items.select_related("domain").order_by("version__published_at", "order").first()
    return item.domain.slug if item else ""


# What a record's search document is made of, read through the public selector (`_public_rows`).
_COLUMNS = ("id", "index_number", "published_at", "unit_id", "unit__jurisdiction__code", "public_revision__title",
            "public_revision__document_number", "public_revision__summary", "public_revision__keywords",
            "public_revision__body", "public_revision__attachments")


def _public_rows(ids: list[int]) -> list[dict[str, Any]]:
    """The public records among `ids` (the public selector decides), as plain rows of `_COLUMNS`: no model
    instances, no column a document does not need."""
    return list(selectors.published_records(with_body=True).filter(pk__in=ids).order_by().values(*_COLUMNS))


# References that an address holds as they are (unreserved characters and /: reverse() does not quote them).
_PLAIN_REF = re.compile(r"[0-9A-Za-z._~/-]+")
_CODE = re.compile(r"[0-9]{12}")


def _record_url_maker() -> Callable[[str, str], str]:
    """`record_url` for many records: reverse() once, then the code and reference put in its place (reversing
    each address cost as much as writing its search document); a reference reverse() would quote is reversed."""
    sample = _record_address("999999999999", "zzrefzz")
    head, rest = sample.rsplit("999999999999", 1)
    middle, tail = rest.rsplit("zzrefzz", 1)

    def url(code: str, ref: str) -> str:
        if _PLAIN_REF.fullmatch(ref) and _CODE.fullmatch(code):
            return f"{head}{code}{middle}{ref}{tail}"
        return _record_address(code, ref)
    return url


def record_documents(rows: list[dict[str, Any]]) -> dict[int, dict[str, object]]:
    """The search documents' fields of public records (rows of `_public_rows`), by id: the public revision
    only, the domain the record is filed under (its first item in the earliest published version) and the
    names of the attachments of the public revision whose public copy is served (as
    `selectors.public_attachments` lists them). Two queries for the whole list, one when none has attachments."""
    ids = [row["id"] for row in rows]
    if not ids:
        return {}
    domains: dict[int, str] = {}
    for record_id, slug in (Record.items.through.objects.filter(record_id__in=ids)
                            .order_by("record_id", "catalogitem__version__published_at", "catalogitem__order")
                            .values_list("record_id", "catalogitem__domain__slug")):
        domains.setdefault(record_id, slug or "")
    listed = {row["id"]: [a["id"] for a in (row["public_revision__attachments"] or [])] for row in rows}
    names: dict[int, str] = {}
    wanted = [i for pks in listed.values() for i in pks]
    if wanted:
        names = dict(Attachment.objects.filter(record_id__in=ids, pk__in=wanted).exclude(public_file="")
                     .values_list("pk", "name"))
    url = _record_url_maker()
    documents = {}
    for row in rows:
        pk, code = row["id"], row["unit__jurisdiction__code"]
        attachments = [names[i] for i in listed[pk] if i in names]
        body = "\n".join(part for part in (row["public_revision__document_number"], row["index_number"],
                                           row["public_revision__summary"], row["public_revision__keywords"],
                                           plain_text(row["public_revision__body"]), *attachments) if part)
        documents[pk] = {
            "title": row["public_revision__title"], "body": body, "jurisdiction_code": code,
            "domain_slug": domains.get(pk, ""), "unit_id": row["unit_id"],
            "url": url(code, row["index_number"] or str(pk)),
            "published_at": row["published_at"]}
    return documents


def record_index(record_id: int) -> bool:
    """Index the record if it is public now, else make sure it is not in the index. True if indexed."""
    rows = _public_rows([record_id])
    if not rows:
        search.document_remove(KIND, record_id)
    else:
        search.document_upsert(KIND, record_id, **record_documents(rows)[record_id])
    signals.public_record_changed.send(sender=Record, record_id=record_id)
    return bool(rows)


def record_index_on_commit(record: Record) -> None:
    """Index the record once the caller's transaction commits (nothing if it rolls back)."""
    transaction.on_commit(partial(record_index, record.pk))


BATCH_SIZE = 1000


def records_reindex(*, batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the record index from the public selector (after a restore, when switching databases, or to
    time it: `make bench`): every public record in, every other record out. Returns the number of public
    records.

    In batches of `batch_size` records, oldest publication first (so newer records get the higher document
    ids the search's candidates are taken by), each batch read in a few queries and committed on its own:
    no transaction lasts longer than one batch, and a run stopped midway leaves a usable index that the next
    run completes (each batch replaces its documents: running it twice gives the same index).
    `progress(done, total)` is called after each batch."""
    public = list(selectors.published_records().order_by("published_at", "id").values_list("pk", flat=True))
    public_keys = {str(pk) for pk in public}
    indexed = search.indexed_ids(KIND)
    stale = sorted(indexed - public_keys)
    for start in range(0, len(stale), batch_size):
        search.documents_remove(KIND, stale[start:start + batch_size])
    done = 0
    # The statistics are refreshed each time the index has doubled: the lookups of stored documents are
    # planned on them, and with an index counted empty (where autovacuum is off or behind) PostgreSQL read
    # the whole table for each batch, slower with every batch.
    refreshed_at = max(len(indexed), batch_size)
    with search.bulk_load(len(public_keys - indexed)):
        for start in range(0, len(public), batch_size):
            chunk = public[start:start + batch_size]
            with transaction.atomic():
                search.documents_upsert(KIND, record_documents(_public_rows(chunk)))
            done += len(chunk)
            if len(indexed) + done >= 2 * refreshed_at:
                search.index_optimize(lookups_only=True)
                refreshed_at = len(indexed) + done
            if progress is not None:
                progress(done, len(public))
    search.index_optimize()
    return len(public)
