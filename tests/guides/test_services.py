"""办事指南 and 专区 writes: policy first, required elements, one transaction with its audit event."""

import pytest

from gongkai.core.audit_actions import action_label
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.guides import selectors, services
from gongkai.guides.models import ServiceGuide, ServiceZone
from tests.factories import GUIDE_VALUES, service_guide

pytestmark = pytest.mark.django_db


def test_the_items_unit_creates_a_guide_with_its_audit_event(world):
    guide = services.service_guide_create(actor=world.users.officer, item=world.items.dibao, **GUIDE_VALUES)
    assert (guide.jurisdiction, guide.unit, guide.domain, guide.item_key) == (
        world.county, world.civil, world.items.dibao.domain, world.items.dibao.key)
    event = AuditEvent.objects.get(action="service_guide.created")
    assert event.target_repr == f"办事指南 #{guide.pk}（最低生活保障申请）"
    assert action_label("service_guide.created") == "新增办事指南"


def test_the_office_may_and_other_units_may_not(world):
    services.service_guide_create(actor=world.users.office, item=world.items.dibao, **GUIDE_VALUES)
    for refused in (world.users.edu_officer, world.users.other_officer, world.users.other_office,
                    world.users.auditor, world.users.admin):
        with pytest.raises(PermissionRefused):
            services.service_guide_create(actor=refused, item=world.items.dibao, **GUIDE_VALUES)
    assert ServiceGuide.objects.count() == 1
    assert AuditEvent.objects.filter(action="permission.refused").count() == 5


def test_missing_elements_are_refused_and_nothing_is_written(world):
    with pytest.raises(services.GuideInvalid) as caught:
        services.service_guide_create(actor=world.users.officer, item=world.items.dibao,
                                      **{**GUIDE_VALUES, "basis": "", "phone": ""})
    assert set(caught.value.problems) == {"basis", "phone"}
    assert not ServiceGuide.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="service_guide").exists()


def test_an_item_without_a_responsible_unit_gets_no_guide(world):
    item = world.items.policy
    item.responsible_unit = None
    with pytest.raises(ValidationFailed, match="责任单位"):
        services.service_guide_create(actor=world.users.office, item=item, **GUIDE_VALUES)


def test_change_records_the_fields_changed_and_delete_removes(world):
    guide = service_guide(world.items.dibao)
    services.service_guide_change(actor=world.users.reviewer, guide=guide, fees="免费")
    guide.refresh_from_db()
    assert guide.fees == "免费"
    assert AuditEvent.objects.get(action="service_guide.changed").data["changed"] == ["fees"]
    with pytest.raises(PermissionRefused):
        services.service_guide_delete(actor=world.users.edu_reviewer, guide=guide)
    services.service_guide_delete(actor=world.users.reviewer, guide=guide)
    assert not ServiceGuide.objects.exists()
    assert AuditEvent.objects.filter(action="service_guide.deleted").count() == 1


ZONE = {"name": "大祥区政务服务中心政务公开专区", "place": "区政务服务中心一楼", "address": "大祥区演示路1号",
        "hours": "工作日 8:30-17:30", "equipment": "查询电脑2台", "person_in_charge": "刘某某",
        "phone": "0739-5000001"}


def test_the_office_registers_a_zone_against_the_default_checklist(world):
    zone = services.service_zone_create(actor=world.users.office, jurisdiction=world.county, **ZONE,
                                        checks={"统一标识": {"done": True, "note": "门头已更换"},
                                                "不在清单里": {"done": True}})
    assert zone.checks["统一标识"] == {"done": True, "note": "门头已更换"}
    assert set(zone.checks) == {"统一标识", "统一设备", "统一资料", "统一功能", "统一管理"}
    assert AuditEvent.objects.get(action="service_zone.created").data["checks_done"] == ["统一标识"]
    for refused in (world.users.officer, world.users.other_office):
        with pytest.raises(PermissionRefused):
            services.service_zone_create(actor=refused, jurisdiction=world.county, **ZONE)
    with pytest.raises(ValidationFailed, match="请填写负责人"):
        services.service_zone_create(actor=world.users.office, jurisdiction=world.county,
                                     **{**ZONE, "person_in_charge": ""})
    assert ServiceZone.objects.count() == 1


def test_a_jurisdictions_own_checklist_replaces_the_default(world):
    services.zone_checklist_set(actor=world.users.office, jurisdiction=world.county,
                                lines=["统一标识标牌", "统一公开内容", "统一载体配置", "统一服务功能", "统一管理机制"])
    assert selectors.checklist_of(world.county)[0] == "统一标识标牌"
    assert selectors.checklist_of(world.tree["other_county"])[0] == "统一标识"
    with pytest.raises(PermissionRefused):
        services.zone_checklist_set(actor=world.users.other_office, jurisdiction=world.county, lines=["x"])
    with pytest.raises(ValidationFailed):
        services.zone_checklist_set(actor=world.users.office, jurisdiction=world.county, lines=[""])
    zone = services.service_zone_create(actor=world.users.office, jurisdiction=world.county, **ZONE,
                                        checks={"统一公开内容": {"done": True}})
    services.service_zone_change(actor=world.users.office, zone=zone, hours="每天 9:00-17:00")
    assert AuditEvent.objects.get(action="service_zone.changed").data["changed"] == ["hours"]
    assert [c["done"] for c in selectors.public_zones(world.county)[0]["checks"]] == [False, True, False, False,
                                                                                      False]
