"""Gathering the facts the checks read, for a jurisdiction's subtree or one unit, in a fixed number of queries.

What is public is asked of `publishing.selectors.published_records` (the one definition); this module only reads."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from gongkai.catalog.models import CatalogDomain, CatalogItem, DomainAssignment, Guideline, VersionStatus
from gongkai.channels.models import NewMediaAccount, PrintedCopy
from gongkai.disclosure_requests.models import OPEN_STATUSES, DisclosureRequest, EventKind, Reply
from gongkai.disclosure_requests.selectors import clock_events
from gongkai.organizations.models import Jurisdiction, Unit, UnitKind
from gongkai.oversight.checks.facts import (
    CatalogDomainFacts,
    EntryFacts,
    ItemFacts,
    NewMediaFacts,
    PrintedRecordFacts,
    PublicLinkFacts,
    PublicTextFacts,
    RecordFacts,
    ReportDutyFacts,
    RequestFacts,
    RequestLogFacts,
)
from gongkai.oversight.checks.public_content import internal_links
from gongkai.publishing.models import Attachment, Entry, Interpretation, Record
from gongkai.publishing.selectors import published_records
from gongkai.publishing.text_extraction import html_to_text
from gongkai.reports.models import DUE_MONTH_DAY, AnnualReport, ReportKind, ReportStatus
from gongkai.reports.selectors import kind_for


@dataclass(frozen=True)
class Scope:
    """A jurisdiction's subtree, or one unit's own targets (a self-check)."""

    jurisdiction: Jurisdiction
    unit: Unit | None = None

    def units(self):
        if self.unit is not None:
            return Unit.objects.filter(pk=self.unit.pk)
        return Unit.objects.filter(jurisdiction__path__startswith=self.jurisdiction.path)


def _day(value) -> date | None:
    return timezone.localdate(value) if value is not None else None


def item_facts(scope: Scope) -> list[ItemFacts]:
    """Applicable items of published catalog versions (village reference catalogs are templates, not columns)."""
    items = (CatalogItem.objects
             .filter(version__status=VersionStatus.PUBLISHED, applicable=True,
                     version__catalog__is_reference=False,
                     version__catalog__jurisdiction__path__startswith=scope.jurisdiction.path)
             .values("id", "key", "name", "topic", "domain_id", "domain__name", "responsible_unit_id",
                     "time_limit_rule", "manner", "version_id", "version__published_at",
                     "version__catalog_id", "version__catalog__jurisdiction_id"))
    not_handled = set(CatalogDomain.objects.filter(
        applies=False, version__status=VersionStatus.PUBLISHED,
        version__catalog__jurisdiction__path__startswith=scope.jurisdiction.path,
    ).values_list("version_id", "domain_id"))
    assigned = {(a["jurisdiction_id"], a["domain_id"]): a["unit_id"] for a in DomainAssignment.objects.filter(
        jurisdiction__path__startswith=scope.jurisdiction.path).values("jurisdiction_id", "domain_id", "unit_id")}
    public = published_records().filter(unit__jurisdiction__path__startswith=scope.jurisdiction.path)
    through = Record.items.through
    counts = {(row["catalogitem__version__catalog_id"], str(row["catalogitem__key"])): row for row in
              through.objects.filter(record__in=public.values("pk"))
              .values("catalogitem__version__catalog_id", "catalogitem__key")
              .annotate(n=Count("record_id", distinct=True), last=Max("record__published_at"))}
    facts = []
    for row in items:
        if (row["version_id"], row["domain_id"]) in not_handled:
            continue
        jurisdiction_id = row["version__catalog__jurisdiction_id"]
        unit_id = row["responsible_unit_id"] or assigned.get((jurisdiction_id, row["domain_id"]))
        if scope.unit is not None and unit_id != scope.unit.pk:
            continue
        key = str(row["key"])
        found = counts.get((row["version__catalog_id"], key))
        facts.append(ItemFacts(
            key=key, name=row["name"], topic=row["topic"], domain=row["domain__name"], unit_id=unit_id,
            jurisdiction_id=jurisdiction_id, time_limit_rule=row["time_limit_rule"] or {},
            manner=tuple(row["manner"] or ()), public_records=found["n"] if found else 0,
            last_public_on=_day(found["last"]) if found else None,
            catalog_published_on=_day(row["version__published_at"]),
        ))
    return facts


def record_facts(scope: Scope) -> list[RecordFacts]:
    records = Record.objects.filter(unit__in=scope.units().values("pk")).exclude(status__in=["withdrawn", "archived"])
    public_ids = set(published_records().filter(pk__in=records.values("pk")).values_list("pk", flat=True))
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for link in Record.items.through.objects.filter(record__in=records.values("pk")).values(
            "record_id", "catalogitem__key", "catalogitem__time_limit_rule", "catalogitem__manner"):
        items[link["record_id"]].append(dict(link))
    interpretations = {row["record_id"]: row for row in Interpretation.objects.filter(
        record__in=records.values("pk")).values("record_id").annotate(
        n=Count("id"), first=Min("published_at"))}
    facts = []
    for row in records.values("id", "title", "unit_id", "unit__jurisdiction_id", "disclosure_attribute", "status",
                              "formed_on", "published_at", "document_number", "is_policy_document",
                              "is_nothing_to_publish"):
        linked = sorted(items.get(row["id"], []), key=lambda r: str(r["catalogitem__key"]))
        interpretation = interpretations.get(row["id"])
        facts.append(RecordFacts(
            id=row["id"], title=row["title"], unit_id=row["unit_id"],
            item_keys=tuple(str(r["catalogitem__key"]) for r in linked),
            item_rules=tuple(r["catalogitem__time_limit_rule"] or {} for r in linked),
            item_manners=tuple(tuple(r["catalogitem__manner"] or ()) for r in linked),
            attribute=row["disclosure_attribute"], status=row["status"], formed_on=row["formed_on"],
            published_on=_day(row["published_at"]), document_number=row["document_number"],
            is_policy_document=row["is_policy_document"], is_nothing_to_publish=row["is_nothing_to_publish"],
            is_public=row["id"] in public_ids,
            has_interpretation=bool(interpretation and interpretation["first"]),
            interpretation_published_on=_day(interpretation["first"]) if interpretation else None,
        ))
    return facts


def entry_facts(scope: Scope) -> list[EntryFacts]:
    """Entries of public records (a draft's entries are the officer's work in progress)."""
    public = published_records().filter(unit__in=scope.units().values("pk"))
    return [EntryFacts(id=row["id"], record_id=row["record_id"], item_key=str(row["item__key"]),
                       item_name=row["item__name"], unit_id=row["unit_id"],
                       schema=tuple(row["item__schema"] or ()), values=row["values"] or {})
            for row in Entry.objects.filter(record__in=public.values("pk")).values(
                "id", "record_id", "item__key", "item__name", "unit_id", "item__schema", "values").order_by("id")]


def request_facts(scope: Scope) -> list[RequestFacts]:
    requests = DisclosureRequest.objects.filter(jurisdiction__path__startswith=scope.jurisdiction.path)
    if scope.unit is not None:
        requests = requests.filter(Q(assigned_unit=scope.unit) | Q(assigned_unit__isnull=True,
                                                                     receiving_unit=scope.unit))
    replied = dict(Reply.objects.filter(request__in=requests.values("pk")).values_list("request_id", "letter_date"))
    return [RequestFacts(id=row["id"], tracking_code=row["tracking_code"],
                         unit_id=row["assigned_unit_id"] or row["receiving_unit_id"], due=row["due_on"],
                         answered_on=replied.get(row["id"]), is_open=row["status"] in OPEN_STATUSES,
                         received_on=row["received_on"])
            for row in requests.values("id", "tracking_code", "assigned_unit_id", "receiving_unit_id", "due_on",
                                       "status", "received_on").order_by("id")]


def _requests_of(scope: Scope):
    requests = DisclosureRequest.objects.filter(jurisdiction__path__startswith=scope.jurisdiction.path)
    if scope.unit is not None:
        requests = requests.filter(Q(assigned_unit=scope.unit) | Q(assigned_unit__isnull=True,
                                                                     receiving_unit=scope.unit))
    return requests


def request_log_facts(scope: Scope) -> list[RequestLogFacts]:
    """Each request's log as the clock reads it (`clock_events`, the one mapping), when its extensions were
    entered, and its reply: three queries."""
    requests = list(_requests_of(scope).only("id", "tracking_code", "assigned_unit_id", "receiving_unit_id",
                                             "received_on", "created_at").prefetch_related("events").order_by("id"))
    replies = {row["request_id"]: row for row in Reply.objects.filter(request__in=[r.pk for r in requests]).values(
        "request_id", "type", "reasons", "letter_date")}
    facts = []
    for request in requests:
        extensions = sorted((e for e in request.events.all() if e.kind == EventKind.EXTENSION_APPROVED),
                            key=lambda e: (e.date, e.id))
        reply = replies.get(request.pk)
        facts.append(RequestLogFacts(
            id=request.pk, tracking_code=request.tracking_code,
            unit_id=request.assigned_unit_id or request.receiving_unit_id, received_on=request.received_on,
            clock_events=tuple(clock_events(request)),
            extensions_recorded_on=tuple(timezone.localdate(e.recorded_at) for e in extensions),
            reply_type=reply["type"] if reply else "", reply_has_reasons=bool(reply and reply["reasons"].strip()),
            reply_on=reply["letter_date"] if reply else None, entered_on=_day(request.created_at),
        ))
    return facts


def report_duty_facts(scope: Scope) -> list[ReportDutyFacts]:
    """Departments and governments (those `reports.selectors.deadline_watch` watches) with their reports: two queries."""
    units = list(scope.units().filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.GOVERNMENT], is_active=True)
                 .order_by("id"))
    reports: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for row in AnnualReport.objects.filter(unit__in=[u.pk for u in units]).values(
            "unit_id", "year", "status", "published_at").order_by("year", "id"):
        on = _day(row["published_at"]) if row["status"] == ReportStatus.PUBLISHED else None
        reports[row["unit_id"]].append((row["year"], on))
    facts = []
    for unit in units:
        kind = ReportKind(kind_for(unit))
        facts.append(ReportDutyFacts(id=unit.pk, unit_id=unit.pk, unit_name=unit.name, kind_label=str(kind.label),
                                     due_month_day=DUE_MONTH_DAY[kind], since=_day(unit.created_at),
                                     reports=tuple(reports.get(unit.pk, ()))))
    return facts


def catalog_domain_facts(scope: Scope) -> list[CatalogDomainFacts]:
    """Applicable domains of published catalog versions in the subtree (an office's inspection; a unit's self-check
    has none): five queries."""
    if scope.unit is not None:
        return []
    domains = list(CatalogDomain.objects.filter(
        applies=True, version__status=VersionStatus.PUBLISHED, version__catalog__is_reference=False,
        version__catalog__jurisdiction__path__startswith=scope.jurisdiction.path,
    ).values("version_id", "domain_id", "domain__name", "guideline_id", "version__label", "version__catalog__title",
             "version__catalog__jurisdiction_id").order_by("version_id", "domain_id"))
    items: dict[tuple[int, int], dict[str, Any]] = defaultdict(lambda: {"n": 0, "no_unit": 0, "guidelines": set()})
    for row in CatalogItem.objects.filter(
            applicable=True, version_id__in={d["version_id"] for d in domains}).values(
            "version_id", "domain_id", "responsible_unit_id", "standard_item__guideline_id"):
        found = items[(row["version_id"], row["domain_id"])]
        found["n"] += 1
        found["no_unit"] += row["responsible_unit_id"] is None
        if row["standard_item__guideline_id"]:
            found["guidelines"].add(row["standard_item__guideline_id"])
    assigned = {(a["jurisdiction_id"], a["domain_id"]): a["unit_id"] for a in DomainAssignment.objects.filter(
        jurisdiction__path__startswith=scope.jurisdiction.path).values("jurisdiction_id", "domain_id", "unit_id")}
    guidelines = {g["id"]: g for g in Guideline.objects.values("id", "domain_id", "name", "version", "is_current")}
    offices: dict[int, int] = {}
    for unit_id, jurisdiction_id in (Unit.objects.filter(
            is_disclosure_office=True, is_active=True, jurisdiction__path__startswith=scope.jurisdiction.path)
            .order_by("-id").values_list("pk", "jurisdiction_id")):
        offices[jurisdiction_id] = unit_id  # the oldest office of each jurisdiction
    current = {g["domain_id"]: g["version"] for g in guidelines.values() if g["is_current"]}
    facts = []
    for d in domains:
        found = items.get((d["version_id"], d["domain_id"])) or {"n": 0, "no_unit": 0, "guidelines": set()}
        adopted = sorted(({d["guideline_id"]} if d["guideline_id"] else set()) | found["guidelines"])
        jurisdiction_id = d["version__catalog__jurisdiction_id"]
        facts.append(CatalogDomainFacts(
            id=f"{d['version_id']}:{d['domain_id']}", jurisdiction_id=jurisdiction_id,
            label=f"{d['version__catalog__title']}（{d['version__label']}）{d['domain__name']}领域",
            unit_id=assigned.get((jurisdiction_id, d["domain_id"])), office_unit_id=offices.get(jurisdiction_id),
            applicable_items=found["n"],
            items_without_unit=found["no_unit"],
            guidelines=tuple((guidelines[g]["name"], guidelines[g]["version"], guidelines[g]["is_current"],
                              current.get(guidelines[g]["domain_id"])) for g in adopted if g in guidelines),
        ))
    return facts


def printed_record_facts(scope: Scope) -> list[PrintedRecordFacts]:
    """Records with copies still on boards (not replaced), as `PrintedCopy.state` reads them: one query."""
    copies = (PrintedCopy.objects.filter(replaced_by__isnull=True, record__unit__in=scope.units().values("pk"))
              .select_related("record").annotate(entries_changed_at=Max("record__entries__updated_at"))
              .order_by("record_id", "printed_at", "id"))
    by_record: dict[int, list[PrintedCopy]] = defaultdict(list)
    for copy in copies:
        by_record[copy.record_id].append(copy)
    facts = []
    for record_id, found in by_record.items():
        record = found[0].record
        facts.append(PrintedRecordFacts(
            id=record_id, title=record.title, unit_id=record.unit_id, public_revision_id=record.public_revision_id,
            record_is_public=record.is_public,
            copies=tuple((c.board, _day(c.printed_at), c.revision_id, c.revision_number,
                          c.entries_changed_at is not None and c.entries_changed_at > c.printed_at)  # type: ignore[attr-defined]
                         for c in found),
        ))
    return facts


def new_media_facts(scope: Scope) -> list[NewMediaFacts]:
    """The scope's open new-media accounts: one query."""
    accounts = NewMediaAccount.objects.filter(closed_on__isnull=True, unit__in=scope.units().values("pk")).order_by("id")
    return [NewMediaFacts(id=a.pk, label=str(a), unit_id=a.unit_id, opened_on=a.opened_on, closed_on=a.closed_on,
                          last_update_on=a.last_update_on) for a in accounts]


