"""The 政府信息公开 column screens: the office drafts the guide from the generated text, edits and publishes
versions; publishes 制度 documents with a file; marks 高频事项. Refused to another jurisdiction's office, an
officer and anonymous visitors; typed values kept on an error; queries bounded."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.columns import selectors, services
from gongkai.columns.models import GuideStatus, RulesDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(column_world):
    return column_world


def page(response) -> str:
    return response.content.decode()


def test_office_drafts_from_generated_text_edits_and_publishes(client, world):
    client.force_login(world.office)
    assert "从本级数据生成草稿" in page(client.get(reverse("backoffice:column_guide", args=[world.county.pk])))
    response = client.post(reverse("backoffice:column_guide", args=[world.county.pk]), {"source": "generated"})
    draft = selectors.guide_draft(world.county)
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:column_guide_edit", args=[draft.pk])
    edit = page(client.get(response["Location"]))
    assert "邵阳市大祥区城南路1号" in edit and "<h3>三、依申请公开</h3>" in edit  # the preview
    client.post(reverse("backoffice:column_guide_edit", args=[draft.pk]),
                {"title": "大祥区政府信息公开指南", "body": "一、总则\n\n修改后的正文", "note": "首次发布"})
    client.post(reverse("backoffice:column_guide_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == GuideStatus.PUBLISHED and draft.body == "一、总则\n\n修改后的正文" and draft.note == "首次发布"
    listing = page(client.get(reverse("backoffice:column_guide", args=[world.county.pk])))
    assert "第1版" in listing and "现行" in listing and "以现行版本为草稿修订" in listing


def test_an_empty_body_keeps_the_typed_title_and_says_why(client, world):
    client.force_login(world.office)
    draft = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    response = client.post(reverse("backoffice:column_guide_edit", args=[draft.pk]),
                           {"title": "我输入的标题", "body": "", "note": ""})
    body = page(response)
    assert response.status_code == 200 and "我输入的标题" in body and "这个字段是必填项" in body


def test_rules_document_screens(client, world):
    client.force_login(world.office)
    response = client.post(reverse("backoffice:column_rules_create", args=[world.county.pk]), {
        "title": "大祥区依申请公开办理制度", "document_number": "大政办发〔2021〕6号", "issued_on": "2021-05-10",
        "body": "第一条", "attachment": SimpleUploadedFile("办理制度.pdf", PDF)})
    assert response.status_code == 302
    document = RulesDocument.objects.get()
    assert document.attachment_name == "办理制度.pdf"
    listing = page(client.get(reverse("backoffice:column_rules", args=[world.county.pk])))
    assert "大祥区依申请公开办理制度" in listing and "大政办发〔2021〕6号" in listing
    client.post(reverse("backoffice:column_rules_edit", args=[document.pk]), {
        "title": "大祥区依申请公开办理制度", "document_number": "", "issued_on": "2021-05-10", "body": "",
        "remove_attachment": "on"})
    assert "请填写正文或上传附件" in page(client.post(reverse("backoffice:column_rules_edit", args=[document.pk]), {
        "title": "大祥区依申请公开办理制度", "document_number": "", "issued_on": "2021-05-10", "body": "",
        "remove_attachment": "on"}))
    client.post(reverse("backoffice:column_rules_visibility", args=[document.pk]), {"public": "0"})
    document.refresh_from_db()
    assert not document.is_public and document.attachment_name == "办理制度.pdf"


def test_a_disguised_file_is_refused_with_the_values_kept(client, world):
    client.force_login(world.office)
    body = page(client.post(reverse("backoffice:column_rules_create", args=[world.county.pk]), {
        "title": "我的制度", "issued_on": "2021-05-10", "body": "", "attachment": SimpleUploadedFile("制度.docx", PDF)}))
    assert "扩展名" in body and "我的制度" in body and not RulesDocument.objects.exists()


def test_high_frequency_screen_marks_items_and_shows_counts(client, world, clock):
    clock.set(date(2026, 9, 8))
    client.force_login(world.office)
    services.item_counted(jurisdiction=world.county, item_key=world.items[1].key, day=date(2026, 9, 7))
    services.item_counts_flush()
    url = reverse("backoffice:column_high_frequency", args=[world.county.pk])
    body = page(client.get(url))
    assert "招生计划" in body and "民办学校收费" not in body
    client.post(url, {"item": [str(world.items[0].key), str(world.items[4].key)]})
    assert selectors.marked_keys(world.county) == {world.items[0].key, world.items[4].key}
    client.post(url, {"item": ["not-a-key"]})
    assert selectors.marked_keys(world.county) == {world.items[0].key, world.items[4].key}


def _screens(world):
    draft = services.guide_draft_create(actor=world.office, jurisdiction=world.county)
    document = services.rules_document_create(actor=world.office, jurisdiction=world.county, title="制度",
                                              issued_on=date(2021, 5, 10), body="正文")
    j = world.county.pk
    return {
        "get": [reverse("backoffice:column_guide", args=[j]), reverse("backoffice:column_guide_edit", args=[draft.pk]),
                reverse("backoffice:column_rules", args=[j]), reverse("backoffice:column_rules_create", args=[j]),
                reverse("backoffice:column_rules_edit", args=[document.pk]),
                reverse("backoffice:column_high_frequency", args=[j])],
        "post": [reverse("backoffice:column_guide_publish", args=[draft.pk]),
                 reverse("backoffice:column_guide_discard", args=[draft.pk]),
                 reverse("backoffice:column_rules_visibility", args=[document.pk]),
                 reverse("backoffice:column_high_frequency", args=[j]), reverse("backoffice:column_guide", args=[j])],
    }


@pytest.mark.parametrize("who", ["other_office", "officer"])
def test_refused_to_another_jurisdictions_office_and_to_an_officer(client, world, who):
    screens = _screens(world)
    client.force_login(getattr(world, who))
    for url in screens["get"]:
        assert client.get(url).status_code == 403, url
    for url in screens["post"]:
        assert client.post(url, {"public": "0", "item": []}).status_code == 403, url
    assert selectors.guide_draft(world.county) is not None and RulesDocument.objects.get().is_public
    if who == "officer":
        assert client.get(reverse("backoffice:columns")).status_code == 403
    else:
        index = page(client.get(reverse("backoffice:columns")))
        assert "双清区" in index and "大祥区" not in index


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in _screens(world)["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_screens_make_a_bounded_number_of_queries(client, world):
    client.force_login(world.office)
    screens = _screens(world)["get"]
    for i in range(6):
        services.rules_document_create(actor=world.office, jurisdiction=world.county, title=f"制度{i}",
                                       issued_on=date(2021, 5, 10), body="正文")
    for url in screens:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200, url
        assert len(context) <= 15, (url, len(context))
