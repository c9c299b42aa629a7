"""What the public portal reads about records (政府信息), composed of publishing's PUBLIC selectors only
(publishing.selectors.published_records …), which alone say what is public: published (or published with a
revision pending review), 主动公开, with an approved public revision, and a publication time that has come.
Their content is always the public revision's, never the working copy. Nothing here adds a condition to
that definition; the functions only choose a scope (a jurisdiction, an item, a domain column, a unit)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.catalog.models import CatalogItem, CatalogVersion, Domain
from gongkai.core import clock, compiled
from gongkai.core.paging import CappedPaginator, page_by_ids, page_ids_with_total
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.publishing import selectors as publishing_selectors
from gongkai.publishing.indexing import record_addresses, record_urls, reference_of
from gongkai.publishing.models import Attachment, Interpretation, Record, RecordRevision
from gongkai.publishing.sanitising import plain_text, sanitise_html


def public_records() -> QuerySet[Record]:
    """Publishing's public selector, as it is."""
    return publishing_selectors.published_records()


def public_ids(ids) -> set[int]:
    """Which of these record ids are public now (search hits pass the public selector once more: the index
    may lag a change publishing did not make, such as a unit closed)."""
    return set(publishing_selectors.published_records().filter(pk__in=list(ids)).values_list("pk", flat=True))


def is_public(record: Record) -> bool:
    return publishing_selectors.is_public(record)


# The lists and feeds below read only the columns they show (publishing.selectors.listed).

def records_of_jurisdiction(jurisdiction: Jurisdiction, *, with_body: bool = False) -> QuerySet[Record]:
    return _listed(publishing_selectors.published_records(jurisdiction=jurisdiction, with_body=with_body), with_body)


def _listed(records: QuerySet[Record], with_body: bool) -> QuerySet[Record]:
    return publishing_selectors.listed(records, with_body=with_body)


def listed_rows(records) -> list[dict]:
    """What a list of records shows of each (portal/records/_list.html), as plain strings made here once: the
    address, title, document number, unit, and the publication and revision dates in the portal's time zone.
    A template reading them from the models cost about 0.1 ms a row (four attribute chains, a `{% url %}`, three
    `date` filters); this costs a quarter of that."""
    records = list(records)
    return [_listed_row(url, record.public_revision.title, record.public_revision.document_number,
                        record.is_nothing_to_publish, record.unit.name, record.published_at, record.changed_at)
            for record, url in zip(records, record_urls(records), strict=True)]


# listed_rows read as plain values (the item page's rows: no model instances made for them): each row's
# (code, reference) for its address, then _listed_row's values.
LISTED_VALUES = ("unit__jurisdiction__code", "index_number", "pk", "public_revision__title",
                 "public_revision__document_number", "is_nothing_to_publish", "unit__name", "published_at",
                 "changed_at")


def listed_rows_of_values(values: list[tuple]) -> list[dict]:
    """`listed_rows` of rows read as LISTED_VALUES."""
    urls = record_addresses((code, reference_of(index_number, pk)) for code, index_number, pk, *_ in values)
    return [_listed_row(url, *rest) for url, (_code, _index, _pk, *rest) in zip(urls, values, strict=True)]


def _listed_row(url, title, document_number, nothing_to_publish, unit_name, published_at, changed_at) -> dict:
    published = timezone.localtime(published_at)
    changed = timezone.localtime(changed_at) if changed_at else None
    return {"url": url, "title": title, "document_number": document_number, "nothing_to_publish": nothing_to_publish,
            "unit_name": unit_name, "published_iso": published.isoformat(),
            "published_on": published.strftime("%Y-%m-%d"), "changed_on": changed.strftime("%Y-%m-%d") if changed else ""}


def record_by_reference(jurisdiction: Jurisdiction, reference: str) -> Record | None:
    """A public record of the jurisdiction by its index number (索引号), or by its id, with its body. A reference
    with a control character (an address with %00, which PostgreSQL cannot even compare) names none."""
    if not reference.isprintable():
        return None
    found = next(iter(_record_by_index((clock.now(), jurisdiction.pk, reference))), None)
    if found is None and reference.isdigit():
        records = publishing_selectors.published_records(jurisdiction=jurisdiction, with_body=True)
        found = records.filter(pk=int(reference)).first()
    return found


