"""Reads of catalogs: what a user may see, what the public sees, and comparisons."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from gongkai.accounts.policies import Action, can, jurisdiction_scope
from gongkai.catalog import diff, workflow
from gongkai.catalog.models import (
    Catalog,
    CatalogDomain,
    CatalogItem,
    CatalogVersion,
    Domain,
    Guideline,
    VersionStatus,
)
from gongkai.organizations.models import Jurisdiction

# Who makes each move of the version workflow (supersede follows from publishing the next version).
MOVE_ACTIONS = {
    workflow.SUBMIT: Action.SUBMIT_CATALOG,
    workflow.APPROVE: Action.APPROVE_CATALOG,
    workflow.RETURN: Action.APPROVE_CATALOG,
    workflow.PUBLISH: Action.PUBLISH_CATALOG,
}


def moves_for(user, version: CatalogVersion) -> list[str]:
    """The moves `user` may make on `version` now: what the table allows from its status and the policy
    allows this user on its catalog."""
    return workflow.TABLE.moves_for(
        version.status, may=lambda move: move in MOVE_ACTIONS and can(user, MOVE_ACTIONS[move], version.catalog))


def catalogs_for(user, action: Action | str = Action.VIEW_CATALOG) -> QuerySet[Catalog]:
    return (Catalog.objects.filter(jurisdiction__in=jurisdiction_scope(user, action))
            .select_related("jurisdiction").order_by("jurisdiction__code", "tier"))


def versions_awaiting_approval(user) -> QuerySet[CatalogVersion]:
    return (CatalogVersion.objects.filter(status=VersionStatus.SUBMITTED,
                                          catalog__jurisdiction__in=jurisdiction_scope(user, Action.APPROVE_CATALOG))
            .select_related("catalog__jurisdiction").order_by("submitted_at"))


def only_effective(items: QuerySet[CatalogItem]) -> QuerySet[CatalogItem]:
    """Items marked applicable whose own version handles their domain (not marked 未涉及 there)."""
    not_handled = CatalogDomain.objects.filter(version=OuterRef("version"), domain=OuterRef("domain"),
                                               applies=False)
    return items.filter(applicable=True).exclude(Exists(not_handled))


def effective_items(version: CatalogVersion) -> QuerySet[CatalogItem]:
    """The items the catalog promises: marked applicable, in a domain the jurisdiction handles. Items of a
    domain marked 未涉及 stay in the version (so that marking it back restores them) but count nowhere."""
    return only_effective(version.items.all())


def items_without_unit_counts(versions) -> dict[int, int]:
    """For each version (by id), how many of its effective items have no responsible unit yet; one query."""
    rows = (only_effective(CatalogItem.objects.filter(version__in=list(versions), responsible_unit__isnull=True))
            .values("version").annotate(n=Count("id")).order_by())
    return {row["version"]: row["n"] for row in rows}


def domains_not_handled(versions) -> dict[int, list[CatalogDomain]]:
    """For each version (by id), its domains marked 未涉及 (with their reasons); one query."""
    out: dict[int, list[CatalogDomain]] = {}
    for entry in (CatalogDomain.objects.filter(version__in=list(versions), applies=False)
                  .select_related("domain").order_by("version", "domain__order")):
        out.setdefault(entry.version_id, []).append(entry)
    return out


def published_items_of_units(units) -> QuerySet[CatalogItem]:
    """The effective items of published catalogs that these units answer for (what their officers fill)."""
    return (only_effective(CatalogItem.objects.filter(version__status=VersionStatus.PUBLISHED,
                                                      responsible_unit__in=units))
            .select_related("domain", "version__catalog__jurisdiction", "responsible_unit")
            .order_by("version__catalog__jurisdiction__code", "domain__order", "order"))


def version_items(version: CatalogVersion) -> QuerySet[CatalogItem]:
    return (version.items.select_related("domain", "responsible_unit", "responsible_person", "standard_item")
            .order_by("domain__order", "order"))


@dataclass
class DomainSection:
    domain: Domain
    entry: CatalogDomain | None
    items: list[CatalogItem]

    @property
    def applies(self) -> bool:
        return self.entry is None or self.entry.applies


def version_sections(version: CatalogVersion, *, applicable_only: bool = False) -> list[DomainSection]:
    """The version's items grouped by domain, in the domains' order, with each domain's applies/reason."""
    entries = {e.domain_id: e for e in version.domains.select_related("domain")}
    items = version_items(version)
    if applicable_only:
        items = items.filter(pk__in=effective_items(version).values("pk"))
    sections: dict[int, DomainSection] = {}
    for item in items:
        sections.setdefault(item.domain_id, DomainSection(item.domain, entries.get(item.domain_id), [])).items.append(item)
    for domain_id, entry in entries.items():
        sections.setdefault(domain_id, DomainSection(entry.domain, entry, []))
    return sorted(sections.values(), key=lambda s: (s.domain.order, s.domain.slug))


