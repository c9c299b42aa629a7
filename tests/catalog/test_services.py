"""The catalog of a jurisdiction through its services: adopt, localise, versions, the workflow."""

import pytest

from gongkai.catalog import selectors, services
from gongkai.catalog.models import CatalogItem, Tier, VersionStatus
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import (
    StandardItemFactory,
)

pytestmark = pytest.mark.django_db


def new_county_version(w):
    catalog = services.catalog_create(actor=w["office"], jurisdiction=w["county"], tier=Tier.COUNTY)
    return services.catalog_version_create(actor=w["office"], catalog=catalog, label="2021版", year=2021)


def test_adopting_takes_the_items_of_the_tier_with_responsible_units(world):
    version = new_county_version(world)
    added = services.catalog_adopt_standard(actor=world["office"], version=version)
    names = sorted(version.items.values_list("name", flat=True))
    assert added == 3
    assert names == ["学校名录", "招生范围", "招生计划"]  # 部门预算 is a township item
    assert set(version.items.filter(domain=world["education"]).values_list("responsible_unit__name", flat=True)) == {"区教育局"}
    assert services.catalog_adopt_standard(actor=world["office"], version=version) == 0  # idempotent


def test_township_catalog_takes_township_items_and_the_township_as_unit(world):
    catalog = services.catalog_create(actor=world["town_office"], jurisdiction=world["town"], tier=Tier.TOWNSHIP)
    version = services.catalog_version_create(actor=world["town_office"], catalog=catalog, label="2021版", year=2021)
    services.catalog_adopt_standard(actor=world["town_office"], version=version)
    assert sorted(version.items.values_list("name", flat=True)) == ["学校名录", "招生计划", "部门预算"]
    assert set(version.items.values_list("responsible_unit", flat=True)) == {world["town_unit"].id}


