"""办事服务 screens: the item's unit and the office maintain its 办事指南 (required elements checked on the form),
the office keeps the 政务公开专区 register and its checklist; everyone else is refused."""

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.guides.models import ServiceGuide, ServiceZone, ZoneChecklist
from tests.factories import GUIDE_VALUES, ServiceZoneFactory, service_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(records_world):
    return records_world


def _form(item=None, **changes):
    data = {**GUIDE_VALUES, **changes}
    if item is not None:
        data["item"] = item.pk
    return data


@pytest.mark.parametrize("who", ["officer", "reviewer", "office"])
def test_the_unit_and_its_office_create_and_edit_a_guide(client, world, who):
    client.force_login(getattr(world.users, who))
    page = client.get(reverse("backoffice:guide_new"))
    assert page.status_code == 200 and "城乡低保对象名单" in page.content.decode()
    response = client.post(reverse("backoffice:guide_new"), _form(world.items.dibao))
    guide = ServiceGuide.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:guide", args=[guide.pk])
    response = client.post(reverse("backoffice:guide", args=[guide.pk]), _form(fees="免费"))
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.fees == "免费"
    assert reverse("backoffice:guide", args=[guide.pk]) in client.get(reverse("backoffice:guides")).content.decode()


def test_the_edu_officer_is_offered_only_its_own_items(client, world):
    client.force_login(world.users.edu_officer)
    text = client.get(reverse("backoffice:guide_new")).content.decode()
    assert "学校名录" in text and "城乡低保对象名单" not in text and "草稿中的事项" not in text
    response = client.post(reverse("backoffice:guide_new"), _form(world.items.dibao))
    assert response.status_code == 400 and not ServiceGuide.objects.exists()


def test_missing_elements_are_shown_on_their_fields_and_typed_values_kept(client, world):
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:guide_new"), _form(world.items.dibao, online_mode="full", online_url=""))
    text = response.content.decode()
    assert response.status_code == 400 and "可以网上办理的事项请填写政务服务平台的办理链接。" in text
    assert "低保申请书" in text
    response = client.post(reverse("backoffice:guide_new"), _form(world.items.dibao, basis=""))
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert not ServiceGuide.objects.exists()


@pytest.mark.parametrize("who", ["edu_officer", "edu_reviewer", "other_officer", "other_office", "auditor", "admin"])
def test_everyone_else_is_refused_the_guide(client, world, who):
    guide = service_guide(world.items.dibao)
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:guide", args=[guide.pk])).status_code == 403
    assert client.post(reverse("backoffice:guide", args=[guide.pk]), _form(fees="免费")).status_code == 403
    assert client.post(reverse("backoffice:guide_delete", args=[guide.pk]), {"confirm": "on"}).status_code == 403
    guide.refresh_from_db()
    assert guide.fees == "不收费"
    assert AuditEvent.objects.filter(action="permission.refused").exists()


def test_anonymous_goes_to_the_login_page(client, world):
    guide = service_guide(world.items.dibao)
    for url in (reverse("backoffice:guides"), reverse("backoffice:guide", args=[guide.pk]),
                reverse("backoffice:zones")):
        assert client.get(url).status_code == 302


def test_delete_asks_for_confirmation(client, world):
    guide = service_guide(world.items.dibao)
    client.force_login(world.users.reviewer)
    assert client.post(reverse("backoffice:guide_delete", args=[guide.pk]), {}).status_code == 400
    assert client.post(reverse("backoffice:guide_delete", args=[guide.pk]), {"confirm": "on"}).status_code == 302
    assert not ServiceGuide.objects.exists()


ZONE = {"name": "大祥区政务服务中心政务公开专区", "place": "区政务服务中心一楼", "address": "大祥区演示路1号",
        "hours": "工作日 8:30-17:30", "equipment": "查询电脑2台", "person_in_charge": "刘某某",
        "phone": "0739-5000001"}


def test_the_office_keeps_the_zone_register_and_its_checklist(client, world):
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:zone_checklist"), {
        "jurisdiction": world.county.pk, "lines": "统一标识标牌\n统一公开内容\n统一载体配置"})
    assert response.status_code == 302
    assert ZoneChecklist.objects.get().items == ["统一标识标牌", "统一公开内容", "统一载体配置"]
    page = client.get(reverse("backoffice:zone_new")).content.decode()
    assert "已落实：统一载体配置" in page
    response = client.post(reverse("backoffice:zone_new"), {
        **ZONE, "jurisdiction": world.county.pk, "check_0": "on", "note_0": "门头已更换"})
    zone = ServiceZone.objects.get()
    assert response.status_code == 302
    assert zone.checks["统一标识标牌"] == {"done": True, "note": "门头已更换"}
    assert not zone.checks["统一公开内容"]["done"]
    response = client.post(reverse("backoffice:zone", args=[zone.pk]), {**ZONE, "person_in_charge": ""})
    assert response.status_code == 400
    response = client.post(reverse("backoffice:zone", args=[zone.pk]), {**ZONE, "check_1": "on"})
    zone.refresh_from_db()
    assert zone.checks["统一公开内容"]["done"] and not zone.checks["统一标识标牌"]["done"]
    assert "大祥区政务服务中心政务公开专区" in client.get(reverse("backoffice:zones")).content.decode()


@pytest.mark.parametrize("who", ["officer", "reviewer", "other_office", "auditor", "admin"])
def test_everyone_but_the_office_is_refused_the_zones(client, world, who):
    zone = ServiceZoneFactory(jurisdiction=world.county)
    client.force_login(getattr(world.users, who))
    for url in (reverse("backoffice:zone", args=[zone.pk]), reverse("backoffice:zone_delete", args=[zone.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("backoffice:zone", args=[zone.pk]), {**ZONE, "name": "改名"}).status_code == 403
    zone.refresh_from_db()
    assert zone.name != "改名"
    if who != "other_office":
        assert client.get(reverse("backoffice:zones")).status_code == 403
        assert client.get(reverse("backoffice:zone_checklist")).status_code == 403
    else:
        assert zone.name not in client.get(reverse("backoffice:zones")).content.decode()
