"""互动交流 on the portal: the message form (empty, too long, markup, wrong types, repeated submissions → Chinese
messages, typed values kept, CSRF, escaped), the query code, published messages without the writer's name or
contact, the responses to public concern, and bounded queries."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core import clock as platform_clock
from gongkai.interaction import services
from gongkai.interaction.models import Message
from tests.factories import written_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(interaction_world):
    return interaction_world


def body(response) -> str:
    return response.content.decode()


def new_url(world) -> str:
    return reverse("portal:message_new", args=[world.county.code])


def form(world, **changes) -> dict:
    return {"unit": str(world.edu.pk), "subject": "城西小学招生范围", "body": "请问今年招生范围？",
            "writer_name": "张三丰", "writer_phone": "13812345678", "writer_email": ""} | changes


def test_a_citizen_writes_a_message_and_gets_a_query_code(client, world):
    page = body(client.get(new_url(world)))
    assert "大祥区教育局" in page and "双清区" not in page and "csrfmiddlewaretoken" in page
    response = client.post(new_url(world), form(world))
    assert response.status_code == 302
    message = Message.objects.get()
    done = body(client.get(response["Location"]))
    assert message.query_code[:4] in done and "张三丰" not in done
    tracked = body(client.post(reverse("portal:message_track"), {"code": message.query_code.lower()}))
    assert "大祥区教育局" in tracked and "待办理" in tracked and "13812345678" not in tracked


@pytest.mark.parametrize("changes, error", [
    ({"subject": "", "body": ""}, "此项为必填项。"),
    ({"subject": "长" * 101}, "标题最多 100 个字。"),
    ({"body": "<script>alert(1)</script>你好"}, "留言内容中不能包含网页代码"),
    ({"unit": "abc"}, "请从列表中选择留言对象"),
    ({"unit": "999999"}, "请从列表中选择留言对象"),
    ({"writer_email": "not-an-email"}, "请填写有效的电子邮箱地址"),
    ({"writer_phone": "一二三"}, "联系电话只能包含数字"),
    ({"writer_phone": "", "writer_email": ""}, "请至少填写联系电话或电子邮箱之一"),
])
def test_the_form_refuses_in_chinese_and_keeps_what_was_typed(client, world, changes, error):
    response = client.post(new_url(world), form(world, **changes))
    assert response.status_code == 400
    page = body(response)
    assert error in page and "留言未能提交" in page
    if "writer_name" not in changes:
        assert 'value="张三丰"' in page
    assert "<script>alert(1)</script>" not in page
    assert not Message.objects.exists()


def test_the_unit_of_another_jurisdiction_cannot_be_chosen(client, world):
    response = client.post(new_url(world), form(world, unit=str(world.other_office_unit.pk)))
    assert response.status_code == 400 and not Message.objects.exists()


def test_csrf_is_enforced(world):
    assert Client(enforce_csrf_checks=True).post(new_url(world), form(world)).status_code == 403
    assert not Message.objects.exists()


def test_repeated_submissions_from_one_address_are_limited(client, world):
    for _ in range(3):  # forms sent back with errors do not count
        assert client.post(new_url(world), form(world, subject="")).status_code == 400
    for _ in range(5):
        assert client.post(new_url(world), form(world)).status_code == 302
    response = client.post(new_url(world), form(world, subject="第六条"))
    assert response.status_code == 429 and "提交留言过于频繁" in body(response) and 'value="第六条"' in body(response)
    assert Message.objects.count() == 5
    assert client.post(new_url(world), form(world), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_published_messages_show_the_masked_question_and_the_answer_only(client, world, django_assert_max_num_queries):
    for n in range(3):
        message = written_message(world.edu, subject=f"咨询<b>{n}</b>")
        services.message_answer(actor=world.users.officer, message=message, answer="答复<i>内容</i>")
        services.message_publish(actor=world.users.office, message=message, public_subject=message.subject,
                                 public_body=message.body)
    waiting = written_message(world.edu, subject="尚未答复的留言")
    list_url = reverse("portal:messages", args=[world.county.code])
    with django_assert_max_num_queries(10):
        page = body(client.get(list_url))
    assert "咨询&lt;b&gt;0&lt;/b&gt;" in page and waiting.subject not in page
    with django_assert_max_num_queries(10):
        detail = body(client.get(reverse("portal:message", args=[world.county.code, message.pk])))
    assert "答复&lt;i&gt;内容&lt;/i&gt;" in detail
    for private in ("张三丰", "13812345678"):
        assert private not in page and private not in detail
    assert client.get(reverse("portal:message", args=[world.county.code, waiting.pk])).status_code == 404


def test_the_query_page_is_rate_limited(client, world):
    for _ in range(30):
        client.post(reverse("portal:message_track"), {"code": "AAAA"})
    assert client.post(reverse("portal:message_track"), {"code": "AAAA"}).status_code == 429


def test_concerns_are_published_with_their_responses(client, world, clock, django_assert_max_num_queries):
    clock.set(datetime(2026, 11, 20, 12, 0))
    now = platform_clock.now()
    for n in range(3):
        concern = services.concern_record(actor=world.users.office, jurisdiction=world.county, unit=world.edu,
                                          title=f"关切{n}", arose_at=now - timedelta(hours=10), level="general")
        services.concern_response_add(actor=world.users.office, concern=concern, kind="statement",
                                      responded_at=now - timedelta(hours=2), channel="区政府门户网站",
                                      content="情况通报")
    services.concern_record(actor=world.users.office, jurisdiction=world.county, unit=world.edu, title="内部关切",
                            arose_at=now, level="general", is_public=False)
    with django_assert_max_num_queries(10):
        page = body(client.get(reverse("portal:concerns", args=[world.county.code])))
    assert "关切2" in page and "情况通报" in page and "内部关切" not in page