def _public_revisions(scope: Scope):
    """The public records of the scope with their public revision (never the working copy), oldest id first."""
    return (published_records(with_body=True).filter(unit__in=scope.units().values("pk"))
            .values("id", "unit_id", "public_revision__title", "public_revision__body",
                    "public_revision__attachments").order_by("id"))


# Extracted text of a public file, kept by its content's digest: an unchanged file is read (and OCR'd) once.
ATTACHMENT_TEXT_TTL = 60 * 60 * 24 * 30
# A public file larger than this is not read by an inspection (its review scanned it before publication).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _attachment_texts(row: Mapping[str, Any], storage) -> tuple[tuple[str, str], ...]:
    """(where, text) of a public file, as the configured scanner reads a file (`Scanner.scan_file`: its name,
    then each segment of its text); nothing when it is missing, too large or unreadable."""
    from django.core.cache import cache

    from gongkai.publishing.text_extraction import UnreadableFile, extract

    digest = row["public_sha256"] or row["sha256"]
    key = f"oversight:attachment-text:{digest}:{hashlib.sha256(row['name'].encode()).hexdigest()[:16]}"
    cached = cache.get(key)
    if cached is not None:
        return tuple((str(where), str(text)) for where, text in cached)
    where = f"附件“{row['name']}”"
    try:
        if storage.size(row["public_file"]) > MAX_ATTACHMENT_BYTES:
            return ()
        with storage.open(row["public_file"], "rb") as handle:
            data = handle.read()
        extracted = extract(data, name=row["name"])
    except (OSError, UnreadableFile, ValueError):
        return ()
    texts = ((f"{where}文件名", row["name"]),
             *((f"{where}{segment.location}", segment.text) for segment in extracted.segments if segment.text))
    cache.set(key, [list(pair) for pair in texts], ATTACHMENT_TEXT_TTL)
    return texts


