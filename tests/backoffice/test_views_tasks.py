"""The task ledger screens: the office lists its subtree's tasks with overdue flags, imports a table (check, then
confirm) and exports it; a unit sees its own tasks and reports progress; a unit not on a task is refused."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongkai.oversight import task_services as services
from gongkai.oversight.models import Task
from gongkai.oversight.task_services import TaskDraft


@pytest.fixture
def world(publishing_world):
    return publishing_world


@pytest.fixture
def tasks(world):
    county = world.tree["county"]
    late = services.task_create(actor=world.office, jurisdiction=county, draft=TaskDraft(
        title="全面梳理政务公开事项", responsible_unit=world.unit, due_on=date(2020, 10, 31)))
    other = services.task_create(actor=world.office, jurisdiction=county, draft=TaskDraft(
        title="编制民政领域目录", responsible_unit=world.other_unit, due_on=None, due_text="长期坚持"))
    return late, other


def test_office_sees_every_task_with_overdue_flag_and_exports(client, world, tasks):
    client.force_login(world.office)
    page = client.get(reverse("backoffice:oversight_tasks")).content.decode()
    assert "全面梳理政务公开事项" in page and "编制民政领域目录" in page and "逾期" in page
    assert "导入任务分解表" in page
    response = client.get(reverse("backoffice:oversight_tasks_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert {sheet.cell(row=r, column=2).value for r in (2, 3)} == {"全面梳理政务公开事项", "编制民政领域目录"}
    findings = client.get(reverse("backoffice:oversight")).content.decode()
    assert reverse("backoffice:oversight_tasks") in findings


def test_unit_sees_its_own_tasks_and_reports_progress(client, world, tasks):
    late, other = tasks
    client.force_login(world.officer)
    page = client.get(reverse("backoffice:oversight_tasks")).content.decode()
    assert "全面梳理政务公开事项" in page and "编制民政领域目录" not in page
    assert client.get(reverse("backoffice:oversight_task", args=[other.pk])).status_code == 404
    response = client.post(reverse("backoffice:oversight_task", args=[late.pk]), {
        "unit": world.unit.pk, "text": "已梳理完毕", "done": "on",
        "attachment": SimpleUploadedFile("说明.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.state == "reported"
    bad = client.post(reverse("backoffice:oversight_task", args=[late.pk]), {
        "unit": world.unit.pk, "text": "再报一次", "attachment": SimpleUploadedFile("a.exe", b"MZ")})
    assert bad.status_code == 200 and "附件只能是" in bad.content.decode() and "再报一次" in bad.content.decode()


def test_unit_refused_the_import_and_the_confirmation(client, world, tasks):
    late, _ = tasks
    client.force_login(world.officer)
    assert client.get(reverse("backoffice:oversight_tasks_import")).status_code == 403
    assert client.post(reverse("backoffice:oversight_task_move", args=[late.pk, "confirm"])).status_code == 403


def test_office_imports_a_table_after_checking_it(client, world):
    book = Workbook()
    book.active.append(["序号", "工作任务", "责任单位", "指导单位", "完成时限"])
    book.active.append([1, "编制义务教育领域目录", "区教育局", "区政务公开办", "2020年12月31日前"])
    data = io.BytesIO()
    book.save(data)
    client.force_login(world.office)
    url = reverse("backoffice:oversight_tasks_import")
    checked = client.post(url, {"jurisdiction": world.tree["county"].pk,
                                "file": SimpleUploadedFile("分解表.xlsx", data.getvalue())})
    body = checked.content.decode()
    assert "确认导入 1 项任务" in body and not Task.objects.exists()
    token = checked.context["token"]
    done = client.post(url, {"token": token, "jurisdiction": world.tree["county"].pk, "filename": "分解表.xlsx"})
    assert done.status_code == 302
    assert Task.objects.get().guiding_units.get() == world.office_unit


def test_office_creates_a_task_on_the_screen_and_a_unit_is_refused(client, world):
    url = reverse("backoffice:oversight_task_create")
    form = {"jurisdiction": world.tree["county"].pk, "title": "完善政务公开制度", "responsible_unit": world.unit.pk,
            "guiding_units": [world.office_unit.pk], "due_text": "2020年11月"}
    client.force_login(world.officer)
    assert client.post(url, form).status_code == 403
    client.force_login(world.office)
    bad = client.post(url, {**form, "due_text": "尽快"})
    assert bad.status_code == 200 and "看不懂完成时限" in bad.content.decode() and "完善政务公开制度" in bad.content.decode()
    assert not Task.objects.exists()
    assert client.post(url, form).status_code == 302
    assert Task.objects.get().due_on == date(2020, 11, 30)


def test_office_edits_a_task_and_the_change_is_audited(client, world, tasks):
    from gongkai.core.models import AuditEvent

    late, _ = tasks
    client.force_login(world.office)
    url = reverse("backoffice:oversight_task_edit", args=[late.pk])
    page = client.get(url).content.decode()
    assert "修改工作任务" in page and "全面梳理政务公开事项" in page and "2020年10月31日" in page
    assert url in client.get(reverse("backoffice:oversight_task", args=[late.pk])).content.decode()
    response = client.post(url, {"title": "全面梳理并公开政务公开事项", "responsible_unit": world.other_unit.pk,
                                 "guiding_units": [world.office_unit.pk], "due_text": "2021年3月底前",
                                 "source_title": "关于全面推进基层政务公开标准化规范化工作的实施方案",
                                 "source_number": "县政办发〔2020〕5号"})
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.title, late.responsible_unit, late.due_on, late.source_number) == (
        "全面梳理并公开政务公开事项", world.other_unit, date(2021, 3, 31), "县政办发〔2020〕5号")
    assert list(late.guiding_units.all()) == [world.office_unit]
    event = AuditEvent.objects.filter(action="oversight.task_update").get()
    assert {"title", "responsible_unit", "due_on", "source_number"} <= set(event.data["changed"])


def test_task_edit_keeps_what_was_typed_on_a_bad_due_date(client, world, tasks):
    late, _ = tasks
    client.force_login(world.office)
    response = client.post(reverse("backoffice:oversight_task_edit", args=[late.pk]), {
        "title": "改过的任务名称", "responsible_unit": world.unit.pk, "due_text": "明年某时"})
    body = response.content.decode()
    assert response.status_code == 200 and "看不懂完成时限" in body and "改过的任务名称" in body and "明年某时" in body
    late.refresh_from_db()
    assert late.title == "全面梳理政务公开事项"


def test_task_edit_refused_to_a_unit_and_closed_once_confirmed(client, world, tasks):
    late, other = tasks
    client.force_login(world.officer)
    url = reverse("backoffice:oversight_task_edit", args=[late.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "被单位改了", "responsible_unit": world.unit.pk,
                             "due_text": "长期坚持"}).status_code == 403
    assert client.get(reverse("backoffice:oversight_task_edit", args=[other.pk])).status_code == 404
    late.refresh_from_db()
    assert late.title == "全面梳理政务公开事项"
    late.state = "confirmed"
    late.save()
    client.force_login(world.office)
    closed = client.post(url, {"title": "确认后再改", "responsible_unit": world.unit.pk, "due_text": "长期坚持"})
    assert closed.status_code == 200 and "已确认完成，不能再修改" in closed.content.decode()
    assert "修改</a>" not in client.get(reverse("backoffice:oversight_task", args=[late.pk])).content.decode()


def test_task_page_lists_the_reminders_sent(client, world, tasks):
    late, _ = tasks
    services.tasks_send_reminders(today=date(2020, 11, 2), send=False)  # the first working day overdue
    client.force_login(world.officer)
    page = client.get(reverse("backoffice:oversight_task", args=[late.pk])).content.decode()
    assert "到期提醒" in page and "已逾期1个工作日" in page
