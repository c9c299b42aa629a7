"""The lists' screens (gongkai/backoffice/views_lists.py): import with a dry run, the entries no catalog item
covers, the items whose entry disappeared, linking by hand and by name; everyone but the office refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gongkai.catalog.models import ListKind, SourceList, SourceListLink
from gongkai.core.models import AuditEvent
from tests.factories import CatalogFactory, CatalogItemFactory, CatalogVersionFactory

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["序号", "事项名称", "权力类型", "实施主体", "设定依据"]
ROWS = [[1, "义务教育学生资助", "行政给付", "大祥区教育局", "《义务教育法》"],
        [2, "教师资格认定", "行政许可", "大祥区教育局", "《教师资格条例》"],
        [3, "招生范围划定", "其他行政权力", "大祥区教育局", ""]]


@pytest.fixture
def lists(world):
    version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=world.tree["county"]), label="2021版",
                                    status="draft")
    world.aid = CatalogItemFactory(version=version, domain=world.education, topic="学生资助", name="义务教育学生资助政策",
                                   order=1)
    world.range = CatalogItemFactory(version=version, domain=world.education, topic="招生管理", name="招生范围", order=2)
    return world


def page(response) -> str:
    return response.content.decode()


def _upload(client, county, rows, **extra):
    return client.post(reverse("backoffice:source_list_import"), {
        "jurisdiction": county.pk, "kind": ListKind.POWERS, "version_label": "2023年版",
        "file": SimpleUploadedFile("权责清单.xlsx", xlsx([HEADER, *rows])), **extra})


def test_import_dry_run_confirm_then_coverage_and_links(client, lists):
    world = lists
    county = world.tree["county"]
    client.force_login(world.users.office)
    body = page(_upload(client, county, ROWS + [[4, "", "行政许可", "大祥区教育局", ""]]))
    assert "文件有 1 个问题" in body and "事项名称为空" in body and "检查通过" not in body
    body = page(_upload(client, county, ROWS))
    assert "检查通过" in body and "新增 3 个" in body and not SourceList.objects.exists()
    response = client.post(reverse("backoffice:source_list_import"), {"confirm": "1"})
    source_list = SourceList.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:source_list", args=[source_list.pk])
    assert source_list.version_label == "2023年版" and source_list.entries.count() == 3

    url = reverse("backoffice:source_list", args=[source_list.pk])
    body = page(client.get(url))
    assert "未覆盖 3 个" in body and "名称相近（建议）" in body and "义务教育学生资助政策" in body
    entry = source_list.entries.get(name="招生范围划定")
    client.post(reverse("backoffice:source_list_link", args=[entry.pk]), {"item": world.range.pk})
    assert SourceListLink.objects.count() == 1
    assert client.post(reverse("backoffice:source_list_link_by_name", args=[source_list.pk])).status_code == 302
    assert SourceListLink.objects.count() == 2  # 义务教育学生资助 ↔ 义务教育学生资助政策
    body = page(client.get(url))  # the messages of both links shown once
    body = page(client.get(url))
    assert "未覆盖 1 个" in body and "教师资格认定" in body
    assert "招生范围划定" not in body  # covered entries leave the default view
    assert "招生范围划定" in page(client.get(url + "?show=all"))

    # a re-import without 招生范围划定: its item is named under 关联的清单事项已不在清单中
    _upload(client, county, ROWS[:2])
    client.post(reverse("backoffice:source_list_import"), {"confirm": "1"})
    body = page(client.get(url))
    assert "关联的清单事项已不在清单中（1）" in body and "招生管理 / 招生范围" in body
    link = SourceListLink.objects.get(entry=entry)
    client.post(reverse("backoffice:source_list_unlink", args=[link.pk]))
    assert not SourceListLink.objects.filter(entry=entry).exists()
    assert AuditEvent.objects.filter(action="source_list.imported").count() == 2
    index = page(client.get(reverse("backoffice:source_lists")))
    assert "权责清单" in index and "2023年版" in index


def test_linking_an_item_of_another_jurisdiction_is_refused_on_the_page(client, lists):
    world = lists
    client.force_login(world.users.office)
    _upload(client, world.tree["county"], ROWS)
    client.post(reverse("backoffice:source_list_import"), {"confirm": "1"})
    entry = SourceList.objects.get().entries.first()
    other = CatalogItemFactory(version=CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=world.tree["other_county"])),
                               domain=world.education, order=1)
    response = client.post(reverse("backoffice:source_list_link", args=[entry.pk]), {"item": other.pk}, follow=True)
    assert "只能关联本辖区目录中的事项" in page(response) and not SourceListLink.objects.exists()


@pytest.mark.parametrize("user", ["officer", "reviewer", "other_office", "approver", "auditor"])
def test_everyone_but_the_office_is_refused(client, lists, user):
    world = lists
    client.force_login(world.users.office)
    _upload(client, world.tree["county"], ROWS)
    client.post(reverse("backoffice:source_list_import"), {"confirm": "1"})
    source_list = SourceList.objects.get()
    entry = source_list.entries.first()
    client.force_login(getattr(world.users, user))
    assert client.get(reverse("backoffice:source_list", args=[source_list.pk])).status_code == 403
    assert client.post(reverse("backoffice:source_list_link", args=[entry.pk]), {"item": world.aid.pk}).status_code == 403
    assert client.post(reverse("backoffice:source_list_link_by_name", args=[source_list.pk])).status_code == 403
    response = _upload(client, world.tree["county"], ROWS)
    assert response.status_code in (200, 403) and SourceList.objects.get().entries.count() == 3
    if user != "other_office":
        assert client.get(reverse("backoffice:source_lists")).status_code == 403
    assert not SourceListLink.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, lists):
    for url in (reverse("backoffice:source_lists"), reverse("backoffice:source_list_import"),
                reverse("backoffice:source_list", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
