"""Writes of 办事指南 and 政务公开专区: each asks the policy, validates, and saves in one transaction with
its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.catalog.models import CatalogItem
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.guides import elements
from gongkai.guides.models import ServiceGuide, ServiceZone, ZoneChecklist
from gongkai.guides.selectors import checklist_of
from gongkai.organizations.models import Jurisdiction

GUIDE_FIELDS = tuple(f for f, _l, _m in elements.GUIDE_ELEMENTS + elements.OPTIONAL_ELEMENTS) + (
    "online_mode", "online_url")
ZONE_FIELDS = ("name", "place", "address", "hours", "equipment", "person_in_charge", "phone")
ZONE_REQUIRED = {"name": "专区名称", "place": "所在场所", "address": "地址", "hours": "开放时间",
                 "person_in_charge": "负责人", "phone": "联系电话"}
ZONE_LIMITS = {"name": 100, "place": 200, "address": 200, "hours": 200, "equipment": 2000,
               "person_in_charge": 50, "phone": 40}


class GuideInvalid(ValidationFailed):
    """A guide's values that may not be saved; `problems` by field, for the form."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("办事指南的必备要素不完整或填写有误：" + "；".join(problems.values()), code="guide_invalid")
        self.problems = problems


def _clean_guide(values: dict[str, Any]) -> dict[str, str]:
    unknown = set(values) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    cleaned = {f: str(values.get(f) or "").strip() for f in GUIDE_FIELDS}
    problems = elements.guide_problems(cleaned)
    if problems:
        raise GuideInvalid(problems)
    return cleaned


def service_guide_create(*, actor: Actor, item: CatalogItem, **values: Any) -> ServiceGuide:
    """A new 办事指南 under `item` (an item of a jurisdiction's catalog), by its responsible unit or the
    office over it."""
    unit = item.responsible_unit
    if unit is None:
        raise ValidationFailed("该公开事项尚未明确责任单位，请先由政务公开办在目录中指定责任单位。")
    require(actor, Action.MAINTAIN_SERVICE_GUIDES, unit)
    cleaned = _clean_guide(values)
    with transaction.atomic():
        guide = ServiceGuide.objects.create(
            jurisdiction=item.version.catalog.jurisdiction, unit=unit, domain=item.domain, item_key=item.key,
            item_name=item.name, created_by=acting_user(actor), **cleaned)
        record_event(actor=actor, action="service_guide.created", target=guide,
                     data={"item": str(item.key), "unit": unit.pk, "online_mode": guide.online_mode})
    return guide


def service_guide_change(*, actor: Actor, guide: ServiceGuide, **values: Any) -> ServiceGuide:
    require(actor, Action.MAINTAIN_SERVICE_GUIDES, guide)
    current = {f: getattr(guide, f) for f in GUIDE_FIELDS}
    cleaned = _clean_guide(current | values)
    changed = [f for f in GUIDE_FIELDS if cleaned[f] != current[f]]
    if not changed:
        return guide
    with transaction.atomic():
        for field in changed:
            setattr(guide, field, cleaned[field])
        guide.save()
        record_event(actor=actor, action="service_guide.changed", target=guide, data={"changed": changed})
    return guide


def service_guide_delete(*, actor: Actor, guide: ServiceGuide) -> None:
    require(actor, Action.MAINTAIN_SERVICE_GUIDES, guide)
    with transaction.atomic():
        record_event(actor=actor, action="service_guide.deleted", target=guide,
                     data={"item": str(guide.item_key), "unit": guide.unit_id})
        guide.delete()


# --- 政务公开专区 ----------------------------------------------------------------------------------

def zone_checklist_set(*, actor: Actor, jurisdiction: Jurisdiction, lines: list[str]) -> list[str]:
    require(actor, Action.MANAGE_SERVICE_ZONES, jurisdiction)
    try:
        items = elements.checklist_from_lines(lines)
    except ValueError as exc:
        raise ValidationFailed(str(exc), code="checklist_invalid") from None
    with transaction.atomic():
        checklist, _created = ZoneChecklist.objects.update_or_create(jurisdiction=jurisdiction,
                                                                     defaults={"items": items})
        record_event(actor=actor, action="zone_checklist.set", target=checklist, data={"items": items})
    return items


def _clean_zone(values: dict[str, Any], checklist: list[str]) -> dict[str, Any]:
    unknown = set(values) - set(ZONE_FIELDS) - {"checks"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {f: str(values.get(f) or "").strip() for f in ZONE_FIELDS}
    problems = [f"请填写{label}。" for f, label in ZONE_REQUIRED.items() if not cleaned[f]]
    problems += [f"{ZONE_REQUIRED.get(f, '设施设备')}不能超过{n}个字。" for f, n in ZONE_LIMITS.items()
                 if len(cleaned[f]) > n]
    checks = values.get("checks") or {}
    cleaned["checks"] = {}
    for label in checklist:
        got = checks.get(label) or {}
        note = str(got.get("note") or "").strip()
        if len(note) > 200:
            problems.append(f"“{label}”的说明不能超过200个字。")
        cleaned["checks"][label] = {"done": bool(got.get("done")), "note": note}
    if problems:
        raise ValidationFailed("".join(problems), code="zone_invalid")
    return cleaned


def service_zone_create(*, actor: Actor, jurisdiction: Jurisdiction, **values: Any) -> ServiceZone:
    require(actor, Action.MANAGE_SERVICE_ZONES, jurisdiction)
    cleaned = _clean_zone(values, checklist_of(jurisdiction))
    with transaction.atomic():
        zone = ServiceZone.objects.create(jurisdiction=jurisdiction, **cleaned)
        record_event(actor=actor, action="service_zone.created", target=zone,
                     data={"jurisdiction": jurisdiction.code, "checks_done": _done(zone)})
    return zone


def service_zone_change(*, actor: Actor, zone: ServiceZone, **values: Any) -> ServiceZone:
    require(actor, Action.MANAGE_SERVICE_ZONES, zone)
    current = {f: getattr(zone, f) for f in ZONE_FIELDS} | {"checks": zone.checks}
    cleaned = _clean_zone(current | values, checklist_of(zone.jurisdiction))
    changed = [f for f in (*ZONE_FIELDS, "checks") if cleaned[f] != current[f]]
    if not changed:
        return zone
    with transaction.atomic():
        for field in changed:
            setattr(zone, field, cleaned[field])
        zone.save()
        record_event(actor=actor, action="service_zone.changed", target=zone,
                     data={"changed": changed, "checks_done": _done(zone)})
    return zone


def service_zone_delete(*, actor: Actor, zone: ServiceZone) -> None:
    require(actor, Action.MANAGE_SERVICE_ZONES, zone)
    with transaction.atomic():
        record_event(actor=actor, action="service_zone.deleted", target=zone,
                     data={"jurisdiction": zone.jurisdiction.code})
        zone.delete()


def _done(zone: ServiceZone) -> list[str]:
    return [label for label, got in zone.checks.items() if got.get("done")]
