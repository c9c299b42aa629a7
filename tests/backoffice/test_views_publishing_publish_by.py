"""While drafting, the officer sees the day a 主动公开 record must be public by (《条例》第二十六条), warned 5 and 2
working days before and when it is late; the same date oversight's late_publication rule holds the unit to."""

from datetime import date

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(publishing_world):
    return publishing_world


def page(client, world, record):
    client.force_login(world.officer)
    return client.get(reverse("backoffice:record", args=[record.pk])).content.decode()


def test_publish_by_date_shown_while_drafting_article_26(client, world, clock):
    """第二十六条: formed 2024-09-20 → public by 2024-10-23 (20 working days across 国庆)."""
    clock.set(date(2024, 9, 23))
    record = world.record(formed_on=date(2024, 9, 20))
    html = page(client, world, record)
    assert "应于 <strong>2024年10月23日</strong> 前公开" in html and "第二十六条" in html
    assert "还剩" not in html


def test_warned_five_and_two_working_days_before_and_when_late(client, world, clock):
    record = world.record(formed_on=date(2024, 9, 20))
    clock.set(date(2024, 10, 17))
    assert "还剩 4 个工作日" in page(client, world, record)
    clock.set(date(2024, 10, 22))
    html = page(client, world, record)
    assert "还剩 1 个工作日" in html and "message-error" in html
    clock.set(date(2024, 10, 24))
    assert "已逾期" in page(client, world, record)


def test_no_publish_by_date_once_published_or_for_on_request_records(client, world, clock):
    clock.set(date(2024, 9, 23))
    published = world.published(formed_on=date(2024, 9, 20))
    assert "应于 <strong>" not in page(client, world, published)
    on_request = world.record(formed_on=date(2024, 9, 20), disclosure_attribute="on_request")
    assert "应于 <strong>" not in page(client, world, on_request)
