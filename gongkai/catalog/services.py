"""Writes to a jurisdiction's catalog: create, adopt the standard catalogs, localise, version, submit,
approve or return, publish. Each service checks the policy, runs in one transaction and leaves an audit
event; a move the workflow table does not allow is refused with a message."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.catalog import workflow
from gongkai.catalog.models import (
    ADOPTER_LEVEL,
    REFERENCE_LABELS,
    Catalog,
    CatalogDomain,
    CatalogItem,
    CatalogVersion,
    Domain,
    DomainAssignment,
    Guideline,
    StandardItem,
    Tier,
    VersionStatus,
    VersionTransition,
)
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.bulk import insert_many
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.organizations.models import Jurisdiction, Unit, UnitKind

TIER_LABEL = {Tier.COUNTY: "县", Tier.TOWNSHIP: "乡", Tier.VILLAGE: "村"}

ITEM_EDITABLE_FIELDS = (
    "topic", "name", "elements", "schema", "basis", "time_limit", "subject", "channels", "audience",
    "manner", "tiers", "note", "responsible_unit",
    "responsible_section", "responsible_person", "responsible_person_name", "responsible_person_phone",
    "source_document", "source_url",
)
SOURCE_FIELDS = ("source_document", "source_url")
RESPONSIBLE_FIELDS = ("responsible_section", "responsible_person", "responsible_person_name",
                      "responsible_person_phone")
LIST_FIELDS = ("elements", "basis", "channels", "audience", "manner", "tiers")


def _parse_time_limit(text: str) -> dict[str, Any]:
    from gongkai.catalog.time_limits import parse_time_limit

    return parse_time_limit(text or "")


def _guess_schema(elements: list[str]) -> list[dict[str, Any]]:
    from gongkai.catalog.elements import guess_schema

    return guess_schema(elements)


def _read_once(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`read`, each argument read once for the caller's loop (the results are shared: not to be changed)."""
    kept: dict[Any, Any] = {}

    def once(key: Any) -> Any:
        if key not in kept:
            kept[key] = read(key)
        return kept[key]
    return once


def _require_editable(version: CatalogVersion) -> None:
    if not workflow.TABLE.is_editable(version.status):
        raise TransitionNotAllowed(
            f"“{version}”当前为“{version.get_status_display()}”，不能修改；请先基于它创建新版本。"
        )


def item_applies_to_tier(tiers: Iterable[str], tier: str) -> bool:
    """Whether a standard row's 公开层级 covers a catalog tier. A row without captured tiers is offered to
    county catalogs (the default tier of the national tables) and to township catalogs when the domain
    has no tier column at all."""
    tiers = [t for t in tiers if t]
    if not tiers:
        return tier in (Tier.COUNTY, Tier.TOWNSHIP)
    mark = TIER_LABEL[Tier(tier)]
    return any(mark in t for t in tiers)


# --- catalogs and versions -----------------------------------------------------------------------

def catalog_create(*, actor: Actor, jurisdiction: Jurisdiction, tier: str, title: str = "",
                   is_reference: bool = False) -> Catalog:
    require(actor, Action.EDIT_CATALOG, jurisdiction)
    with transaction.atomic():
        if Catalog.objects.filter(jurisdiction=jurisdiction, tier=tier, is_reference=is_reference).exists():
            raise ValidationFailed(f"{jurisdiction.name}已有该层级的公开事项目录，请在原目录下创建新版本。")
        if not title:
            suffix = REFERENCE_LABELS.get(tier, "参考目录") if is_reference else "基层政务公开标准目录"
            title = f"{jurisdiction.name}{suffix}"
        catalog = Catalog.objects.create(jurisdiction=jurisdiction, tier=tier, title=title,
                                         is_reference=is_reference)
        record_event(actor=actor, action="catalog.created", target=catalog, data={"tier": tier})
        return catalog


def catalog_version_create(*, actor: Actor, catalog: Catalog, label: str, year: int,
                           based_on: CatalogVersion | None = None) -> CatalogVersion:
    """A new draft version. The next version starts as a copy of `based_on` (by default the published
    one), keeping every item's key so that versions can be compared."""
    require(actor, Action.EDIT_CATALOG, catalog)
    with transaction.atomic():
        label = (label or "").strip()
        if not label:
            raise ValidationFailed("请填写版本名称，如“2021版”。")
        if catalog.versions.filter(label=label).exists():
            raise ValidationFailed(f"版本“{label}”已存在。")
        if catalog.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.RETURNED, VersionStatus.SUBMITTED,
                                               VersionStatus.APPROVED]).exists():
            raise ValidationFailed("该目录已有一个未发布的版本，请先完成它的审批和发布。")
        if based_on is None:
            based_on = catalog.published_version()
        if based_on is not None and based_on.catalog_id != catalog.id:
            raise ValidationFailed("只能基于本目录的版本创建新版本。")
        version = CatalogVersion.objects.create(catalog=catalog, label=label, year=year, based_on=based_on,
                                                created_by=acting_user(actor))
        if based_on is not None:
            _copy_version_content(based_on, version)
        VersionTransition.objects.create(version=version, from_status="", to_status=VersionStatus.DRAFT,
                                         actor=acting_user(actor), comment=f"基于{based_on.label}" if based_on else "")
        record_event(actor=actor, action="catalog_version.created", target=version,
                     data={"based_on": based_on.label if based_on else None})
        return version


