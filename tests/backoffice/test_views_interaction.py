"""Back-office interaction screens: the unit answers, the office passes on, moderates and publishes, refuses with
a reason and sets its answer limit; concerns and their responses. Lists keep a bounded number of queries."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from gongkai.interaction import workflow
from gongkai.interaction.models import Concern, Message, MessageSettings
from tests.factories import written_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(interaction_world):
    return interaction_world


def text(response) -> str:
    return response.content.decode()


def test_the_unit_answers_and_the_office_publishes(client, world):
    message = written_message(world.edu)
    url = reverse("backoffice:message", args=[message.pk])
    client.force_login(world.users.officer)
    listing = text(client.get(reverse("backoffice:messages")))
    assert message.subject in listing and ">留言办理</a>" in listing
    page = text(client.get(url))
    assert "提交答复" in page and "审核通过并公开" not in page and "13812345678" in page  # the unit sees the contact
    response = client.post(url, {"step": "answer", "answer-answer": ""})
    assert response.status_code == 400 and "此项为必填项。" in text(response)
    assert client.post(url, {"step": "answer", "answer-answer": "见招生公告。"}).status_code == 302
    client.force_login(world.users.office)
    page = text(client.get(url))
    assert "审核通过并公开" in page and "13812345678" not in page.split('name="publish-public_body"')[-1].split("</textarea>")[0]
    response = client.post(url, {"step": "publish", "publish-public_subject": message.subject,
                                 "publish-public_body": "我叫张三丰，电话13812345678。", "publish-answer": "见招生公告。"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == workflow.PUBLISHED and "张三丰" not in message.public_body


def test_the_office_passes_on_refuses_and_sees_waiting_messages_by_age(client, world, clock,
                                                                       django_assert_max_num_queries):
    clock.set(date(2026, 11, 2))
    old = written_message(world.edu, subject="最早的留言")
    clock.set(date(2026, 11, 20))
    for n in range(5):
        written_message(world.civil, subject=f"留言{n}")
    client.force_login(world.users.office)
    with django_assert_max_num_queries(14):
        listing = text(client.get(reverse("backoffice:messages")))
    assert listing.index("最早的留言") < listing.index("留言0") and "已超期" in listing
    url = reverse("backoffice:message", args=[old.pk])
    assert client.post(url, {"step": "assign", "assign-unit": world.civil.pk}).status_code == 302
    old.refresh_from_db()
    assert old.unit == world.civil
    response = client.post(url, {"step": "reject", "reject-reason": ""})
    assert response.status_code == 400
    assert client.post(url, {"step": "reject", "reject-reason": "重复留言"}).status_code == 302
    old.refresh_from_db()
    assert old.status == workflow.REJECTED and old.reason == "重复留言"
    assert client.post(url, {"step": "bogus"}).status_code == 400


def test_the_office_sets_the_answer_limit(client, world):
    client.force_login(world.users.office)
    url = reverse("backoffice:message_limit")
    response = client.post(url, {"j": world.county.code, "working_days": "abc"})
    assert response.status_code == 400 and "请填写整数" in text(response)
    assert client.post(url, {"j": world.county.code, "working_days": "3"}).status_code == 302
    assert MessageSettings.objects.get(jurisdiction=world.county).answer_working_days == 3


def test_concerns_are_recorded_and_answered(client, world, clock):
    clock.set(datetime(2026, 11, 20, 12, 0))
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:concern_new"), {
        "unit": world.edu.pk, "title": "学校食堂食品安全", "arose_at": "2026-11-20 06:00", "level": "major_emergency",
        "is_public": "on"})
    assert response.status_code == 302
    concern = Concern.objects.get()
    page = text(client.get(reverse("backoffice:concern", args=[concern.pk])))
    assert "已超过时限，尚未回应" in page  # 5 hours passed at 11:00
    assert client.post(reverse("backoffice:concern", args=[concern.pk]), {
        "kind": "press_conference", "responded_at": "2026-11-20 11:30", "channel": "区新闻发布厅",
        "content": "召开新闻发布会"}).status_code == 302
    assert "超过时限" in text(client.get(reverse("backoffice:concerns")))
    assert concern.responses.count() == 1


# --- refusals --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["civil_officer", "other_office"])
def test_another_unit_or_jurisdiction_is_refused_a_message(client, world, who):
    message = written_message(world.edu)
    client.force_login(getattr(world.users, who))
    url = reverse("backoffice:message", args=[message.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"step": "answer", "answer-answer": "x"}).status_code == 403
    assert message.query_code and Message.objects.get(pk=message.pk).status == workflow.PENDING
    assert message.subject not in text(client.get(reverse("backoffice:messages")))


def test_the_unit_may_not_moderate_and_the_office_may_not_answer(client, world):
    message = written_message(world.edu)
    url = reverse("backoffice:message", args=[message.pk])
    client.force_login(world.users.office)
    assert client.post(url, {"step": "answer", "answer-answer": "x"}).status_code == 403
    client.force_login(world.users.officer)
    assert client.post(url, {"step": "reject", "reject-reason": "x"}).status_code == 403
    assert client.get(reverse("backoffice:message_limit")).status_code == 403
    assert client.get(reverse("backoffice:concerns")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    message = written_message(world.edu)
    for url in (reverse("backoffice:messages"), reverse("backoffice:message", args=[message.pk]),
                reverse("backoffice:concerns"), reverse("backoffice:concern_new")):
        assert client.get(url).status_code == 302


def test_another_jurisdiction_is_refused_a_concern(client, world, clock):
    from gongkai.interaction import services

    clock.set(datetime(2026, 11, 20, 12, 0))
    concern = services.concern_record(actor=world.users.office, jurisdiction=world.county, unit=world.edu,
                                      title="城西道路积水", arose_at=datetime(2026, 11, 20, 8, 0).astimezone(),
                                      level="general")
    client.force_login(world.users.other_office)
    assert client.get(reverse("backoffice:concern", args=[concern.pk])).status_code == 403
    assert "城西道路积水" not in text(client.get(reverse("backoffice:concerns")))
