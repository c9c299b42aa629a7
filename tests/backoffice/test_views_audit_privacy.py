"""Audit events never carry personal data (《个人信息保护法》第五十一条 安全技术措施; 等保 2.0 三级 个人信息保护),
played as the careless officer: a 低保 list row with a name, an ID number and a mobile number is created,
changed and deleted; the auditor's list, event page and exports show the entry by id and never the numbers."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.core.audit import record_event
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from tests.factories import CatalogItemFactory, UnitFactory, user_with_role

pytestmark = pytest.mark.django_db

ID_NUMBER = "43050219800101123X"
MOBILE = "13807391234"
ROW = {"姓名": "张三", "身份证号": ID_NUMBER, "联系电话": MOBILE}
SCHEMA = [{"name": "姓名", "type": "text", "required": True}, {"name": "身份证号", "type": "text"},
          {"name": "联系电话", "type": "text"}]


@pytest.fixture
def world(publishing_world):
    return publishing_world


@pytest.fixture
def dibao(world):
    return CatalogItemFactory(version=world.version, name="城乡低保对象名单", schema=SCHEMA,
                              responsible_unit=world.unit)


@pytest.fixture
def auditor(world):
    return user_with_role(Role.AUDITOR, UnitFactory(jurisdiction=world.tree["county"], name="区网信办"))


def test_entry_events_name_the_entry_by_id_and_keep_no_values(world, dibao, auditor, client):
    record = world.record(items=[dibao])
    entry = services.entry_create(actor=world.officer, item=dibao, record=record, values=ROW)
    entry_id = entry.pk
    services.entry_update(actor=world.officer, entry=entry, values={**ROW, "联系电话": "13907391234"})
    services.entry_delete(actor=world.officer, entry=entry)
    events = list(AuditEvent.objects.filter(action__startswith="entry."))
    assert [e.action for e in events] == ["entry.created", "entry.updated", "entry.deleted"]
    for event in events:
        stored = f"{event.target_repr} {event.data}"
        assert ID_NUMBER not in stored and MOBILE not in stored and "张三" not in stored
        assert event.target_repr == f"明细 #{entry_id}（城乡低保对象名单）"
    assert events[1].data["changed"] == ["联系电话"]
    assert events[0].data["fields"] == ["姓名", "联系电话", "身份证号"]

    client.force_login(auditor)
    pages = [reverse("backoffice:audit"), reverse("backoffice:audit_detail", args=[events[0].pk]),
             reverse("backoffice:audit_export", args=["csv"])]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert ID_NUMBER not in text and MOBILE not in text and "张三" not in text, url


def test_the_audit_list_speaks_chinese(world, auditor, client):
    record = world.published()
    client.force_login(auditor)
    body = client.get(reverse("backoffice:audit")).content.decode()
    assert "发布政府信息" in body and "审核通过" in body and "开始保密审查" in body
    shown = body.replace('value="record.publish"', "").replace('value="record.approve"', "")
    assert "record.publish" not in shown and "record.approve" not in shown  # codes only as option values
    options = client.get(reverse("backoffice:audit")).content.decode()
    assert "政府信息（全部）" in options
    filtered = client.get(reverse("backoffice:audit"), {"action": "record.*"}).content.decode()
    assert record.title in filtered and "<td>登录成功</td>" not in filtered and "<td>发布政府信息</td>" in filtered


def test_the_net_masks_numbers_a_service_would_let_through(world):
    """A service that passes a number by mistake: the event still stores it masked."""
    event = record_event(actor=world.officer, action="record.updated", target=world.unit,
                         data={"comment": f"申请人身份证 {ID_NUMBER}，电话 {MOBILE}", "n": [ID_NUMBER]})
    assert ID_NUMBER not in str(event.data) and MOBILE not in str(event.data)
    assert event.data["comment"] == "申请人身份证 430*************3X，电话 138****1234"
    assert event.hash == event.compute_hash()
