"""Signals publishing sends, for delivery apps that keep copies of public pages."""

from django.dispatch import Signal

# Sent after a record's search document was written or removed (on commit of the change), with
# `record_id`: pages that list records may drop their cached copies.
public_record_changed = Signal()
