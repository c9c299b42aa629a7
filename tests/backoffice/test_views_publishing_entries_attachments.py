"""Bulk entries by xlsx (template, dry run by row and column, confirm, all or nothing) and an attachment
whose hits are masked into a public copy while the original stays private."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongkai.publishing import services
from gongkai.publishing.models import FindingStatus

pytestmark = pytest.mark.django_db

ID_NUMBER = "430503199001011236"


@pytest.fixture
def world(records_world):
    return records_world


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def record(world):
    return services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                  title="低保名单", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")


def upload(data: bytes, name: str = "明细.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_entries_import_dry_run_then_confirm(client, world, record):
    client.force_login(world.users.officer)
    item = world.items.dibao
    response = client.get(reverse("backoffice:record_entries_template", args=[record.pk, item.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["姓名", "身份证号", "家庭人口", "保障金额"]
    for row, values in ((3, ["张某某", None, 3, 500]), (4, ["李某某", None, "三", 400])):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reverse("backoffice:record_entries_import", args=[record.pk, item.pk])
    body = text(client.post(url, {"file": upload(buffer.getvalue())}))
    assert "未导入任何内容" in body and "第4行" not in body  # shown as a table
    assert '<td class="num">4</td><td>C</td><td>家庭人口</td>' in body
    assert not record.entries.exists()

    sheet.cell(row=4, column=3, value=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    body = text(client.post(url, {"file": upload(buffer.getvalue())}))
    assert "检查通过" in body and "确认导入" in body
    assert not record.entries.exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert record.entries.count() == 2


def test_entries_import_refuses_a_file_that_is_no_workbook(client, world, record):
    client.force_login(world.users.officer)
    url = reverse("backoffice:record_entries_import", args=[record.pk, world.items.dibao.pk])
    body = text(client.post(url, {"file": upload(b"not a workbook", "a.txt")}))
    assert "只能上传 .xlsx 文件。" in body
    body = text(client.post(url, {"file": upload(b"not a workbook", "a.xlsx")}))
    assert "请使用下载的明细模板" in body or "无法读取" in body


def test_attachment_masked_into_a_public_copy(client, world, record):
    workbook = Workbook()
    workbook.active.append(["姓名", "身份证号", "保障金额"])
    workbook.active.append(["张某某", ID_NUMBER, 500])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:record_edit", args=[record.pk]), {
        "items": [world.items.dibao.pk], "title": record.title, "formed_on": "2026-03-01",
        "disclosure_attribute": "proactive", "attachments": [upload(buffer.getvalue(), "低保名单.xlsx")]})
    assert response.status_code == 302
    attachment = record.attachments.get()
    services.record_submit(actor=world.users.officer, record=record)
    client.force_login(world.users.reviewer)
    url = reverse("backoffice:record_review", args=[record.pk])
    client.post(url, {"action": "start"})
    body = text(client.get(url))
    assert "低保名单.xlsx" in body and "430503********1236" in body
    client.post(url, {"action": "return", "return-comment": "附件请遮蔽"})
    client.force_login(world.users.officer)
    client.post(reverse("backoffice:record_mask", args=[record.pk]), {"all": "1"})
    attachment.refresh_from_db()
    assert attachment.is_masked and attachment.masked_by == world.users.officer
    with attachment.public_file.open("rb") as handle:
        public = load_workbook(io.BytesIO(handle.read())).active
    assert ID_NUMBER not in str([c.value for c in public[2]])
    with attachment.original.open("rb") as handle:
        original = load_workbook(io.BytesIO(handle.read())).active
    assert original.cell(row=2, column=2).value == ID_NUMBER
    assert not record.privacy_findings.filter(status=FindingStatus.OPEN).exists()


# --- the office adds columns to an item's schema from the entries screen (issue 10) -----------------------

def _one_sentence_record(world):
    from gongkai.catalog.models import CatalogItem

    item = world.items.policy
    CatalogItem.objects.filter(pk=item.pk).update(
        elements=["家庭经济困难学生资助政策及受助情况"],
        schema=[{"name": "家庭经济困难学生资助政策及受助情况", "type": "text", "required": False}])
    record = services.record_create(actor=world.users.edu_officer, unit=world.edu, items=[item],
                                    title="2026年春季学期学生资助名单", formed_on=date(2026, 3, 1),
                                    disclosure_attribute="proactive")
    return record, item


def test_office_adds_columns_from_the_entries_screen_and_the_officer_fills_them(client, world):
    from gongkai.core.models import AuditEvent

    record, item = _one_sentence_record(world)
    url = reverse("backoffice:record_entries", args=[record.pk, item.pk])
    add = reverse("backoffice:record_entry_columns_add", args=[record.pk, item.pk])
    client.force_login(world.users.office)
    assert "增加明细列" in client.get(url).content.decode()
    for name, kind in (("姓名", "text"), ("学校", "text"), ("资助金额", "money")):
        response = client.post(add, {"name": name, "type": kind, "required": "on"})
        assert response.status_code == 302
    item.refresh_from_db()
    assert [f["name"] for f in item.schema][1:] == ["姓名", "学校", "资助金额"]
    assert AuditEvent.objects.filter(action="catalog_item.columns_added").count() == 3
    body = client.get(add.replace("columns/", ""), follow=True).content.decode()
    assert "资助金额" in body
    # a repeated name is refused with a Chinese message, nothing written
    response = client.post(add, {"name": "姓名", "type": "text"}, follow=True)
    assert "已有名为“姓名”的列" in response.content.decode()
    # the officer fills the new columns
    client.force_login(world.users.edu_officer)
    body = client.get(url).content.decode()
    assert "姓名" in body and "资助金额" in body and "增加明细列" not in body
    response = client.post(url, {"f1": "张某某", "f2": "区第一小学", "f3": "500"})
    assert response.status_code == 302
    values = record.entries.get().values
    assert values["姓名"] == "张某某" and values["学校"] == "区第一小学" and "资助金额" in values


@pytest.mark.parametrize("who", ["edu_officer", "edu_reviewer", "other_office"])
def test_adding_columns_is_refused_to_all_but_the_office(client, world, who):
    record, item = _one_sentence_record(world)
    client.force_login(getattr(world.users, who))
    response = client.post(reverse("backoffice:record_entry_columns_add", args=[record.pk, item.pk]),
                           {"name": "姓名", "type": "text"})
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert len(item.schema) == 1