def item_row(item: CatalogItem) -> dict:
    return {
        "key": str(item.key), "topic": item.topic, "name": item.name, "elements": item.elements,
        "basis": item.basis, "time_limit": item.time_limit, "subject": item.subject, "channels": item.channels,
        "audience": item.audience, "manner": item.manner, "tiers": item.tiers, "applicable": item.applicable,
        "responsible_unit": item.responsible_unit.name if item.responsible_unit else "",
        "domain": item.domain.name,
    }


def version_diff(old: CatalogVersion, new: CatalogVersion) -> diff.VersionDiff:
    return diff.diff_rows([item_row(i) for i in version_items(old)], [item_row(i) for i in version_items(new)])


def standard_row(item) -> dict:
    return {k: getattr(item, k) for k in diff.STANDARD_FIELDS}


def item_differences(item: CatalogItem) -> list[diff.FieldChange]:
    """What this jurisdiction changed of the national item (empty when adopted unchanged)."""
    if item.standard_item_id is None:
        return []
    return diff.differences_from_standard(standard_row(item), standard_row(item.standard_item))


def version_localisation_summary(version: CatalogVersion) -> dict:
    items = list(version_items(version))
    changed = sum(1 for i in items if item_differences(i))
    return {
        "total": len(items),
        "local": sum(1 for i in items if i.is_local),
        "changed": changed,
        "not_applicable": sum(1 for i in items if not i.applicable),
        "domains_not_applicable": version.domains.filter(applies=False).count(),
    }


# --- public --------------------------------------------------------------------------------------

def published_version(jurisdiction: Jurisdiction, tier: str | None = None) -> CatalogVersion | None:
    qs = CatalogVersion.objects.filter(catalog__jurisdiction=jurisdiction, status=VersionStatus.PUBLISHED,
                                       catalog__is_village_reference=False)
    if tier:
        qs = qs.filter(catalog__tier=tier)
    return qs.select_related("catalog__jurisdiction").order_by("catalog__tier").first()


def jurisdictions_with_published_catalogs(root: Jurisdiction | None = None) -> QuerySet[Jurisdiction]:
    qs = Jurisdiction.objects.filter(catalogs__versions__status=VersionStatus.PUBLISHED).distinct()
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return qs.order_by("code")


def published_domains(version: CatalogVersion) -> list[tuple[Domain, int]]:
    rows = effective_items(version).values("domain").annotate(n=Count("id")).order_by()
    counts = {r["domain"]: r["n"] for r in rows}
    return [(d, counts[d.id]) for d in Domain.objects.filter(id__in=counts).order_by("order")]


def guidelines_overview() -> QuerySet[Guideline]:
    """Current guidelines with counts of topics and items, for the standard catalog browser."""
    return (Guideline.objects.filter(is_current=True).select_related("domain")
            .annotate(item_count=Count("items"), topic_count=Count("items__topic", distinct=True))
            .order_by("domain__order"))


def standard_items_search(query: str, domain: Domain | None = None):
    from gongkai.catalog.models import StandardItem

    qs = StandardItem.objects.filter(guideline__is_current=True).select_related("guideline__domain")
    if domain is not None:
        qs = qs.filter(guideline__domain=domain)
    for term in (query or "").split():
        qs = qs.filter(Q(name__icontains=term) | Q(topic__icontains=term) | Q(subject__icontains=term)
                       | Q(basis__icontains=term) | Q(elements__icontains=term))
    return qs.order_by("guideline__domain__order", "order")


def village_catalogs_from(reference: Catalog) -> QuerySet[Catalog]:
    """Village and community catalogs under the reference catalog's jurisdiction."""
    return (Catalog.objects.filter(tier="village", is_village_reference=False,
                                   jurisdiction__path__startswith=reference.jurisdiction.path)
            .select_related("jurisdiction").order_by("jurisdiction__code"))


def catalog_versions_with_items(catalog: Catalog) -> QuerySet[CatalogVersion]:
    return catalog.versions.annotate(item_count=Count("items")).prefetch_related(
        Prefetch("transitions")).order_by("-year", "-id")
