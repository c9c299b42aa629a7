"""The consultation screens: draft, publish, moderate, close, summary, hearings and the yearly decision list."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.consultations.models import Comment, Consultation, DecisionList
from tests.factories import ConsultationCommentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(consultations_world):
    return consultations_world


def _page(world, client, who="officer"):
    client.force_login(getattr(world.users, who))
    return reverse("backoffice:consultation", args=[world.consultation.pk])


def test_officer_drafts_and_publishes(client, world, clock):
    clock.set(date(2026, 9, 8))
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:consultation_new"), {
        "unit": world.edu.pk, "title": "关于征求《大祥区城区停车管理办法（征求意见稿）》意见的公告", "kind": "major_decision",
        "draft": "第一条……", "explanation": "起草背景……", "opens_on": "2026-09-08", "closes_on": "2026-09-20"})
    created = Consultation.objects.get(title__contains="停车")
    assert response.status_code == 302
    url = reverse("backoffice:consultation", args=[created.pk])
    response = client.post(url, {"form": "move", "move": "publish"})
    assert response.status_code == 400 and "缩短期限的理由" in response.content.decode()
    client.post(reverse("backoffice:consultation_edit", args=[created.pk]), {
        "title": created.title, "kind": "major_decision", "draft": "第一条……", "explanation": "起草背景……",
        "opens_on": "2026-09-08", "closes_on": "2026-09-20", "shorter_reason": "汛期临近，需尽快出台。"})
    response = client.post(url, {"form": "move", "move": "publish"}, follow=True)
    assert "已发布征求意见" in response.content.decode()
    assert Consultation.objects.get(pk=created.pk).status == "open"


def test_reviewer_moderates_then_summary_is_published(client, world, clock):
    clock.set(date(2026, 10, 2))
    url = _page(world, client, "reviewer")
    page = client.get(url).content.decode()
    assert "建议公布学区划分的依据" in page and "张某某" in page  # staff see who wrote it
    client.post(url, {"form": "moderate", "comment": world.comment.pk, "decision": "approve", "reply": "已采纳"})
    assert Comment.objects.get(pk=world.comment.pk).status == "approved"
    client.post(url, {"form": "move", "move": "close"})
    response = client.post(url, {"form": "summary", "summary": "", "adopted_count": "1", "other_comment_count": "0"})
    assert response.status_code == 400 and "必填" in response.content.decode()
    client.post(url, {"form": "summary", "summary": "采纳1条：公布学区划分依据。", "adopted_count": "1",
                      "other_comment_count": "2"})
    response = client.post(url, {"form": "move", "move": "publish_summary"}, follow=True)
    assert "已公布意见采纳情况" in response.content.decode()
    world.consultation.refresh_from_db()
    assert world.consultation.status == "summary_published" and world.consultation.other_comment_count == 2


def test_a_move_not_allowed_now_says_why(client, world):
    url = _page(world, client)
    response = client.post(url, {"form": "move", "move": "publish_summary"})
    assert response.status_code == 400 and "征求意见中" in response.content.decode()


def test_hearing_notice_too_late_is_refused_on_the_page(client, world, clock):
    clock.set(date(2026, 9, 8))
    url = _page(world, client)
    response = client.post(url, {"form": "hearing", "held_on": "2026-09-12", "place": "区政府第一会议室",
                                 "notice": "听证公告"})
    assert response.status_code == 400 and "提前7日" in response.content.decode()
    client.post(url, {"form": "hearing", "held_on": "2026-09-20", "place": "区政府第一会议室", "notice": "听证公告"})
    hearing = world.consultation.hearings.get()
    response = client.post(url, {"form": "hearing_notice", "hearing": hearing.pk}, follow=True)
    assert "已发布听证公告" in response.content.decode()


def test_office_builds_and_publishes_the_decision_list(client, world, clock):
    clock.set(date(2026, 1, 15))
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:decision_lists"), {"jurisdiction": world.county.pk, "year": "2026"})
    found = DecisionList.objects.get()
    assert response.status_code == 302
    url = reverse("backoffice:decision_list", args=[found.pk])
    response = client.post(url, {"form": "publish"})
    assert response.status_code == 400 and "还没有决策事项" in response.content.decode()
    client.post(url, {"form": "item", "title": "大祥区城区停车管理办法", "unit": world.edu.pk, "planned": "第三季度",
                      "public_participation": "on"})
    client.post(url, {"form": "publish"})
    found.refresh_from_db()
    assert found.published_at is not None and found.items.count() == 1


def test_list_and_detail_queries_do_not_grow(client, world):
    client.force_login(world.users.office)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as list_queries:
            assert client.get(reverse("backoffice:consultations")).status_code == 200
        with CaptureQueriesContext(connection) as detail_queries:
            assert client.get(reverse("backoffice:consultation", args=[world.consultation.pk])).status_code == 200
        counts.append((len(list_queries), len(detail_queries)))
        for _ in range(5):
            ConsultationFactory(unit=world.edu)
            ConsultationCommentFactory(consultation=world.consultation)
    assert counts[0] == counts[1]
    assert counts[0][0] <= 12 and counts[0][1] <= 16
