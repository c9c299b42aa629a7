"""Task ledger screens (工作台账): the office's tasks across its subtree with overdue flags, a unit's own tasks,
a task with its progress reports and the report form, the import of a task-breakdown table (upload → check →
confirm) and the ledger as xlsx. Views parse and render; the task services and selectors decide."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.backoffice.forms_tasks import (
    ProgressForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
    TaskImportForm,
)
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.core import clock
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import page_of
from gongkai.exchange.task_table import read_task_table, write_task_ledger
from gongkai.oversight import task_selectors as selectors
from gongkai.oversight import task_services as services
from gongkai.oversight import workflow
from gongkai.oversight.models import Task

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    user, today = request.user, clock.today()
    form = TaskFilterForm(request.GET or None, units=unit_scope(user, Action.VIEW_TASKS).order_by("name"))
    shown = selectors.tasks_for(user)
    if form.is_valid():
        state, unit = form.cleaned_data["state"], form.cleaned_data["unit"]
        if unit:
            shown = shown.filter(responsible_unit=unit)
        if state == "overdue":
            shown = shown.filter(state="open", due_on__lt=today)
        elif state:
            shown = shown.filter(state=state)
    return form, shown, today


@backoffice_view
def tasks(request):
    guard(request, Action.VIEW_TASKS)
    form, shown, today = _filtered(request)
    page = page_of(shown.order_by("state", F("due_on").asc(nulls_last=True), "id"), PAGE_SIZE, request.GET.get("page"))
    for task in page.object_list:
        task.overdue = task.is_overdue(today)
    soon = selectors.task_reminders(selectors.tasks_for(request.user), today=today)
    return render(request, "backoffice/oversight/tasks.html", {
        "page": page, "form": form, "is_office": can(request.user, Action.MANAGE_TASKS), "today": today,
        "reminders": soon[:20], "labels": workflow.TASK_TABLE.status_labels, "query": request.GET.urlencode()})


def _task(request, pk) -> Task:
    guard(request, Action.VIEW_TASKS)
    return get_object_or_404(selectors.tasks_for(request.user), pk=pk)


def _report_units(request, task):
    allowed = unit_scope(request.user, Action.REPORT_TASK_PROGRESS)
    return allowed.filter(pk__in=[u.pk for u in services.reporting_units(task)])


@backoffice_view
def task_detail(request, pk):
    task = _task(request, pk)
    units = _report_units(request, task)
    form = None
    if units.exists() and task.state != workflow.TASK_CONFIRMED:
        form = ProgressForm(posted(request), request.FILES or None, units=units)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            _, ok = attempt(form, services.progress_report, actor=request.user, task=task, unit=data["unit"],
                            text=data["text"], attachment=data["attachment"], done=data["done"], today=clock.today())
            if ok:
                messages.success(request, "进展已报送。")
                return redirect("backoffice:oversight_task", task.pk)
    elif request.method == "POST":
        guard(request, Action.REPORT_TASK_PROGRESS, task)
    is_office = can(request.user, Action.MANAGE_TASKS, task.jurisdiction)
    moves = workflow.TASK_TABLE.moves_for(task.state, may=lambda m: is_office and m != workflow.REPORT_DONE)
    return render(request, "backoffice/oversight/task.html", {
        "task": task, "form": form, "progress": task.progress.select_related("unit", "reported_by"),
        "overdue": task.is_overdue(clock.today()), "state_label": workflow.TASK_TABLE.status_label(task.state),
        "moves": [(m, workflow.TASK_TABLE.button(m)) for m in moves],
        "may_edit": is_office and workflow.TASK_TABLE.is_editable(task.state),
        "reminders_sent": task.reminders.all()[:10]})


@backoffice_view
def task_move(request, pk, move):
    task = _task(request, pk)
    if request.method != "POST":
        return redirect("backoffice:oversight_task", task.pk)
    guard(request, Action.MANAGE_TASKS, task.jurisdiction)
    try:
        services.task_confirm(actor=request.user, task=task, today=clock.today(), move=move)
        messages.success(request, f"已{workflow.TASK_TABLE.label(move)}。")
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:oversight_task", task.pk)


@backoffice_view
def task_attachment(request, pk):
    task = _task(request, pk)
    progress = get_object_or_404(task.progress, pk=request.GET.get("p") or 0)
    if not progress.attachment:
        raise Http404("没有附件。")
    response = HttpResponse(progress.attachment.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, progress.attachment_name or "附件")
    return response


def _held(token: str) -> str:
    """The uploaded table between the check and the confirmation, in the shared storage (the confirmation may
    reach another app node)."""
    if not token or not all(c in "0123456789abcdef" for c in token) or len(token) != 32:
        raise Http404("导入已过期，请重新上传。")
    return f"imports/tasks-{token}.xlsx"


@backoffice_view
def tasks_import(request):
    """Upload → the checked rows (nothing saved) → confirm (the same file read and checked again, then saved)."""
    guard(request, Action.MANAGE_TASKS)
    jurisdictions = jurisdiction_scope(request.user, Action.MANAGE_TASKS)
    form = TaskImportForm(posted(request), request.FILES or None, jurisdictions=jurisdictions)
    context = {"form": form, "read": None, "token": ""}
    if request.method == "POST" and request.POST.get("token"):
        path = _held(request.POST["token"])
        jurisdiction = get_object_or_404(jurisdictions, pk=request.POST.get("jurisdiction") or 0)
        if not default_storage.exists(path):
            raise Http404("导入已过期，请重新上传。")
        name = request.POST.get("filename", "分解表.xlsx")
        with default_storage.open(path, "rb") as held:
            read = read_task_table(held.read(), name, jurisdiction)
        if read.ok:
            tasks_, ok = attempt(form, services.task_import, actor=request.user, jurisdiction=jurisdiction,
                                 drafts=read.drafts, source=name)
            if ok:
                default_storage.delete(path)
                messages.success(request, f"已导入 {len(tasks_)} 项工作任务。")
                return redirect("backoffice:oversight_tasks")
        context["read"] = read
    elif request.method == "POST" and form.is_valid():
        upload, jurisdiction = form.cleaned_data["file"], form.cleaned_data["jurisdiction"]
        data = upload.read()
        read = read_task_table(data, upload.name, jurisdiction)
        context.update(read=read, jurisdiction=jurisdiction, filename=upload.name)
        if read.ok:
            token = secrets.token_hex(16)
            default_storage.save(_held(token), ContentFile(data))
            context["token"] = token
    return render(request, "backoffice/oversight/task_import.html", context)


def _draft(data) -> services.TaskDraft:
    return services.TaskDraft(
        title=data["title"], responsible_unit=data["responsible_unit"], due_on=data["due_on"],
        due_text=data["due_text"], number=data["number"], content=data["content"],
        source_title=data["source_title"], source_number=data["source_number"],
        guiding_units=list(data["guiding_units"]))


@backoffice_view
def task_create(request):
    guard(request, Action.MANAGE_TASKS)
    form = TaskForm(posted(request), jurisdictions=jurisdiction_scope(request.user, Action.MANAGE_TASKS),
                    units=unit_scope(request.user, Action.MANAGE_TASKS).order_by("jurisdiction__code", "name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task, ok = attempt(form, services.task_create, actor=request.user, jurisdiction=data["jurisdiction"],
                           draft=_draft(data))
        if ok:
            messages.success(request, "工作任务已新建。")
            return redirect("backoffice:oversight_task", task.pk)
    return render(request, "backoffice/oversight/task_form.html", {"form": form})


@backoffice_view
def task_edit(request, pk):
    """The office corrects a task (title, units, due date, source document) while it is not confirmed done."""
    task = _task(request, pk)
    guard(request, Action.MANAGE_TASKS, task.jurisdiction)
    units = (unit_scope(request.user, Action.MANAGE_TASKS)
             .filter(jurisdiction__path__startswith=task.jurisdiction.path).order_by("jurisdiction__code", "name"))
    initial = {name: getattr(task, name) for name in services.TASK_FIELDS if name != "due_on"}
    initial["guiding_units"] = [u.pk for u in task.guiding_units.all()]
    initial["due_text"] = task.due_text or (f"{task.due_on:%Y年%-m月%-d日}" if task.due_on else "长期坚持")
    form = TaskEditForm(posted(request), units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.task_update, actor=request.user, task=task, draft=_draft(form.cleaned_data))
        if ok:
            messages.success(request, "工作任务已修改。")
            return redirect("backoffice:oversight_task", task.pk)
    return render(request, "backoffice/oversight/task_form.html", {"form": form, "task": task})


@backoffice_view
def tasks_export(request):
    guard(request, Action.VIEW_TASKS)
    _, shown, today = _filtered(request)
    data = write_task_ledger(shown.order_by(F("due_on").asc(nulls_last=True), "id"), today=today)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"工作台账{today:%Y%m%d}.xlsx")
    return response
