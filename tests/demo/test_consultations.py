"""The consultations demo: idempotent; 大祥区 has one consultation open and one closed with its summary, the
year's decision list and a hearing announced in time."""

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.consultations.models import Comment, Consultation, DecisionList, Hearing
from gongkai.demo import consultations as demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_consultations_are_idempotent_and_complete(channels_world, clock):
    clock.set(date(2026, 9, 8))
    world = channels_world
    UserFactory(username="jiaoyu.officer", unit=world.edu, roles=[Role.INFORMATION_OFFICER])
    UserFactory(username="jiaoyu.reviewer", unit=world.edu, roles=[Role.REVIEWER])
    logs: list[str] = []
    assert demo.build(logs.append) == 3
    assert demo.build(logs.append) == 0
    open_one = Consultation.objects.get(title=demo.OPEN_TITLE)
    closed = Consultation.objects.get(title=demo.CLOSED_TITLE)
    assert open_one.status == "open" and open_one.accepts_comments(date(2026, 9, 8))
    assert open_one.decision_item is not None and open_one.decision_item.decision_list.published_at is not None
    assert closed.status == "summary_published" and closed.summary
    assert Comment.objects.filter(consultation=open_one, status="pending").count() == 1
    hearing = Hearing.objects.get()
    assert hearing.notice_published_on == date(2026, 9, 8) and hearing.held_on == date(2026, 9, 18)
    assert DecisionList.objects.get().year == 2026
    assert Consultation.objects.count() == 2 and Comment.objects.count() == 4


def test_demo_consultations_wait_for_the_county(db):
    logs: list[str] = []
    assert demo.build(logs.append) == 0 and "请先运行" in logs[0]
