"""The reviewer applies 按建议遮盖 during the confidentiality review (《条例》第十五条 个人隐私, 第十七条 保密审查)
without returning the record: the scanner's proposals replace each open finding in the body and the 明细 rows
(and a masked public copy of an attachment), the findings are fixed, the record stays under review, the move is
in its history and the audit log (masked forms only), and the reviewer may then approve. The officer, the
reviewer of another unit and the record's own author (reviewer ≠ author) are refused; the officer may check
what he typed before submitting, which stores nothing."""

import pytest

from gongkai.accounts.models import Membership, Role
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.publishing import selectors, services, workflow
from gongkai.publishing.models import Entry, FindingStatus, Record, RecordTransition
from tests.factories import CatalogItemFactory
from tests.publishing.privacy_support import fake_id

pytestmark = pytest.mark.django_db

ID_NUMBER = fake_id()
ID_MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
SCHEMA = [{"name": "姓名", "type": "text", "required": True}, {"name": "身份证号", "type": "text"},
          {"name": "保障人数", "type": "number"}]


def in_review(world):
    item = CatalogItemFactory(version=world.version, name="城乡低保对象名单", schema=SCHEMA,
                              responsible_unit=world.unit)
    record = world.record(items=[item], body=f"<p>低保对象：李四，身份证号 {ID_NUMBER}，联系电话 13807391234。</p>")
    services.entry_create(actor=world.officer, item=item, record=record,
                          values={"姓名": "张三", "身份证号": ID_NUMBER, "保障人数": "3"})
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == workflow.IN_REVIEW
    assert services.open_findings(record).count() == 5  # 李四, ID, mobile in the body; 张三, ID in the row
    return record


def test_the_reviewer_masks_as_suggested_and_then_approves(world):
    """《条例》第十五条 (个人隐私), 第十七条 (保密审查): masked in review, still in review, then approved."""
    record = in_review(world)
    assert workflow.MASK_AS_SUGGESTED in selectors.moves_for(world.reviewer, record)
    outcome = services.record_mask_as_suggested(actor=world.reviewer, record=record)
    assert outcome.masked == 5 and outcome.left == []
    record.refresh_from_db()
    assert record.status == workflow.IN_REVIEW
    assert ID_NUMBER not in record.body and "李四" not in record.body
    assert ID_MASKED in record.body and "李*" in record.body and "138****1234" in record.body
    entry = Entry.objects.get(record=record)
    assert entry.values == {"姓名": "张*", "身份证号": ID_MASKED, "保障人数": 3}
    assert services.open_findings(record).count() == 0
    assert set(record.privacy_findings.values_list("resolved_by", flat=True)) == {world.reviewer.pk}
    # the working revision carries the masked text; the officer is still the one who last changed it
    assert ID_MASKED in record.revisions.order_by("-number").first().body
    assert record.last_changed_by_id == world.officer.pk
    move = RecordTransition.objects.filter(record=record).order_by("-id").first()
    assert (move.move, move.from_status, move.to_status, move.actor_id) == (
        workflow.MASK_AS_SUGGESTED, workflow.IN_REVIEW, workflow.IN_REVIEW, world.reviewer.pk)
    event = AuditEvent.objects.filter(action="record.mask_as_suggested").get()
    assert ID_NUMBER not in str(event.data) and ID_MASKED in str(event.data)
    # a rescan finds nothing left, and the reviewer approves
    assert services.record_scan(actor=world.reviewer, record=record)["new"] == 0
    services.record_approve(actor=world.reviewer, record=record)
    assert Record.objects.get(pk=record.pk).status == workflow.APPROVED


@pytest.mark.parametrize("who", ["officer", "other_reviewer", "other_officer", "office"])
def test_only_the_units_reviewer_may_mask_during_review(world, who):
    """《条例》第十七条: the review, and its masking, is the unit's reviewer's."""
    record = in_review(world)
    user = getattr(world, who)
    assert workflow.MASK_AS_SUGGESTED not in selectors.moves_for(user, record)
    with pytest.raises(PermissionRefused):
        services.record_mask_as_suggested(actor=user, record=record)
    assert services.open_findings(record).count() == 5
    assert ID_NUMBER in Record.objects.get(pk=record.pk).body