def _copy_version_content(source: CatalogVersion, target: CatalogVersion) -> None:
    CatalogDomain.objects.bulk_create([
        CatalogDomain(version=target, domain_id=d.domain_id, guideline_id=d.guideline_id, applies=d.applies,
                      reason=d.reason)
        for d in source.domains.all()
    ])
    items = []
    for item in source.items.all():
        item.pk = None
        item.id = None
        item.version = target
        items.append(item)
    CatalogItem.objects.bulk_create(items)


def _responsible_unit(jurisdiction: Jurisdiction, domain: Domain, tier: str) -> Unit | None:
    if tier in (Tier.TOWNSHIP, Tier.VILLAGE):
        return (Unit.objects.filter(jurisdiction=jurisdiction, is_active=True)
                .exclude(is_disclosure_office=True)
                .filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.STREET, UnitKind.VILLAGE, UnitKind.COMMUNITY])
                .order_by("id").first())
    assignment = DomainAssignment.objects.filter(jurisdiction=jurisdiction, domain=domain).select_related("unit").first()
    return assignment.unit if assignment else None


def default_responsible_unit(version: CatalogVersion, domain: Domain) -> Unit | None:
    """The unit a new item of `domain` answers to when nothing names one (as an import assigns it)."""
    return _responsible_unit(version.catalog.jurisdiction, domain, version.catalog.tier)


def _default_units(version: CatalogVersion) -> Callable[[Domain], Unit | None]:
    """`default_responsible_unit` for one version, each domain looked up once (an import's rows share them)."""
    found: dict[int, Unit | None] = {}

    def unit(domain: Domain) -> Unit | None:
        if domain.pk not in found:
            found[domain.pk] = default_responsible_unit(version, domain)
        return found[domain.pk]

    return unit


def _item_from_standard(version: CatalogVersion, standard: StandardItem, order: int, unit: Unit | None) -> CatalogItem:
    return CatalogItem(
        version=version, domain_id=standard.guideline.domain_id, standard_item=standard, order=order,
        topic=standard.topic, name=standard.name, elements=list(standard.elements), schema=list(standard.schema),
        basis=list(standard.basis), time_limit=standard.time_limit, time_limit_rule=dict(standard.time_limit_rule),
        subject=standard.subject, channels=list(standard.channels), audience=list(standard.audience),
        manner=list(standard.manner), tiers=list(standard.tiers), responsible_unit=unit,
    )


def catalog_adopt_standard(*, actor: Actor, version: CatalogVersion, domains: Iterable[Domain] | None = None) -> int:
    """Adopt the current national guidelines' items for the catalog's tier. Items already adopted are
    left as they are (adopting twice adds nothing). Returns the number of items added."""
    catalog = version.catalog
    require(actor, Action.EDIT_CATALOG, catalog)
    with transaction.atomic():
        _require_editable(version)
        domain_list = list(domains) if domains is not None else list(Domain.objects.all())
        already = set(version.items.exclude(standard_item=None).values_list("standard_item_id", flat=True))
        next_order = (version.items.aggregate(m=Max("order"))["m"] or 0) + 1
        added: list[CatalogItem] = []
        for domain in domain_list:
            guideline = Guideline.objects.filter(domain=domain, is_current=True).first()
            CatalogDomain.objects.get_or_create(version=version, domain=domain, defaults={"guideline": guideline})
            if guideline is None:
                continue
            unit = _responsible_unit(catalog.jurisdiction, domain, catalog.tier)
            for standard in guideline.items.select_related("guideline").order_by("order"):
                if standard.id in already or not item_applies_to_tier(standard.tiers, catalog.tier):
                    continue
                added.append(_item_from_standard(version, standard, next_order, unit))
                next_order += 1
        CatalogItem.objects.bulk_create(added)
        record_event(actor=actor, action="catalog_version.adopted_standard", target=version,
                     data={"domains": [d.slug for d in domain_list], "items_added": len(added)})
        return len(added)


