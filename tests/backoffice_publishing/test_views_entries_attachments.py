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