# A record page's queries, compiled once per process (core.compiled).
@compiled.shape("记录页：按索引号")
def _record_by_index(now, jurisdiction_id: int, reference: str) -> QuerySet[Record]:
    records = publishing_selectors.published_records(jurisdiction=Jurisdiction(pk=jurisdiction_id), with_body=True,
                                                     now=now)
    return records.filter(index_number=reference)[:1]


@compiled.shape("记录页：所属事项")
def _items_of_record(record_id: int) -> QuerySet[CatalogItem]:
    return (Record(pk=record_id).items.select_related("domain", "version", "version__catalog__jurisdiction")
            .filter(version__status="published").only(*PUBLIC_VIEW_ITEM_COLUMNS))


def records_of_item(item: CatalogItem, *, now=None) -> QuerySet[Record]:
    """The item's public records."""
    return _listed(publishing_selectors.published_records(item=item, version=item.version, now=now), False)


def _item_of(key, catalog_id: int, version_id: int) -> CatalogItem:
    """What the item scope reads of an item (its key, its version and catalog), from plain values."""
    return CatalogItem(key=key, version=CatalogVersion(pk=version_id, catalog_id=catalog_id))


# The item page's queries (records_of_item and on_request_titles_of_item), compiled once per process
# (core.compiled): the same querysets, without Django building their SQL again on every request.
@compiled.shape("事项页：本页记录编号与总数")
def _item_page_ids(now, key, catalog_id, version_id, offset, limit):
    return page_ids_with_total(records_of_item(_item_of(key, catalog_id, version_id), now=now), offset, limit)


@compiled.shape("事项页：本页记录")
def _listed_by_ids(now, ids):
    return (publishing_selectors.published_records(now=now).filter(pk__in=ids).order_by()
            .values_list(*LISTED_VALUES))


@compiled.shape("事项页：依申请公开标题")
def _item_on_request(now, key, catalog_id, version_id):
    item = _item_of(key, catalog_id, version_id)
    return publishing_selectors.on_request_titles(item=item, version=item.version, now=now)[:ON_REQUEST_SHOWN + 1]


def item_page(item: CatalogItem, per_page: int, raw: str | None) -> Page:
    """A page of the item's public records (core.paging.page_counted_with_rows of records_of_item) as `listed_rows`,
    with its queries compiled once per process and its rows read as plain values."""
    now = clock.now()
    scope = (item.key, item.version.catalog_id, item.version_id)

    def ids_with_total(offset: int, limit: int) -> list[tuple[int, int]]:
        return _item_page_ids((now, *scope), fixed=(offset, limit))

    def rows_of(ids: list[int]) -> dict[int, dict]:
        # Padded to a page's length with ids no record has (Django drops repeated ones): one statement for
        # every page, the last one's included.
        values = _listed_by_ids((now, [*ids, *range(-1, len(ids) - per_page - 1, -1)]))
        return dict(zip((row[2] for row in values), listed_rows_of_values(values), strict=True))

    return page_by_ids(ids_with_total, rows_of, lambda: CappedPaginator(records_of_item(item, now=now), per_page),
                       per_page, raw)


def records_of_domain(version: CatalogVersion, domain: Domain, *, with_body: bool = False) -> QuerySet[Record]:
    return _listed(publishing_selectors.published_records(domain=domain, version=version, with_body=with_body),
                   with_body)


def records_of_unit(unit: Unit, *, with_body: bool = False) -> QuerySet[Record]:
    return _listed(publishing_selectors.published_records(unit=unit, with_body=with_body), with_body)


ITEM_PERSONAL_FIELDS = ("responsible_person_name", "responsible_person_phone", "version__decision_comment")


def item_by_key(version: CatalogVersion, key: str) -> CatalogItem | None:
    try:
        # The named responsible person is the back office's (never on a public page, nor in the page cache).
        return (version.items.select_related("domain", "version").defer(*ITEM_PERSONAL_FIELDS)
                .filter(key=key, applicable=True).first())
    except ValidationError:  # not a UUID
        return None


