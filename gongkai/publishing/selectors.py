"""Reads of publishing.

Back office: `records_for(user)` — what an officer/reviewer (own unit) or a disclosure office (its
subtree) may see. PUBLIC selectors (the only ones portal, search, feeds, API and sitemap may use):
`published_records`, `public_record`, `public_entries`, `public_interpretations`, `public_attachments`,
`on_request_titles`. They return only records in a public status whose attribute is 主动公开 (and the
titles of 依申请公开 records the office chose to show) — 不予公开 records never."""

from __future__ import annotations

import re

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value

from gongkai.accounts.policies import (
    Action,
    AuthorReview,
    CommandLineOperator,
    can,
    review_by_author,
    unit_scope,
)
from gongkai.catalog.models import CatalogItem, CatalogVersion, Domain
from gongkai.core import clock, compiled
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.publishing import workflow
from gongkai.publishing.models import (
    Attachment,
    DisclosureAttribute,
    Entry,
    FindingStatus,
    Interpretation,
    PrivacyFinding,
    Record,
    RecordTransition,
)

# --- back office ----------------------------------------------------------------------------------

# Who makes each move of the record workflow. Revise is made by editing a published record
# (`record_update`), declare_nothing from an item (`record_mark_nothing_to_publish`): no screen offers them
# as moves of a record.
MOVE_ACTIONS = {
    workflow.SUBMIT: Action.DRAFT_RECORD,
    workflow.START_REVIEW: Action.REVIEW_RECORD,
    workflow.RETURN: Action.REVIEW_RECORD,
    workflow.APPROVE: Action.REVIEW_RECORD,
    workflow.MASK_AS_SUGGESTED: Action.MASK_IN_REVIEW,
    workflow.APPROVE_REVISION: Action.REVIEW_RECORD,
    workflow.DISCARD_REVISION: Action.REVIEW_RECORD,
    workflow.SCHEDULE: Action.REVIEW_RECORD,
    workflow.UNSCHEDULE: Action.REVIEW_RECORD,
    workflow.PUBLISH: Action.REVIEW_RECORD,
    workflow.WITHDRAW: Action.WITHDRAW_RECORD,
    workflow.ARCHIVE: Action.REVIEW_RECORD,
}


# The confidentiality review and the approval: never by the record's author (accounts.policies).
AUTHOR_EXCLUDED_MOVES = frozenset({workflow.START_REVIEW, workflow.APPROVE, workflow.APPROVE_REVISION,
                                   workflow.MASK_AS_SUGGESTED})


def moves_for(user, record: Record) -> list[str]:
    """The moves `user` may make on `record` now: what the table allows from its status and the policy
    allows this user on it."""
    own = review_by_author(user, record) == AuthorReview.REFUSE
    return workflow.TABLE.moves_for(
        record.status, may=lambda move: move in MOVE_ACTIONS and can(user, MOVE_ACTIONS[move], record)
        and not (own and move in AUTHOR_EXCLUDED_MOVES))



def records_for(user) -> QuerySet[Record]:
    """Records the user may see in the back office: officers and reviewers their own unit's, a disclosure
    office every unit's in its subtree."""
    if isinstance(user, CommandLineOperator):
        units = Unit.objects.all()
    else:
        ids: set[int] = set()
        for action in (Action.DRAFT_RECORD, Action.REVIEW_RECORD, Action.OVERSEE_RECORDS):
            ids |= set(unit_scope(user, action).values_list("pk", flat=True))
        units = Unit.objects.filter(pk__in=ids)
    return (Record.objects.filter(unit__in=units.values("pk"))
            .select_related("unit__jurisdiction").prefetch_related("items").distinct())


def records_awaiting_review(user) -> QuerySet[Record]:
    return records_for(user).filter(
        status__in=[workflow.SUBMITTED, workflow.IN_REVIEW, workflow.APPROVED, workflow.REVISED],
        unit__in=unit_scope(user, Action.REVIEW_RECORD).values("pk"),
    ).order_by("updated_at")


