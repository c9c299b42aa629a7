"""Each role's dashboard shows its own to-do first (issue 10): a reviewer 待审核 N, an officer 被退回 N and a
新建信息 entry, the office what waits in its subtree; counts come from a fixed number of queries; the unit's items are
grouped under their catalog's title instead of repeating it on every row."""

import re
from datetime import date

import pytest
from django.urls import reverse

from gongkai.publishing import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(records_world):
    return records_world


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _records(world, n: int):
    return [services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                   title=f"低保名单{i}", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
            for i in range(n)]


def test_reviewer_sees_to_review_first(client, world):
    for record in _records(world, 3):
        services.record_submit(actor=world.users.officer, record=record)
    client.force_login(world.users.reviewer)
    response = client.get(reverse("backoffice:dashboard"))
    text = _text(response)
    assert "待审核 3" in text
    assert text.index("我的待办") < text.index("本单位负责的公开事项")
    assert "低保名单0" in text and "新建信息" not in text
    # another unit's reviewer has nothing to review
    client.force_login(world.users.edu_reviewer)
    assert "待审核 0" in _text(client.get(reverse("backoffice:dashboard")))


def test_officer_sees_returned_with_comment_and_a_new_record_entry(client, world):
    first, second = _records(world, 2)
    services.record_submit(actor=world.users.officer, record=first)
    services.record_return(actor=world.users.reviewer, record=first, comment="请补充发文日期。")
    client.force_login(world.users.officer)
    response = client.get(reverse("backoffice:dashboard"))
    text = _text(response)
    assert "被退回 1" in text and "草稿 2" in text
    assert "退回意见：请补充发文日期。" in text
    assert reverse("backoffice:record_create") in response.content.decode()


def test_the_catalog_title_is_a_heading_not_a_column(client, world):
    client.force_login(world.users.officer)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert body.count(world.items.catalog.title) == 2  # the group's summary and its table caption
    assert "<th scope=\"col\">目录</th>" not in body


def test_office_sees_what_waits_in_its_subtree(client, world):
    for record in _records(world, 2):
        services.record_submit(actor=world.users.officer, record=record)
    client.force_login(world.users.office)
    text = _text(client.get(reverse("backoffice:dashboard")))
    assert "辖区待审核信息 2" in text
    client.force_login(world.users.other_office)
    assert "辖区待审核信息 0" in _text(client.get(reverse("backoffice:dashboard")))


def test_todo_counts_are_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for record in _records(world, 3):
        services.record_submit(actor=world.users.officer, record=record)
    with django_assert_max_num_queries(4):  # the three unit scopes and one aggregate
        counts = selectors.record_todo_counts(world.users.reviewer, today=date(2026, 3, 2))
    assert counts["to_review"] == 3 and counts["returned"] == 0


