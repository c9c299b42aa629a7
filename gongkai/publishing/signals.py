"""Signals publishing sends: for delivery apps that keep copies of public pages, and between the attachments' text
and the work around it (publishing.apps connects them), so that the modules import one way only."""

from django.dispatch import Signal

# Sent after a record's search document was written or removed (on commit of the change), with
# `record_id`: pages that list records may drop their cached copies.
public_record_changed = Signal()

# Sent once the transaction that wants an attachment's text read committed, with `attachment_id`:
# publishing.jobs queues the background job.
attachment_text_wanted = Signal()

# Sent after the background job kept an attachment's text, with `record_id`: the record's privacy scan runs
# again (publishing.services.record_scan_after_text_read).
attachment_text_read = Signal()