def _local_domains(specs: list[dict[str, Any]]) -> tuple[dict[str, Domain], list[str]]:
    """The local domains the village topics go to (村务公开, 乡村振兴), created once: not national guidelines, so no
    guideline and not among the 26 pilot domains."""
    domains: dict[str, Domain] = {}
    created: list[str] = []
    for spec in specs:
        domain, made = Domain.objects.get_or_create(slug=spec["slug"], defaults={
            "name": spec["name"], "full_name": spec.get("full_name", ""), "order": spec.get("order", 90),
            "is_pilot": False})
        domains[spec["slug"]] = domain
        if made:
            created.append(spec["slug"])
    return domains, created


def catalog_adopt_village_topics(*, actor: Actor, version: CatalogVersion) -> int:
    """Add the shipped village topics (村务公开 and 乡村振兴 rows of county and town documents) for the catalog's
    tier to a reference catalog for villages and communities, as local items naming their source document. Items
    already there (same domain, topic and name) are left as they are. Returns the number of items added."""
    from gongkai.catalog.village_topics import shipped_village_topics

    catalog = version.catalog
    require(actor, Action.EDIT_CATALOG, catalog)
    with transaction.atomic():
        _require_editable(version)
        if not (catalog.is_reference and catalog.tier == Tier.VILLAGE):
            raise ValidationFailed("村务公开、乡村振兴等村级事项只能加入镇（街道）或县的村（社区）参考目录。")
        data = shipped_village_topics()
        domains, created_domains = _local_domains(data["domains"])
        already = set(version.items.filter(domain__in=domains.values()).values_list("domain_id", "topic", "name"))
        next_order = (version.items.aggregate(m=Max("order"))["m"] or 0) + 1
        units = {slug: _responsible_unit(catalog.jurisdiction, domain, catalog.tier) for slug, domain in domains.items()}
        added: list[CatalogItem] = []
        for row in data["items"]:
            domain = domains[row["domain"]]
            if (domain.id, row["topic"], row["name"]) in already or not item_applies_to_tier(row["tiers"], catalog.tier):
                continue
            added.append(CatalogItem(
                version=version, domain=domain, order=next_order, topic=row["topic"], name=row["name"],
                elements=list(row["elements"]), schema=_guess_schema(row["elements"]), basis=list(row["basis"]),
                time_limit=row["time_limit"], time_limit_rule=_parse_time_limit(row["time_limit"]),
                subject=row["subject"], channels=list(row["channels"]), audience=list(row["audience"]),
                manner=list(row["manner"]), tiers=list(row["tiers"]), responsible_unit=units[row["domain"]],
                source_document=row["source_document"], source_url=row["source_url"]))
            already.add((domain.id, row["topic"], row["name"]))
            next_order += 1
        CatalogItem.objects.bulk_create(added)
        for domain in {item.domain for item in added}:
            CatalogDomain.objects.get_or_create(version=version, domain=domain)
        record_event(actor=actor, action="catalog_version.adopted_village_topics", target=version,
                     data={"items_added": len(added), "domains_created": created_domains,
                           "sources": sorted({item.source_document for item in added})})
        return len(added)


def catalog_domain_set_applies(*, actor: Actor, version: CatalogVersion, domain: Domain, applies: bool,
                               reason: str = "") -> CatalogDomain:
    """Whether the jurisdiction handles a domain; one it does not handle needs a written reason
    (未涉及领域事项说明)."""
    require(actor, Action.EDIT_CATALOG, version.catalog)
    with transaction.atomic():
        _require_editable(version)
        reason = (reason or "").strip()
        if not applies and not reason:
            raise ValidationFailed(f"“{domain.name}”领域标为未涉及时，须填写未涉及领域事项说明。")
        entry, _ = CatalogDomain.objects.get_or_create(
            version=version, domain=domain, defaults={"guideline": Guideline.objects.filter(domain=domain, is_current=True).first()}
        )
        entry.applies = applies
        entry.reason = "" if applies else reason
        entry.save(update_fields=["applies", "reason"])
        record_event(actor=actor, action="catalog_domain.applies_set", target=version,
                     data={"domain": domain.slug, "applies": applies, "reason": entry.reason})
        return entry


def _clean_item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    clean = {}
    for name, value in fields.items():
        if name not in ITEM_EDITABLE_FIELDS:
            raise ValidationFailed(f"不能修改字段“{name}”。")
        if name in LIST_FIELDS:
            if isinstance(value, str):
                value = [v.strip() for v in value.replace("；", "\n").replace(";", "\n").splitlines() if v.strip()]
            value = [str(v).strip() for v in value if str(v).strip()]
        elif isinstance(value, str):
            value = value.strip()
        clean[name] = value
    if "topic" in clean and not clean["topic"]:
        raise ValidationFailed("一级事项不能为空。")
    if "name" in clean and not clean["name"]:
        raise ValidationFailed("二级事项不能为空。")
    return clean


