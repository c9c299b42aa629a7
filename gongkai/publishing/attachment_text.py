"""The text of attachments, read in the background (issue 13): OCR of a scanned page takes 2–3 seconds, too long for
a web request. Adding an attachment or a new public copy marks its text 待识别 and queues the job
(`publishing.jobs.extract_attachment_text`) when the transaction commits; a worker (`gongkai worker`) reads the
file from storage, writes its progress page by page (识别中 3/12), keeps the text with the attachment (已完成, or
失败 with the reason) and runs the record's privacy scan again, so that its findings include what OCR found.

The job carries only the attachment's id and claims the row before it works: delivered twice, it does nothing the
second time; killed midway, the row stays 识别中 without progress and, after GONGKAI_TEXT_STALL_MINUTES, is queued
again (`attachments_text_recover`, run by every `gongkai worker` as it starts, and the screen's 重新识别).

The review (`services._scan_record`) uses the kept text; while it is not there it reads what needs no OCR, and a
file that needs OCR gives a finding 文字识别未完成 that the scan after OCR closes."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from gongkai.accounts.policies import Action, Actor, require
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.publishing import signals, text_extraction, workflow
from gongkai.publishing.models import Attachment, Record, TextStatus

logger = logging.getLogger(__name__)

# The scan after OCR stores findings only while the review can still act on them.
RESCANNED_STATUSES = workflow.TABLE.editable | workflow.UNDER_REVIEW | {workflow.SUBMITTED}
WORKER_NAME = "后台任务"
# The finding of a file whose text needs OCR not done yet (its label: privacy.KIND_LABELS).
OCR_PENDING = "ocr_pending"


def stall_minutes() -> int:
    return int(getattr(settings, "GONGKAI_TEXT_STALL_MINUTES", 30))


def current_digest(attachment: Attachment) -> str:
    """The digest of the file the review reads: the public copy where there is one, else the original."""
    return (attachment.public_sha256 if attachment.public_file else "") or attachment.sha256


def text_of(attachment: Attachment) -> text_extraction.Extracted | None:
    """The kept text of the file the review reads now; None while it is not read (or was read from an older copy)."""
    if attachment.text_status != TextStatus.DONE or attachment.text_sha256 != current_digest(attachment):
        return None
    return text_extraction.Extracted.from_data(attachment.text_data)


def is_stalled(attachment: Attachment, now: dt.datetime | None = None) -> bool:
    """识别中 without progress for GONGKAI_TEXT_STALL_MINUTES: its worker was killed."""
    now = now or clock.now()
    return (attachment.text_status == TextStatus.RUNNING
            and attachment.updated_at < now - dt.timedelta(minutes=stall_minutes()))


# --- queueing ---------------------------------------------------------------------------------------------

def _enqueue(attachment_id: int) -> None:
    # publishing.jobs queues the job (it imports this module; this module never imports it).
    signals.attachment_text_wanted.send(sender=Attachment, attachment_id=attachment_id)


def text_queue_on_commit(attachment: Attachment) -> None:
    """Mark the attachment's text 待识别 (the caller saves it) and queue its job once the caller's transaction
    commits (nothing on rollback: the job never sees a row that was not written)."""
    attachment.text_status = TextStatus.PENDING
    attachment.text_pages_done = attachment.text_pages_total = 0
    attachment.text_error = ""
    attachment.text_started_at = attachment.text_finished_at = None
    transaction.on_commit(partial(_enqueue, attachment.pk), robust=True)


def attachment_text_requeue(*, actor: Actor, attachment: Attachment) -> Attachment:
    """重新识别: read the text again (after a failure, or a job that stopped). A job still making progress is left
    alone."""
    require(actor, Action.MASK_PERSONAL_DATA, attachment.record)
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if attachment.text_status == TextStatus.RUNNING and not is_stalled(attachment):
            raise ValidationFailed(f"附件“{attachment.name}”正在识别（第{attachment.text_pages_done}页），请稍候。")
        text_queue_on_commit(attachment)
        attachment.save()
        record_event(actor=actor, action="record.attachment_text_requeued", target=attachment.record,
                     data={"attachment": attachment.pk, "name": attachment.name})
    return attachment


def attachments_text_recover(*, now: dt.datetime | None = None) -> int:
    """Queue again every attachment whose job was lost: 识别中 without progress, or 待识别 not taken up, for
    GONGKAI_TEXT_STALL_MINUTES (a worker killed midway, a queue emptied, rows from before background reading).
    Returns how many. Doing it twice is harmless: a job finds the text read and does nothing."""
    limit = (now or clock.now()) - dt.timedelta(minutes=stall_minutes())
    ids = list(Attachment.objects.filter(Q(text_status=TextStatus.RUNNING) | Q(text_status=TextStatus.PENDING),
                                         updated_at__lt=limit).values_list("pk", flat=True))
    for pk in ids:
        # 待识别 again: the job claims it as new; the next worker to start does not recover it a second time
        Attachment.objects.filter(pk=pk).update(text_status=TextStatus.PENDING, updated_at=clock.now())
        _enqueue(pk)
    return len(ids)


# --- the job's body -----------------------------------------------------------------------------------------

def _claim(attachment_id: int) -> tuple[Attachment, str] | None:
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
        if attachment is None:
            return None
        digest = current_digest(attachment)
        if text_of(attachment) is not None:
            return None  # read already (a job delivered twice)
        if attachment.text_status == TextStatus.RUNNING and not is_stalled(attachment):
            return None  # another worker is reading it
        if attachment.text_status == TextStatus.FAILED and attachment.text_sha256 == digest:
            return None  # failed for this very file; 重新识别 queues it as 待识别 again
        attachment.text_status = TextStatus.RUNNING
        attachment.text_pages_done = attachment.text_pages_total = 0
        attachment.text_error = ""
        attachment.text_started_at, attachment.text_finished_at = clock.now(), None
        attachment.save(update_fields=["text_status", "text_pages_done", "text_pages_total", "text_error",
                                       "text_started_at", "text_finished_at", "updated_at"])
    return attachment, digest


def _progress(attachment_id: int, done: int, total: int) -> None:
    Attachment.objects.filter(pk=attachment_id, text_status=TextStatus.RUNNING).update(
        text_pages_done=done, text_pages_total=total, updated_at=clock.now())


def _finish(attachment_id: int, digest: str, *, data: dict | None, error: str = "") -> Attachment | None:
    """Keep what was read, unless the file changed meanwhile (its own job reads the new one)."""
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
        if attachment is None or current_digest(attachment) != digest or attachment.text_status != TextStatus.RUNNING:
            return None
        attachment.text_status = TextStatus.FAILED if data is None else TextStatus.DONE
        attachment.text_data = data or {}
        attachment.text_error = error[:500]
        attachment.text_sha256 = digest
        attachment.text_finished_at = clock.now()
        if data is not None and attachment.text_pages_total:
            attachment.text_pages_done = attachment.text_pages_total
        attachment.save()
    return attachment


def attachment_text_extract(*, attachment_id: int) -> Attachment | None:
    """The job: read the attachment's text (OCR where needed) from storage, keep it, and scan the record again.
    Returns the attachment, or None when there was nothing to do (read already, being read, gone)."""
    claimed = _claim(attachment_id)
    if claimed is None:
        return None
    attachment, digest = claimed
    source = attachment.public_file or attachment.original
    try:
        with source.open("rb") as handle:
            content = handle.read()
        extracted = text_extraction.extract(content, name=attachment.name,
                                            progress=partial(_progress, attachment.pk))
    except text_extraction.UnreadableFile as exc:
        finished = _finish(attachment.pk, digest, data=None, error=str(exc))
    except Exception as exc:
        logger.exception("attachment %s: text extraction failed", attachment.pk)
        _finish(attachment.pk, digest, data=None, error=f"识别出错（{exc.__class__.__name__}），请重新识别。")
        raise
    else:
        finished = _finish(attachment.pk, digest, data=extracted.to_data())
    if finished is not None:
        _rescan(finished.record_id)
    return finished


def _rescan(record_id: int) -> None:
    # publishing.services scans the record again (it imports this module; this module never imports it).
    signals.attachment_text_read.send(sender=Attachment, record_id=record_id)


def pending_for(record: Record) -> QuerySet[Attachment]:
    """The record's attachments whose text is not read yet (the record screen polls while there are any)."""
    return record.attachments.filter(text_status__in=[TextStatus.PENDING, TextStatus.RUNNING])
