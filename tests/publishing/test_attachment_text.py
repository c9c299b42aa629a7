"""Attachments' text read in the background (publishing.attachment_text, publishing.jobs): queued on commit, progress
on the row, the privacy scan again when it is read; a job delivered twice or killed midway does no harm."""

import datetime as dt

import pytest

from gongkai.core import clock
from gongkai.core.errors import PermissionRefused
from gongkai.core.models import AuditEvent
from gongkai.publishing import attachment_text, jobs, services, text_extraction
from gongkai.publishing.models import Attachment, FindingStatus, TextStatus
from tests.factories import blank_pdf
from tests.publishing.privacy_support import PEOPLE, build_docx, build_scanned_pdf, build_xlsx, needs_ocr

pytestmark = pytest.mark.django_db


def _submitted_with(world, name, data):
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name=name, data=data)
    services.record_submit(actor=world.officer, record=record)
    return record, attachment


def _open_kinds(record):
    return sorted(record.privacy_findings.filter(status=FindingStatus.OPEN).values_list("kind", flat=True))


@needs_ocr
@pytest.mark.usefixtures("commit_hooks_as_in_production")
def test_a_scanned_attachment_is_read_on_commit_and_its_id_number_found(world, tmp_path):
    """The job runs when the upload commits (the immediate backend stands in for the worker): the scanned page's
    ID number is found by the review without OCR inside the reviewer's request."""
    data = build_scanned_pdf(tmp_path / "名单.pdf").read_bytes()
    record, attachment = _submitted_with(world, "名单.pdf", data)
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE
    assert (attachment.text_pages_done, attachment.text_pages_total) == (1, 1)
    assert attachment.text_sha256 == attachment.sha256
    assert PEOPLE[0][1] in attachment_text.text_of(attachment).text.replace(" ", "")

    def no_ocr_in_the_request(*args, **kwargs):
        raise AssertionError("OCR in the request")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_extraction, "ocr_lines", no_ocr_in_the_request)
        services.record_review(actor=world.reviewer, record=record)
    assert "id_number" in _open_kinds(record)


@needs_ocr
def test_before_the_text_is_read_the_review_holds_approval_and_the_job_rescans(world):
    """Until OCR has read a scanned file its content is not judged: a finding 文字识别未完成 holds the approval; the
    job's own scan closes it (here the page is blank: nothing else is found)."""
    record, attachment = _submitted_with(world, "扫描件.pdf", blank_pdf())  # no commit: the job has not run
    services.record_review(actor=world.reviewer, record=record)
    assert _open_kinds(record) == ["ocr_pending"]
    with pytest.raises(Exception, match="未处理"):
        services.record_approve(actor=world.reviewer, record=record)

    assert jobs.extract_attachment_text.call(attachment.pk) == TextStatus.DONE
    assert _open_kinds(record) == []
    assert AuditEvent.objects.filter(action="record.scanned", actor_name="后台任务").exists()
    services.record_approve(actor=world.reviewer, record=record)


def test_text_that_needs_no_ocr_is_judged_before_the_job_runs(world, tmp_path):
    record, _ = _submitted_with(world, "名单.docx", build_docx(tmp_path / "名单.docx").read_bytes())
    services.record_review(actor=world.reviewer, record=record)
    kinds = _open_kinds(record)
    assert "id_number" in kinds and "ocr_pending" not in kinds


def test_a_job_delivered_twice_reads_the_file_once(world, tmp_path, monkeypatch):
    _, attachment = _submitted_with(world, "名单.docx", build_docx(tmp_path / "名单.docx").read_bytes())
    calls = []
    original = text_extraction.extract
    monkeypatch.setattr(text_extraction, "extract", lambda *a, **k: calls.append(1) or original(*a, **k))
    first = attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    second = attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    assert first.text_status == TextStatus.DONE and second is None and len(calls) == 1
    assert attachment_text.attachment_text_extract(attachment_id=999999) is None  # the attachment was removed


