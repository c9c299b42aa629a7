"""The values the checks read, gathered by `oversight.collect` in bounded queries. Pure: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ItemFacts:
    """An applicable item of a published catalog version, with what is public under it."""

    key: str
    name: str
    topic: str
    domain: str
    unit_id: int | None  # the responsible unit (the item's own, else the domain's)
    jurisdiction_id: int
    time_limit_rule: Mapping[str, Any] = field(default_factory=dict)
    manner: tuple[str, ...] = ()
    public_records: int = 0
    last_public_on: date | None = None  # the newest public record's publication day (None: no visible date)
    catalog_published_on: date | None = None


@dataclass(frozen=True)
class RecordFacts:
    id: int
    title: str
    unit_id: int
    item_keys: tuple[str, ...]
    item_rules: tuple[Mapping[str, Any], ...]  # the time-limit rules of the record's items
    item_manners: tuple[tuple[str, ...], ...]
    attribute: str  # proactive / on_request / withheld
    status: str
    formed_on: date | None
    published_on: date | None
    document_number: str = ""
    is_policy_document: bool = False
    is_nothing_to_publish: bool = False
    is_public: bool = False
    interpretation_published_on: date | None = None
    has_interpretation: bool = False


@dataclass(frozen=True)
class EntryFacts:
    id: int
    record_id: int | None
    item_key: str
    item_name: str
    unit_id: int
    schema: tuple[Mapping[str, Any], ...]
    values: Mapping[str, Any]


@dataclass(frozen=True)
class RequestFacts:
    id: int
    tracking_code: str
    unit_id: int | None
    due: date | None
    answered_on: date | None
    is_open: bool
    received_on: date | None = None


@dataclass(frozen=True)
class PublicTextFacts:
    """What the public reads of one public record: (where, text) pairs — the public revision's title and body
    (as plain text), each public entry's values, and the text of each public attachment file (name and segments)."""

    id: int
    title: str
    unit_id: int
    texts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PublicLinkFacts:
    """A public record's internal links, each resolved by the collector, and its public attachments."""

    id: int
    title: str
    unit_id: int
    links: tuple[tuple[str, bool], ...] = ()  # (href, the record it points at is public)
    attachments: tuple[tuple[str, bool], ...] = ()  # (file name, its public file is in storage)
    # (url, it answered, why not) of the external links the optional checker judged (oversight.external_links)
    external: tuple[tuple[str, bool, str], ...] = ()


@dataclass(frozen=True)
class RequestLogFacts:
    """A request's receipt day, its log as the clock reads it (`disclosure_requests.selectors.clock_events`), the
    days its extensions were entered, and its reply's type and whether the reply gives reasons."""

    id: int
    tracking_code: str
    unit_id: int | None
    received_on: date | None
    clock_events: tuple[tuple[Any, ...], ...] = ()
    extensions_recorded_on: tuple[date, ...] = ()  # one per "extension" in clock_events, in the same order
    reply_type: str = ""
    reply_has_reasons: bool = False
    reply_on: date | None = None
    entered_on: date | None = None  # the day the request itself was entered (a later transcription is no late entry)


@dataclass(frozen=True)
class ReportDutyFacts:
    """A unit that owes an annual report (a department or a government), its due day of the year and its reports."""

    id: int  # the unit
    unit_id: int
    unit_name: str
    kind_label: str
    due_month_day: tuple[int, int]  # reports.models.DUE_MONTH_DAY
    since: date | None  # the unit's creation day (no report owed for a year before it existed)
    reports: tuple[tuple[int, date | None], ...] = ()  # (year, publication day or None for a draft)


@dataclass(frozen=True)
class CatalogDomainFacts:
    """An applicable domain of a published catalog version: who answers for it, and the guidelines it adopted."""

    id: str  # "<version id>:<domain id>"
    label: str  # 目录名称 版本：领域
    jurisdiction_id: int
    unit_id: int | None  # the DomainAssignment's unit, if any
    office_unit_id: int | None = None  # the jurisdiction's disclosure office: it assigns domains and revises catalogs
    applicable_items: int = 0
    items_without_unit: int = 0
    # (guideline name, its version, it is current, the domain's current version or None)
    guidelines: tuple[tuple[str, int, bool, int | None], ...] = ()


@dataclass(frozen=True)
class PrintedRecordFacts:
    """A record with printed copies still on notice boards (not replaced), and what the portal shows now."""

    id: int  # the record
    title: str
    unit_id: int
    public_revision_id: int | None
    record_is_public: bool
    # (board, printed on, printed revision id, revision number printed, entries changed after printing)
    copies: tuple[tuple[str, date | None, int, int, bool], ...] = ()


@dataclass(frozen=True)
class NewMediaFacts:
    """A registered new-media account (政务新媒体): when it opened, closed and was last updated."""

    id: int
    label: str  # 微信公众号“大祥发布”
    unit_id: int
    opened_on: date
    closed_on: date | None = None
    last_update_on: date | None = None