def test_the_author_who_is_also_a_reviewer_may_not_mask_his_own_record(world):
    """《条例》第十七条; 等保 2.0 权限分离: reviewer ≠ author, for the masking as for the review."""
    Membership.objects.create(user=world.officer, unit=world.unit, role=Role.REVIEWER)
    world.officer.__dict__.pop("_membership_cache", None)
    record = in_review(world)
    assert workflow.MASK_AS_SUGGESTED not in selectors.moves_for(world.officer, record)
    with pytest.raises(PermissionRefused, match="起草与审核分离"):
        services.record_mask_as_suggested(actor=world.officer, record=record)


def test_masking_is_a_move_of_the_review_only(world):
    record = world.record(body=f"<p>身份证号 {ID_NUMBER}</p>")
    services.record_scan(actor=world.officer, record=record)
    with pytest.raises(TransitionNotAllowed, match="不能按建议遮盖"):
        services.record_mask_as_suggested(actor=world.reviewer, record=record)
    assert ID_NUMBER in Record.objects.get(pk=record.pk).body


def test_nothing_to_mask_is_said_in_chinese(world):
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    with pytest.raises(ValidationFailed, match="没有待处理的审查发现"):
        services.record_mask_as_suggested(actor=world.reviewer, record=record)


def test_an_overridden_finding_is_kept(world):
    record = in_review(world)
    kept = record.privacy_findings.get(kind="mobile")
    services.finding_override(actor=world.reviewer, finding=kept, reason="系村委会公开的办公手机")
    services.record_mask_as_suggested(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert "13807391234" in record.body and ID_MASKED in record.body
    assert record.privacy_findings.get(pk=kept.pk).status == FindingStatus.OVERRIDDEN


def test_the_officer_checks_what_he_typed_and_nothing_is_stored(world):
    """《条例》第十七条 (审查机制): a check before submitting, which is no review and stores nothing."""
    record = world.record()
    events = AuditEvent.objects.count()
    hits = services.record_privacy_check(actor=world.officer, record=record,
                                         body=f"<p>申请人王小明 身份证号 {ID_NUMBER}</p>")
    assert {(h["kind"], h["location"], h["proposed_masking"]) for h in hits} == {
        ("name", "正文", "王*明"), ("id_number", "正文", ID_MASKED)}
    record.refresh_from_db()
    assert record.status == workflow.DRAFT and ID_NUMBER not in record.body
    assert record.privacy_findings.count() == 0 and AuditEvent.objects.count() == events
    with pytest.raises(PermissionRefused):
        services.record_privacy_check(actor=world.other_officer, record=record, body="")


def test_an_attachment_gets_a_masked_public_copy_and_the_original_stays(world, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(f"户主：王小明，身份证号 {ID_NUMBER}")
    path = tmp_path / "名单.docx"
    document.save(path)
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name="名单.docx", data=path.read_bytes())
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    assert services.open_findings(record).filter(attachment=attachment).count() == 2
    outcome = services.record_mask_as_suggested(actor=world.reviewer, record=record)
    assert outcome.masked == 2
    attachment.refresh_from_db()
    assert attachment.is_masked and attachment.masked_by_id == world.reviewer.pk
    with attachment.public_file.open("rb") as handle:
        public = "\n".join(p.text for p in docx.Document(handle).paragraphs)
    with attachment.original.open("rb") as handle:
        original = "\n".join(p.text for p in docx.Document(handle).paragraphs)
    assert ID_MASKED in public and ID_NUMBER not in public and "王*明" in public
    assert ID_NUMBER in original
    assert Record.objects.get(pk=record.pk).status == workflow.IN_REVIEW
