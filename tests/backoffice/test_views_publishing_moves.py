"""The record screens offer exactly the moves `publishing.selectors.moves_for` gives this user on this record
(the workflow table's moves from its status that the policy allows), each once, labelled from the table; a
move the policy refuses is refused in Chinese (403, audited) when posted anyway, and nothing changes."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.publishing import selectors, services, workflow

pytestmark = pytest.mark.django_db

STATUSES = ["draft", "submitted", "in_review", "approved", "scheduled", "published", "revised", "withdrawn"]


@pytest.fixture
def world(records_world):
    return records_world


def record_in(world, status):
    officer, reviewer = world.users.officer, world.users.reviewer
    record = services.record_create(actor=officer, unit=world.civil, items=[world.items.dibao], title="低保标准调整",
                                    formed_on=date(2026, 3, 1), disclosure_attribute="proactive",
                                    body="<p>城乡低保标准每人每月提高30元。</p>")
    steps = {
        "submitted": lambda: services.record_submit(actor=officer, record=record),
        "in_review": lambda: services.record_review(actor=reviewer, record=record),
        "approved": lambda: services.record_approve(actor=reviewer, record=record),
        "scheduled": lambda: services.record_publish(actor=reviewer, record=record,
                                                     at=timezone.now() + timedelta(days=3)),
        "published": lambda: services.record_publish(actor=reviewer, record=record),
        "revised": lambda: services.record_update(actor=officer, record=record, title="低保标准调整（更正）"),
        "withdrawn": lambda: services.record_withdraw(actor=reviewer, record=record, reason="标准已废止"),
    }
    path = {"scheduled": ["submitted", "in_review", "approved", "scheduled"],
            "revised": ["submitted", "in_review", "approved", "published", "revised"],
            "withdrawn": ["submitted", "in_review", "approved", "published", "withdrawn"]}.get(
        status, STATUSES[1:STATUSES.index(status) + 1])
    for step in path:
        steps[step]()
    record.refresh_from_db()
    assert record.status == status
    return record


def shown_moves(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-move="([a-z_]+)"', response.content.decode())


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("username", ["officer", "reviewer", "office"])
def test_the_record_page_shows_the_moves_for_this_user(client, world, status, username):
    record = record_in(world, status)
    user = getattr(world.users, username)
    client.force_login(user)
    expected = selectors.moves_for(user, record)
    assert sorted(shown_moves(client.get(reverse("backoffice:record", args=[record.pk])))) == sorted(expected)
    if username == "reviewer":
        assert sorted(shown_moves(client.get(reverse("backoffice:record_review", args=[record.pk])))) == sorted(
            expected)


def test_moves_for_each_role_on_a_published_record(world):
    record = record_in(world, "published")
    assert selectors.moves_for(world.users.officer, record) == []
    assert selectors.moves_for(world.users.reviewer, record) == [workflow.WITHDRAW, workflow.ARCHIVE]
    assert selectors.moves_for(world.users.office, record) == [workflow.WITHDRAW]
    assert selectors.moves_for(world.users.edu_reviewer, record) == []


def test_buttons_say_what_the_table_says(client, world):
    record = record_in(world, "approved")
    client.force_login(world.users.reviewer)
    body = client.get(reverse("backoffice:record_review", args=[record.pk])).content.decode()
    for move in selectors.moves_for(world.users.reviewer, record):
        assert f'data-move="{move}">{workflow.TABLE.button(move)}<' in body


@pytest.mark.parametrize(("status", "username", "step"), [
    ("draft", "reviewer", "submit"),
    ("in_review", "office", "approve"),
    ("in_review", "officer", "return"),
    ("approved", "office", "publish"),
    ("published", "officer", "withdraw"),
    ("published", "edu_reviewer", "withdraw"),
    ("published", "office", "archive"),
])
def test_a_move_the_policy_refuses_is_refused_in_chinese_when_posted_anyway(client, world, status, username, step):
    record = record_in(world, status)
    user = getattr(world.users, username)
    client.force_login(user)
    page = client.get(reverse("backoffice:record", args=[record.pk]))
    if page.status_code == 200:
        assert step not in shown_moves(page)
    before = AuditEvent.objects.filter(action="permission.refused").count()
    response = client.post(reverse(f"backoffice:record_{step}", args=[record.pk]),
                           {"comment": "同意", "return-comment": "请修改", "reason": "理由", "approve-comment": ""})
    assert response.status_code == 403
    assert "您没有权限" in response.content.decode()
    assert AuditEvent.objects.filter(action="permission.refused").count() == before + 1
    record.refresh_from_db()
    assert record.status == status


def test_a_move_the_table_refuses_now_says_why_and_changes_nothing(client, world):
    record = record_in(world, "draft")
    client.force_login(world.users.reviewer)
    response = client.post(reverse("backoffice:record_archive", args=[record.pk]), follow=True)
    assert "该政府信息当前为“草稿”，不能归档" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "draft"


def test_the_office_withdraws_from_the_record_page(client, world):
    record = record_in(world, "published")
    client.force_login(world.users.office)
    assert shown_moves(client.get(reverse("backoffice:record", args=[record.pk]))) == ["withdraw"]
    response = client.post(reverse("backoffice:record_withdraw", args=[record.pk]), {"reason": ""})
    assert "请写明理由" in response.content.decode()  # the form stays, with its Chinese error
    client.post(reverse("backoffice:record_withdraw", args=[record.pk]), {"reason": "督查发现含个人信息"})
    record.refresh_from_db()
    assert record.status == "withdrawn"


def test_a_refused_step_keeps_what_was_typed(client, world):
    record = record_in(world, "in_review")
    client.force_login(world.users.reviewer)
    services.record_store_findings(actor=world.users.reviewer, record=record, hits=[
        {"kind": "mobile", "location": "正文", "text": "13812345678", "proposed_masking": "138****5678"}])
    response = client.post(reverse("backoffice:record_approve", args=[record.pk]), {"approve-comment": "先看看"})
    body = response.content.decode()
    assert response.status_code == 200 and "审查发现未处理" in body and "先看看" in body
