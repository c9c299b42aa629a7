"""Background jobs of publishing (django-tasks: the database queue in production, run by `gongkai worker`; the
immediate backend in tests). A job carries only an id and reads everything else from the row, so a job delivered
twice, or run again after a worker was killed, does no harm (publishing.attachment_text claims the row first).
Imports run one way, jobs → services."""

from __future__ import annotations

from django_tasks import task

from gongkai.publishing import attachment_text


@task()
def extract_attachment_text(attachment_id: int) -> str | None:
    """Read an attachment's text (OCR of scanned pages), keep it, and scan its record again."""
    attachment = attachment_text.attachment_text_extract(attachment_id=attachment_id)
    return attachment.text_status if attachment is not None else None


def extract_attachment_text_queue(sender: object, attachment_id: int, **kwargs: object) -> None:
    """Receiver of publishing.signals.attachment_text_wanted (connected in publishing.apps)."""
    extract_attachment_text.enqueue(attachment_id)
