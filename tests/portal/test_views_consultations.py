"""征求意见 on the portal: lists, the detail page, the comment form (messages, kept values, escaping, repeats,
rate limit, CSRF), privacy of commenters, and bounded queries."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.consultations import services
from gongkai.consultations.models import Comment
from tests.factories import ConsultationCommentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "赵某某", "contact": "13912345678", "body": "建议增加随迁子女入学的说明。"}


@pytest.fixture
def world(consultations_world, clock):
    cache.clear()
    clock.set(date(2026, 9, 10))
    return consultations_world


def _url(world, consultation=None):
    return reverse("portal:consultation", args=[world.county.code, (consultation or world.consultation).pk])


def test_list_shows_open_and_closed(client, world):
    ConsultationFactory(unit=world.edu, title="已截止的征求意见", status="closed", closes_on=date(2026, 9, 5),
                        closed_on=date(2026, 9, 5), opens_on=date(2026, 8, 1))
    ConsultationFactory(unit=world.edu, title="还是草稿", status="draft", published_at=None)
    page = client.get(reverse("portal:consultations", args=[world.county.code])).content.decode()
    assert "义务教育学校招生入学办法" in page and "已截止的征求意见" in page and "还是草稿" not in page


def test_draft_and_other_county_are_not_found(client, world):
    draft = ConsultationFactory(unit=world.edu, status="draft", published_at=None)
    assert client.get(_url(world, draft)).status_code == 404
    other = reverse("portal:consultation", args=[world.tree["other_county"].code, world.consultation.pk])
    assert client.get(other).status_code == 404


def test_comment_is_kept_for_moderation_then_shown_without_name(client, world):
    response = client.post(_url(world), VALID)
    assert response.status_code == 302 and "sent=1" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "经审核后公开显示" in page and "随迁子女" not in page
    comment = Comment.objects.get(body__contains="随迁子女")
    services.comment_moderate(actor=world.users.reviewer, comment=comment, approve=True)
    page = client.get(_url(world)).content.decode()
    assert "随迁子女" in page and "赵某某" not in page and "13912345678" not in page
    assert "张某某" not in page  # the pending comment of the world's visitor is not shown, nor its name


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "contact": "", "body": ""}, "此项为必填项"),
    (VALID | {"body": "长" * 2001}, "意见最多 2000 个字"),
    (VALID | {"contact": "不告诉你"}, "联系方式请填写电话号码"),
    (VALID | {"body": "<script>alert(1)</script>好"}, "不能包含网页代码"),
    (VALID | {"body": "建议公布学区划分的依据。"}, "请勿重复提交"),
])
def test_bad_comments_get_chinese_messages_and_keep_typed_values(client, world, data, message):
    response = client.post(_url(world), data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    if data["name"]:
        assert 'value="赵某某"' in page
    assert "<script>alert" not in page
    assert Comment.objects.count() == 1


def test_escaped_everywhere(client, world):
    comment = ConsultationCommentFactory(consultation=world.consultation, body="a & b <i>x</i>", status="approved")
    assert comment.pk
    page = client.get(_url(world)).content.decode()
    assert "a &amp; b &lt;i&gt;x&lt;/i&gt;" in page


def test_rate_limited_per_address(client, world, settings):
    settings.PORTAL_COMMENT_LIMIT = (2, 3600)
    for n in range(2):
        assert client.post(_url(world), VALID | {"body": f"意见{n}"}).status_code == 302
    response = client.post(_url(world), VALID | {"body": "第三条意见"})
    assert response.status_code == 429 and "过于频繁" in response.content.decode()
    assert "第三条意见" in response.content.decode()  # typed text kept


def test_csrf_is_required(world):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(world), VALID).status_code == 403
    assert not Comment.objects.filter(body=VALID["body"]).exists()


def test_after_the_last_day_no_form_and_posts_refused(client, world, clock):
    clock.set(date(2026, 10, 2))
    page = client.get(_url(world)).content.decode()
    assert "提交意见</button>" not in page and "已截止" in page
    response = client.post(_url(world), VALID)
    assert response.status_code == 400 and Comment.objects.count() == 1


def test_summary_shown_when_published(client, world, clock):
    clock.set(date(2026, 10, 2))
    services.comment_moderate(actor=world.users.reviewer, comment=world.comment, approve=False)
    services.consultation_close(actor=world.users.officer, consultation=world.consultation)
    services.consultation_summary_save(actor=world.users.officer, consultation=world.consultation,
                                       summary="采纳情况：未采纳，理由是学区依据已另行公开。", adopted_count=0,
                                       other_comment_count=2)
    assert "采纳情况：未采纳" not in client.get(_url(world)).content.decode()
    services.consultation_summary_publish(actor=world.users.officer, consultation=world.consultation)
    page = client.get(_url(world)).content.decode()
    assert "采纳情况：未采纳" in page and "共收到意见 3 条，采纳 0 条" in page


def test_decision_list_page(client, world):
    found = services.decision_list_create(actor=world.users.office, jurisdiction=world.county, year=2026)
    item = services.decision_item_add(actor=world.users.office, decision_list=found, title="大祥区城区停车管理办法",
                                      unit=world.edu, hearing=True)
    url = reverse("portal:decision_list", args=[world.county.code, 2026])
    assert client.get(url).status_code == 404  # not published yet
    services.decision_list_publish(actor=world.users.office, decision_list=found)
    world.consultation.decision_item = item
    world.consultation.save()
    page = client.get(url).content.decode()
    assert "大祥区城区停车管理办法" in page and _url(world) in page


def test_queries_do_not_grow(client, world, django_assert_max_num_queries):
    for n in range(6):
        ConsultationFactory(unit=world.edu)
        ConsultationCommentFactory(consultation=world.consultation, status="approved", body=f"意见{n}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portal:consultations", args=[world.county.code])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url(world)).status_code == 200


def test_hearing_notice_listed_once_published(client, world):
    hearing = services.hearing_create(actor=world.users.officer, consultation=world.consultation,
                                      held_on=date(2026, 9, 20), place="区教育局三楼会议室", notice="听证事项：招生办法。")
    list_url = reverse("portal:consultations", args=[world.county.code])
    assert "举行听证会" not in client.get(list_url).content.decode()
    assert "听证事项：招生办法" not in client.get(_url(world)).content.decode()
    services.hearing_notice_publish(actor=world.users.officer, hearing=hearing)
    assert "2026年9月20日举行听证会" in client.get(list_url).content.decode()
    assert "听证事项：招生办法" in client.get(_url(world)).content.decode()
