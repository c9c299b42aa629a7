"""Publishing services: each workflow move through the services, each refused move, the attribute at the
source, privacy findings before approval, revisions, withdrawal and 本期无此类信息."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import FindingStatus, PrivacyFinding, RecordTransition

pytestmark = pytest.mark.django_db


def _actions(record):
    return list(AuditEvent.objects.filter(target_type="publishing.record", target_id=str(record.pk))
                .values_list("action", flat=True))


# --- creation and the attribute -------------------------------------------------------------------

def test_record_create_assigns_index_number_and_first_revision(world):
    record = world.record()
    second = world.record(title="第二份")
    assert record.index_number == "JIAOYU/2021-00001"
    assert second.index_number == "JIAOYU/2021-00002"
    assert record.status == "draft" and record.revisions.count() == 1
    assert "record.created" in _actions(record)


def test_index_number_format_is_configurable(world, settings):
    settings.GONGKAI_INDEX_NUMBER_FORMAT = "{jurisdiction_code}-{unit_code}-{year}-{item:03d}-{sequence:04d}"
    record = world.record()
    assert record.index_number == f"430503000000-JIAOYU-2021-{world.policy_item.order:03d}-0001"


def test_index_number_bad_format_refused_in_chinese(world, settings):
    settings.GONGKAI_INDEX_NUMBER_FORMAT = "{unit}/{year}"
    with pytest.raises(ValidationFailed, match="索引号格式"):
        world.record()


def test_disclosure_attribute_is_mandatory(world):
    """《条例》第十三条: every record carries its attribute from the source."""
    with pytest.raises(ValidationFailed, match="公开属性"):
        world.record(disclosure_attribute="")


def test_withheld_record_needs_a_legal_ground(world):
    """《条例》第十四条至第十六条: 不予公开 needs one of the eight grounds (rules.md §1)."""
    with pytest.raises(ValidationFailed, match="法定理由"):
        world.record(disclosure_attribute="withheld", next_review_on=dt.date(2022, 7, 1))


def test_withheld_record_needs_next_review_date(world):
    """《条例》第十八条: withheld information is reviewed periodically."""
    with pytest.raises(ValidationFailed, match="下次评估日期"):
        world.record(disclosure_attribute="withheld", withholding_ground="process_information")


def test_withheld_record_with_ground_and_review_date_is_accepted(world):
    record = world.record(disclosure_attribute="withheld", withholding_ground="internal_affairs",
                          next_review_on=dt.date(2022, 7, 1))
    assert record.withholding_ground == "internal_affairs"


def test_ground_only_for_withheld(world):
    with pytest.raises(ValidationFailed, match="只有不予公开"):
        world.record(withholding_ground="state_secret")


def test_items_must_belong_to_a_published_catalog(world):
    with pytest.raises(ValidationFailed, match="尚未发布"):
        world.record(items=[world.draft_item])


def test_items_required(world):
    with pytest.raises(ValidationFailed, match="至少选择一个"):
        world.record(items=[])


def test_body_is_sanitised_on_save(world):
    record = world.record(body='<p onclick="x()">正文</p><script>alert(1)</script>')
    assert record.body == "<p>正文</p>"


def test_officer_of_another_unit_refused(world):
    with pytest.raises(PermissionRefused):
        world.record(actor=world.other_officer)
    assert AuditEvent.objects.filter(action="permission.refused").exists()


def test_reviewer_cannot_draft(world):
    with pytest.raises(PermissionRefused):
        world.record(actor=world.reviewer)


# --- the workflow through the services -------------------------------------------------------------

def test_full_path_draft_to_archived_with_history_and_audit(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record, comment="请审查")
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record, comment="同意")
    result = services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "published" and record.published_at and result.warnings == []
    assert record.public_revision.number == 1 and record.public_revision.published_at
    services.record_withdraw(actor=world.reviewer, record=record, reason="文件已废止")
    services.record_archive(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "archived" and record.withdrawn_reason == "文件已废止"
    moves = list(RecordTransition.objects.filter(record=record).values_list("from_status", "to_status"))
    assert moves == [("", "draft"), ("draft", "submitted"), ("submitted", "in_review"), ("in_review", "approved"),
                     ("approved", "published"), ("published", "withdrawn"), ("withdrawn", "archived")]
    actions = _actions(record)
    for action in ("record.submit", "record.start_review", "record.approve", "record.publish", "record.withdraw",
                   "record.archive"):
        assert action in actions
    first = RecordTransition.objects.get(record=record, to_status="submitted")
    assert first.actor == world.officer and first.comment == "请审查"


def test_return_to_draft_needs_a_comment(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(ValidationFailed, match="退回意见"):
        services.record_return(actor=world.reviewer, record=record, comment=" ")
    services.record_return(actor=world.reviewer, record=record, comment="文号有误")
    record.refresh_from_db()
    assert record.status == "draft"


def test_schedule_then_publish_when_due(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    when = timezone.now() + dt.timedelta(days=1)
    result = services.record_publish(actor=world.reviewer, record=record, at=when)
    assert result.scheduled and result.record.scheduled_for == when
    assert services.records_publish_due(actor=world.reviewer) == []
    published = services.records_publish_due(actor=world.reviewer, now=when + dt.timedelta(minutes=1))
    record.refresh_from_db()
    assert [r.record.pk for r in published] == [record.pk] and record.status == "published"


def test_unschedule(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record, at=timezone.now() + dt.timedelta(hours=2))
    services.record_unschedule(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "approved" and record.scheduled_for is None


def test_publishing_a_draft_is_refused_with_a_chinese_message(world):
    record = world.record()
    with pytest.raises(TransitionNotAllowed, match="草稿.*不能发布"):
        services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "draft" and record.published_at is None


def test_approving_before_review_refused(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(TransitionNotAllowed, match="不能审核通过"):
        services.record_approve(actor=world.reviewer, record=record)


def test_submitting_twice_refused(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(TransitionNotAllowed, match="不能提交审查"):
        services.record_submit(actor=world.officer, record=record)


def test_editing_under_review_refused(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(TransitionNotAllowed, match="不能修改"):
        services.record_update(actor=world.officer, record=record, title="新标题")


def test_withdraw_needs_reason(world):
    record = world.published()
    with pytest.raises(ValidationFailed, match="撤回理由"):
        services.record_withdraw(actor=world.reviewer, record=record, reason="")


def test_withdrawing_a_draft_refused(world):
    record = world.record()
    with pytest.raises(TransitionNotAllowed, match="不能撤回"):
        services.record_withdraw(actor=world.reviewer, record=record, reason="不要了")


def test_archived_record_refuses_everything(world):
    record = world.published()
    services.record_archive(actor=world.reviewer, record=record)
    with pytest.raises(TransitionNotAllowed, match="已不能再变更"):
        services.record_withdraw(actor=world.reviewer, record=record, reason="x")


def test_officer_cannot_approve_and_other_reviewer_cannot_either(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(PermissionRefused):
        services.record_review(actor=world.officer, record=record)
    with pytest.raises(PermissionRefused):
        services.record_review(actor=world.other_reviewer, record=record)


# --- revisions ------------------------------------------------------------------------------------

def test_editing_a_published_record_makes_a_pending_revision(world):
    """Public keeps the last approved revision until the reviewer approves the new one."""
    record = world.published(title="原标题")
    services.record_update(actor=world.officer, record=record, title="修订后的标题", comment="更正错字")
    record.refresh_from_db()
    assert record.status == "revised" and record.title == "修订后的标题"
    assert record.public_revision.title == "原标题"
    services.record_approve(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "published" and record.public_revision.title == "修订后的标题"
    assert record.public_revision.number == 2 and record.changed_at is not None
    assert record.revisions.count() == 2


def test_discarding_a_revision_restores_the_public_copy(world):
    record = world.published(title="原标题")
    services.record_update(actor=world.officer, record=record, title="草率的修改")
    services.record_discard_revision(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "published" and record.title == "原标题"


def test_published_proactive_record_cannot_silently_become_withheld(world):
    record = world.published()
    with pytest.raises(ValidationFailed, match="先撤回"):
        services.record_update(actor=world.officer, record=record, disclosure_attribute="on_request")
    with pytest.raises(ValidationFailed, match="先撤回"):
        services.record_update(actor=world.officer, record=record, disclosure_attribute="withheld",
                               withholding_ground="state_secret", next_review_on=dt.date(2022, 1, 1))


# --- privacy findings -----------------------------------------------------------------------------

def _record_with_finding(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_store_findings(actor=world.reviewer, record=record, hits=[
        {"kind": "id_number", "location": "正文", "text": "430503199001011234",
         "proposed_masking": "430503********1234"}])
    return record


def test_open_privacy_finding_blocks_approval(world):
    """《条例》第十五条: personal privacy is not disclosed; a hit must be fixed or overridden first."""
    record = _record_with_finding(world)
    with pytest.raises(ValidationFailed, match="1 处"):
        services.record_approve(actor=world.reviewer, record=record)


def test_fixed_finding_allows_approval(world):
    record = _record_with_finding(world)
    services.finding_fix(actor=world.officer, finding=record.privacy_findings.get())
    services.record_approve(actor=world.reviewer, record=record)


def test_override_needs_written_reason_and_is_audited(world):
    record = _record_with_finding(world)
    finding = record.privacy_findings.get()
    with pytest.raises(ValidationFailed, match="理由"):
        services.finding_override(actor=world.reviewer, finding=finding, reason="")
    with pytest.raises(PermissionRefused):
        services.finding_override(actor=world.officer, finding=finding, reason="系单位办公电话")
    services.finding_override(actor=world.reviewer, finding=finding, reason="系单位办公电话，依法公开")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OVERRIDDEN and finding.override.actor == world.reviewer
    assert "record.finding_overridden" in _actions(record)
    services.record_approve(actor=world.reviewer, record=record)


def test_review_runs_the_scanner_on_the_body(world):
    record = world.record(body="<p>低保对象张某某，身份证号430503199001011236，电话13812345678。</p>")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    kinds = set(PrivacyFinding.objects.filter(record=record).values_list("kind", flat=True))
    assert "mobile" in kinds
    with pytest.raises(ValidationFailed):
        services.record_approve(actor=world.reviewer, record=record)


def test_rescan_marks_removed_hits_fixed(world):
    record = world.record(body="<p>联系人手机13812345678</p>")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    assert services.open_findings(record).exists()
    services.record_return(actor=world.reviewer, record=record, comment="请删除手机号")
    services.record_update(actor=world.officer, record=record, body="<p>联系人：区教育局办公室</p>")
    services.record_scan(actor=world.officer, record=record)
    assert not services.open_findings(record).exists()


# --- 本期无此类信息 ---------------------------------------------------------------------------------

def test_nothing_to_publish_record_is_published_with_its_period(world):
    """《条例》第二十条 and 国办发〔2019〕54号: an item with nothing in the period says so explicitly."""
    record = services.record_mark_nothing_to_publish(
        actor=world.officer, unit=world.unit, item=world.item, period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 6, 30))
    assert record.status == "published" and record.is_nothing_to_publish
    assert "本期无此类信息" in record.title and record.period_end == dt.date(2021, 6, 30)
    with pytest.raises(ValidationFailed, match="已有"):
        services.record_mark_nothing_to_publish(
            actor=world.officer, unit=world.unit, item=world.item, period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2021, 6, 30))


def test_nothing_to_publish_period_must_be_ordered(world):
    with pytest.raises(ValidationFailed, match="期间"):
        services.record_mark_nothing_to_publish(
            actor=world.officer, unit=world.unit, item=world.item, period_start=dt.date(2021, 7, 1),
            period_end=dt.date(2021, 6, 30))


def test_publish_scheduled_command(world):
    from io import StringIO

    from django.core.management import call_command

    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record, at=timezone.now() + dt.timedelta(seconds=1))
    record.refresh_from_db()
    type(record).objects.filter(pk=record.pk).update(scheduled_for=timezone.now() - dt.timedelta(minutes=1))
    out = StringIO()
    call_command("publish-scheduled", stdout=out)
    record.refresh_from_db()
    assert record.status == "published" and "共发布 1 条" in out.getvalue()


def test_office_chooses_whether_an_on_request_title_is_shown(world):
    record = world.published(disclosure_attribute="on_request")
    with pytest.raises(PermissionRefused):
        services.record_set_title_shown(actor=world.other_reviewer, record=record, shown=True)
    services.record_set_title_shown(actor=world.office, record=record, shown=True)
    record.refresh_from_db()
    assert record.show_title_publicly
    proactive = world.published(title="主动公开的")
    with pytest.raises(ValidationFailed, match="只有依申请公开"):
        services.record_set_title_shown(actor=world.office, record=proactive, shown=True)


def test_the_office_withdraws_a_published_record_in_its_subtree(world):
    """Oversight: the disclosure office takes down a record of a unit below it, with a reason."""
    from gongkai.publishing import services as publishing_services

    record = world.published()
    record = publishing_services.record_withdraw(actor=world.office, record=record, reason="监测发现含个人信息")
    assert record.status == "withdrawn"