def _check_responsible_person(item: CatalogItem) -> None:
    """责任人: one of the responsible unit's accounts, or (for a unit without accounts) a name with a phone —
    not both, and never a name without a phone or a phone without a name."""
    person = item.responsible_person
    if person is not None:
        if item.responsible_unit is None or person.unit_id != item.responsible_unit.pk:
            unit = item.responsible_unit.name if item.responsible_unit is not None else "（未指定责任单位）"
            raise ValidationFailed(
                f"责任人“{person}”不是责任单位“{unit}”的账号，请从该单位的账号中选择。")
        if item.responsible_person_name or item.responsible_person_phone:
            raise ValidationFailed("责任人已从单位账号中选择，不必再填写姓名和电话：二者只填其一。")
        return
    if item.responsible_person_name and not item.responsible_person_phone:
        raise ValidationFailed("填写了责任人姓名，请同时填写其联系电话。")
    if item.responsible_person_phone and not item.responsible_person_name:
        raise ValidationFailed("填写了责任人电话，请同时填写其姓名。")


def _audit_value(name: str, value: Any) -> Any:
    return getattr(value, "pk", None) if name == "responsible_person" else value


def catalog_item_update(*, actor: Actor, item: CatalogItem, **fields: Any) -> CatalogItem:
    """Localise an item: rename, adjust elements, basis, time limit, channels…; the difference from the
    national standard stays visible (catalog.selectors.item_differences)."""
    require(actor, Action.EDIT_CATALOG, item.version.catalog)
    with transaction.atomic():
        _require_editable(item.version)
        clean = _clean_item_fields(fields)
        before = {k: _audit_value(k, getattr(item, k)) for k in clean if k != "responsible_unit"}
        for name, value in clean.items():
            setattr(item, name, value)
        _check_responsible_person(item)
        if "time_limit" in clean:
            item.time_limit_rule = _parse_time_limit(item.time_limit)
        if "elements" in clean and "schema" not in clean:
            old = {f["name"]: f for f in item.schema}
            item.schema = [old.get(f["name"], f) for f in _guess_schema(item.elements)]
        item.save()
        record_event(actor=actor, action="catalog_item.updated", target=item,
                     data={"before": before,
                           "after": {k: _audit_value(k, v) for k, v in clean.items() if k != "responsible_unit"}})
        return item


def catalog_item_columns_add(*, actor: Actor, item: CatalogItem, fields: list[dict[str, Any]]) -> CatalogItem:
    """Add columns to an item's entry schema (its 明细 list: names, schools, amounts…), by the office that edits
    the catalog. Allowed on a published version: columns are only appended, so every entry already filed stays
    valid, and the item's public content (要素) is unchanged."""
    from gongkai.catalog.elements import add_fields

    require(actor, Action.EDIT_CATALOG, item.version.catalog)
    with transaction.atomic():
        locked = CatalogItem.objects.select_for_update().get(pk=item.pk)
        try:
            schema = add_fields(locked.schema, fields)
        except ValueError as exc:
            raise ValidationFailed(str(exc)) from exc
        added = schema[len(locked.schema or []):]
        locked.schema = schema
        locked.save(update_fields=["schema"])
        record_event(actor=actor, action="catalog_item.columns_added", target=locked,
                     data={"added": added, "version": locked.version_id})
    item.schema = schema
    return item


def catalog_item_add_local(*, actor: Actor, version: CatalogVersion, domain: Domain, topic: str, name: str,
                           **fields: Any) -> CatalogItem:
    """A local item that the national standard does not have."""
    require(actor, Action.EDIT_CATALOG, version.catalog)
    with transaction.atomic():
        _require_editable(version)
        clean = _clean_item_fields({"topic": topic, "name": name, **fields})
        if version.items.filter(domain=domain, topic=clean["topic"], name=clean["name"]).exists():
            raise ValidationFailed(f"“{clean['topic']} / {clean['name']}”已在本目录中。")
        order = (version.items.aggregate(m=Max("order"))["m"] or 0) + 1
        item = CatalogItem(version=version, domain=domain, order=order, **clean)
        if item.responsible_unit is None:
            item.responsible_unit = _responsible_unit(version.catalog.jurisdiction, domain, version.catalog.tier)
        _check_responsible_person(item)
        item.time_limit_rule = _parse_time_limit(item.time_limit)
        if not item.schema:
            item.schema = _guess_schema(item.elements)
        item.save()
        CatalogDomain.objects.get_or_create(version=version, domain=domain)
        record_event(actor=actor, action="catalog_item.added_local", target=item, data={"domain": domain.slug})
        return item