def test_a_job_killed_midway_is_queued_again_and_finishes(world, tmp_path, monkeypatch):
    """A worker killed during OCR leaves 识别中 without progress; after GONGKAI_TEXT_STALL_MINUTES the next worker's
    start (attachments_text_recover) queues it again and the job reads it from the start."""
    _, attachment = _submitted_with(world, "名单.docx", build_docx(tmp_path / "名单.docx").read_bytes())

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # what SIGINT does mid-page; SIGKILL leaves the same row

    monkeypatch.setattr(text_extraction, "extract", killed)
    with pytest.raises(KeyboardInterrupt):
        attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    monkeypatch.undo()
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.RUNNING
    # a second delivery while it may still be running elsewhere leaves it alone
    assert attachment_text.attachment_text_extract(attachment_id=attachment.pk) is None
    assert attachment_text.attachments_text_recover() == 0

    later = clock.now() + dt.timedelta(minutes=attachment_text.stall_minutes() + 1)
    assert attachment_text.is_stalled(Attachment.objects.get(pk=attachment.pk), later)
    clock.set_to(later)
    try:
        assert attachment_text.attachments_text_recover() == 1  # the immediate backend runs it at once
    finally:
        clock.set_to(None)
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE and attachment.text_data["segments"]


def test_a_failure_is_shown_with_its_reason_and_can_be_read_again(world, tmp_path, monkeypatch):
    _, attachment = _submitted_with(world, "名单.docx", build_docx(tmp_path / "名单.docx").read_bytes())

    def broken(*args, **kwargs):
        raise text_extraction.UnreadableFile("名单.docx：文字识别失败：tesseract 无输出")

    monkeypatch.setattr(text_extraction, "extract", broken)
    attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.FAILED and "tesseract" in attachment.text_error
    assert attachment_text.attachment_text_extract(attachment_id=attachment.pk) is None  # not retried on its own
    monkeypatch.undo()
    with pytest.raises(PermissionRefused):
        attachment_text.attachment_text_requeue(actor=world.other_officer, attachment=attachment)
    attachment_text.attachment_text_requeue(actor=world.officer, attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.PENDING
    attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE
    assert AuditEvent.objects.filter(action="record.attachment_text_requeued").count() == 1


@pytest.mark.usefixtures("commit_hooks_as_in_production")
def test_a_new_public_copy_is_read_again(world, tmp_path):
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name="名单.docx",
                                         data=build_docx(tmp_path / "名单.docx").read_bytes())
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE and attachment.text_sha256 == attachment.sha256
    masked = build_xlsx(tmp_path / "遮盖.xlsx").read_bytes()
    services.attachment_replace_public_copy(actor=world.officer, attachment=attachment, data=masked, note="遮盖",
                                            name="名单.xlsx")
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE and attachment.text_sha256 == attachment.public_sha256


def test_progress_is_written_page_by_page(world, monkeypatch):
    _, attachment = _submitted_with(world, "两页.pdf", blank_pdf())
    seen = []

    def fake_extract(content, *, name=None, ocr=True, progress=None):
        for page in range(3):
            progress(page, 3)
            seen.append(Attachment.objects.values_list("text_status", "text_pages_done", "text_pages_total")
                        .get(pk=attachment.pk))
        progress(3, 3)
        return text_extraction.Extracted("pdf", name, [])

    monkeypatch.setattr(text_extraction, "extract", fake_extract)
    attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    assert seen == [("running", 0, 3), ("running", 1, 3), ("running", 2, 3)]
    assert Attachment.objects.values_list("text_pages_done", flat=True).get(pk=attachment.pk) == 3


def test_a_file_not_read_yet_cannot_be_kept_by_the_reviewer(world):
    """文字识别未完成 is not a hit a reviewer may keep with a reason: nobody has seen the file's text yet, so keeping
    it would publish a scanned list no scan has read."""
    from gongkai.core.errors import ValidationFailed
    from gongkai.publishing.models import PrivacyFinding

    record, _ = _submitted_with(world, "扫描件.pdf", blank_pdf())
    services.record_review(actor=world.reviewer, record=record)
    finding = PrivacyFinding.objects.get(record=record, kind="ocr_pending")
    with pytest.raises(ValidationFailed, match="文字识别完成前不能保留"):
        services.finding_override(actor=world.reviewer, finding=finding, reason="扫描件无个人信息")
    assert _open_kinds(record) == ["ocr_pending"]
    with pytest.raises(ValidationFailed, match="未处理"):
        services.record_approve(actor=world.reviewer, record=record)


def test_the_scheduled_recovery_requeues_what_a_killed_worker_left(world):
    """`gongkai attachment-text-recover` (cron, every 10 minutes): a row left 识别中 without progress is read."""
    import io

    from django.core.management import call_command

    _, attachment = _submitted_with(world, "扫描件.pdf", blank_pdf())
    Attachment.objects.filter(pk=attachment.pk).update(text_status=TextStatus.RUNNING,
                                                       updated_at=clock.now() - dt.timedelta(minutes=30))
    out = io.StringIO()
    call_command("attachment-text-recover", stdout=out)
    assert "已重新排队 1 个附件" in out.getvalue()
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.DONE
