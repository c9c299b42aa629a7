"""Sent after a change of the working-day calendar has been committed (a day corrected, a year loaded or
marked complete). Apps whose stored dates depend on the calendar — the due dates of disclosure requests —
listen and recompute, so that provisional deadlines become definitive the moment a year is loaded."""

from django.dispatch import Signal

calendar_changed = Signal()  # sender: the calendars services module; kwargs: years (set of int)
