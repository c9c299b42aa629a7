"""Reads of the task ledger: an office sees every task of its subtree; a unit the tasks it is responsible for
or guides. Reminders (due within 5 working days, overdue) come from the pure rules in `tasks.py`."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gongkai.accounts.policies import Action, CommandLineOperator, jurisdiction_scope, unit_scope
from gongkai.calendars.selectors import workday_calendar
from gongkai.oversight.models import Task
from gongkai.oversight.tasks import Reminder, reminders


def tasks_for(user) -> QuerySet[Task]:
    qs = Task.objects.select_related("responsible_unit", "jurisdiction").prefetch_related("guiding_units")
    if isinstance(user, CommandLineOperator):
        return qs
    offices = jurisdiction_scope(user, Action.MANAGE_TASKS)
    units = unit_scope(user, Action.REPORT_TASK_PROGRESS)
    return qs.filter(Q(jurisdiction__in=offices.values("pk")) | Q(responsible_unit__in=units.values("pk"))
                     | Q(guiding_units__in=units.values("pk"))).distinct()


def task_reminders(tasks: QuerySet[Task], *, today: date) -> list[tuple[Task, Reminder]]:
    """The open tasks among `tasks` overdue or due within 5 working days, most urgent first."""
    open_tasks = {t.pk: t for t in tasks.filter(state="open", due_on__isnull=False)}
    found = reminders(((t.pk, t.state, t.due_on) for t in open_tasks.values()), today=today,
                      calendar=workday_calendar())
    found.sort(key=lambda r: (r.kind != "overdue", r.workdays_left, r.task_id))
    return [(open_tasks[r.task_id], r) for r in found]