TO_REVIEW = (workflow.SUBMITTED, workflow.IN_REVIEW, workflow.REVISED)


def _last_move():
    return Subquery(RecordTransition.objects.filter(record=OuterRef("pk")).order_by("-at", "-id").values("move")[:1])


def records_returned(user) -> QuerySet[Record]:
    """Drafts of the user's units that a reviewer sent back (their latest move is 退回修改), oldest first."""
    return (records_for(user).filter(unit__in=unit_scope(user, Action.DRAFT_RECORD).values("pk"),
                                     status=workflow.DRAFT)
            .annotate(last_move=_last_move(),
                      return_comment=Subquery(RecordTransition.objects.filter(record=OuterRef("pk"))
                                              .order_by("-at", "-id").values("comment")[:1]))
            .filter(last_move=workflow.RETURN).order_by("updated_at"))


def records_to_review(user) -> QuerySet[Record]:
    """Submitted, in review or revised records of the units the user reviews, oldest first."""
    return records_for(user).filter(status__in=TO_REVIEW, unit__in=unit_scope(user, Action.REVIEW_RECORD)
                                    .values("pk")).order_by("updated_at")


def record_todo_counts(user, *, today) -> dict[str, int]:
    """What waits for the user, counted in four queries whatever the number of records: 待审核 and 待发布 (reviewer), 被退回 and 草稿 (officer),
    不予公开 records due for their periodic review (第十八条) and records waiting for review in the
    subtree (office)."""
    def within(action: Action) -> Q:
        units = list(unit_scope(user, action).values_list("pk", flat=True))
        # An empty `__in` would make Django skip the whole aggregate and answer 0 for every count.
        return Q(unit__in=units) if units else Q(pk__isnull=True)

    drafting, reviewing, overseeing = within(Action.DRAFT_RECORD), within(Action.REVIEW_RECORD), \
        within(Action.OVERSEE_RECORDS)
    counts = Record.objects.annotate(last_move=_last_move()).aggregate(
        to_review=Count("pk", filter=reviewing & Q(status__in=TO_REVIEW)),
        to_publish=Count("pk", filter=reviewing & Q(status=workflow.APPROVED)),
        returned=Count("pk", filter=drafting & Q(status=workflow.DRAFT, last_move=workflow.RETURN)),
        drafts=Count("pk", filter=drafting & Q(status=workflow.DRAFT)),
        withheld_due=Count("pk", filter=(drafting | reviewing | overseeing)
                           & Q(disclosure_attribute=DisclosureAttribute.WITHHELD, next_review_on__lte=today)),
        waiting_in_subtree=Count("pk", filter=overseeing & Q(status__in=TO_REVIEW)),
    )
    return {key: value or 0 for key, value in counts.items()}


def record_history(record: Record):
    return record.transitions.select_related("actor").order_by("at", "id")


def record_findings(record: Record) -> QuerySet[PrivacyFinding]:
    return record.privacy_findings.select_related("attachment", "override").order_by("status", "id")


def open_finding_count(record: Record) -> int:
    return record.privacy_findings.filter(status=FindingStatus.OPEN).count()


def withheld_due_for_review(user, today) -> QuerySet[Record]:
    """不予公开 records whose next review date (第十八条) has come."""
    return records_for(user).filter(disclosure_attribute=DisclosureAttribute.WITHHELD, next_review_on__lte=today)


def item_entries(item: CatalogItem, record: Record | None = None) -> QuerySet[Entry]:
    qs = Entry.objects.filter(item=item)
    if record is not None:
        qs = qs.filter(record=record)
    return qs.order_by("order", "id")


# --- public ---------------------------------------------------------------------------------------
#
# THE definition of what the public may see. Portal pages, feeds, the sitemap, the search index and the
# API take records from `published_records` (or test a loaded record with `is_public`) and never add a
# condition of their own to it.

# The working copy of a record is never public; lists never read the public revision's body either.
_WORKING_COPY = ("title", "document_number", "body", "keywords", "summary", "withdrawn_reason")