@dataclass
class PublicRecord:
    """A record as the public sees it: the public revision's content and the record's public facts."""

    record: Record
    revision: RecordRevision
    jurisdiction: Jurisdiction
    items: list[CatalogItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.revision.title

    @property
    def document_number(self) -> str:
        return self.revision.document_number

    @property
    def summary(self) -> str:
        return self.revision.summary

    @property
    def keywords(self) -> str:
        return self.revision.keywords

    @property
    def body_html(self) -> str:
        return sanitise_html(self.revision.body)

    @property
    def body_text(self) -> str:
        return plain_text(self.revision.body)

    @property
    def updated_at(self):
        """When the public content last changed (a published revision), else when it was first published."""
        return self.record.changed_at or self.revision.published_at or self.record.published_at

    @property
    def was_revised(self) -> bool:
        return self.revision.number > 1


# What a record page shows of its items (a link: domain / topic / name): not their schema, elements or basis.
PUBLIC_VIEW_ITEM_COLUMNS = ("id", "key", "topic", "name", "order", "domain__id", "domain__name", "version__id",
                            "version__status", "version__catalog__id", "version__catalog__jurisdiction__id",
                            "version__catalog__jurisdiction__code")


def public_view(record: Record) -> PublicRecord:
    assert record.public_revision is not None, "public_view is asked for public records only"
    items = _items_of_record((record.pk,))
    return PublicRecord(record, record.public_revision, record.unit.jurisdiction, items,
                        [a for a in publishing_selectors.public_attachments(record) if a.public_file],
                        publishing_selectors.public_interpretations(record))


def public_entry_table(record: Record) -> tuple[list[str], list[list[str]]]:
    return publishing_selectors.public_entry_table(record)


def public_attachment(record: Record, attachment_id: int) -> Attachment | None:
    """A public copy listed in the record's public revision, or None."""
    attachment = publishing_selectors.public_attachment(record.pk, attachment_id)
    return attachment if attachment is not None and attachment.public_file else None


def domain_column_records(version: CatalogVersion, domain: Domain, limit: int = 10) -> dict:
    """For the domain column (portal/domain.html): the latest public records filed under its items, and
    the titles of the 依申请公开 records filed there that their office chose to list."""
    records = records_of_domain(version, domain)
    total = CappedPaginator(records, limit)
    return {"domain_records": listed_rows(records[:limit]), "domain_records_total": total.count,
            "domain_records_capped": total.capped,
            "on_request_titles": on_request_titles_of_domain(version, domain)}


@dataclass(frozen=True)
class OnRequestTitle:
    """What the public may know of a 依申请公开 record the office chose to list: title, index number,
    formed-on date and producing unit — never the body, the attachments or a link to the record."""

    title: str
    index_number: str
    formed_on: object
    unit_name: str


# An item or a domain lists at most this many 依申请公开 titles, newest first: a page never reads them all.
ON_REQUEST_SHOWN = 50


class OnRequestTitles(list):
    """The newest ON_REQUEST_SHOWN titles; `more` says that older ones exist (the page says so)."""

    more = False


def _on_request(records: QuerySet[Record]) -> OnRequestTitles:
    return _titles(list(records[:ON_REQUEST_SHOWN + 1]))


def _titles(rows: list[Record]) -> OnRequestTitles:
    titles = OnRequestTitles(
        OnRequestTitle(r.public_revision.title if r.public_revision else r.title, r.index_number, r.formed_on,
                       r.unit.name) for r in rows[:ON_REQUEST_SHOWN])
    titles.more = len(rows) > ON_REQUEST_SHOWN
    return titles


def on_request_titles_of_item(item: CatalogItem) -> OnRequestTitles:
    return _titles(_item_on_request((clock.now(), item.key, item.version.catalog_id, item.version_id)))


def on_request_titles_of_domain(version: CatalogVersion, domain: Domain) -> OnRequestTitles:
    return _on_request(publishing_selectors.on_request_titles(domain=domain, version=version))
