"""Reads of the channels app. Each takes the acting user and returns what that user may see."""

from __future__ import annotations

from django.db.models import Max, Q, QuerySet

from gongkai.accounts.policies import Action, unit_scope
from gongkai.channels.models import ENTRIES_CHANGED_AT, ChannelPublication, NewMediaAccount, PrintedCopy
from gongkai.channels.services import require_view_channels
from gongkai.publishing.models import Record


def publications_for(user, record: Record) -> list[ChannelPublication]:
    require_view_channels(user, record)
    return list(record.channel_publications.select_related("recorded_by", "revision")
                .order_by("-published_on", "-id"))


def printed_copies_for(user, record: Record) -> list[PrintedCopy]:
    """The record's printed copies, newest first, each able to tell its state without another query."""
    require_view_channels(user, record)
    copies = list(record.printed_copies.select_related("printed_by").order_by("-printed_at", "-id"))
    for copy in copies:
        copy.record = record  # the state compares with the record's public revision: reuse the loaded one
    return copies


def copies_needing_action(user) -> list[PrintedCopy]:
    """Copies on boards that no longer match the record online (not yet replaced), across the units
    whose records the user drafts or reviews, or oversees (a disclosure office: its subtree's stale boards):
    the to-do list of notice boards."""
    mine = Q(record__unit__in=unit_scope(user, Action.DRAFT_RECORD)) | Q(
        record__unit__in=unit_scope(user, Action.REVIEW_RECORD)) | Q(
        record__unit__in=unit_scope(user, Action.OVERSEE_RECORDS))
    candidates: QuerySet[PrintedCopy] = (
        PrintedCopy.objects.filter(mine, replaced_by__isnull=True)
        .select_related("record__unit", "record__public_revision", "printed_by")
        .annotate(entries_changed_at=Max("record__entries__updated_at"))
        .order_by("record__unit__name", "board", "-printed_at")
    )
    copies = []
    for copy in candidates:
        setattr(copy.record, ENTRIES_CHANGED_AT, copy.entries_changed_at)  # type: ignore[attr-defined]  # annotated above
        if copy.needs_action:
            copies.append(copy)
    return copies


def new_media_accounts_for(user, *, include_closed: bool = False):
    """The register as `user` may read it: the accounts of the units they may report updates for (their own
    unit's; an office's whole subtree). Newest-opened last within each unit; bounded by the caller's page."""
    accounts = NewMediaAccount.objects.filter(
        unit__in=unit_scope(user, Action.REPORT_NEW_MEDIA_UPDATE).values("pk")).select_related("unit__jurisdiction")
    if not include_closed:
        accounts = accounts.filter(closed_on__isnull=True)
    return accounts.order_by("unit__jurisdiction__code", "unit__name", "platform", "name", "pk")
