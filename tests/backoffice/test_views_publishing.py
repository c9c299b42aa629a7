"""The publishing screens through the test client: the officer drafts (the form keeps what was typed),
submits; the reviewer sees the privacy hits with their proposed masking, returns; the officer masks;
the reviewer approves (refused while a hit is open) and publishes; entries; 本期无此类信息; withdrawal."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.publishing import services
from gongkai.publishing.models import FindingStatus, Record

pytestmark = pytest.mark.django_db

ID_NUMBER = "430503199001011236"  # generated, checksum-valid, nobody's
MOBILE = "13812345678"


@pytest.fixture
def world(records_world):
    return records_world


def text(response) -> str:
    return response.content.decode()


def draft(world, **extra):
    values = {"items": [world.items.dibao.pk], "title": "2026年第一季度城乡低保对象名单",
              "document_number": "大民发〔2026〕3号", "formed_on": "2026-03-31", "disclosure_attribute": "proactive",
              "body": f"<p>张某某，身份证号 {ID_NUMBER}，联系电话 {MOBILE}，保障金额 500 元。</p>",
              "keywords": "低保", "summary": "第一季度低保对象"}
    values.update(extra)
    return values


def test_officer_list_shows_items_with_actions_and_flags(client, world):
    client.force_login(world.users.officer)
    body = text(client.get(reverse("backoffice:records")))
    assert "城乡低保对象名单" in body and "本期无此类信息" in body and "新建信息" in body
    assert "尚未发布信息" in body
    assert "学校名录" not in body  # another unit's item
    assert "草稿中的事项" not in body  # not in the published catalog


def test_form_lists_only_the_units_items_of_the_published_catalog(client, world):
    client.force_login(world.users.officer)
    body = text(client.get(reverse("backoffice:record_create")))
    assert "城乡低保对象名单" in body
    assert "学校名录" not in body and "草稿中的事项" not in body


def test_withheld_without_ground_keeps_what_was_typed(client, world):
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:record_create"), draft(world, disclosure_attribute="withheld"))
    assert response.status_code == 200
    body = text(response)
    assert "不予公开的信息须选择不予公开理由。" in body and "不予公开的信息须填写下次评估日期。" in body
    assert 'value="2026年第一季度城乡低保对象名单"' in body
    assert not Record.objects.exists()


def test_an_item_of_another_unit_is_not_a_choice(client, world):
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:record_create"), draft(world, items=[world.items.schools.pk]))
    assert response.status_code == 200 and not Record.objects.exists()


def test_whole_review_flow(client, world):
    officer, reviewer = world.users.officer, world.users.reviewer
    client.force_login(officer)
    response = client.post(reverse("backoffice:record_create"), draft(world))
    record = Record.objects.get()
    assert response["Location"] == reverse("backoffice:record", args=[record.pk])
    assert record.status == "draft" and record.unit == world.civil
    response = client.post(reverse("backoffice:record_submit", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == "submitted"

    # the reviewer starts the review: the scan shows each hit with its proposed masking
    client.force_login(reviewer)
    assert record.title in text(client.get(reverse("backoffice:records") + "?view=queue"))
    url = reverse("backoffice:record_review", args=[record.pk])
    client.post(url, {"action": "start"})
    record.refresh_from_db()
    assert record.status == "in_review"
    body = text(client.get(url))
    assert "430503********1236" in body and "138****5678" in body
    assert "按建议遮蔽" in body and "说明理由后保留" in body

    # approval is refused while hits are open; the service's message is shown
    body = text(client.post(url, {"action": "approve", "approve-comment": ""}))
    assert "未处理" in body
    record.refresh_from_db()
    assert record.status == "in_review"

    # an override needs a reason
    finding = record.privacy_findings.filter(kind="mobile").first()
    body = text(client.post(url, {"action": "override", "finding": finding.pk, "reason": ""}))
    assert "请写明理由。" in body

    # returned to the officer with a comment (required)
    body = text(client.post(url, {"action": "return", "return-comment": ""}))
    assert "退回时须写明需要修改的内容。" in body
    client.post(url, {"action": "return", "return-comment": "请遮蔽身份证号和手机号"})
    record.refresh_from_db()
    assert record.status == "draft"

    # the officer masks as proposed
    client.force_login(officer)
    body = text(client.get(reverse("backoffice:record", args=[record.pk])))
    assert "请遮蔽身份证号和手机号" in body
    client.post(reverse("backoffice:record_mask", args=[record.pk]), {"all": "1"})
    record.refresh_from_db()
    assert ID_NUMBER not in record.body and MOBILE not in record.body
    assert "430503********1236" in record.body and "138****5678" in record.body
    assert not record.privacy_findings.filter(status=FindingStatus.OPEN).exists()
    client.post(reverse("backoffice:record_submit", args=[record.pk]))

    # the reviewer: clean scan, approve, publish
    client.force_login(reviewer)
    client.post(url, {"action": "start"})
    record.refresh_from_db()
    assert record.status == "in_review" and not record.privacy_findings.filter(status="open").exists()
    client.post(url, {"action": "approve", "approve-comment": "同意"})
    record.refresh_from_db()
    assert record.status == "approved"
    client.post(url, {"action": "publish"})
    record.refresh_from_db()
    assert record.status == "published" and record.public_revision is not None
    assert ID_NUMBER not in record.public_revision.body
    body = text(client.get(reverse("backoffice:record", args=[record.pk])))
    assert "流转记录" in body and "版本记录" in body and "当前公开" in body

    # withdraw with a reason
    response = client.post(reverse("backoffice:record_withdraw", args=[record.pk]), {"reason": ""})
    assert "请写明理由。" in text(response)
    client.post(reverse("backoffice:record_withdraw", args=[record.pk]), {"reason": "名单有误，更正后重新发布"})
    record.refresh_from_db()
    assert record.status == "withdrawn" and record.withdrawn_reason == "名单有误，更正后重新发布"


def test_reviewer_overrides_with_a_reason_then_approves(client, world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保经办窗口", formed_on=date(2026, 3, 1), disclosure_attribute="proactive",
                                    body=f"<p>经办人手机 {MOBILE}</p>")
    services.record_submit(actor=world.users.officer, record=record)
    client.force_login(world.users.reviewer)
    url = reverse("backoffice:record_review", args=[record.pk])
    client.post(url, {"action": "start"})
    finding = record.privacy_findings.get()
    client.post(url, {"action": "override", "finding": finding.pk, "reason": "系经办窗口的工作电话，依法应当公开"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OVERRIDDEN
    client.post(url, {"action": "approve", "approve-comment": ""})
    record.refresh_from_db()
    assert record.status == "approved"
    response = client.post(url, {"action": "schedule", "scheduled_for": "2099-01-01T09:00"})
    record.refresh_from_db()
    assert response.status_code == 302 and record.status == "scheduled"


def test_entries_grid_add_edit_delete(client, world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保名单", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
    client.force_login(world.users.officer)
    url = reverse("backoffice:record_entries", args=[record.pk, world.items.dibao.pk])
    body = text(client.get(url))
    assert "姓名" in body and "保障金额" in body
    response = client.post(url, {"f0": "张某某", "f2": "三口", "f3": "500"})
    assert response.status_code == 200 and "f0" in text(response) and 'value="张某某"' in text(response)
    response = client.post(url, {"f0": "张某某", "f2": "3", "f3": "500"})
    assert response.status_code == 302
    entry = record.entries.get()
    assert entry.values["姓名"] == "张某某"
    client.post(reverse("backoffice:record_entry_edit", args=[record.pk, world.items.dibao.pk, entry.pk]),
                {"f0": "李某某", "f3": "600"})
    entry.refresh_from_db()
    assert entry.values["姓名"] == "李某某"
    client.post(reverse("backoffice:record_entry_delete", args=[record.pk, world.items.dibao.pk, entry.pk]))
    assert not record.entries.exists()


def test_nothing_to_publish(client, world):
    client.force_login(world.users.officer)
    url = reverse("backoffice:record_nothing", args=[world.items.dibao.pk])
    response = client.post(url, {"period_start": "2026-04-01", "period_end": "2026-03-01"})
    assert "期间截止日期不能早于起始日期。" in text(response)
    response = client.post(url, {"period_start": "2026-01-01", "period_end": "2026-03-31", "note": "本季度无新增"})
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.is_nothing_to_publish and record.status == "published"


def test_office_oversight_is_read_only(client, world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保名单", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
    client.force_login(world.users.office)
    body = text(client.get(reverse("backoffice:records")))
    assert "辖区内的政府信息" in body and "低保名单" in body
    body = text(client.get(reverse("backoffice:record", args=[record.pk])))
    assert "低保名单" in body and reverse("backoffice:record_edit", args=[record.pk]) not in body


def test_policy_document_with_its_interpretation(client, world):
    client.force_login(world.users.edu_officer)
    values = {"items": [world.items.policy.pk], "title": "大祥区义务教育阶段招生入学实施办法",
              "document_number": "大教发〔2026〕1号", "formed_on": "2026-04-01", "disclosure_attribute": "proactive",
              "body": "<p>第一条 为规范招生入学……</p><script>alert(1)</script>", "is_policy_document": "on",
              "interpretation_kind": "video_link", "interpretation_title": "视频解读"}
    body = text(client.post(reverse("backoffice:record_create"), values))
    assert "视频解读须填写链接。" in body and not Record.objects.exists()
    values.update(interpretation_kind="qa", interpretation_body="问：哪些儿童可以入学？答：……")
    response = client.post(reverse("backoffice:record_create"), values)
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.is_policy_document and "<script" not in record.body
    interpretation = record.interpretations.get()
    assert interpretation.kind == "qa" and "哪些儿童" in interpretation.body


def test_withheld_record_keeps_its_ground_and_review_date(client, world):
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:record_create"), draft(
        world, disclosure_attribute="withheld", withholding_ground="third_party_rights",
        next_review_on="2027-03-31", body="<p>内部名单</p>"))
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.withholding_ground == "third_party_rights" and record.next_review_on == date(2027, 3, 31)
    body = text(client.get(reverse("backoffice:record", args=[record.pk])))
    assert "不予公开" in body and "保护第三方合法权益" in body


def test_a_ground_given_for_a_proactive_record_is_dropped(client, world):
    client.force_login(world.users.officer)
    client.post(reverse("backoffice:record_create"), draft(world, withholding_ground="state_secret",
                                                           next_review_on="2027-01-01"))
    record = Record.objects.get()
    assert record.withholding_ground == "" and record.next_review_on is None


def _published(world, **extra):
    officer, reviewer = world.users.officer, world.users.reviewer
    record = services.record_create(actor=officer, unit=world.civil, items=[world.items.dibao], title="低保标准",
                                    formed_on=date(2026, 3, 1), disclosure_attribute="proactive",
                                    body="<p>城市低保标准每人每月 650 元。</p>", **extra)
    services.record_submit(actor=officer, record=record)
    services.record_review(actor=reviewer, record=record)
    services.record_approve(actor=reviewer, record=record)
    services.record_publish(actor=reviewer, record=record)
    record.refresh_from_db()
    return record


def test_a_published_record_edited_is_reviewed_again_before_the_public_sees_it(client, world):
    record = _published(world)
    first = record.public_revision
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:record_edit", args=[record.pk]), {
        "items": [world.items.dibao.pk], "title": "低保标准", "formed_on": "2026-03-01",
        "disclosure_attribute": "proactive", "body": "<p>城市低保标准每人每月 680 元。</p>"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "revised" and record.public_revision == first
    client.force_login(world.users.reviewer)
    url = reverse("backoffice:record_review", args=[record.pk])
    assert "审核通过" in text(client.get(url))
    client.post(url, {"action": "approve", "approve-comment": "同意修订"})
    record.refresh_from_db()
    assert record.status == "published" and record.public_revision != first
    assert "680" in record.public_revision.body


def test_schedule_in_the_past_is_refused_on_the_page(client, world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保标准", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
    services.record_submit(actor=world.users.officer, record=record)
    services.record_review(actor=world.users.reviewer, record=record)
    services.record_approve(actor=world.users.reviewer, record=record)
    client.force_login(world.users.reviewer)
    body = text(client.post(reverse("backoffice:record_review", args=[record.pk]),
                            {"action": "schedule", "scheduled_for": "2020-01-01T09:00"}))
    assert "定时发布时间须晚于现在" in body
    record.refresh_from_db()
    assert record.status == "approved"


def test_a_move_the_table_does_not_allow_is_refused_with_a_message(client, world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保标准", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
    client.force_login(world.users.reviewer)
    response = client.post(reverse("backoffice:record_review", args=[record.pk]), {"action": "publish"},
                           follow=True)
    assert "不能发布" in text(response)
    record.refresh_from_db()
    assert record.status == "draft"


class _FormValues(HTMLParser):
    """What a browser would send back from the page's first POST form, unchanged."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def _values_on_page(response) -> dict:
    parser = _FormValues()
    parser.feed(text(response))
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def test_editing_a_record_keeps_its_formed_on_date(client, world):
    """Issue 10: the edit form wrote `2021/10/08` into a date box, which showed blank, and every save
    failed with 请填写形成日期。 Saved twice without touching the date, the date stays."""
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保标准", formed_on=date(2021, 10, 8), disclosure_attribute="proactive")
    client.force_login(world.users.officer)
    url = reverse("backoffice:record_edit", args=[record.pk])
    for title in ("低保标准（修改）", "低保标准（再次修改）"):
        page = client.get(url)
        assert 'value="2021-10-08"' in text(page)
        values = _values_on_page(page)
        values["title"] = [title]
        response = client.post(url, values)
        assert response.status_code == 302, text(response)
        record.refresh_from_db()
        assert record.formed_on == date(2021, 10, 8) and record.title == title