def public_text_facts(scope: Scope) -> list[PublicTextFacts]:
    """What the public reads: the public revision's title and body, the public records' entries, and the text of
    the public revision's attachments (their public, possibly masked, files; `OVERSIGHT_SCAN_ATTACHMENTS`)."""
    revisions = list(_public_revisions(scope))
    entries: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row in Entry.objects.filter(record__in=[r["id"] for r in revisions]).values(
            "id", "record_id", "item__name", "values").order_by("id"):
        values = row["values"] or {}
        line = "\t".join(str(v) for v in values.values() if v not in (None, "", []))
        if line:
            entries[row["record_id"]].append((f"明细“{row['item__name']}”第{len(entries[row['record_id']]) + 1}条",
                                              line))
    files: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if getattr(settings, "OVERSIGHT_SCAN_ATTACHMENTS", True):
        listed = {r["id"]: [a.get("id") for a in (r["public_revision__attachments"] or [])] for r in revisions}
        rows = {row["id"]: row for row in Attachment.objects.filter(
            pk__in=[i for ids in listed.values() for i in ids if i]).exclude(public_file="").values(
            "id", "record_id", "name", "public_file", "public_sha256", "sha256")}
        storage = Attachment._meta.get_field("public_file").storage
        for record_id, ids in listed.items():
            for attachment_id in ids:
                attachment = rows.get(attachment_id)
                if attachment is not None and attachment["record_id"] == record_id:
                    files[record_id].extend(_attachment_texts(attachment, storage))
    return [PublicTextFacts(id=r["id"], title=r["public_revision__title"], unit_id=r["unit_id"], texts=(
        ("标题", r["public_revision__title"] or ""), ("正文", html_to_text(r["public_revision__body"] or "")),
        *entries.get(r["id"], ()), *files.get(r["id"], ()))) for r in revisions]


