"""A city's reference catalog (县（市、区）参考目录): compiled from the national guidelines, 审定 by the city,
adopted by its counties, who localise it; the city sees each adoption and its differences (issue 14)."""

import pytest

from gongkai.catalog import selectors, services
from gongkai.catalog.models import Catalog, Tier, VersionStatus
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent


@pytest.fixture
def world(city_world):
    return city_world


def adopt(world, label="2021版"):
    return services.catalog_create_from_reference(actor=world.users.office, jurisdiction=world.county,
                                                  reference=world.reference, label=label, year=2021)


def test_a_county_adopts_its_citys_reference_with_the_items_keys(world):
    version = adopt(world)
    catalog = version.catalog
    assert (catalog.jurisdiction, catalog.tier, catalog.is_reference) == (world.county, Tier.COUNTY, False)
    assert version.reference_version == world.reference_version
    assert set(version.items.values_list("key", flat=True)) == set(
        world.reference_version.items.values_list("key", flat=True))
    event = AuditEvent.objects.filter(action="catalog_version.created_from_reference").last()
    assert event.data["reference_version"] == "2020版"
    assert selectors.adoption_diff(version).is_empty


def test_the_citys_reference_needs_no_units_and_the_county_gives_its_own(world):
    from tests.factories import DomainAssignmentFactory

    DomainAssignmentFactory(jurisdiction=world.county, domain=world.education, unit=world.edu)
    version = adopt(world)
    units = dict(version.items.values_list("domain__slug", "responsible_unit"))
    assert units["yiwu-jiaoyu"] == world.edu.pk
    assert units["shehui-jiuzhu"] is None


def test_the_city_sees_what_the_county_added_removed_and_changed(world):
    version = adopt(world)
    office = world.users.office
    local = version.items.get(name="临时救助对象名单")
    services.catalog_item_delete_local(actor=office, item=local)
    changed = version.items.get(name="低保审批")
    services.catalog_item_update(actor=office, item=changed, time_limit="信息形成之日起10个工作日内")
    services.catalog_item_add_local(actor=office, version=version, domain=world.education, topic="学生资助",
                                    name="区级助学金名单")
    diff = selectors.adoption_diff(version)
    assert [r["name"] for r in diff.added] == ["区级助学金名单"]
    assert [r["name"] for r in diff.removed] == ["临时救助对象名单"]
    assert [(c.title, [f.label for f in c.changes]) for c in diff.changed] == [("最低生活保障 / 低保审批", ["公开时限"])]
    [row] = [a for a in selectors.reference_adoptions(world.reference) if a.jurisdiction == world.county]
    assert row.adopted and not row.in_force and row.version == version
    assert (len(row.diff.added), len(row.diff.removed), len(row.diff.changed)) == (1, 1, 1)
    other = [a for a in selectors.reference_adoptions(world.reference) if a.jurisdiction == world.tree["other_county"]]
    assert not other[0].adopted


def test_an_adoption_needs_a_published_reference_and_no_pending_version(world):
    draft = services.catalog_create(actor=world.users.city_office, jurisdiction=world.tree["city"],
                                    tier=Tier.TOWNSHIP, is_reference=True)
    with pytest.raises(ValidationFailed, match="乡镇（街道）参考目录"):
        services.catalog_create_from_reference(actor=world.users.office, jurisdiction=world.county, reference=draft,
                                               label="2021版", year=2021)
    adopt(world)
    with pytest.raises(ValidationFailed, match="未发布的版本"):
        adopt(world, label="2022版")
    assert Catalog.objects.get(jurisdiction=world.county).versions.filter(status=VersionStatus.DRAFT).count() == 1


def test_the_county_office_cannot_edit_the_citys_reference(world):
    with pytest.raises(PermissionRefused):
        services.catalog_version_create(actor=world.users.office, catalog=world.reference, label="2021版", year=2021)
    item = world.reference_version.items.first()
    with pytest.raises(PermissionRefused):
        services.catalog_item_update(actor=world.users.office, item=item, name="改名")


@pytest.mark.parametrize("who", ["stranger", "other_office", "approver", "officer"])
def test_others_cannot_adopt_for_the_county(world, who):
    with pytest.raises(PermissionRefused):
        services.catalog_create_from_reference(actor=getattr(world.users, who), jurisdiction=world.county,
                                               reference=world.reference, label="2021版", year=2021)
    assert not Catalog.objects.filter(jurisdiction=world.county).exists()


def test_another_citys_office_cannot_adopt_for_its_own_county(world):
    from tests.factories import JurisdictionFactory

    stranger = world.users.stranger
    hengyang_county = JurisdictionFactory(code="430405000000", name="珠晖区", level="county",
                                          parent=stranger.unit.jurisdiction)
    with pytest.raises(PermissionRefused):
        services.catalog_create_from_reference(actor=stranger, jurisdiction=hengyang_county,
                                               reference=world.reference, label="2021版", year=2021)


def test_the_citys_approver_sees_its_submitted_reference(world):
    office = world.users.city_office
    version = services.catalog_version_create(actor=office, catalog=world.reference, label="2021版", year=2021)
    services.catalog_version_submit(actor=office, version=version)
    assert version in selectors.versions_awaiting_approval(world.users.approver)