def test_a_domain_not_handled_needs_a_written_reason(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    with pytest.raises(ValidationFailed, match="未涉及领域事项说明"):
        services.catalog_domain_set_applies(actor=world["office"], version=version, domain=world["budget"],
                                            applies=False, reason="  ")
    entry = services.catalog_domain_set_applies(actor=world["office"], version=version, domain=world["budget"],
                                                applies=False, reason="本级财政预决算由区财政局统一公开")
    assert not entry.applies and entry.reason


def test_localisation_is_visible_as_difference_from_the_standard(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    item = version.items.get(name="招生范围")
    assert selectors.item_differences(item) == []
    services.catalog_item_update(actor=world["office"], item=item, name="义务教育招生范围",
                                 time_limit="每年6月底前")
    item.refresh_from_db()
    assert item.time_limit_rule  # parsed again
    assert {c.label for c in selectors.item_differences(item)} == {"二级事项", "公开时限"}
    local = services.catalog_item_add_local(actor=world["office"], version=version, domain=world["education"],
                                            topic="招生管理", name="随迁子女入学", elements="入学条件\n办理流程")
    assert local.is_local and local.elements == ["入学条件", "办理流程"]
    assert local.responsible_unit == world["edu"]
    with pytest.raises(ValidationFailed):
        services.catalog_item_set_applicable(actor=world["office"], item=item, applicable=False)
    summary = selectors.version_localisation_summary(version)
    assert summary["local"] == 1 and summary["changed"] == 1


def test_full_workflow_and_a_published_version_never_changes(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    services.catalog_version_submit(actor=world["office"], version=version)
    with pytest.raises(PermissionRefused):
        services.catalog_version_approve(actor=world["county_approver"], version=version)  # own level: refused
    with pytest.raises(ValidationFailed):
        services.catalog_version_return(actor=world["city_approver"], version=version, comment="")
    version = services.catalog_version_return(actor=world["city_approver"], version=version, comment="请补充本地事项")
    assert version.status == VersionStatus.RETURNED
    services.catalog_version_submit(actor=world["office"], version=version)
    with pytest.raises(TransitionNotAllowed):
        services.catalog_version_publish(actor=world["office"], version=version)
    services.catalog_version_approve(actor=world["city_approver"], version=version, comment="同意")
    version = services.catalog_version_publish(actor=world["office"], version=version)
    assert version.status == VersionStatus.PUBLISHED and version.published_at
    item = version.items.first()
    with pytest.raises(TransitionNotAllowed):
        services.catalog_item_update(actor=world["office"], item=item, name="改名")
    assert [t.to_status for t in version.transitions.all()] == [
        "draft", "submitted", "returned", "submitted", "approved", "published"]
    assert AuditEvent.objects.filter(action="catalog_version.publish").count() == 1


def test_next_version_copies_keys_and_supersedes_on_publish(world):
    v1 = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=v1)
    for move in (services.catalog_version_submit,):
        move(actor=world["office"], version=v1)
    services.catalog_version_approve(actor=world["city_approver"], version=v1)
    services.catalog_version_publish(actor=world["office"], version=v1)
    v2 = services.catalog_version_create(actor=world["office"], catalog=v1.catalog, label="2022版", year=2022)
    assert v2.based_on == v1
    assert set(v2.items.values_list("key", flat=True)) == set(v1.items.values_list("key", flat=True))
    services.catalog_item_update(actor=world["office"], item=v2.items.get(name="招生范围"), channels=["政府网站", "两微一端"])
    diff = selectors.version_diff(v1, v2)
    assert len(diff.changed) == 1 and diff.changed[0].changes[0].label == "公开渠道和载体"
    services.catalog_version_submit(actor=world["office"], version=v2)
    services.catalog_version_approve(actor=world["city_approver"], version=v2)
    services.catalog_version_publish(actor=world["office"], version=v2)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.SUPERSEDED
    assert selectors.published_version(world["county"]).label == "2022版"


def test_one_open_version_at_a_time(world):
    version = new_county_version(world)
    with pytest.raises(ValidationFailed, match="未发布的版本"):
        services.catalog_version_create(actor=world["office"], catalog=version.catalog, label="2022版", year=2022)


def test_submission_refused_while_items_lack_a_responsible_unit(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    version.items.update(responsible_unit=None)
    with pytest.raises(ValidationFailed, match="责任单位"):
        services.catalog_version_submit(actor=world["office"], version=version)
    assert version.transitions.count() == 1


@pytest.mark.parametrize("role_key", ["officer", "sysadmin", "city_approver"])
def test_roles_without_catalog_rights_are_refused_and_audited(world, role_key):
    before = AuditEvent.objects.filter(action="permission.refused").count()
    with pytest.raises(PermissionRefused):
        services.catalog_create(actor=world[role_key], jurisdiction=world["county"], tier=Tier.COUNTY)
    assert AuditEvent.objects.filter(action="permission.refused").count() == before + 1


def test_office_cannot_edit_a_neighbouring_county(world):
    with pytest.raises(PermissionRefused):
        services.catalog_create(actor=world["office"], jurisdiction=world["other_county"], tier=Tier.COUNTY)


def test_village_catalog_from_the_township_reference(world):
    from gongkai.organizations.models import JurisdictionLevel
    from tests.factories import JurisdictionFactory

    village = JurisdictionFactory(code="430503100201", name="示范村", level=JurisdictionLevel.VILLAGE,
                                  parent=world["town"])
    ref = services.catalog_create(actor=world["town_office"], jurisdiction=world["town"], tier=Tier.VILLAGE,
                                  is_reference=True)
    rv = services.catalog_version_create(actor=world["town_office"], catalog=ref, label="2021版", year=2021)
    services.catalog_item_add_local(actor=world["town_office"], version=rv, domain=world["budget"],
                                    topic="村务公开", name="村级财务收支")
    with pytest.raises(ValidationFailed, match="尚未发布"):
        services.catalog_create_from_reference(actor=world["town_office"], jurisdiction=village, reference=ref,
                                                       label="2021版", year=2021)
    services.catalog_version_submit(actor=world["town_office"], version=rv)
    services.catalog_version_approve(actor=world["county_approver"], version=rv)
    services.catalog_version_publish(actor=world["town_office"], version=rv)
    vv = services.catalog_create_from_reference(actor=world["town_office"], jurisdiction=village, reference=ref,
                                                label="2021版", year=2021)
    assert list(vv.items.values_list("name", flat=True)) == ["村级财务收支"]
    assert CatalogItem.objects.filter(version=vv).count() == 1


def test_search_finds_chinese_inside_list_fields():
    """Elements are stored as Chinese, not \\u escapes, so that a two-character word inside a list is found."""
    item = StandardItemFactory(elements=["最低生活保障对象名单", "低保标准"], name="社会救助对象")
    StandardItemFactory(elements=["学校名称"], name="学校名录")
    assert list(selectors.standard_items_search("低保")) == [item]
    assert list(selectors.standard_items_search("低保 标准")) == [item]


def test_import_keeps_items_marked_not_applicable_that_the_file_leaves_out(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    item = version.items.get(name="学校名录")
    services.catalog_item_set_applicable(actor=world["office"], item=item, applicable=False, reason="本区无此类信息")
    rows = [{"domain": world["education"], "topic": "招生管理", "name": "招生范围", "elements": ["学区"]}]
    summary = services.catalog_version_replace_items(actor=world["office"], version=version, rows=rows)
    assert summary["kept_not_applicable"] == 1
    assert sorted(version.items.values_list("name", "applicable")) == [("学校名录", False), ("招生范围", True)]
    assert version.items.get(name="学校名录").not_applicable_reason == "本区无此类信息"


def test_items_of_a_domain_marked_not_handled_count_nowhere(world):
    """A domain marked 未涉及 keeps its items (marking it back restores them) but its items neither block
    submission nor appear among the catalog's promises."""
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    version.items.filter(domain=world["education"]).update(responsible_unit=None)
    with pytest.raises(ValidationFailed, match="责任单位"):
        services.catalog_version_submit(actor=world["office"], version=version)
    services.catalog_domain_set_applies(actor=world["office"], version=version, domain=world["education"],
                                        applies=False, reason="本级不承担义务教育事项")
    assert selectors.effective_items(version).count() == 0
    assert selectors.published_domains(version) == []
    assert all(not s.items for s in selectors.version_sections(version, applicable_only=True))
    services.catalog_version_submit(actor=world["office"], version=version)
    assert version.items.filter(domain=world["education"]).count() == 3


def test_a_domain_not_handled_elsewhere_does_not_hide_a_units_items(world):
    """未涉及 is per version: a township's catalog that does not handle 义务教育 must not hide the county
    education bureau's items of the county catalog (what its officers fill)."""
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    services.catalog_version_submit(actor=world["office"], version=version)
    services.catalog_version_approve(actor=world["city_approver"], version=version)
    services.catalog_version_publish(actor=world["office"], version=version)
    town = services.catalog_create(actor=world["town_office"], jurisdiction=world["town"], tier=Tier.TOWNSHIP)
    tv = services.catalog_version_create(actor=world["town_office"], catalog=town, label="2021版", year=2021)
    services.catalog_adopt_standard(actor=world["town_office"], version=tv)
    services.catalog_domain_set_applies(actor=world["town_office"], version=tv, domain=world["education"],
                                        applies=False, reason="本镇不承担义务教育事项")
    services.catalog_version_submit(actor=world["town_office"], version=tv)
    services.catalog_version_approve(actor=world["county_approver"], version=tv)
    services.catalog_version_publish(actor=world["town_office"], version=tv)
    names = sorted(i.name for i in selectors.published_items_of_units([world["edu"]]))
    assert names == ["学校名录", "招生范围", "招生计划"]
    assert not selectors.published_items_of_units([world["town_unit"]]).filter(domain=world["education"]).exists()


# --- 落实到科（股）室、明确责任人 (issue 14, seeds 001, 003) ------------------------------------------

def test_an_item_names_its_section_and_a_person_of_the_responsible_unit(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    item = version.items.get(name="招生范围")
    person = world["officer"]  # an account of 区教育局, the item's responsible unit
    services.catalog_item_update(actor=world["office"], item=item, responsible_section="基础教育股",
                                 responsible_person=person)
    item.refresh_from_db()
    assert item.responsible_section == "基础教育股" and item.responsible_person == person
    event = AuditEvent.objects.filter(action="catalog_item.updated").latest("id")
    assert event.data["after"] == {"responsible_section": "基础教育股", "responsible_person": person.pk}
    assert event.data["before"] == {"responsible_section": "", "responsible_person": None}
    # The next version carries them over.
    services.catalog_version_submit(actor=world["office"], version=version)
    services.catalog_version_approve(actor=world["city_approver"], version=version)
    services.catalog_version_publish(actor=world["office"], version=version)
    v2 = services.catalog_version_create(actor=world["office"], catalog=version.catalog, label="2022版", year=2022)
    copied = v2.items.get(name="招生范围")
    assert copied.responsible_section == "基础教育股" and copied.responsible_person == person


def test_a_person_of_another_unit_is_refused(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    item = version.items.get(name="招生范围")
    with pytest.raises(ValidationFailed, match="不是责任单位“区教育局”的账号"):
        services.catalog_item_update(actor=world["office"], item=item, responsible_person=world["town_office"])
    item.refresh_from_db()
    assert item.responsible_person is None


def test_an_offline_person_needs_both_name_and_phone(world):
    version = new_county_version(world)
    services.catalog_adopt_standard(actor=world["office"], version=version)
    item = version.items.get(name="招生范围")
    with pytest.raises(ValidationFailed, match="请同时填写其联系电话"):
        services.catalog_item_update(actor=world["office"], item=item, responsible_person_name="李四")
    item.refresh_from_db()
    with pytest.raises(ValidationFailed, match="请同时填写其姓名"):
        services.catalog_item_update(actor=world["office"], item=item, responsible_person_phone="0851-1234567")
    item.refresh_from_db()
    with pytest.raises(ValidationFailed, match="二者只填其一"):
        services.catalog_item_update(actor=world["office"], item=item, responsible_person=world["officer"],
                                     responsible_person_name="李四", responsible_person_phone="0851-1234567")
    item.refresh_from_db()
    services.catalog_item_update(actor=world["office"], item=item, responsible_person_name=" 李四 ",
                                 responsible_person_phone="0851-1234567")
    item.refresh_from_db()
    assert (item.responsible_person_name, item.responsible_person_phone) == ("李四", "0851-1234567")
    with pytest.raises(ValidationFailed, match="请同时填写其联系电话"):
        services.catalog_item_add_local(actor=world["office"], version=version, domain=world["education"],
                                        topic="招生管理", name="随迁子女入学", responsible_person_name="王五")


def test_village_topics_join_the_township_reference_as_local_items_naming_their_source(world):
    """rules.md §10 (村务、居务公开) and seeds 002/003 (村级财务、惠农政策、养老服务、乡村振兴): the township offers its
    villages the local rows of county and town documents, each naming the document it was read in."""
    from gongkai.catalog.models import Domain
    from gongkai.catalog.village_topics import shipped_village_topics
    from gongkai.organizations.models import JurisdictionLevel
    from tests.factories import JurisdictionFactory

    ref = services.catalog_create(actor=world["town_office"], jurisdiction=world["town"], tier=Tier.VILLAGE,
                                  is_reference=True)
    rv = services.catalog_version_create(actor=world["town_office"], catalog=ref, label="2021版", year=2021)
    village_rows = [r for r in shipped_village_topics()["items"] if any("村" in t for t in r["tiers"])]
    assert services.catalog_adopt_village_topics(actor=world["town_office"], version=rv) == len(village_rows) == 42
    assert services.catalog_adopt_village_topics(actor=world["town_office"], version=rv) == 0
    items = rv.items.all()
    assert all(i.is_local and i.source_document for i in items)
    subsidy = items.get(name="中央和各级党委、政府支农惠农政策")
    assert (subsidy.source_document, subsidy.source_url) == (
        "沂水县许家湖镇村（居）务公开事项目录清单（2023年）", "http://yishui.gov.cn/info/40113/323417.htm")
    assert items.get(name="城乡居民最低生活保障对象名单").time_limit_rule["every"] == "quarter"
    assert not items.filter(tiers=["乡级"]).exists()  # the town's own 涉农资金 rows stay out of a village catalog
    assert set(Domain.objects.filter(slug__in=["cunwu-gongkai", "xiangcun-zhenxing"]).values_list(
        "name", "is_pilot")) == {("村务公开", False), ("乡村振兴", False)}
    events = AuditEvent.objects.filter(action="catalog_version.adopted_village_topics").order_by("id")
    assert [e.data["items_added"] for e in events] == [42, 0]

    services.catalog_version_submit(actor=world["town_office"], version=rv)
    services.catalog_version_approve(actor=world["county_approver"], version=rv)
    services.catalog_version_publish(actor=world["town_office"], version=rv)
    village = JurisdictionFactory(code="430503100201", name="示范村", level=JurisdictionLevel.VILLAGE,
                                  parent=world["town"])
    vv = services.catalog_create_from_reference(actor=world["town_office"], jurisdiction=village, reference=ref,
                                                label="2021版", year=2021)
    assert vv.items.get(name="中央和各级党委、政府支农惠农政策").source_url == subsidy.source_url


def test_village_topics_only_for_a_reference_catalog_and_its_office(world):
    own = services.catalog_create(actor=world["town_office"], jurisdiction=world["town"], tier=Tier.TOWNSHIP)
    version = services.catalog_version_create(actor=world["town_office"], catalog=own, label="2021版", year=2021)
    with pytest.raises(ValidationFailed, match="参考目录"):
        services.catalog_adopt_village_topics(actor=world["town_office"], version=version)
    ref = services.catalog_create(actor=world["town_office"], jurisdiction=world["town"], tier=Tier.VILLAGE,
                                  is_reference=True)
    rv = services.catalog_version_create(actor=world["town_office"], catalog=ref, label="2021版", year=2021)
    with pytest.raises(PermissionRefused):
        services.catalog_adopt_village_topics(actor=world["officer"], version=rv)
    assert rv.items.count() == 0
