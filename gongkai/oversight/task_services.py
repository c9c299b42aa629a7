"""Writes of the task ledger (工作台账): the office creates, imports, edits and confirms tasks; the responsible
unit and the guiding units report progress (with a file as evidence), the responsible unit reports a task done;
`tasks_send_reminders` tells the responsible unit's accounts of a task coming due or overdue, by e-mail, once a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.policies import COMMAND_LINE, Action, Actor, acting_user, require
from gongkai.core.audit import record_event
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.core.workflow import MoveRefused
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight import workflow
from gongkai.oversight.models import Task, TaskProgress, TaskReminder

ATTACHMENT_SIGNATURES = {
    "pdf": (b"%PDF",), "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG",),
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TASK_FIELDS = ("number", "title", "content", "source_title", "source_number", "responsible_unit", "due_on",
               "due_text")


@dataclass
class TaskDraft:
    """One task as typed or read from a table, before it is saved."""

    title: str
    responsible_unit: Unit
    due_on: date | None
    due_text: str = ""
    number: str = ""
    content: str = ""
    source_title: str = ""
    source_number: str = ""
    guiding_units: list[Unit] = field(default_factory=list)


def max_attachment_bytes() -> int:
    return int(getattr(settings, "GONGKAI_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def check_attachment(upload) -> str:
    """The upload's file name if it is a PDF, Word (docx), Excel (xlsx) or picture (jpg, png) within the size
    limit, whose first bytes say the same; otherwise ValidationFailed in Chinese."""
    name = PurePath(getattr(upload, "name", "") or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_SIGNATURES:
        raise ValidationFailed("附件只能是 PDF、Word（docx）、Excel（xlsx）或图片（jpg、png）文件。")
    size = getattr(upload, "size", None) or 0
    limit = max_attachment_bytes()
    if size > limit:
        raise ValidationFailed(f"附件不能超过 {limit // (1024 * 1024)} MB。")
    if size == 0:
        raise ValidationFailed("附件是空文件。")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_SIGNATURES[ext]):
        raise ValidationFailed(f"附件“{name}”的内容不是它的扩展名所说的 {ext} 文件。")
    return name


def _check_units(jurisdiction: Jurisdiction, draft: TaskDraft) -> None:
    for unit in [draft.responsible_unit, *draft.guiding_units]:
        if not unit.jurisdiction.is_within(jurisdiction):
            raise ValidationFailed(f"“{unit.name}”不在{jurisdiction.name}，不能承担本级的工作任务。")
    if not draft.title.strip():
        raise ValidationFailed("请填写工作任务。")


def _create(jurisdiction: Jurisdiction, draft: TaskDraft, actor: Actor) -> Task:
    _check_units(jurisdiction, draft)
    task = Task.objects.create(
        jurisdiction=jurisdiction, number=draft.number, title=draft.title.strip(), content=draft.content,
        source_title=draft.source_title, source_number=draft.source_number, responsible_unit=draft.responsible_unit,
        due_on=draft.due_on, due_text=draft.due_text, created_by=acting_user(actor))
    task.guiding_units.set([u for u in draft.guiding_units if u.pk != draft.responsible_unit.pk])
    return task


def task_create(*, actor: Actor, jurisdiction: Jurisdiction, draft: TaskDraft) -> Task:
    require(actor, Action.MANAGE_TASKS, jurisdiction)
    with transaction.atomic():
        task = _create(jurisdiction, draft, actor)
        record_event(actor=actor, action="oversight.task_create", target=task,
                     data={"title": task.title, "unit": task.responsible_unit.name,
                           "due": task.due_on.isoformat() if task.due_on else None})
    return task


def task_import(*, actor: Actor, jurisdiction: Jurisdiction, drafts: Iterable[TaskDraft], source: str = "") -> list[Task]:
    """Every task of a checked table, all or nothing."""
    require(actor, Action.MANAGE_TASKS, jurisdiction)
    drafts = list(drafts)
    if not drafts:
        raise ValidationFailed("表格里没有工作任务。")
    with transaction.atomic():
        tasks = [_create(jurisdiction, d, actor) for d in drafts]
        record_event(actor=actor, action="oversight.task_import", target=jurisdiction,
                     data={"count": len(tasks), "source": source})
    return tasks


def task_update(*, actor: Actor, task: Task, draft: TaskDraft) -> Task:
    require(actor, Action.MANAGE_TASKS, task.jurisdiction)
    if not workflow.TASK_TABLE.is_editable(task.state):
        raise TransitionNotAllowed(f"{workflow.TASK_TABLE.subject}{workflow.TASK_TABLE.closed_hint}")
    _check_units(task.jurisdiction, draft)
    with transaction.atomic():
        before = {f: str(getattr(task, f)) for f in TASK_FIELDS}
        for name in TASK_FIELDS:
            setattr(task, name, getattr(draft, name))
        task.title = task.title.strip()
        task.save()
        task.guiding_units.set([u for u in draft.guiding_units if u.pk != draft.responsible_unit.pk])
        changed = sorted(f for f in TASK_FIELDS if before[f] != str(getattr(task, f)))
        record_event(actor=actor, action="oversight.task_update", target=task, data={"changed": changed})
    return task


def reporting_units(task: Task) -> list[Unit]:
    return [task.responsible_unit, *task.guiding_units.all()]


def _move(task: Task, move: str) -> None:
    try:
        task.state = workflow.TASK_TABLE.next_status(task.state, move)
    except MoveRefused as exc:
        raise TransitionNotAllowed(exc.message) from None


def progress_report(*, actor: Actor, task: Task, unit: Unit, text: str, today: date, attachment=None,
                    done: bool = False) -> TaskProgress:
    """A report by the responsible unit or a guiding unit; `done` (responsible unit only) asks the office to
    confirm the task complete."""
    require(actor, Action.REPORT_TASK_PROGRESS, unit)
    if unit.pk not in {u.pk for u in reporting_units(task)}:
        raise ValidationFailed(f"“{unit.name}”不是该工作任务的责任单位或指导单位。")
    if task.state == workflow.TASK_CONFIRMED:
        raise TransitionNotAllowed(f"{workflow.TASK_TABLE.subject}{workflow.TASK_TABLE.closed_hint}")
    if not (text or "").strip():
        raise ValidationFailed("请填写进展情况。")
    if done and unit.pk != task.responsible_unit_id:
        raise ValidationFailed("只有责任单位可以报告任务已完成。")
    name = check_attachment(attachment) if attachment else ""
    with transaction.atomic():
        if done:
            _move(task, workflow.REPORT_DONE)
            task.save(update_fields=["state", "updated_at"])
        progress = TaskProgress(task=task, unit=unit, reported_on=today, text=text.strip(), marks_done=done,
                                reported_by=acting_user(actor), attachment_name=name)
        if attachment:
            progress.attachment.save(name, attachment, save=False)
        progress.save()
        record_event(actor=actor, action="oversight.progress_report", target=task,
                     data={"unit": unit.name, "done": done, "attachment": name})
    return progress


def task_confirm(*, actor: Actor, task: Task, today: date, move: str = workflow.CONFIRM_DONE) -> Task:
    """The office confirms a task reported done, or returns it to the unit (`move="return"`)."""
    require(actor, Action.MANAGE_TASKS, task.jurisdiction)
    if move not in (workflow.CONFIRM_DONE, workflow.RETURN_TASK):
        raise ValidationFailed("没有这个操作。")
    with transaction.atomic():
        _move(task, move)
        if task.state == workflow.TASK_CONFIRMED:
            task.confirmed_on, task.confirmed_by = today, acting_user(actor)
        task.save(update_fields=["state", "confirmed_on", "confirmed_by", "updated_at"])
        record_event(actor=actor, action="oversight.task_confirm", target=task,
                     data={"move": move, "state": task.state})
    return task


# The accounts a reminder goes to: those who report the task's progress for its responsible unit.
REMINDED_ROLES = (Role.INFORMATION_OFFICER, Role.REVIEWER)


def _reminder_recipients(unit_ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, set[str]] = {}
    for unit_id, email in (Membership.objects.filter(unit_id__in=list(unit_ids), role__in=REMINDED_ROLES,
                                                     user__is_active=True)
                           .exclude(user__email="").values_list("unit_id", "user__email")):
        found.setdefault(unit_id, set()).add(email)
    return {unit_id: sorted(emails) for unit_id, emails in found.items()}


def tasks_send_reminders(*, today: date, actor: Actor = COMMAND_LINE, send: bool = True,
                         before: Iterable[int] | None = None, overdue_every: int | None = None) -> list[dict[str, Any]]:
    """E-mail the responsible unit's officers and reviewers of each open task `before` working days before its due
    date (default GONGKAI_TASK_REMIND_WORKDAYS, 5 and 2) and once overdue every `overdue_every` working days
    (default GONGKAI_TASK_OVERDUE_REMIND_EVERY, 5), on working days only; once per task per day (TaskReminder,
    which the task page lists). Returns what was (or, already sent today, had been) sent."""
    from gongkai.calendars.selectors import workday_calendar
    from gongkai.oversight.task_selectors import task_reminders, tasks_for
    from gongkai.oversight.tasks import notify_today

    before = tuple(before if before is not None else settings.GONGKAI_TASK_REMIND_WORKDAYS)
    every = overdue_every if overdue_every is not None else settings.GONGKAI_TASK_OVERDUE_REMIND_EVERY
    is_workday = workday_calendar().is_workday(today)
    due = [(task, r) for task, r in task_reminders(tasks_for(COMMAND_LINE), today=today)
           if notify_today(r, is_workday=is_workday, before=before, overdue_every=every)]
    if not due:
        return []
    recipients = _reminder_recipients({task.responsible_unit_id for task, _ in due})
    sent_today = set(TaskReminder.objects.filter(task__in=[t.pk for t, _ in due], sent_on=today)
                     .values_list("task_id", flat=True))
    result = []
    for task, reminder in due:
        assert task.due_on is not None  # a reminder is of a task with a due date
        to = recipients.get(task.responsible_unit_id, [])
        row = {"task": task.pk, "title": task.title, "unit": task.responsible_unit.name, "due": task.due_on.isoformat(),
               "kind": reminder.kind, "workdays_left": reminder.workdays_left, "recipients": to,
               "already_sent": task.pk in sent_today}
        result.append(row)
        if row["already_sent"]:
            continue
        with transaction.atomic():
            sent = TaskReminder.objects.create(task=task, sent_on=today, kind=reminder.kind,
                                               workdays_left=reminder.workdays_left, due_on=task.due_on,
                                               recipients=to)
            record_event(actor=actor, action="oversight.task_reminder", target=task,
                         data={"kind": reminder.kind, "workdays_left": reminder.workdays_left, "recipients": to})
            if send and to:
                subject = f"工作任务“{task.title[:60]}”{sent.text}"
                body = (f"{task.jurisdiction.name}工作台账中由{task.responsible_unit.name}负责的工作任务：\n"
                        f"{task.title}\n完成时限：{task.due_label}，{sent.text}。\n"
                        f"{'依据文件：' + task.source_title + ' ' + task.source_number + chr(10) if task.source_title or task.source_number else ''}"
                        "请在后台“工作台账”中报送进展；已完成的，请报告完成，由政务公开办确认。")
                transaction.on_commit(partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, to,
                                              fail_silently=True))
    return result