def test_a_failed_save_says_the_chosen_files_must_be_chosen_again(client, world):
    client.force_login(world.users.officer)
    upload = SimpleUploadedFile("低保名单.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("backoffice:record_create"), draft(world, title="", attachments=[upload]))
    assert response.status_code == 200
    body = text(response)
    assert "请填写标题。" in body
    assert "低保名单.pdf" in body and "请重新选择" in body


def test_the_body_is_a_textarea_the_rich_text_editor_enhances(client, world):
    """Without JavaScript the textarea works as ever; with it, editor.js (over pell from the npm registry,
    copied by scripts/build-frontend.mjs) takes it over. No inline script: the CSP forbids it."""
    client.force_login(world.users.officer)
    body = text(client.get(reverse("backoffice:record_create")))
    assert re.search(r'<textarea name="body"[^>]*data-rich-text', body)
    assert "/static/dist/pell.min.js" in body and "/static/gongkai/editor.js" in body
    assert "<script>" not in body and "style=" not in body


def _record_with_attachment(world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保名单", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
    from tests.factories import blank_pdf

    attachment = services.attachment_add(actor=world.users.officer, record=record, name="扫描件.pdf", data=blank_pdf())
    return record, attachment


def test_the_record_screen_follows_the_text_reading_of_its_attachments(client, world, django_assert_max_num_queries):
    """待识别 → the section polls itself (htmx, every 2 s; a refresh without JavaScript); failed → the reason and
    重新识别; done → no polling."""
    from gongkai.publishing import attachment_text
    from gongkai.publishing.models import Attachment, TextStatus

    record, attachment = _record_with_attachment(world)  # in a test the commit never comes: the job has not run
    client.force_login(world.users.officer)
    url = reverse("backoffice:record", args=[record.pk])
    page = text(client.get(url))
    assert "待识别" in page and 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page
    with django_assert_max_num_queries(12):
        part = text(client.get(url + "?part=attachments", HTTP_HX_REQUEST="true"))
    assert part.startswith('<section id="record-attachments"') and "<html" not in part

    Attachment.objects.filter(pk=attachment.pk).update(text_status=TextStatus.RUNNING, text_pages_done=1,
                                                       text_pages_total=4)
    assert "第 1 / 4 页" in text(client.get(url + "?part=attachments", HTTP_HX_REQUEST="true"))

    Attachment.objects.filter(pk=attachment.pk).update(text_status=TextStatus.FAILED, text_error="文字识别失败：无输出",
                                                       text_sha256=attachment.sha256)
    page = text(client.get(url))
    assert "失败" in page and "文字识别失败：无输出" in page and "重新识别" in page and "every 2s" not in page
    response = client.post(reverse("backoffice:record_attachment_text_requeue", args=[record.pk, attachment.pk]))
    assert response.status_code == 302
    assert Attachment.objects.get(pk=attachment.pk).text_status == TextStatus.PENDING
    attachment_text.attachment_text_extract(attachment_id=attachment.pk)
    page = text(client.get(url))
    assert "已完成" in page and "every 2s" not in page


def test_a_reading_in_progress_is_not_started_twice(client, world):
    from gongkai.publishing.models import Attachment, TextStatus

    record, attachment = _record_with_attachment(world)
    Attachment.objects.filter(pk=attachment.pk).update(text_status=TextStatus.RUNNING, text_pages_done=2)
    client.force_login(world.users.reviewer)
    response = client.post(reverse("backoffice:record_attachment_text_requeue", args=[record.pk, attachment.pk]),
                           follow=True)
    assert "正在识别（第2页）" in text(response)