def catalog_item_set_applicable(*, actor: Actor, item: CatalogItem, applicable: bool, reason: str = "") -> CatalogItem:
    require(actor, Action.EDIT_CATALOG, item.version.catalog)
    with transaction.atomic():
        _require_editable(item.version)
        reason = (reason or "").strip()
        if not applicable and not reason:
            raise ValidationFailed("标为不适用的事项须填写不适用说明。")
        item.applicable = applicable
        item.not_applicable_reason = "" if applicable else reason
        item.save(update_fields=["applicable", "not_applicable_reason"])
        record_event(actor=actor, action="catalog_item.applicability_set", target=item,
                     data={"applicable": applicable, "reason": item.not_applicable_reason})
        return item


def catalog_item_delete_local(*, actor: Actor, item: CatalogItem) -> None:
    require(actor, Action.EDIT_CATALOG, item.version.catalog)
    with transaction.atomic():
        _require_editable(item.version)
        if not item.is_local:
            raise ValidationFailed("国家标准事项不能删除；如本地不适用，请标为不适用并说明理由。")
        record_event(actor=actor, action="catalog_item.deleted_local", target=item)
        item.delete()


def _delete_items(items: QuerySet[CatalogItem]) -> None:
    """`items.delete()` in a number of queries that does not grow with the items (Django's collector deletes
    100 at a time): their rows in many-to-many tables (a record's items) go with them. When any other row
    refers to one of them (an entry, PROTECT), the collector decides as before (and refuses)."""
    relations = CatalogItem._meta.related_objects
    if any(not r.many_to_many and r.related_model._default_manager.filter(**{f"{r.field.name}__in": items}).exists()
           for r in relations):
        items.delete()
        return
    for relation in relations:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]  # a ManyToManyRel
            column = next(f.name for f in through._meta.fields if f.is_relation and f.related_model is CatalogItem)
            through._default_manager.filter(**{f"{column}__in": items}).delete()
    items._raw_delete(items.db)


