"""catalog_domain_unassigned and catalog_not_revised (国办发〔2019〕54号): planted cases that must be found, near misses
that must not; and each once through `inspection_run`."""

from __future__ import annotations

from datetime import date

from gongkai.oversight.checks.catalogs import catalog_domain_unassigned, catalog_not_revised
from gongkai.oversight.checks.facts import CatalogDomainFacts
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run
from tests.factories import (
    CatalogDomainFactory,
    CatalogItemFactory,
    DomainAssignmentFactory,
    DomainFactory,
    GuidelineFactory,
    StandardItemFactory,
)


def domain(**kw) -> CatalogDomainFacts:
    base = dict(id="3:4", label="大祥区目录（2024版）义务教育领域", jurisdiction_id=1, unit_id=None,
                applicable_items=5, items_without_unit=2)
    base.update(kw)
    return CatalogDomainFacts(**base)


def test_catalog_domain_unassigned_items_without_unit_and_no_assignment():
    """国办发〔2019〕54号 (责任主体): items without a responsible unit in a domain nobody is assigned to are found; an
    assigned domain, or one whose items all have their unit, is not."""
    hits = list(catalog_domain_unassigned([domain()]))
    assert [h.rule for h in hits] == ["catalog_domain_unassigned"] and hits[0].evidence["items_without_unit"] == 2
    assert list(catalog_domain_unassigned([domain(unit_id=9)])) == []
    assert list(catalog_domain_unassigned([domain(items_without_unit=0)])) == []


def test_catalog_not_revised_when_an_adopted_guideline_has_a_newer_current_version():
    """国办发〔2019〕54号 (动态调整): a catalog that adopted version 1 of a guideline whose current version is 2 is
    found; one on the current version is not."""
    old = domain(guidelines=(("义务教育领域基层政务公开标准指引", 1, False, 2),))
    hits = list(catalog_not_revised([old]))
    assert hits and hits[0].evidence["guidelines"] == [{"name": "义务教育领域基层政务公开标准指引", "adopted": 1,
                                                        "current": 2}]
    assert list(catalog_not_revised([domain(guidelines=(("指引", 2, True, 2),))])) == []


def _run(world, rule):
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=date(2026, 11, 20), rules=[rule])
    return {f.target: f for f in Finding.objects.filter(rule=rule)}


def test_catalog_domain_unassigned_through_an_inspection(world):
    """54号 through `inspection_run`: a domain with an item lacking a unit is found until the domain is assigned."""
    loose = DomainFactory(name="社会救助")
    CatalogDomainFactory(version=world.version, domain=loose, applies=True)
    CatalogItemFactory(version=world.version, domain=loose, name="低保对象名单")
    CatalogDomainFactory(version=world.version, domain=world.item.domain, applies=True)
    found = _run(world, "catalog_domain_unassigned")
    assert set(found) == {f"{world.version.pk}:{loose.pk}"}
    DomainAssignmentFactory(jurisdiction=world.tree["county"], domain=loose, unit=world.other_unit)
    _run(world, "catalog_domain_unassigned")
    assert not Finding.objects.get(rule="catalog_domain_unassigned").is_open


def test_catalog_not_revised_through_an_inspection(world):
    """54号 through `inspection_run`: the catalog's domain adopted guideline version 1; version 2 is current."""
    old = GuidelineFactory(domain=world.item.domain, version=1, is_current=False)
    GuidelineFactory(domain=world.item.domain, version=2, is_current=True)
    CatalogDomainFactory(version=world.version, domain=world.item.domain, guideline=old, applies=True)
    fresh_domain = DomainFactory(name="就业")
    current = GuidelineFactory(domain=fresh_domain, version=1, is_current=True)
    CatalogDomainFactory(version=world.version, domain=fresh_domain, applies=True)
    CatalogItemFactory(version=world.version, domain=fresh_domain, responsible_unit=world.unit,
                       standard_item=StandardItemFactory(guideline=current))
    found = _run(world, "catalog_not_revised")
    assert set(found) == {f"{world.version.pk}:{world.item.domain.pk}"}
    assert "第2版" in found[f"{world.version.pk}:{world.item.domain.pk}"].evidence["text"]
