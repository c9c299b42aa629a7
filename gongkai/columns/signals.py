"""Signals the disclosure column sends, for delivery apps that keep copies of public pages."""

from django.dispatch import Signal

# Sent when an office changed its 高频事项 marks, with `jurisdiction_code`: the jurisdiction's cached home
# page follows them at once.
high_frequency_changed = Signal()
