"""Writes of consultations: each checks the policy and the rules, and leaves its audit event."""

from datetime import date

import pytest

from gongkai.consultations import services
from gongkai.consultations.models import CommentStatus, Consultation
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import ConsultationCommentFactory

pytestmark = pytest.mark.django_db

DRAFT = {"title": "关于征求《大祥区城区停车管理办法（征求意见稿）》意见的公告", "kind": "major_decision",
         "draft": "第一条 为了规范城区停车……", "explanation": "一、起草背景……", "opens_on": date(2026, 9, 8),
         "closes_on": date(2026, 10, 8)}


def _draft(world, **changes):
    return services.consultation_create(actor=world.users.officer, unit=world.edu, **(DRAFT | changes))


def test_create_and_publish_a_major_decision_for_30_days(world, clock):
    clock.set(date(2026, 9, 8))
    consultation = _draft(world)
    assert consultation.status == "draft"
    services.consultation_publish(actor=world.users.officer, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == "open" and consultation.published_at is not None
    actions = list(AuditEvent.objects.filter(target_id=str(consultation.pk)).values_list("action", flat=True))
    assert actions == ["consultation.created", "consultation.published"]


def test_publish_refuses_a_short_major_decision_period_without_reason(world, clock):
    clock.set(date(2026, 9, 8))
    consultation = _draft(world, closes_on=date(2026, 9, 20))
    with pytest.raises(ValidationFailed, match="缩短期限的理由"):
        services.consultation_publish(actor=world.users.officer, consultation=consultation)
    services.consultation_change(actor=world.users.officer, consultation=consultation,
                                 shorter_reason="汛期临近，需尽快出台。")
    services.consultation_publish(actor=world.users.officer, consultation=consultation)
    assert Consultation.objects.get(pk=consultation.pk).status == "open"


def test_publish_refuses_a_normative_document_under_7_working_days(world, clock):
    clock.set(date(2026, 9, 28))
    consultation = _draft(world, kind="normative_document", opens_on=date(2026, 9, 28), closes_on=date(2026, 10, 12))
    with pytest.raises(ValidationFailed, match="7个工作日"):
        services.consultation_publish(actor=world.users.officer, consultation=consultation)


def test_a_published_consultation_is_not_changed(world):
    with pytest.raises(ValidationFailed, match="不能修改"):
        services.consultation_change(actor=world.users.officer, consultation=world.consultation, title="改")


def test_other_units_and_other_counties_are_refused(world):
    with pytest.raises(PermissionRefused):
        services.consultation_create(actor=world.users.civil_reviewer, unit=world.edu, **DRAFT)
    with pytest.raises(PermissionRefused):
        services.consultation_close(actor=world.users.other_office, consultation=world.consultation)
    with pytest.raises(PermissionRefused):
        services.comment_moderate(actor=world.users.officer, comment=world.comment, approve=True)
    assert AuditEvent.objects.filter(action="permission.refused").count() == 3


def test_comment_submit_keeps_it_for_moderation(world, clock):
    clock.set(date(2026, 9, 10))
    comment = services.comment_submit(consultation=world.consultation, name="李某", contact="13900000000",
                                      body="建议延长公示期。", ip_address="203.0.113.5")
    assert comment.status == CommentStatus.PENDING
    event = AuditEvent.objects.get(action="comment.submitted", target_id=str(comment.pk))
    assert "李某" not in str(event.data) + event.target_repr and "13900000000" not in str(event.data)


def test_comment_repeat_is_refused(world, clock):
    clock.set(date(2026, 9, 10))
    with pytest.raises(ValidationFailed, match="请勿重复提交"):
        services.comment_submit(consultation=world.consultation, name="王某", contact="x@example.invalid",
                                body="  建议公布学区划分的依据。 ")


def test_comment_after_the_last_day_is_refused(world, clock):
    clock.set(date(2026, 10, 2))
    with pytest.raises(ValidationFailed, match="已截止"):
        services.comment_submit(consultation=world.consultation, name="王某", contact="1", body="迟到的意见")


def test_moderate_close_summary_publish(world, clock):
    clock.set(date(2026, 10, 2))
    services.comment_moderate(actor=world.users.reviewer, comment=world.comment, approve=True, reply="已采纳。")
    with pytest.raises(ValidationFailed, match="截止后"):
        services.consultation_summary_save(actor=world.users.officer, consultation=world.consultation,
                                           summary="采纳", adopted_count=1)
    services.consultation_close(actor=world.users.officer, consultation=world.consultation)
    with pytest.raises(ValidationFailed, match="请先填写"):
        services.consultation_summary_publish(actor=world.users.officer, consultation=world.consultation)
    with pytest.raises(ValidationFailed, match="多于收到的意见条数"):
        services.consultation_summary_save(actor=world.users.officer, consultation=world.consultation,
                                           summary="采纳", adopted_count=3, other_comment_count=1)
    services.consultation_summary_save(actor=world.users.officer, consultation=world.consultation,
                                       summary="共收到意见2条，采纳1条：公布学区划分依据。", adopted_count=1,
                                       other_comment_count=1)
    services.consultation_summary_publish(actor=world.users.office, consultation=world.consultation)
    world.consultation.refresh_from_db()
    assert world.consultation.status == "summary_published" and world.consultation.closed_on == date(2026, 10, 1)
    assert services.received_count(world.consultation) == 2


def test_summary_waits_for_pending_comments(world, clock):
    clock.set(date(2026, 10, 2))
    services.consultation_close(actor=world.users.officer, consultation=world.consultation)
    services.consultation_summary_save(actor=world.users.officer, consultation=world.consultation,
                                       summary="未采纳。", adopted_count=0)
    with pytest.raises(ValidationFailed, match="未审核"):
        services.consultation_summary_publish(actor=world.users.officer, consultation=world.consultation)


def test_closing_early_keeps_the_day(world, clock):
    clock.set(date(2026, 9, 20))
    services.consultation_close(actor=world.users.office, consultation=world.consultation)
    world.consultation.refresh_from_db()
    assert world.consultation.closed_on == date(2026, 9, 20)
    assert AuditEvent.objects.get(action="consultation.closed").data["early"] is True


def test_hearing_notice_7_days_before(world, clock):
    clock.set(date(2026, 9, 8))
    with pytest.raises(ValidationFailed, match="最迟应于2026年9月7日"):
        services.hearing_create(actor=world.users.officer, consultation=world.consultation, held_on=date(2026, 9, 14),
                                place="区政府第一会议室", notice="听证公告")
    hearing = services.hearing_create(actor=world.users.officer, consultation=world.consultation,
                                      held_on=date(2026, 9, 15), place="区政府第一会议室", notice="听证公告")
    clock.set(date(2026, 9, 9))
    with pytest.raises(ValidationFailed, match="提前7日"):
        services.hearing_notice_publish(actor=world.users.officer, hearing=hearing)
    clock.set(date(2026, 9, 8))
    services.hearing_notice_publish(actor=world.users.officer, hearing=hearing)
    assert hearing.notice_published_on == date(2026, 9, 8)


def test_decision_list_for_the_office_only(world, clock):
    clock.set(date(2026, 1, 20))
    with pytest.raises(PermissionRefused):
        services.decision_list_create(actor=world.users.officer, jurisdiction=world.county, year=2026)
    found = services.decision_list_create(actor=world.users.office, jurisdiction=world.county, year=2026)
    with pytest.raises(ValidationFailed, match="还没有决策事项"):
        services.decision_list_publish(actor=world.users.office, decision_list=found)
    services.decision_item_add(actor=world.users.office, decision_list=found, title="大祥区城区停车管理办法",
                               unit=world.edu, planned="2026年第三季度", hearing=True)
    services.decision_list_publish(actor=world.users.office, decision_list=found)
    with pytest.raises(ValidationFailed, match="已经建立"):
        services.decision_list_create(actor=world.users.office, jurisdiction=world.county, year=2026)
    with pytest.raises(PermissionRefused):
        services.decision_list_publish(actor=world.users.other_office, decision_list=found)


def test_rejected_comments_still_count(world):
    other = ConsultationCommentFactory(consultation=world.consultation)
    services.comment_moderate(actor=world.users.office, comment=other, approve=False)
    assert services.received_count(world.consultation) == 2
