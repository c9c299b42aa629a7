"""Reads of 办事指南 and 政务公开专区: the back office's lists (what the user may maintain) and the portal's
(everything of a jurisdiction: guides and zones are public by nature)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Count, Max, QuerySet

from gongkai.accounts.policies import Action, jurisdiction_scope, unit_scope
from gongkai.catalog.models import CatalogItem, CatalogVersion
from gongkai.guides import elements
from gongkai.guides.models import ServiceGuide, ServiceZone, ZoneChecklist
from gongkai.organizations.models import Jurisdiction


def guides_for(user) -> QuerySet[ServiceGuide]:
    """The guides `user` may maintain: its unit's, and every unit's in an office's subtree."""
    units = unit_scope(user, Action.MAINTAIN_SERVICE_GUIDES)
    return ServiceGuide.objects.filter(unit__in=units).select_related("jurisdiction", "unit", "domain")


def items_for_guides(user, versions: Iterable[CatalogVersion]) -> QuerySet[CatalogItem]:
    """Items of `versions` (published catalogs) the user may give a guide: those of its units."""
    units = unit_scope(user, Action.MAINTAIN_SERVICE_GUIDES)
    return (CatalogItem.objects.filter(version__in=list(versions), applicable=True, responsible_unit__in=units)
            .select_related("domain", "version__catalog__jurisdiction")
            .order_by("version__catalog__jurisdiction__code", "domain__order", "order"))


def public_guides(jurisdiction: Jurisdiction, query: str = "", *, item_key: UUID | None = None) -> QuerySet[ServiceGuide]:
    """A jurisdiction's guides of active units, by domain; `query` narrows them by name, `item_key` to one catalog
    item's."""
    guides = ServiceGuide.objects.filter(jurisdiction=jurisdiction, unit__is_active=True).select_related(
        "domain", "unit")
    if query:
        guides = guides.filter(name__icontains=query) | guides.filter(item_name__icontains=query)
    if item_key is not None:
        guides = guides.filter(item_key=item_key)
    return guides.order_by("domain__order", "name", "id")


def public_guide(jurisdiction: Jurisdiction, pk: int) -> ServiceGuide | None:
    """One public guide of the jurisdiction (the portal's page and the API's), or None."""
    return public_guides(jurisdiction).filter(pk=pk).first()


def guides_of_items(jurisdiction: Jurisdiction, keys: Iterable) -> list[ServiceGuide]:
    """The public guides of items by their keys (a record's items, an item page): one query."""
    return list(ServiceGuide.objects.filter(jurisdiction=jurisdiction, unit__is_active=True, item_key__in=list(keys))
                .only("id", "name", "online_mode", "item_key", "jurisdiction_id").order_by("name", "id"))


def handbook_stamp(jurisdiction: Jurisdiction) -> str:
    """What the printed 办事一本通 depends on: changes whenever a guide is added, changed or removed."""
    got = public_guides(jurisdiction).aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return f"{got['n']}|{got['last'].isoformat() if got['last'] else ''}|{got['top'] or 0}"


def zones_for(user) -> QuerySet[ServiceZone]:
    return ServiceZone.objects.filter(
        jurisdiction__in=jurisdiction_scope(user, Action.MANAGE_SERVICE_ZONES)).select_related("jurisdiction")


def public_zones(jurisdiction: Jurisdiction) -> list[dict]:
    """The jurisdiction's zones, each with its checklist as met (the jurisdiction's own checklist)."""
    labels = checklist_of(jurisdiction)
    return [{"zone": z, "checks": elements.zone_checks(labels, z.checks)}
            for z in ServiceZone.objects.filter(jurisdiction=jurisdiction).order_by("name", "id")]


def checklist_of(jurisdiction: Jurisdiction) -> list[str]:
    """The jurisdiction's 五统一 checklist: its own, else the default."""
    own = ZoneChecklist.objects.filter(jurisdiction=jurisdiction).values_list("items", flat=True).first()
    return list(own or elements.DEFAULT_FIVE_UNIFIED)
