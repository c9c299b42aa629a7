"""The task ledger (工作台账): reading 完成时限, reminders across a holiday, the services with refused users,
the import of a task-breakdown table (all or nothing, row and column of each problem) and the xlsx export."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongkai.calendars.domain import DayKind, SpecialDay, WorkdayCalendar
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.exchange.task_table import read_task_table, write_task_ledger
from gongkai.oversight import task_services as services
from gongkai.oversight.models import Task, TaskProgress, TaskReminder
from gongkai.oversight.task_services import TaskDraft
from gongkai.oversight.tasks import DueTextError, Reminder, is_overdue, notify_today, parse_due, reminders

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("2020年10月底前", D(2020, 10, 31)), ("2020年12月31日前", D(2020, 12, 31)), ("长期坚持", None),
    ("2021年2月底前", D(2021, 2, 28)), ("2020 年 6 月", D(2020, 6, 30)), ("2020年底前", D(2020, 12, 31)),
    (dt.datetime(2020, 9, 30), D(2020, 9, 30)), ("2020-11-15", D(2020, 11, 15)),
])
def test_due_text_as_counties_write_it(text, expected):
    assert parse_due(text) == expected


@pytest.mark.parametrize("text", ["", "尽快", "2020年13月底前", "2020年2月30日前"])
def test_due_text_not_understood(text):
    with pytest.raises(DueTextError):
        parse_due(text)


def test_overdue_only_while_open():
    assert is_overdue("open", D(2021, 9, 30), D(2021, 10, 8))
    assert not is_overdue("open", D(2021, 9, 30), D(2021, 9, 30))
    assert not is_overdue("reported", D(2021, 9, 30), D(2021, 10, 8))
    assert not is_overdue("open", None, D(2030, 1, 1))


def test_reminder_due_in_5_working_days_across_national_day_but_not_6():
    holidays = [SpecialDay(D(2021, 10, d), DayKind.HOLIDAY, "国庆节", 2021, "") for d in range(1, 8)]
    cal = WorkdayCalendar(holidays, [2021])
    today = D(2021, 9, 28)  # Tuesday; 9-29, 9-30 work, 10-1..10-7 off, 10-8 Friday works, 10-11 Monday
    # 10-12 is the 5th working day after 9-28 (9-29, 9-30, 10-8, 10-11, 10-12); 10-13 the 6th.
    found = reminders([(1, "open", D(2021, 10, 12)), (2, "open", D(2021, 10, 13)), (3, "open", D(2021, 9, 27)),
                       (4, "reported", D(2021, 9, 27)), (5, "open", None)], today=today, calendar=cal)
    assert {(r.task_id, r.kind, r.workdays_left) for r in found} == {(1, "due_soon", 5), (3, "overdue", -1)}


@pytest.fixture
def ledger(world):
    world.guide = world.office_unit
    return world


def _draft(world, **kw):
    values = {"title": "编制义务教育领域公开事项目录", "responsible_unit": world.unit, "due_on": D(2021, 10, 31),
              "guiding_units": [world.office_unit]}
    values.update(kw)
    return TaskDraft(**values)


def test_office_creates_and_unit_reports_and_office_confirms(ledger):
    w = ledger
    task = services.task_create(actor=w.office, jurisdiction=w.tree["county"], draft=_draft(w))
    pdf = SimpleUploadedFile("进展.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    progress = services.progress_report(actor=w.officer, task=task, unit=w.unit, text="已完成目录初稿",
                                        today=D(2021, 10, 20), attachment=pdf, done=True)
    assert progress.attachment_name == "进展.pdf" and progress.attachment.read().startswith(b"%PDF")
    task.refresh_from_db()
    assert task.state == "reported"
    services.task_confirm(actor=w.office, task=task, today=D(2021, 10, 22))
    task.refresh_from_db()
    assert task.state == "confirmed" and task.confirmed_by == w.office
    assert AuditEvent.objects.filter(action="oversight.task_confirm").count() == 1
    with pytest.raises(TransitionNotAllowed):
        services.progress_report(actor=w.officer, task=task, unit=w.unit, text="再报", today=D(2021, 10, 23))


def test_refused_users(ledger):
    w = ledger
    with pytest.raises(PermissionRefused):
        services.task_create(actor=w.officer, jurisdiction=w.tree["county"], draft=_draft(w))
    task = services.task_create(actor=w.office, jurisdiction=w.tree["county"], draft=_draft(w))
    with pytest.raises(PermissionRefused):
        services.progress_report(actor=w.other_officer, task=task, unit=w.unit, text="x", today=D(2021, 10, 1))
    with pytest.raises(ValidationFailed):  # its own unit, but not a unit of the task
        services.progress_report(actor=w.other_officer, task=task, unit=w.other_unit, text="x", today=D(2021, 10, 1))
    with pytest.raises(PermissionRefused):
        services.task_confirm(actor=w.reviewer, task=task, today=D(2021, 10, 1))
    assert not TaskProgress.objects.exists()


def test_attachment_limited_to_documents_whose_bytes_match(ledger):
    w = ledger
    task = services.task_create(actor=w.office, jurisdiction=w.tree["county"], draft=_draft(w))
    for upload in (SimpleUploadedFile("a.exe", b"MZ...."), SimpleUploadedFile("a.pdf", b"<html>not a pdf")):
        with pytest.raises(ValidationFailed):
            services.progress_report(actor=w.officer, task=task, unit=w.unit, text="x", today=D(2021, 10, 1),
                                     attachment=upload)
    assert not TaskProgress.objects.exists()


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["基层政务公开标准化规范化工作任务分解"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["序号", "工作任务", "具体事项", "责任单位", "指导单位", "完成时限"]


def test_import_good_table(ledger):
    w = ledger
    data = _xlsx([HEADER,
                  [1, "全面梳理政务公开事项", "逐项认定公开属性", "区教育局、区民政局", "区政务公开办", "2020年10月底前"],
                  [2, "编制政务公开事项标准目录", "", "区教育局", "", "长期坚持"]])
    read = read_task_table(data, "分解表.xlsx", w.tree["county"])
    assert read.ok, [str(p) for p in read.problems]
    assert [(d.title, d.responsible_unit.name, d.due_on) for d in read.drafts] == [
        ("全面梳理政务公开事项", "区教育局", D(2020, 10, 31)), ("全面梳理政务公开事项", "区民政局", D(2020, 10, 31)),
        ("编制政务公开事项标准目录", "区教育局", None)]
    tasks = services.task_import(actor=w.office, jurisdiction=w.tree["county"], drafts=read.drafts)
    assert len(tasks) == 3 and list(tasks[0].guiding_units.all()) == [w.office_unit]


def test_import_bad_rows_name_row_and_column_and_write_nothing(ledger):
    w = ledger
    data = _xlsx([["序号", "重点任务", "牵头单位", "完成时间"],
                  [1, "全面梳理政务公开事项", "区教育局", "2020年10月底前"],
                  [2, "编制目录", "区财政局", "2020年12月31日前"],
                  [3, "", "各镇", "尽快"]])
    read = read_task_table(data, "分解表.xlsx", w.tree["county"])
    assert not read.ok and read.drafts == []
    messages = [str(p) for p in read.problems]
    assert "第4行第C列：大祥区没有名为“区财政局”的单位。" in messages
    assert any(m.startswith("第5行第B列：工作任务为空") for m in messages)
    assert any(m.startswith("第5行第C列：“各镇”不是一个单位") for m in messages)
    assert any(m.startswith("第5行第D列：看不懂完成时限") for m in messages)
    assert not Task.objects.exists()


def test_import_refuses_a_file_that_is_not_a_table(ledger):
    read = read_task_table(b"%PDF-1.4", "a.xlsx", ledger.tree["county"])
    assert not read.ok and "只能导入" in str(read.problems[0])


def test_export_opens_in_openpyxl_with_formula_safe_cells(ledger):
    w = ledger
    services.task_create(actor=w.office, jurisdiction=w.tree["county"],
                         draft=_draft(w, title="=HYPERLINK(\"x\")", due_on=D(2021, 9, 30)))
    data = write_task_ledger(Task.objects.all(), today=D(2021, 10, 8))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "序号"
    assert sheet["B2"].value == "=HYPERLINK(\"x\")" and sheet["B2"].data_type == "s"
    assert sheet["J2"].value == "逾期"


def test_tasks_remind_command_lists_overdue_and_due_soon_and_reminds_once_a_day(ledger,
                                                                             django_capture_on_commit_callbacks):
    import json

    from django.core import mail
    from django.core.management import call_command

    w = ledger
    county = w.tree["county"]
    w.officer.email, w.reviewer.email, w.other_officer.email = "a@example.cn", "b@example.cn", "c@example.cn"
    for user in (w.officer, w.reviewer, w.other_officer):
        user.save()
    services.task_create(actor=w.office, jurisdiction=county, draft=_draft(w, title="逾期任务", due_on=D(2026, 11, 2)))
    services.task_create(actor=w.office, jurisdiction=county, draft=_draft(w, title="临期任务", due_on=D(2026, 11, 12)))
    services.task_create(actor=w.office, jurisdiction=county, draft=_draft(w, title="远期任务", due_on=D(2026, 12, 31)))
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("tasks", "remind", "--today", "2026-11-10", "--json", stdout=out)
        outputs.append(json.loads(out.getvalue()))
    assert outputs[0]["tasks"] == outputs[1]["tasks"]
    assert [(t["title"], t["kind"]) for t in outputs[0]["tasks"]] == [("逾期任务", "overdue"), ("临期任务", "due_soon")]
    # Overdue by 6 working days (the first and then every 5th is told), due in 2 (told at 5 and 2).
    assert [(r["title"], r["recipients"], r["already_sent"]) for r in outputs[0]["reminders"]] == [
        ("逾期任务", ["a@example.cn", "b@example.cn"], False), ("临期任务", ["a@example.cn", "b@example.cn"], False)]
    assert [r["already_sent"] for r in outputs[1]["reminders"]] == [True, True]
    assert sorted(m.subject for m in mail.outbox) == ["工作任务“临期任务”距完成时限还有2个工作日",
                                                      "工作任务“逾期任务”已逾期6个工作日"]
    assert all(m.to == ["a@example.cn", "b@example.cn"] for m in mail.outbox)
    assert "工作台账" in mail.outbox[0].body
    assert TaskReminder.objects.count() == 2 == AuditEvent.objects.filter(action="oversight.task_reminder").count()
    assert Task.objects.filter(state="open").count() == 3


def test_reminders_are_not_sent_on_other_days_nor_for_a_task_reported_done(ledger, django_capture_on_commit_callbacks):
    from django.core import mail

    w = ledger
    w.officer.email = "a@example.cn"
    w.officer.save()
    task = services.task_create(actor=w.office, jurisdiction=w.tree["county"],
                                draft=_draft(w, title="临期任务", due_on=D(2026, 11, 12)))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tasks_send_reminders(today=D(2026, 11, 9)) == []  # 3 working days left: not a reminder day
        assert services.tasks_send_reminders(today=D(2026, 11, 15)) == []  # a Sunday
        services.progress_report(actor=w.officer, task=task, unit=w.unit, text="已完成", today=D(2026, 11, 10),
                                 done=True)
        assert services.tasks_send_reminders(today=D(2026, 11, 10)) == []
    assert mail.outbox == []


@pytest.mark.parametrize(("kind", "left", "workday", "expected"), [
    ("due_soon", 5, True, True), ("due_soon", 2, True, True), ("due_soon", 4, True, False),
    ("due_soon", 5, False, False), ("overdue", -1, True, True), ("overdue", -2, True, False),
    ("overdue", -6, True, True), ("overdue", -11, True, True), ("overdue", 0, True, False),
    ("overdue", -1, False, False),
])
def test_task_reminder_days(kind, left, workday, expected):
    assert notify_today(Reminder(1, kind, left), is_workday=workday) is expected


def test_task_reminder_days_follow_the_settings():
    assert notify_today(Reminder(1, "due_soon", 3), is_workday=True, before=(3,))
    assert notify_today(Reminder(1, "overdue", -2), is_workday=True, overdue_every=1)


def test_import_a_word_table(ledger):
    import docx

    document = docx.Document()
    document.add_paragraph("基层政务公开标准化规范化工作任务分解")
    table = document.add_table(rows=2, cols=5)
    for i, text in enumerate(["序号", "工作任务", "责任单位", "指导单位", "完成时限"]):
        table.rows[0].cells[i].text = text
    for i, text in enumerate(["1", "完善政务公开制度规范体系", "区民政局", "区政务公开办", "2020年12月31日前"]):
        table.rows[1].cells[i].text = text
    out = io.BytesIO()
    document.save(out)
    read = read_task_table(out.getvalue(), "分解表.docx", ledger.tree["county"])
    assert read.ok, [str(p) for p in read.problems]
    assert [(d.responsible_unit, d.due_on) for d in read.drafts] == [(ledger.other_unit, D(2020, 12, 31))]


def test_office_updates_a_task_but_not_once_confirmed(ledger):
    w = ledger
    task = services.task_create(actor=w.office, jurisdiction=w.tree["county"], draft=_draft(w))
    with pytest.raises(PermissionRefused):
        services.task_update(actor=w.officer, task=task, draft=_draft(w, title="改"))
    services.task_update(actor=w.office, task=task, draft=_draft(w, title="编制目录（修订）", guiding_units=[]))
    task.refresh_from_db()
    assert task.title == "编制目录（修订）" and not task.guiding_units.exists()
    assert AuditEvent.objects.get(action="oversight.task_update").data["changed"] == ["title"]
    services.progress_report(actor=w.reviewer, task=task, unit=w.unit, text="完成", today=D(2021, 10, 1), done=True)
    services.task_confirm(actor=w.office, task=task, today=D(2021, 10, 2))
    with pytest.raises(TransitionNotAllowed):
        services.task_update(actor=w.office, task=task, draft=_draft(w))
