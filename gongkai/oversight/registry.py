"""Which check reads which facts: the list an inspection runs. Pure: no Django.

Any app adds its checks with `add_check` (participation's unanswered messages, for instance) and a collector for
its facts in `oversight.collect.add_collector`; an inspection runs every check whose facts have a collector."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.oversight.checks import (
    bulletins,
    catalogs,
    content,
    items,
    new_media,
    public_content,
    publication,
    reports,
    request_log,
    requests,
)
from gongkai.oversight.checks.facts import ItemFacts, RecordFacts
from gongkai.oversight.rules import Hit, Rule
from gongkai.publishing.timeliness import WorkdayCounter


@dataclass(frozen=True)
class Context:
    today: date
    calendar: WorkdayCounter
    thresholds: items.StaleThresholds = field(default_factory=items.StaleThresholds.national)
    interpretation_working_days: int = 0
    # The privacy scanner's configured word list (`publishing.scanning.configured_scanner`); None: the shipped one.
    sensitive_words: tuple[Any, ...] | None = None
    # Each jurisdiction's resolved stale limits (its own, else its nearest ancestor's, else `thresholds`).
    local_thresholds: Mapping[int, items.StaleThresholds] = field(default_factory=dict)

    def thresholds_for(self, jurisdiction_id: int) -> items.StaleThresholds:
        return self.local_thresholds.get(jurisdiction_id, self.thresholds)


@dataclass(frozen=True)
class Check:
    rule: Rule
    facts: str  # the collector's name: "items", "records", "entries", "requests", …
    run: Callable[[Iterable[Any], Context], Iterator[Hit]]
    # When time alone may change the verdict on an unchanged target (None: never).
    recheck: Callable[[Any, Context], date | None] = lambda fact, ctx: None


CHECKS: dict[str, Check] = {}


def add_check(check: Check) -> Check:
    CHECKS[check.rule.code] = check
    return check


def fingerprint(fact: Any) -> str:
    """A digest of a fact's values: the same facts give the same fingerprint in any process."""
    return hashlib.sha256(repr(fact).encode()).hexdigest()[:40]


add_check(Check(publication.LATE_PUBLICATION, "records",
                lambda facts, ctx: publication.late_publication(facts, today=ctx.today, calendar=ctx.calendar),
                lambda fact, ctx: publication.recheck_on(fact, ctx.calendar)))
add_check(Check(items.BLANK_ITEM, "items",
                lambda facts, ctx: items.blank_items(facts, today=ctx.today, calendar=ctx.calendar),
                lambda fact, ctx: _blank_recheck(fact, ctx)))
add_check(Check(items.STALE_ITEM, "items",
                lambda facts, ctx: (hit for fact in facts for hit in items.stale_items(
                    [fact], today=ctx.today, thresholds=ctx.thresholds_for(fact.jurisdiction_id))),
                lambda fact, ctx: _stale_recheck(fact, ctx)))
add_check(Check(content.NONSTANDARD_ENTRY, "entries", lambda facts, ctx: content.nonstandard_entries(facts)))
add_check(Check(content.NONSTANDARD_RECORD, "records", lambda facts, ctx: content.nonstandard_records(facts)))
add_check(Check(content.INTERPRETATION_MISSING, "records",
                lambda facts, ctx: content.interpretation_missing(
                    facts, calendar=ctx.calendar, allowed_working_days=ctx.interpretation_working_days)))
add_check(Check(requests.REQUEST_OVERDUE, "requests",
                lambda facts, ctx: requests.request_overdue(facts, today=ctx.today, calendar=ctx.calendar),
                lambda fact, ctx: None if fact.due is None or not fact.is_open else _day_after(fact.due)))
add_check(Check(public_content.PUBLIC_PRIVACY, "public_texts",
                lambda facts, ctx: public_content.public_privacy(facts, sensitive_words=ctx.sensitive_words)))
add_check(Check(public_content.BROKEN_LINK, "public_links", lambda facts, ctx: public_content.broken_links(facts)))
add_check(Check(request_log.CORRECTION_LATE, "request_logs",
                lambda facts, ctx: request_log.correction_late(facts, calendar=ctx.calendar)))  # type: ignore[arg-type]
add_check(Check(request_log.EXTENSION_LATE, "request_logs",
                lambda facts, ctx: request_log.extension_late(facts, calendar=ctx.calendar)))  # type: ignore[arg-type]
add_check(Check(request_log.REPLY_REASONS_MISSING, "request_logs",
                lambda facts, ctx: request_log.reply_reasons_missing(facts)))
add_check(Check(reports.ANNUAL_REPORT_LATE, "report_duties",
                lambda facts, ctx: reports.annual_report_late(facts, today=ctx.today),
                lambda fact, ctx: reports.recheck_on(fact, ctx.today)))
add_check(Check(catalogs.CATALOG_DOMAIN_UNASSIGNED, "catalog_domains",
                lambda facts, ctx: catalogs.catalog_domain_unassigned(facts)))
add_check(Check(catalogs.CATALOG_NOT_REVISED, "catalog_domains", lambda facts, ctx: catalogs.catalog_not_revised(facts)))
add_check(Check(bulletins.BULLETIN_OUTDATED, "printed_records", lambda facts, ctx: bulletins.bulletin_outdated(facts)))
add_check(Check(new_media.NEW_MEDIA_SILENT, "new_media_accounts",
                lambda facts, ctx: new_media.new_media_silent(facts, today=ctx.today),
                lambda fact, ctx: new_media.recheck_on(fact)))


def _day_after(d: date) -> date:
    return date.fromordinal(d.toordinal() + 1)


def _blank_recheck(item: ItemFacts, ctx: Context) -> date | None:
    grace = items.blank_grace_until(item, ctx.calendar)
    return _day_after(grace) if grace is not None and ctx.today <= grace else None


def _stale_recheck(item: ItemFacts, ctx: Context) -> date | None:
    if items.column_class(item) in (items.ColumnClass.YEARLY, items.ColumnClass.PERIODIC):
        return _day_after(ctx.today)  # its due date moves with the year or period: looked at again on any later day
    return items.stale_recheck_on(item, ctx.thresholds_for(item.jurisdiction_id))


def evaluate(check: Check, fact: Any, ctx: Context) -> list[Hit]:
    return list(check.run([fact], ctx))


def target_of(fact: Any) -> str:
    """The target a fact is about, as findings name it (an item's key, a record's or entry's id, a tracking code)."""
    if isinstance(fact, ItemFacts):
        return fact.key
    if isinstance(fact, RecordFacts):
        return str(fact.id)
    return str(getattr(fact, "tracking_code", None) or fact.id)
