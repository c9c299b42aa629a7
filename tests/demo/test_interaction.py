"""The interaction demo: idempotent; 大祥区 has messages answered and published (masked), one waiting for the
office's moderation, one waiting within its limit and one past it (found by an inspection), and a concern answered
in time."""

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.demo import interaction as demo
from gongkai.interaction import selectors, workflow
from gongkai.interaction.models import Concern, Message
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_interaction_is_idempotent_and_complete(interaction_world, clock):
    clock.set(date(2026, 11, 20))
    world = interaction_world
    UserFactory(username="jiaoyu.officer", unit=world.edu, roles=[Role.INFORMATION_OFFICER])
    UserFactory(username="dx.office", unit=world.office_unit, roles=[Role.DISCLOSURE_OFFICE])
    logs: list[str] = []
    assert demo.build(logs.append) == 6
    assert demo.build(logs.append) == 0
    assert Message.objects.count() == 5 and Concern.objects.count() == 1
    statuses = sorted(Message.objects.values_list("status", flat=True))
    assert statuses == sorted([workflow.PUBLISHED, workflow.PUBLISHED, workflow.ANSWERED, workflow.PENDING,
                               workflow.PENDING])
    public = list(selectors.public_messages(world.county))
    assert len(public) == 2 and all("13807391234" not in m.public_body for m in public)
    assert all(m.answered_at.date() <= m.due_on for m in public)
    [concern] = selectors.public_concerns(world.county)
    assert not any(s.late for s in selectors.duty_states(concern))
    inspection_run(actor=world.users.office, jurisdiction=world.county, today=date(2026, 11, 20),
                   rules=["message_overdue", "concern_response_late"])
    overdue = Message.objects.get(subject="罗市镇中心小学操场维修进度咨询")
    assert set(Finding.objects.values_list("rule", "target")) == {("message_overdue", str(overdue.pk))}


def test_demo_interaction_waits_for_the_county(db):
    logs: list[str] = []
    assert demo.build(logs.append) == 0 and "请先运行" in logs[0]