class _Literal(Value):
    """A constant written into the SQL instead of bound as a parameter. SQLite uses a partial index only when
    the query spells the index's condition with the same literal values (a bound parameter could be
    anything when the statement is prepared); PostgreSQL does not mind either way."""

    def as_sql(self, compiler, connection):
        if not (isinstance(self.value, str) and self.value.isascii()
                and self.value.replace("_", "").replace("/", "").isalnum()):
            raise ValueError(f"not a plain constant: {self.value!r}")
        return f"'{self.value}'", []


# The part of the public definition that does not move with time is the condition of the partial indexes
# `record_public_recent` and `record_public_unit_recent` (models.PUBLIC_RECORD_CONDITION, the same terms):
# every public list walks one of them in order (published_at, id) and stops after a page, so its work does
# not grow with the table.
PUBLIC_INDEX_CONDITION = Q(status__in=[_Literal(s) for s in sorted(workflow.PUBLIC_STATUSES)],
                           disclosure_attribute=_Literal(DisclosureAttribute.PROACTIVE.value),
                           public_revision__isnull=False, published_at__isnull=False)


def _public_filter(now) -> Q:
    return PUBLIC_INDEX_CONDITION & Q(unit__is_active=True, published_at__lte=now)


def _filed(qs: QuerySet[Record], *, item: CatalogItem | None, domain: Domain | None,
           version: CatalogVersion | None) -> QuerySet[Record]:
    """Records filed under the item (by its stable key, in any version of its catalog) and/or under the
    domain, limited to the items of `version` when given. `id IN (…)`, a subquery, not a join: no duplicate
    rows, so no DISTINCT; the database starts from the item's (or the domain's) filings and reads those records
    only, then orders them. (An EXISTS per row, walking the public index newest first, stopped after a page when
    the item was common, and read every public record of the province when it was rare: 3.4 s at a million
    records on SQLite, against 7 ms.) Pages and counts are scoped alike."""
    if item is None and domain is None and version is None:
        return qs
    filed = Record.items.through.objects.all()
    if item is not None:
        filed = filed.filter(catalogitem__key=item.key, catalogitem__version__catalog_id=item.version.catalog_id)
    if domain is not None:
        filed = filed.filter(catalogitem__domain=domain)
    if version is not None:
        filed = filed.filter(catalogitem__version=version)
    return qs.filter(pk__in=filed.values("record_id"))


# A jurisdiction's path (codes of 12 digits, each followed by "/"), which a statement may hold as a literal.
_PATH = re.compile(r"(?:[0-9]{12}/)+")


def _scoped(qs: QuerySet[Record], *, jurisdiction: Jurisdiction | None, within: Jurisdiction | None,
            unit: Unit | None, item: CatalogItem | None, domain: Domain | None,
            version: CatalogVersion | None) -> QuerySet[Record]:
    if jurisdiction is not None:
        qs = qs.filter(unit__jurisdiction=jurisdiction)
    if within is not None:
        # The subtree's path as a literal: a prepared statement's generic plan, not knowing how much of the table
        # `LIKE $1` keeps, read every record of the subtree and sorted them (a county's 5,500 in 19 ms, a province's
        # all); knowing it, the plan walks the newest records and stops after a page.
        path = within.path
        qs = qs.filter(unit__jurisdiction__path__startswith=_Literal(path) if _PATH.fullmatch(path) else path)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return _filed(qs, item=item, domain=domain, version=version)


