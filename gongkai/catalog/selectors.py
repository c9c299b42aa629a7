"""Reads of catalogs: what a user may see, what the public sees, and comparisons."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from gongkai.accounts.policies import Action, approver_jurisdictions, can, jurisdiction_scope
from gongkai.catalog import diff, workflow
from gongkai.catalog.models import (
    ADOPTER_LEVEL,
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
    """The catalogs `user` may see: those in the action's scope, and (for viewing) the reference catalogs of the
    levels above that the user's office may adopt."""
    mine = Q(jurisdiction__in=jurisdiction_scope(user, action))
    if action == Action.VIEW_CATALOG:
        mine |= Q(is_reference=True, jurisdiction__in=jurisdiction_scope(user, Action.ADOPT_REFERENCE_CATALOG))
    return (Catalog.objects.filter(mine).select_related("jurisdiction").order_by("jurisdiction__code", "tier"))


def versions_awaiting_approval(user) -> QuerySet[CatalogVersion]:
    """Submitted versions the user approves: the catalogs of the jurisdictions below, and the reference catalogs
    of the approver's own jurisdiction (审定 by the level that issues them)."""
    scope = Q(catalog__jurisdiction__in=jurisdiction_scope(user, Action.APPROVE_CATALOG))
    scope |= Q(catalog__is_reference=True, catalog__jurisdiction__in=[j.pk for j in approver_jurisdictions(user)])
    return (CatalogVersion.objects.filter(scope, status=VersionStatus.SUBMITTED)
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


def published_item_by_key(key: str) -> CatalogItem | None:
    """A published catalog's item by its stable key (the key an item keeps across its catalog's versions), or
    None — also for a key that is not a UUID."""
    try:
        uuid.UUID(str(key))
    except ValueError:
        return None
    return (CatalogItem.objects.filter(key=key, version__status=VersionStatus.PUBLISHED)
            .select_related("version").first())


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
                                       catalog__is_reference=False)
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


# --- reference catalogs and their adoption ----------------------------------------------------------


@dataclass
class Adoption:
    """One jurisdiction below a reference catalog: whether it adopted it, which reference version, when, and what
    its adopted version changed of it."""

    jurisdiction: Jurisdiction
    version: CatalogVersion | None  # the jurisdiction's latest version taken from the reference
    published: CatalogVersion | None  # its published version of the same tier (maybe another)
    diff: diff.VersionDiff | None

    @property
    def adopted(self) -> bool:
        return self.version is not None

    @property
    def in_force(self) -> bool:
        """The version taken from the reference is the one published."""
        return self.version is not None and self.published is not None and self.published.pk == self.version.pk


def adopters_of(reference: Catalog) -> QuerySet[Jurisdiction]:
    """The jurisdictions that take their catalog from the reference: those of the reference's tier below it."""
    return (Jurisdiction.objects.filter(path__startswith=reference.jurisdiction.path,
                                        level=ADOPTER_LEVEL[reference.tier])
            .exclude(pk=reference.jurisdiction_id).order_by("code"))


def reference_adoptions(reference: Catalog, *, with_diff: bool = True) -> list[Adoption]:
    """Every adopter of the reference with its adoption and differences, in a fixed number of queries (the
    items of every version compared are read in one)."""
    adopters = list(adopters_of(reference))
    own = (CatalogVersion.objects.filter(catalog__jurisdiction__in=adopters, catalog__tier=reference.tier,
                                         catalog__is_reference=False)
           .select_related("catalog", "reference_version").order_by("-id"))
    taken: dict[int, CatalogVersion] = {}
    published: dict[int, CatalogVersion] = {}
    for version in own:
        jid = version.catalog.jurisdiction_id
        if version.reference_version is not None and version.reference_version.catalog_id == reference.pk:
            taken.setdefault(jid, version)
        if version.status == VersionStatus.PUBLISHED:
            published[jid] = version
    rows: dict[int, list[dict]] = {}
    if with_diff and taken:
        ids = {v.pk for v in taken.values()} | {v.reference_version_id for v in taken.values()}
        for item in (CatalogItem.objects.filter(version__in=ids)
                     .select_related("domain", "responsible_unit").order_by("domain__order", "order")):
            rows.setdefault(item.version_id, []).append(item_row(item))
    out = []
    for jurisdiction in adopters:
        adopted = taken.get(jurisdiction.pk)
        found = None
        if with_diff and adopted is not None:
            found = diff.diff_rows(rows.get(adopted.reference_version_id or 0, []), rows.get(adopted.pk, []),
                                   diff.ADOPTION_FIELDS)
        out.append(Adoption(jurisdiction, adopted, published.get(jurisdiction.pk), found))
    return out


def adoption_diff(version: CatalogVersion) -> diff.VersionDiff:
    """What a version taken from a reference changed of the reference version it was taken from."""
    if version.reference_version is None:
        return diff.VersionDiff()
    return diff.diff_rows([item_row(i) for i in version_items(version.reference_version)],
                          [item_row(i) for i in version_items(version)], diff.ADOPTION_FIELDS)


def published_reference(jurisdiction: Jurisdiction) -> CatalogVersion | None:
    """The published version of the jurisdiction's reference catalog for the level below (public)."""
    return (CatalogVersion.objects.filter(catalog__jurisdiction=jurisdiction, catalog__is_reference=True,
                                          status=VersionStatus.PUBLISHED)
            .select_related("catalog__jurisdiction").order_by("catalog__tier").first())


def catalog_versions_with_items(catalog: Catalog) -> QuerySet[CatalogVersion]:
    return catalog.versions.annotate(item_count=Count("items")).prefetch_related(
        Prefetch("transitions")).order_by("-year", "-id")
