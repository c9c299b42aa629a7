"""Writes to the lists a catalog is built from (权责清单, 公共服务事项清单, 负面清单): importing a list (its entries
replaced, those gone kept as removed), linking catalog items to entries and unlinking them, linking by name.
Each checks the policy, runs in one transaction and leaves an audit event."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.catalog import list_matching
from gongkai.catalog.models import CatalogItem, ListKind, SourceList, SourceListEntry, SourceListLink
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.organizations.models import Jurisdiction

ENTRY_FIELDS = ("number", "code", "name", "category", "body", "basis")


def entry_identity(row: dict[str, Any]) -> tuple[str, str]:
    """What makes an entry the same across two imports: its 事项编码 when the list has one, else its name and
    实施主体 (spaces and punctuation aside)."""
    if row.get("code"):
        return ("code", re.sub(r"\s+", "", str(row["code"])))
    name = re.sub(r"[\s（）()]", "", str(row.get("name", "")))
    body = re.sub(r"\s+", "", str(row.get("body", "")))
    return ("name", f"{name}|{body}")


def source_list_import_rows(*, actor: Actor, jurisdiction: Jurisdiction, kind: str, rows: list[dict[str, Any]],
                            version_label: str = "", filename: str = "") -> dict[str, int]:
    """Make `rows` the list's entries: an entry found again (by `entry_identity`) keeps its links and takes the
    new values; a new one is added; one no longer in the file is kept, marked removed, with its links — the
    screen names the items whose entry disappeared. Returns the counts."""
    require(actor, Action.MANAGE_SOURCE_LISTS, jurisdiction)
    if kind not in ListKind.values:
        raise ValidationFailed("清单类型无效。")
    if not rows:
        raise ValidationFailed("文件中没有事项。")
    with transaction.atomic():
        source_list, _ = SourceList.objects.select_for_update(of=("self",)).get_or_create(jurisdiction=jurisdiction, kind=kind)
        existing = {entry_identity({f: getattr(e, f) for f in ENTRY_FIELDS}): e for e in source_list.entries.all()}
        now = clock.now()
        seen: set[tuple[str, str]] = set()
        added, kept, revived = [], 0, 0
        for order, row in enumerate(rows, start=1):
            identity = entry_identity(row)
            seen.add(identity)
            values = {f: str(row.get(f) or "").strip() for f in ENTRY_FIELDS}
            entry = existing.get(identity)
            if entry is None:
                added.append(SourceListEntry(source_list=source_list, order=order, **values))
                continue
            revived += entry.removed_at is not None
            kept += 1
            for name, value in values.items():
                setattr(entry, name, value)
            entry.order, entry.removed_at = order, None
            entry.save()
        SourceListEntry.objects.bulk_create(added)
        gone = [e.pk for identity, e in existing.items() if identity not in seen and e.removed_at is None]
        SourceListEntry.objects.filter(pk__in=gone).update(removed_at=now)
        source_list.version_label = (version_label or "").strip()[:60]
        source_list.filename = (filename or "")[:200]
        source_list.imported_at = now
        source_list.imported_by = acting_user(actor)
        source_list.save()
        summary = {"entries": len(rows), "added": len(added), "kept": kept, "revived": revived, "removed": len(gone)}
        record_event(actor=actor, action="source_list.imported", target=source_list,
                     data={"kind": kind, "version": source_list.version_label, **summary})
        return summary


def _require_same_jurisdiction(entry: SourceListEntry, item: CatalogItem) -> None:
    if item.version.catalog.jurisdiction_id != entry.source_list.jurisdiction_id:
        raise ValidationFailed("只能关联本辖区目录中的事项。")


def source_list_link(*, actor: Actor, entry: SourceListEntry, item: CatalogItem) -> SourceListLink:
    """Say that `item` covers `entry` (an item may cover several entries, an entry be covered by several items)."""
    require(actor, Action.MANAGE_SOURCE_LISTS, entry.source_list.jurisdiction)
    _require_same_jurisdiction(entry, item)
    if entry.removed_at is not None:
        raise ValidationFailed(f"“{entry.name}”已不在最新导入的清单中，不能再关联。")
    with transaction.atomic():
        link, made = SourceListLink.objects.get_or_create(
            entry=entry, catalog=item.version.catalog, item_key=item.key, defaults={"created_by": acting_user(actor)})
        if made:
            record_event(actor=actor, action="source_list.linked", target=entry.source_list,
                         data={"entry": entry.pk, "entry_name": entry.name, "item": f"{item.topic} / {item.name}"})
        return link


def source_list_unlink(*, actor: Actor, link: SourceListLink) -> None:
    source_list = link.entry.source_list
    require(actor, Action.MANAGE_SOURCE_LISTS, source_list.jurisdiction)
    with transaction.atomic():
        record_event(actor=actor, action="source_list.unlinked", target=source_list,
                     data={"entry": link.entry_id, "entry_name": link.entry.name, "item_key": str(link.item_key)})
        link.delete()


def source_list_link_by_name(*, actor: Actor, source_list: SourceList,
                             items: list[CatalogItem]) -> int:
    """Link every entry no item covers yet to the one item whose name matches it well enough
    (`list_matching.AUTO_LINK`); returns how many were linked. `items` are the catalog items to choose from
    (the jurisdiction's current versions, `list_selectors.current_items`)."""
    require(actor, Action.MANAGE_SOURCE_LISTS, source_list.jurisdiction)
    with transaction.atomic():
        covered = set(SourceListLink.objects.filter(entry__source_list=source_list).values_list("entry_id", flat=True))
        choices = [(item, item.name) for item in items if item.applicable
                   and item.version.catalog.jurisdiction_id == source_list.jurisdiction_id]
        links = []
        for entry in source_list.entries.filter(removed_at__isnull=True).exclude(pk__in=covered):
            best = list_matching.suggestions(entry.name, choices, limit=1, floor=list_matching.AUTO_LINK)
            if best:
                item = best[0][0]
                links.append(SourceListLink(entry=entry, catalog=item.version.catalog, item_key=item.key,
                                            created_by=acting_user(actor)))
        SourceListLink.objects.bulk_create(links, ignore_conflicts=True)
        if links:
            record_event(actor=actor, action="source_list.linked_by_name", target=source_list,
                         data={"linked": len(links)})
        return len(links)