def published_records(jurisdiction: Jurisdiction | None = None, domain: Domain | None = None,
                      item: CatalogItem | None = None, unit: Unit | None = None, *,
                      within: Jurisdiction | None = None, version: CatalogVersion | None = None,
                      with_body: bool = False, now=None) -> QuerySet[Record]:
    """THE public records: in a public status, 主动公开, with an approved public revision, of an active
    unit, and published (a publication time that has come). Newest first. Show each one's
    `public_revision` (title, body, attachments of the last approved version), never the working copy,
    which is not even read. Lists leave out the public revision's body; `with_body` reads it (a record
    page, a feed, the search index).

    Scopes: `jurisdiction` (its own records), `within` (its whole subtree), `unit`, `item` (by the item's
    stable key in any version of its catalog), `domain`, `version` (items of that catalog version)."""
    qs = Record.objects.filter(_public_filter(now or clock.now()))
    qs = _scoped(qs, jurisdiction=jurisdiction, within=within, unit=unit, item=item, domain=domain,
                 version=version)
    deferred = _WORKING_COPY if with_body else (*_WORKING_COPY, "public_revision__body")
    return (qs.select_related("unit__jurisdiction", "public_revision").defer(*deferred)
            .order_by("-published_at", "-id"))


# What a list (or a feed) shows of each record, and what `is_public` reads: nothing else is selected — not
# the working copy, not the public revision's attachments list, not the body unless asked for.
LISTED_COLUMNS = (
    "id", "index_number", "formed_on", "published_at", "changed_at", "status", "disclosure_attribute",
    "is_nothing_to_publish", "unit", "public_revision",
    "unit__id", "unit__name", "unit__is_active", "unit__jurisdiction",
    "unit__jurisdiction__id", "unit__jurisdiction__code", "unit__jurisdiction__name",
    "public_revision__id", "public_revision__number", "public_revision__title",
    "public_revision__document_number", "public_revision__summary", "public_revision__keywords",
    "public_revision__published_at",
)


def listed(records: QuerySet[Record], *, with_body: bool = False) -> QuerySet[Record]:
    """`records` (from `published_records`, with the same `with_body`) reading only the columns a list or a
    feed shows (with the public revision's body for a feed)."""
    return records.only(*LISTED_COLUMNS, *(("public_revision__body",) if with_body else ()))


def is_public(record: Record, *, now=None) -> bool:
    """The same definition as `published_records`, applied to a record already loaded (no query when it
    came from `published_records`, whose unit is loaded with it)."""
    now = now or clock.now()
    return (record.status in workflow.PUBLIC_STATUSES and record.disclosure_attribute == DisclosureAttribute.PROACTIVE
            and record.public_revision_id is not None and record.published_at is not None
            and record.published_at <= now and record.unit.is_active)


def on_request_titles(jurisdiction: Jurisdiction | None = None, domain: Domain | None = None,
                      item: CatalogItem | None = None, unit: Unit | None = None, *,
                      version: CatalogVersion | None = None, now=None) -> QuerySet[Record]:
    """依申请公开 records the office chose to list by title (show title, index number, unit, date only),
    once published."""
    # The attribute as a literal, as in PUBLIC_INDEX_CONDITION: a prepared statement's plan then knows it and can
    # read the partial index record_titles_shown_by_id (PostgreSQL, migration 0007).
    qs = Record.objects.filter(status__in=[_Literal(s) for s in sorted(workflow.PUBLIC_STATUSES)],
                               disclosure_attribute=_Literal(DisclosureAttribute.ON_REQUEST.value),
                               show_title_publicly=True, public_revision__isnull=False, unit__is_active=True,
                               published_at__isnull=False, published_at__lte=now or clock.now())
    return (_scoped(qs, jurisdiction=jurisdiction, within=None, unit=unit, item=item, domain=domain,
                    version=version)
            .select_related("unit", "public_revision").only(*ON_REQUEST_COLUMNS).order_by("-published_at", "-id"))


# What a list of 依申请公开 titles shows (title, index number, unit, date): nothing else is read.
ON_REQUEST_COLUMNS = ("id", "index_number", "formed_on", "published_at", "disclosure_attribute", "status", "unit",
                      "unit__name", "public_revision", "public_revision__title")


def public_record(pk: int) -> Record | None:
    """One public record (主动公开, published) with its public revision's body, or None."""
    return published_records(with_body=True).filter(pk=pk).first()


