"""Messages and concerns: each write in a transaction with its audit event, refusals for the other unit, the other
jurisdiction and the anonymous visitor, and the public copy masked."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.core.audit_actions import ACTION_LABELS
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.core.workflow import MoveRefused
from gongkai.interaction import selectors, services, workflow
from tests.factories import written_message

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_a_message_is_answered_moderated_and_published_masked(world, clock):
    clock.set(date(2026, 11, 20))
    message = written_message(world.edu)
    assert message.due_on == date(2026, 11, 27) and message.status == workflow.PENDING
    assert len(message.query_code) == 12
    services.message_answer(actor=world.users.officer, message=message, answer="城西小学招生范围见附件公告。")
    assert message.status == workflow.ANSWERED and message.answered_by == world.users.officer
    assert not selectors.public_messages(world.county).exists()
    proposal = services.public_text(message.body, message.writer_name)
    assert "张三丰" not in proposal and "13812345678" not in proposal
    services.message_publish(actor=world.users.office, message=message, public_subject=message.subject,
                             public_body=message.body + " 张三丰")  # typed back in full: masked again
    [public] = selectors.public_messages(world.county)
    assert "张三丰" not in public.public_body and "13812345678" not in public.public_body
    assert actions()[-3:] == ["message.submitted", "message.answered", "message.published"]
    assert all(a in ACTION_LABELS for a in actions())


def test_the_office_passes_on_returns_closes_and_refuses_with_a_reason(world):
    message = written_message(world.civil)
    services.message_assign(actor=world.users.office, message=message, unit=world.edu, note="属教育局职责")
    assert message.unit == world.edu
    services.message_answer(actor=world.users.officer, message=message, answer="已答复。")
    with pytest.raises(ValidationFailed, match="理由"):
        services.message_return(actor=world.users.office, message=message, reason="  ")
    services.message_return(actor=world.users.office, message=message, reason="请写明具体招生范围")
    assert message.status == workflow.PENDING and message.answered_at is None
    services.message_answer(actor=world.users.officer, message=message, answer="招生范围为城西片区。")
    services.message_close(actor=world.users.office, message=message, reason="涉及个人家庭情况")
    assert message.status == workflow.CLOSED
    other = written_message(world.edu, subject="广告")
    services.message_reject(actor=world.users.office, message=other, reason="广告信息")
    with pytest.raises(MoveRefused):
        services.message_answer(actor=world.users.officer, message=other, answer="x")
    tracked = selectors.public_tracking(other.query_code.lower())
    assert tracked is not None and tracked.reason == "广告信息" and tracked.status == "不予受理"


@pytest.mark.parametrize("who", ["civil_officer", "other_office", "anonymous", "officer_publishes"])
def test_refused_users(world, who):
    message = written_message(world.edu)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused):
        if who == "civil_officer":
            services.message_answer(actor=world.users.civil_officer, message=message, answer="x")
        elif who == "other_office":
            services.message_assign(actor=world.users.other_office, message=message, unit=world.civil)
        elif who == "anonymous":
            services.message_answer(actor=AnonymousUser(), message=message, answer="x")
        else:
            services.message_answer(actor=world.users.officer, message=message, answer="x")
            services.message_publish(actor=world.users.officer, message=message, public_subject="x", public_body="x")
    assert AuditEvent.objects.filter(action="permission.refused").count() == 1
    assert AuditEvent.objects.count() >= before + 1


def test_the_answer_limit_is_set_per_jurisdiction(world, clock):
    clock.set(date(2026, 11, 20))
    with pytest.raises(ValidationFailed):
        services.answer_limit_set(actor=world.users.office, jurisdiction=world.county, working_days=0)
    with pytest.raises(PermissionRefused):
        services.answer_limit_set(actor=world.users.other_office, jurisdiction=world.county, working_days=3)
    services.answer_limit_set(actor=world.users.office, jurisdiction=world.county, working_days=3)
    assert written_message(world.edu).due_on == date(2026, 11, 25)
    assert actions()[-2] == "message_settings.changed"


def test_a_message_to_a_unit_of_another_jurisdiction_is_refused(world):
    with pytest.raises(ValidationFailed, match="本级"):
        written_message(world.other_office_unit, jurisdiction=world.county)


def test_concerns_are_recorded_with_their_responses(world, clock):
    clock.set(datetime(2026, 11, 20, 12, 0))
    arose = datetime(2026, 11, 20, 8, 0).astimezone()
    concern = services.concern_record(actor=world.users.office, jurisdiction=world.county, unit=world.edu,
                                      title="学校食堂食品安全", arose_at=arose, level="major_emergency")
    with pytest.raises(ValidationFailed, match="早于"):
        services.concern_response_add(actor=world.users.office, concern=concern, kind="statement",
                                      responded_at=arose - timedelta(hours=1), channel="网站", content="x")
    with pytest.raises(PermissionRefused):
        services.concern_response_add(actor=world.users.other_office, concern=concern, kind="statement",
                                      responded_at=arose, channel="网站", content="x")
    services.concern_response_add(actor=world.users.office, concern=concern, kind="authoritative_information",
                                  responded_at=arose + timedelta(hours=2), channel="大祥发布", content="情况通报")
    assert [c.pk for c in selectors.public_concerns(world.county)] == [concern.pk]
    assert actions()[-1] == "concern.responded"