def catalog_version_replace_items(*, actor: Actor, version: CatalogVersion, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Replace the items of the domains present in `rows` (an imported table). Rows carry `domain`
    (a Domain) and the item fields. An item keeps its key when its topic and name match an existing
    item of the version, and is linked to the national item with the same domain, topic and name."""
    require(actor, Action.IMPORT_CATALOG, version.catalog)
    with transaction.atomic():
        _require_editable(version)
        domains = {row["domain"].id: row["domain"] for row in rows}
        existing: dict[tuple[int, Any, Any], CatalogItem] = {
            (i.domain_id, i.topic, i.name): i
            for i in version.items.filter(domain_id__in=domains).select_related("responsible_unit", "responsible_person")
        }
        standard: dict[tuple[int, Any, Any], StandardItem] = {
            (s.guideline.domain_id, s.topic, s.name): s
            for s in StandardItem.objects.filter(guideline__is_current=True, guideline__domain_id__in=domains)
            .select_related("guideline")
        }
        incoming = {(row["domain"].id, str(row.get("topic", "")).strip(), str(row.get("name", "")).strip()) for row in rows}
        # Exports leave out items marked not applicable; an import of that file must not lose them and their reasons.
        kept_not_applicable = [k for k, i in existing.items() if not i.applicable and k not in incoming]
        _delete_items(version.items.filter(domain_id__in=domains)
                      .exclude(pk__in=[existing[k].pk for k in kept_not_applicable]))
        created = []
        default_unit = _default_units(version)
        # A table repeats its time limits and element lists row after row: each is read once (the items share the
        # read rule, written out as they are and never changed here).
        time_limit_rule = _read_once(_parse_time_limit)
        schema_of = _read_once(lambda elements: _guess_schema(list(elements)))
        for order, row in enumerate(rows, start=1):
            domain = row["domain"]
            fields = _clean_item_fields({k: v for k, v in row.items() if k in ITEM_EDITABLE_FIELDS})
            old = existing.get((domain.id, fields.get("topic"), fields.get("name")))
            item = CatalogItem(version=version, domain=domain, order=order,
                               standard_item=standard.get((domain.id, fields.get("topic"), fields.get("name"))),
                               **fields)
            if old is not None:
                item.key = old.key
                item.applicable = old.applicable
                item.not_applicable_reason = old.not_applicable_reason
                if "responsible_unit" not in fields:
                    item.responsible_unit = old.responsible_unit
                for name in (*RESPONSIBLE_FIELDS, *SOURCE_FIELDS):
                    if name not in fields:
                        setattr(item, name, getattr(old, name))
            if item.responsible_unit is None:
                item.responsible_unit = default_unit(domain)
            person = item.responsible_person
            if person is not None and person.unit_id != item.responsible_unit_id:
                item.responsible_person = None  # the unit changed in the table: its old person no longer answers
            try:
                _check_responsible_person(item)
            except ValidationFailed as exc:
                raise ValidationFailed(f"第{order}行“{item.topic} / {item.name}”：{exc.message}") from exc
            item.time_limit_rule = time_limit_rule(item.time_limit)
            if not item.schema:
                item.schema = schema_of(tuple(item.elements or ()))
            created.append(item)
        offset = len(created)
        kept = [existing[k] for k in kept_not_applicable]
        for n, item in enumerate(kept, start=1):
            item.order = offset + n
        CatalogItem.objects.bulk_update(kept, ["order"], batch_size=500)
        insert_many(created)  # by COPY on PostgreSQL: the items get no primary key back (none is used below)
        for domain in domains.values():
            CatalogDomain.objects.get_or_create(
                version=version, domain=domain,
                defaults={"guideline": Guideline.objects.filter(domain=domain, is_current=True).first()},
            )
        summary = {"items": len(created), "domains": sorted(d.slug for d in domains.values()),
                   "kept_keys": sum(1 for i in created if (i.domain_id, i.topic, i.name) in existing),
                   "kept_not_applicable": len(kept_not_applicable)}
        record_event(actor=actor, action="catalog_version.items_imported", target=version, data=summary)
        return summary


# --- workflow ------------------------------------------------------------------------------------

def _move(*, actor: Actor, version: CatalogVersion, move: str, comment: str = "") -> CatalogVersion:
    version = CatalogVersion.objects.select_for_update().select_related("catalog__jurisdiction").get(pk=version.pk)
    to_status = workflow.TABLE.next_status(version.status, move)
    from_status = version.status
    version.status = to_status
    VersionTransition.objects.create(version=version, from_status=from_status, to_status=to_status,
                                     actor=acting_user(actor), comment=comment)
    record_event(actor=actor, action=f"catalog_version.{move}", target=version,
                 data={"from": from_status, "to": to_status, "comment": comment})
    return version


def submission_problems(version: CatalogVersion) -> list[str]:
    """What must be put right before a version can go to the level above."""
    problems = []
    if not version.items.exists():
        problems.append("目录中还没有任何事项。")
    from gongkai.catalog.selectors import effective_items

    # A reference catalog names no units: each jurisdiction that adopts it gives its items its own.
    missing = 0 if version.catalog.is_reference else effective_items(version).filter(responsible_unit__isnull=True).count()
    if missing:
        problems.append(f"有 {missing} 个事项尚未指定责任单位。")
    return problems


def catalog_version_submit(*, actor: Actor, version: CatalogVersion, comment: str = "") -> CatalogVersion:
    require(actor, Action.SUBMIT_CATALOG, version.catalog)
    with transaction.atomic():
        problems = submission_problems(version)
        if problems and workflow.TABLE.is_editable(version.status):
            raise ValidationFailed("不能报送：" + "".join(problems))
        version = _move(actor=actor, version=version, move=workflow.SUBMIT, comment=comment)
        version.submitted_at = clock.now()
        version.save(update_fields=["status", "submitted_at", "updated_at"])
        return version


def catalog_version_approve(*, actor: Actor, version: CatalogVersion, comment: str = "") -> CatalogVersion:
    require(actor, Action.APPROVE_CATALOG, version.catalog)
    with transaction.atomic():
        version = _move(actor=actor, version=version, move=workflow.APPROVE, comment=comment)
        version.decided_at = clock.now()
        version.decided_by = acting_user(actor)
        version.decision_comment = comment
        version.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
        return version


def catalog_version_return(*, actor: Actor, version: CatalogVersion, comment: str) -> CatalogVersion:
    require(actor, Action.APPROVE_CATALOG, version.catalog)
    with transaction.atomic():
        if not (comment or "").strip():
            raise ValidationFailed("退回修改时须填写审批意见，说明需要修改的内容。")
        version = _move(actor=actor, version=version, move=workflow.RETURN, comment=comment.strip())
        version.decided_at = clock.now()
        version.decided_by = acting_user(actor)
        version.decision_comment = comment.strip()
        version.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
        return version


def catalog_version_publish(*, actor: Actor, version: CatalogVersion) -> CatalogVersion:
    """Publish an approved version; the previously published one is superseded. A published version
    never changes again."""
    require(actor, Action.PUBLISH_CATALOG, version.catalog)
    with transaction.atomic():
        previous = version.catalog.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk).first()
        if previous is not None:
            previous = _move(actor=actor, version=previous, move=workflow.SUPERSEDE, comment=f"由{version.label}替代")
            previous.save(update_fields=["status", "updated_at"])
        version = _move(actor=actor, version=version, move=workflow.PUBLISH)
        version.published_at = clock.now()
        version.save(update_fields=["status", "published_at", "updated_at"])
        return version


# --- reference catalogs: a city's for its counties, a township's for its villages ----------------------

def catalog_create_from_reference(*, actor: Actor, jurisdiction: Jurisdiction, reference: Catalog,
                                  label: str, year: int) -> CatalogVersion:
    """Adopt a reference catalog: a new draft version of `jurisdiction`'s own catalog of the reference's tier,
    copied from the reference's published version (item keys kept, so that the level above sees what was
    localised, added or removed) and remembering that version. A county adopts its city's reference; a
    township office makes its villages' catalogs from its own. The catalog is created when missing; one that
    already has an unpublished version is refused, as for any new version."""
    require(actor, Action.EDIT_CATALOG, jurisdiction)
    require(actor, Action.ADOPT_REFERENCE_CATALOG, reference)
    with transaction.atomic():
        if not reference.is_reference:
            raise ValidationFailed("所选目录不是参考目录。")
        if jurisdiction.pk == reference.jurisdiction_id or not jurisdiction.is_within(reference.jurisdiction):
            raise ValidationFailed(f"{jurisdiction.name}不在{reference.jurisdiction.name}辖区内，不能采用该参考目录。")
        if jurisdiction.level != ADOPTER_LEVEL[Tier(reference.tier)]:
            raise ValidationFailed(f"“{reference.title}”供{reference.reference_label.removesuffix('参考目录')}"
                                   f"采用，{jurisdiction.name}不能采用。")
        label = (label or "").strip()
        if not label:
            raise ValidationFailed("请填写版本名称，如“2021版”。")
        source = reference.published_version()
        if source is None:
            raise ValidationFailed("参考目录尚未发布，须以已发布的参考目录为基础。")
        catalog = Catalog.objects.filter(jurisdiction=jurisdiction, tier=reference.tier, is_reference=False).first()
        if catalog is None:
            catalog = catalog_create(actor=actor, jurisdiction=jurisdiction, tier=reference.tier)
        if catalog.versions.filter(label=label).exists():
            raise ValidationFailed(f"{catalog.title}已有版本“{label}”，请换一个版本名称。")
        if catalog.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.RETURNED, VersionStatus.SUBMITTED,
                                               VersionStatus.APPROVED]).exists():
            raise ValidationFailed(f"{catalog.title}已有一个未发布的版本，请先完成它的审批和发布。")
        version = CatalogVersion.objects.create(catalog=catalog, label=label, year=year, reference_version=source,
                                                created_by=acting_user(actor))
        _copy_version_content(source, version)
        _assign_adopter_units(version)
        VersionTransition.objects.create(version=version, from_status="", to_status=VersionStatus.DRAFT,
                                         actor=acting_user(actor), comment=f"取自{reference.title}（{source.label}）")
        record_event(actor=actor, action="catalog_version.created_from_reference", target=version,
                     data={"reference": reference.pk, "reference_version": source.label})
        return version


def _assign_adopter_units(version: CatalogVersion) -> None:
    """The copied items answer to the adopting jurisdiction's units (its domain-to-unit table, or its village
    committee), never to the units of the level that wrote the reference; responsible persons are cleared."""
    jurisdiction, tier = version.catalog.jurisdiction, version.catalog.tier
    version.items.update(responsible_unit=None, responsible_section="", responsible_person=None,
                         responsible_person_name="", responsible_person_phone="")
    if tier == Tier.VILLAGE:
        unit = Unit.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("id").first()
        if unit is not None:
            version.items.update(responsible_unit=unit)
        return
    for assignment in DomainAssignment.objects.filter(jurisdiction=jurisdiction):
        version.items.filter(domain_id=assignment.domain_id).update(responsible_unit_id=assignment.unit_id)


# --- domain-to-unit table -------------------------------------------------------------------------

def domain_assignment_set(*, actor: Actor, jurisdiction: Jurisdiction, domain: Domain,
                          unit: Unit | None) -> DomainAssignment | None:
    """Say which unit answers for a domain in a jurisdiction (None clears it). The unit must be an active
    unit of that jurisdiction. Adoption gives new items this unit; items already adopted keep theirs."""
    require(actor, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
    if unit is not None and unit.jurisdiction_id != jurisdiction.id:
        raise ValidationFailed(f"“{unit.name}”不属于{jurisdiction.name}，不能负责该辖区的“{domain.name}”领域。")
    if unit is not None and not unit.is_active:
        raise ValidationFailed(f"“{unit.name}”已停用，不能指定为责任单位。")
    with transaction.atomic():
        current = (DomainAssignment.objects.select_for_update(of=("self",)).select_related("unit")
                   .filter(jurisdiction=jurisdiction, domain=domain).first())
        before = current.unit.name if current and current.unit else None
        if unit is None:
            if current is None or current.unit_id is None:
                return current
            if current.guiding_unit_id is None and not current.completion_text and current.completion_on is None:
                current.delete()
                result = None
            else:  # the guiding department and completion date stay
                current.unit = None
                current.save(update_fields=["unit", "updated_at"])
                result = current
        elif current is None:
            result = DomainAssignment.objects.create(jurisdiction=jurisdiction, domain=domain, unit=unit)
        elif current.unit_id == unit.id:
            return current
        else:
            current.unit = unit
            current.save(update_fields=["unit", "updated_at"])
            result = current
        record_event(actor=actor, action="domain_assignment.set", target=jurisdiction,
                     data={"domain": domain.slug, "before": before, "after": unit.name if unit else None})
        return result


GUIDANCE_FIELDS = ("unit", "guiding_unit", "completion_text", "completion_on")


def _guidance_refusal(jurisdiction: Jurisdiction, domain: Domain, field: str, value: Any) -> str:
    """Why `value` cannot stand in `field` of the domain's row ("" if it can)."""
    if field == "unit" and value is not None:
        if value.jurisdiction_id != jurisdiction.id:
            return f"“{value.name}”不属于{jurisdiction.name}，不能负责该辖区的“{domain.name}”领域。"
        if not value.is_active:
            return f"“{value.name}”已停用，不能指定为“{domain.name}”领域的责任单位。"
    if field == "guiding_unit" and value is not None:
        if not jurisdiction.is_within(value.jurisdiction):
            return (f"“{value.name}”不是{jurisdiction.name}或其上级的单位，不能指导该辖区的“{domain.name}”领域。")
        if not value.is_active:
            return f"“{value.name}”已停用，不能指定为“{domain.name}”领域的指导单位。"
    if field == "completion_text" and len(value or "") > 60:
        return f"“{domain.name}”领域的完成时间过长，最多60字。"
    return ""


