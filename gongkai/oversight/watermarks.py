"""Watermarks: whether what a check reads may have changed since it last read it, asked of the database in a few
aggregates instead of reading and fingerprinting every fact. Reads only.

A check's watermark is a digest of
- the scope (the jurisdiction's path, the self-checking unit) and the rule;
- the inspection's context except its day (the working-day calendar, stale thresholds, the sensitive-word list,
  the interpretation lag) — a newly loaded holiday changes verdicts without a row of the checked data changing;
- for each table its collector reads (`SOURCES`), within the scope's subtree: the number of rows, the highest id
  and the latest `updated_at` (a row added, deleted or changed), and for records the number whose publication time
  has come (a record scheduled for later becomes public with time alone).

`inspection_run` skips a check (no facts read, no target fingerprinted or evaluated) when its watermark equals the
one stored (`ScanMark`) by the last run of the same rule over the same scope, no finding of the rule waits for the
inspection to confirm a fix, and either that run was on the same day (the same facts on the same day give the same
verdicts) or it was on an earlier day and no target of the rule has reached its recheck day (time alone changes
the verdicts of late_publication, blank_item, stale_item, request_overdue, annual_report_late — their checks'
`recheck`; those rules are read again on the days it says, the data-driven ones never while nothing changed). An
inspection back-dated before the last run is read again.

Exactness rests on this: every change to a source row either adds or deletes a row or moves its `updated_at`
(`TimeStampedModel`, `auto_now`). Tables without `updated_at` are append-only or frozen (a request's log
`RequestEvent`, a record's approved revisions, printed copies — replaced by a new row —, a published catalog
version's domains and the record ↔ item links, which change with the record's own `updated_at`). A check whose
collector is not listed here has no watermark and is always read: `public_links` (it asks the file storage whether
each public attachment is still there), `new_media_accounts` (a publication moves an account's last update with a
queryset update that leaves `updated_at`), and other apps' (`add_collector`)."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from django.db.models import Count, Max, Model, Q

from gongkai.catalog.models import CatalogDomain, CatalogItem, CatalogVersion, DomainAssignment, Guideline
from gongkai.channels.models import PrintedCopy
from gongkai.core import clock
from gongkai.disclosure_requests.models import DisclosureRequest, Reply, RequestEvent
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight.collect import Scope
from gongkai.publishing.models import Attachment, Entry, Interpretation, Record, RecordRevision
from gongkai.reports.models import AnnualReport

Source = tuple[type[Model], str | None]
_RECORDS: Source = (Record, "unit__jurisdiction__path")
_LINKS: Source = (Record.items.through, "record__unit__jurisdiction__path")
_ITEMS_ANYWHERE: Source = (CatalogItem, None)  # a record may link an item of a higher level's catalog
_ITEMS: Source = (CatalogItem, "version__catalog__jurisdiction__path")
_VERSIONS: Source = (CatalogVersion, "catalog__jurisdiction__path")
_DOMAINS: Source = (CatalogDomain, "version__catalog__jurisdiction__path")
_ASSIGNMENTS: Source = (DomainAssignment, "jurisdiction__path")
_ENTRIES: Source = (Entry, "unit__jurisdiction__path")
_REQUESTS: Source = (DisclosureRequest, "jurisdiction__path")
_REPLIES: Source = (Reply, "request__jurisdiction__path")

# The tables each collector reads (always with the subtree's units and jurisdictions, see `_ALWAYS`).
SOURCES: dict[str, tuple[Source, ...]] = {
    "items": (_ITEMS, _VERSIONS, _DOMAINS, _ASSIGNMENTS, _RECORDS, _LINKS),
    "records": (_RECORDS, _LINKS, _ITEMS_ANYWHERE, (Interpretation, "record__unit__jurisdiction__path")),
    "entries": (_ENTRIES, _RECORDS, _ITEMS_ANYWHERE),
    "requests": (_REQUESTS, _REPLIES),
    "request_logs": (_REQUESTS, _REPLIES, (RequestEvent, "request__jurisdiction__path")),
    "report_duties": ((AnnualReport, "unit__jurisdiction__path"),),
    "catalog_domains": (_DOMAINS, _ITEMS, _VERSIONS, _ASSIGNMENTS, (Guideline, None)),
    "printed_records": ((PrintedCopy, "record__unit__jurisdiction__path"), _RECORDS, _ENTRIES),
    "public_texts": (_RECORDS, (RecordRevision, "record__unit__jurisdiction__path"), _ENTRIES, _ITEMS_ANYWHERE,
                     (Attachment, "record__unit__jurisdiction__path")),  # public_privacy reads the public files
}
_ALWAYS: tuple[Source, ...] = ((Unit, "jurisdiction__path"), (Jurisdiction, "path"))


def _has_updated_at(model: type[Model]) -> bool:
    return any(f.name == "updated_at" for f in model._meta.get_fields())


class Watermarks:
    """One inspection's watermarks: each table's signature is read once, however many checks read it."""

    def __init__(self, scope: Scope, context: Any):
        self.scope = scope
        self._signatures: dict[tuple[type[Model], str | None], tuple] = {}
        self._now = clock.now()
        # The context without its day; a repr that names an object's address is no stable digest: no watermark.
        shown = repr({f.name: getattr(context, f.name) for f in dataclasses.fields(context) if f.name != "today"})
        self._context = None if " at 0x" in shown else hashlib.sha256(shown.encode()).hexdigest()

    def _signature(self, model: type[Model], lookup: str | None) -> tuple:
        key = (model, lookup)
        if key not in self._signatures:
            rows = model._default_manager.all()
            if lookup is not None:
                rows = rows.filter(**{f"{lookup}__startswith": self.scope.jurisdiction.path})
            aggregates: dict[str, Any] = {"n": Count("pk"), "top": Max("pk")}
            if _has_updated_at(model):
                aggregates["changed"] = Max("updated_at")
            if model is Record:
                aggregates["published"] = Count("pk", filter=Q(published_at__lte=self._now))
            found = rows.aggregate(**aggregates)
            self._signatures[key] = tuple(str(found[k]) for k in sorted(found))
        return self._signatures[key]

    def of(self, rule: str, facts: str) -> str | None:
        """The watermark of `rule` reading the `facts` collector over this scope; None: always read."""
        if facts not in SOURCES or self._context is None:
            return None
        parts = [rule, self.scope.jurisdiction.path, str(self.scope.unit.pk if self.scope.unit else ""),
                 self._context]
        for model, lookup in (*_ALWAYS, *SOURCES[facts]):
            parts.append(f"{model._meta.label_lower}:{lookup}:{self._signature(model, lookup)}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
