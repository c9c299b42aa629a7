"""What the public portal reads. Every query here is limited to published (and, for the history,
superseded) catalog versions: a draft, submitted, returned or approved-but-unpublished version never
reaches the portal. Names of people, accounts and phone numbers are never read here.

The catalog's own public selectors (gongkai.catalog.selectors, public section) are used where they
exist; the lookups below are the portal's own compositions of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import (
    CatalogDomain,
    CatalogItem,
    CatalogVersion,
    Domain,
    DomainAssignment,
    VersionStatus,
    VersionTransition,
)
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel, Unit

PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)


def _public_versions():
    return CatalogVersion.objects.filter(status__in=PUBLIC_STATUSES, catalog__is_reference=False)


def jurisdiction_by_code(code: str) -> Jurisdiction | None:
    return Jurisdiction.objects.filter(code=code).select_related("parent").first()


def published_version(jurisdiction: Jurisdiction) -> CatalogVersion | None:
    return catalog_selectors.published_version(jurisdiction)


def jurisdictions_with_catalogs(root: Jurisdiction | None = None):
    """Jurisdictions with a published catalog of their own (village reference catalogs do not count)."""
    qs = Jurisdiction.objects.filter(catalogs__versions__status=VersionStatus.PUBLISHED,
                                     catalogs__is_reference=False).distinct()
    if root is not None:
        qs = qs.filter(path__startswith=root.path).exclude(pk=root.pk)
    return qs.order_by("code")


def domain_columns() -> list[tuple[str, str]]:
    """(jurisdiction code, domain slug) of every domain column on the portal: the domains with applicable
    items in each jurisdiction's published version (the one `published_version` shows). Two queries,
    whatever the number of jurisdictions."""
    chosen: dict[str, int] = {}
    for pk, code in (_public_versions().filter(status=VersionStatus.PUBLISHED)
                     .order_by("catalog__jurisdiction__code", "catalog__tier")
                     .values_list("pk", "catalog__jurisdiction__code")):
        chosen.setdefault(code, pk)
    slugs: dict[int, set[str]] = {}
    for version_id, slug in (CatalogItem.objects.filter(
            applicable=True, version__status=VersionStatus.PUBLISHED, version__catalog__is_reference=False)
            .values_list("version_id", "domain__slug").distinct()):
        slugs.setdefault(version_id, set()).add(slug)
    return [(code, slug) for code, pk in sorted(chosen.items()) for slug in sorted(slugs.get(pk, ()))]


def home_counties() -> list[Jurisdiction]:
    return list(jurisdictions_with_catalogs().filter(level=JurisdictionLevel.COUNTY))


def is_street(jurisdiction: Jurisdiction) -> bool:
    return "街道" in (jurisdiction.kind or "") or jurisdiction.name.endswith("街道")


def is_community(jurisdiction: Jurisdiction) -> bool:
    return "社区" in (jurisdiction.kind or "") or jurisdiction.name.endswith("社区")


@dataclass
class MapEntry:
    """One place on the disclosure map, with the places below it that publish (a township's villages)."""

    jurisdiction: Jurisdiction
    villages: list[Jurisdiction] = field(default_factory=list)


@dataclass
class MapGroup:
    label: str
    entries: list[MapEntry]


@dataclass
class DisclosureMap:
    intro: str
    groups: list[MapGroup]

    @property
    def is_empty(self) -> bool:
        return not self.groups


def disclosure_map(jurisdiction: Jurisdiction, publishing: list[Jurisdiction] | None = None) -> DisclosureMap:
    """The places below a jurisdiction that have a published catalog: for a county its townships and
    streets (乡镇 / 街道), each with its villages and communities that publish; for a township its
    villages and communities (村 / 社区). `publishing`: every jurisdiction with a published catalog, when
    the caller has them already (the site's home draws one map per root)."""
    if publishing is None:
        below = list(jurisdictions_with_catalogs(jurisdiction))
    else:
        below = [j for j in publishing if j.path.startswith(jurisdiction.path) and j.pk != jurisdiction.pk]
    if jurisdiction.level == JurisdictionLevel.TOWNSHIP:
        villages = [MapEntry(j) for j in below if j.level == JurisdictionLevel.VILLAGE]
        groups = [MapGroup("村", [e for e in villages if not is_community(e.jurisdiction)]),
                  MapGroup("社区", [e for e in villages if is_community(e.jurisdiction)])]
        intro = "下列村（社区）已发布本级公开事项目录，点击进入查看。"
    else:
        entries = {j.pk: MapEntry(j) for j in below if j.level == JurisdictionLevel.TOWNSHIP}
        for j in below:
            if j.level == JurisdictionLevel.VILLAGE and j.parent_id in entries:
                entries[j.parent_id].villages.append(j)
        ordered = sorted(entries.values(), key=lambda e: e.jurisdiction.code)
        groups = [MapGroup("乡镇", [e for e in ordered if not is_street(e.jurisdiction)]),
                  MapGroup("街道", [e for e in ordered if is_street(e.jurisdiction)])]
        intro = "下列乡镇（街道）已发布本级公开事项目录，点击进入查看。"
    return DisclosureMap(intro, [g for g in groups if g.entries])


def public_ancestors(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction's ancestors that have a portal page (a published catalog), top first."""
    ancestors = jurisdiction.ancestors()
    with_catalog = set(jurisdictions_with_catalogs().filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True))
    return [a for a in ancestors if a.pk in with_catalog]


def disclosure_office(jurisdiction: Jurisdiction) -> Unit | None:
    """The disclosure office answering for the jurisdiction: its own, else the nearest one above."""
    chain = [jurisdiction, *reversed(jurisdiction.ancestors())]
    offices = {u.jurisdiction_id: u for u in Unit.objects.filter(
        jurisdiction__in=chain, is_disclosure_office=True, is_active=True).order_by("id")}
    return next((offices[j.pk] for j in chain if j.pk in offices), None)


def approving_jurisdiction(version: CatalogVersion) -> Jurisdiction | None:
    """The level that approved the version: the jurisdiction of the approving account's unit, else the
    level directly above (approval is by the level above). Only the level is shown, never the person."""
    if version.decided_by_id:
        unit = Unit.objects.filter(accounts__pk=version.decided_by_id).select_related("jurisdiction").first()
        if unit is not None:
            return unit.jurisdiction
    return version.catalog.jurisdiction.parent


def domain_tiles(version: CatalogVersion) -> list[dict]:
    """The version's applicable domains with item and topic counts, in the domains' order."""
    topics = dict(
        catalog_selectors.effective_items(version).values("domain").annotate(n=Count("topic", distinct=True))
        .order_by().values_list("domain", "n")
    )
    return [{"domain": d, "items": n, "topics": topics.get(d.id, 0)}
            for d, n in catalog_selectors.published_domains(version)]


def domains_not_applicable(version: CatalogVersion) -> list[CatalogDomain]:
    return list(version.domains.filter(applies=False).select_related("domain").order_by("domain__order"))


def domain_in_version(version: CatalogVersion, slug: str) -> tuple[Domain, CatalogDomain | None] | None:
    """The domain of that slug if the version has it (items or a domain entry), else None."""
    domain = Domain.objects.filter(slug=slug).first()
    if domain is None:
        return None
    entry = version.domains.filter(domain=domain).first()
    if entry is None and not version.items.filter(domain=domain).exists():
        return None
    return domain, entry


def guiding_units(version: CatalogVersion) -> dict[int, Unit]:
    """Each domain's guiding department (主管责任单位/指导单位) in the version's jurisdiction, by domain id: one
    query. Only the department's name is shown; nobody's person or phone."""
    return {a.domain_id: a.guiding_unit for a in DomainAssignment.objects.filter(
        jurisdiction_id=version.catalog.jurisdiction_id, guiding_unit__isnull=False).select_related("guiding_unit")
        if a.guiding_unit is not None}


@dataclass
class Topic:
    name: str
    items: list[CatalogItem]


def domain_topics(version: CatalogVersion, domain: Domain) -> tuple[list[Topic], list[CatalogItem]]:
    """The domain's applicable items grouped by first-level topic (in catalog order), and the items the
    jurisdiction marked as not applicable (with their reasons)."""
    if version.domains.filter(domain=domain, applies=False).exists():
        return [], []  # the page shows the 未涉及领域事项说明 instead
    items = list(catalog_selectors.version_items(version).filter(domain=domain))
    topics: dict[str, Topic] = {}
    for item in items:
        if item.applicable:
            topics.setdefault(item.topic, Topic(item.topic, [])).items.append(item)
    return list(topics.values()), [i for i in items if not i.applicable]


@dataclass
class TableRow:
    number: int
    item: CatalogItem
    topic_rowspan: int  # 0 when the topic cell is merged into the row above


@dataclass
class TableSection:
    domain: Domain
    applies: bool
    reason: str
    rows: list[TableRow]
    guiding_unit: Unit | None = None


def catalog_table(version: CatalogVersion) -> list[TableSection]:
    """The whole version in the layout of the catalog template: grouped by domain, numbered within each
    domain, consecutive rows of one topic merged into one cell."""
    sections = []
    guiding = guiding_units(version)
    for section in catalog_selectors.version_sections(version, applicable_only=True):
        rows: list[TableRow] = []
        for number, item in enumerate(section.items, start=1):
            if rows and rows[-1].item.topic == item.topic:
                head = next(r for r in reversed(rows) if r.topic_rowspan)
                head.topic_rowspan += 1
                rows.append(TableRow(number, item, 0))
            else:
                rows.append(TableRow(number, item, 1))
        if not rows and section.applies:
            continue
        sections.append(TableSection(section.domain, section.applies,
                                     section.entry.reason if section.entry else "", rows,
                                     guiding.get(section.domain.pk)))
    return sections


@dataclass
class HistoryEntry:
    version: CatalogVersion
    superseded_at: object = None
    superseded_by: CatalogVersion | None = None


def public_history(jurisdiction: Jurisdiction) -> list[HistoryEntry]:
    """Published and superseded versions of the jurisdiction's catalogs, newest first."""
    versions = list(_public_versions().filter(catalog__jurisdiction=jurisdiction)
                    .select_related("catalog").order_by("catalog__tier", "-published_at", "-year", "-id"))
    superseded = {t.version_id: t.at for t in
                  _transitions_to(VersionStatus.SUPERSEDED, [v.pk for v in versions])}
    entries = []
    for version in versions:
        entry = HistoryEntry(version, superseded.get(version.pk))
        if version.status == VersionStatus.SUPERSEDED:
            later = [v for v in versions if v.catalog_id == version.catalog_id and v.pk != version.pk
                     and _published_after(v, version)]
            entry.superseded_by = min(later, key=lambda v: (v.published_at is None, v.published_at, v.pk),
                                      default=None)
        entries.append(entry)
    return entries


def _published_after(candidate: CatalogVersion, version: CatalogVersion) -> bool:
    if candidate.published_at and version.published_at:
        return candidate.published_at > version.published_at
    return candidate.status == VersionStatus.PUBLISHED


def _transitions_to(status: str, version_ids: list[int]):
    return VersionTransition.objects.filter(version_id__in=version_ids, to_status=status).order_by("at")


def public_version(jurisdiction: Jurisdiction, label: str) -> CatalogVersion | None:
    """A published or superseded version of the jurisdiction's catalog by its label."""
    return (_public_versions().filter(catalog__jurisdiction=jurisdiction, label=label)
            .select_related("catalog__jurisdiction").order_by("catalog__tier").first())



# --- the city page ---------------------------------------------------------------------------------


@dataclass
class CountyEntry:
    """A county on its city's page: its published catalog (if any), the number of items it promises, and
    whether that catalog was taken from the city's reference catalog (and which version)."""

    jurisdiction: Jurisdiction
    version: CatalogVersion | None
    items: int = 0

    @property
    def from_reference(self) -> CatalogVersion | None:
        if self.version is None or self.version.reference_version is None:
            return None
        return self.version.reference_version if self.version.reference_version.catalog.is_reference else None


@dataclass
class ReferenceSection:
    domain: Domain
    items: list[CatalogItem] = field(default_factory=list)


def city_counties(city: Jurisdiction) -> list[CountyEntry]:
    """The city's counties (the jurisdictions directly below it), each with its published catalog and its
    count of items; three queries, whatever the number of counties."""
    counties = list(Jurisdiction.objects.filter(parent=city).order_by("code"))
    chosen: dict[int, CatalogVersion] = {}
    for version in (_public_versions().filter(status=VersionStatus.PUBLISHED, catalog__jurisdiction__in=counties)
                    .select_related("catalog", "reference_version__catalog").order_by("catalog__tier")):
        chosen.setdefault(version.catalog.jurisdiction_id, version)
    counts = dict(catalog_selectors.only_effective(CatalogItem.objects.filter(version__in=list(chosen.values())))
                  .values("version").annotate(n=Count("id")).order_by().values_list("version", "n"))
    return [CountyEntry(c, chosen.get(c.pk), counts.get(chosen[c.pk].pk, 0) if c.pk in chosen else 0)
            for c in counties]


def reference_sections(version: CatalogVersion) -> list[ReferenceSection]:
    """The effective items of a published reference catalog grouped by domain, in the domains' order; one query."""
    sections: dict[int, ReferenceSection] = {}
    for item in (catalog_selectors.effective_items(version).select_related("domain")
                 .order_by("domain__order", "order")):
        sections.setdefault(item.domain_id, ReferenceSection(item.domain)).items.append(item)
    return list(sections.values())


def adopted_reference(version: CatalogVersion) -> CatalogVersion | None:
    """The reference version (a city's) a published catalog was taken from, if any; one query."""
    if version.reference_version_id is None:
        return None
    return (CatalogVersion.objects.filter(pk=version.reference_version_id, catalog__is_reference=True,
                                          status__in=PUBLIC_STATUSES)
            .select_related("catalog__jurisdiction").first())


def city_page(city: Jurisdiction) -> dict | None:
    """What the city page shows: its counties' published catalogs and its own published reference catalog; None
    when neither exists (no page)."""
    counties = city_counties(city)
    reference = catalog_selectors.published_reference(city)
    if reference is None and not any(c.version for c in counties):
        return None
    return {
        "counties": counties,
        "published_count": sum(1 for c in counties if c.version),
        "reference": reference,
        "reference_sections": reference_sections(reference) if reference else [],
        "reference_approved_by": approving_jurisdiction(reference) if reference else None,
    }