def domain_assignments_save(*, actor: Actor, jurisdiction: Jurisdiction, changes: dict[Domain, dict[str, Any]],
                            source: str = "screen") -> int:
    """Write several rows of the domain table at once — the responsible unit, the guiding department
    (主管责任单位/指导单位, of the jurisdiction or one above it) and the completion date of each domain's
    catalog work. A row's keys absent from its dict stay as they are. All or nothing, one audit event;
    returns the number of domains changed. A row left with nothing in it is removed."""
    require(actor, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
    problems = [p for domain, fields in changes.items() for name, value in fields.items()
                if name in GUIDANCE_FIELDS and (p := _guidance_refusal(jurisdiction, domain, name, value))]
    unknown = sorted({n for fields in changes.values() for n in fields if n not in GUIDANCE_FIELDS})
    if unknown:
        problems.append(f"不能修改字段“{'、'.join(unknown)}”。")
    if problems:
        raise ValidationFailed("".join(problems))
    with transaction.atomic():
        rows = {a.domain_id: a for a in DomainAssignment.objects.select_for_update(of=("self",))
                .filter(jurisdiction=jurisdiction, domain__in=list(changes)).select_related("unit", "guiding_unit")}
        log: dict[str, dict[str, list[Any]]] = {}
        for domain, fields in changes.items():
            row = rows.get(domain.id) or DomainAssignment(jurisdiction=jurisdiction, domain=domain)
            diff = {}
            for name, value in fields.items():
                if name == "completion_text":
                    value = (value or "").strip()
                old = getattr(row, name)
                if old != value:
                    diff[name] = [_guidance_label(old), _guidance_label(value)]
                    setattr(row, name, value)
            if not diff:
                continue
            log[domain.slug] = diff
            if row.unit_id is None and row.guiding_unit_id is None and not row.completion_text and row.completion_on is None:
                if row.pk:
                    row.delete()
            else:
                row.save()
        if log:
            record_event(actor=actor, action="domain_assignments.saved", target=jurisdiction,
                         data={"source": source, "changes": log})
        return len(log)


def _guidance_label(value: Any) -> Any:
    if isinstance(value, Unit):
        return value.name
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