def public_link_facts(scope: Scope) -> list[PublicLinkFacts]:
    """Internal record links in public bodies, each resolved against the public records (of any jurisdiction),
    and whether each public attachment's public file is in storage. No network."""
    revisions = list(_public_revisions(scope))
    links = {r["id"]: internal_links(r["public_revision__body"] or "") for r in revisions}
    refs = {ref for found in links.values() for _, _, ref in found}
    public: set[tuple[str, str]] = set()
    if refs:
        numbers = [int(ref) for ref in refs if ref.isdigit()]
        for row in published_records().filter(Q(index_number__in=refs) | Q(pk__in=numbers)).values(
                "pk", "index_number", "unit__jurisdiction__code"):
            public.add((row["unit__jurisdiction__code"], row["index_number"]))
            public.add((row["unit__jurisdiction__code"], str(row["pk"])))
    listed = {r["id"]: [a.get("id") for a in (r["public_revision__attachments"] or [])] for r in revisions}
    files = {row["id"]: row for row in Attachment.objects.filter(
        pk__in=[i for ids in listed.values() for i in ids if i]).values("id", "record_id", "name", "public_file")}
    storage = Attachment._meta.get_field("public_file").storage

    def present(attachment_id, record_id) -> tuple[str, bool]:
        row = files.get(attachment_id)
        if row is None or row["record_id"] != record_id:
            return (f"附件{attachment_id}", False)
        return (row["name"], bool(row["public_file"]) and storage.exists(row["public_file"]))

    from gongkai.oversight import external_links

    outside = {r["id"]: external_links.urls_of([r["public_revision__body"] or ""]) for r in revisions}
    judged = external_links.results(url for urls in outside.values() for url in urls)
    return [PublicLinkFacts(
        id=r["id"], title=r["public_revision__title"], unit_id=r["unit_id"],
        links=tuple((href, (code, ref) in public) for href, code, ref in links[r["id"]]),
        attachments=tuple(present(i, r["id"]) for i in listed[r["id"]]),
        external=tuple((url, *judged[url]) for url in outside[r["id"]] if url in judged),
    ) for r in revisions]


def external_link_urls(scope: Scope) -> list[str]:
    """The external links of the scope's public bodies (for the optional checker)."""
    from gongkai.oversight import external_links

    return external_links.urls_of(r["public_revision__body"] or "" for r in _public_revisions(scope))


COLLECTORS: dict[str, Callable[[Scope], Iterable[Any]]] = {
    "items": item_facts, "records": record_facts, "entries": entry_facts, "requests": request_facts,
    "public_texts": public_text_facts, "public_links": public_link_facts, "request_logs": request_log_facts,
    "report_duties": report_duty_facts, "catalog_domains": catalog_domain_facts,
    "printed_records": printed_record_facts,
    "new_media_accounts": new_media_facts,
}


def add_collector(name: str, collect: Callable[[Scope], Iterable[Any]]) -> None:
    """Another app's facts for its own checks (see `oversight.registry.add_check`)."""
    COLLECTORS[name] = collect


def unit_jurisdictions(scope: Scope) -> dict[int, int]:
    return dict(scope.units().values_list("pk", "jurisdiction_id"))