def public_record_by_index(index_number: str) -> Record | None:
    return published_records(with_body=True).filter(index_number=index_number).first()


def public_entries(record: Record) -> QuerySet[Entry]:
    """The entries of a public record (empty for any other record)."""
    if not is_public(record):
        return Entry.objects.none()
    return _entries_of(record.pk)


def _entries_of(record_id: int) -> QuerySet[Entry]:
    return Entry.objects.filter(record_id=record_id).order_by("item", "order", "id")


# A record page's entries and interpretations, compiled once per process (core.compiled).
@compiled.shape("公开记录：明细表")
def _entry_table_rows(record_id: int) -> QuerySet[Entry]:
    # Each entry's values, and of its item the schema alone (an item's other texts are not parsed per entry).
    return _entries_of(record_id).select_related("item").only("id", "order", "values", "item__id", "item__schema")


@compiled.shape("公开记录：解读")
def _interpretations_of(record_id: int) -> QuerySet[Interpretation]:
    return Interpretation.objects.filter(record_id=record_id, published_at__isnull=False).order_by("published_at", "id")


def public_entry_table(record: Record) -> tuple[list[str], list[list[str]]]:
    """The public record's entries as a table: the columns are the items' elements (in schema order, then
    any other value names), masked by privacy.mask_table — personal data of beneficiaries never reaches a
    public page or a printed bulletin, and a column of names is masked the same way in every row."""
    from gongkai.publishing.privacy import mask_table

    entries = _entry_table_rows((record.pk,)) if is_public(record) else []
    if not entries:
        return [], []
    columns: list[str] = []
    for item in {e.item_id: e.item for e in entries}.values():
        for element in item.schema or []:
            name = element.get("name") if isinstance(element, dict) else str(element)
            if name and name not in columns:
                columns.append(name)
    for entry in entries:
        columns.extend(k for k in entry.values if k not in columns)

    def text(value) -> str:
        return "" if value is None else str(value).strip()

    return columns, mask_table(columns, [[text(entry.values.get(c)) for c in columns] for entry in entries])


def public_interpretations(record: Record) -> list[Interpretation]:
    """The published interpretations (解读) of a public record, oldest first (none for any other record)."""
    if not is_public(record):
        return []
    return _interpretations_of((record.pk,))


def public_attachments(record: Record) -> list[Attachment]:
    """The attachments of the public revision, each to be served from its `public_file` (the masked copy
    where there is one) — never the original."""
    revision = record.public_revision
    if not is_public(record) or revision is None:
        return []
    listed = [a["id"] for a in revision.attachments]
    if not listed:
        return []
    by_id = {a.pk: a for a in Attachment.objects.filter(record=record, pk__in=listed)}
    return [by_id[i] for i in listed if i in by_id]


def public_attachment(record_pk: int, attachment_pk: int) -> Attachment | None:
    record = public_record(record_pk)
    if record is None:
        return None
    return next((a for a in public_attachments(record) if a.pk == attachment_pk), None)


def latest_published(limit: int = 20, jurisdiction: Jurisdiction | None = None) -> list[Record]:
    return list(published_records(within=jurisdiction)[:limit])


def record_publish_by(record: Record, today) -> dict | None:
    """While a 主动公开 record is on its way to the public: the day it must be public by (《条例》第二十六条, or its
    items' own period — the strictest), why, and the warning level (5 or 2 working days left, 0 when late)."""
    from gongkai.calendars.selectors import workday_calendar
    from gongkai.publishing import timeliness

    if (record.disclosure_attribute != DisclosureAttribute.PROACTIVE or record.is_nothing_to_publish
            or record.formed_on is None or record.status not in timeliness.UNPUBLISHED_STATUSES):
        return None
    calendar = workday_calendar()
    due = timeliness.strictest_publish_by(record.formed_on, [i.time_limit_rule for i in record.items.all()], calendar)
    return {"due": due.due, "basis": due.basis, "level": timeliness.warning_level(today, due.due, calendar),
            "days_left": calendar.workdays_between(today, due.due)}
