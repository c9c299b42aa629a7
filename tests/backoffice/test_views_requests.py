"""The back office's request screens: list by working days left, registering, the request page with the
clock and its explanation, every action of the lifecycle, the reply letter, and the users who are refused."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.backoffice import views_requests
from gongkai.calendars.selectors import workday_calendar
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest, EventKind, Stage, Status
from tests.factories import APPLICANT, user_with_role

pytestmark = pytest.mark.django_db
D = datetime.date


def body(response) -> str:
    return response.content.decode()


def registered(world, day: D, **changes) -> DisclosureRequest:
    """A request handed in at the office's counter on `day` (receipt day = that day, 第三十一条第（一）项)."""
    return services.request_register(actor=world.users.office, jurisdiction=world.tree["county"],
                                     intake_channel="in_person", data={**APPLICANT, **changes}, submitted_at=day,
                                     receiving_unit=world.office_unit)


def act(client, item, action, data, **extra):
    return client.post(reverse("backoffice:request_action", args=[item.pk, action]),
                       {f"{action}-{k}": v for k, v in data.items()}, **extra)


# --- the list -----------------------------------------------------------------------------------------


def test_urgency_badges_at_five_and_two_working_days_and_overdue():
    """The unit is warned 5 and 2 working days before the due date (第三十三条 clock, issue 4)."""
    assert views_requests.urgency(6)[0] == "ok"
    assert views_requests.urgency(5) == ("warn", "剩余 5 个工作日")
    assert views_requests.urgency(3)[0] == "warn"
    assert views_requests.urgency(2) == ("bad", "剩余 2 个工作日")
    assert views_requests.urgency(0) == ("bad", "今日到期")
    assert views_requests.urgency(-3) == ("bad", "已逾期 3 个工作日")
    assert views_requests.urgency(None)[1] == "未起算"


def test_the_list_orders_open_requests_by_working_days_left(client, world, clock):
    cal = workday_calendar()
    soon = registered(world, D(2026, 9, 1))
    later = registered(world, D(2026, 10, 12), description="请公开大祥区2026年低保资金发放明细")
    overdue = registered(world, D(2026, 8, 3), description="请公开某某道路工程的招标文件")
    today = cal.add_workdays(D(2026, 9, 1), 17)  # 3 working days left for `soon`
    clock.set(today)
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:requests")))
    assert page.index(overdue.tracking_code) < page.index(soon.tracking_code) < page.index(later.tracking_code)
    assert '<span class="badge warn">剩余 3 个工作日</span>' in page
    assert '<span class="badge bad">已逾期' in page
    # on a phone each request is a card whose cells say what they are (issue 10: one character per line)
    assert 'class="cards-on-phone request-list"' in page and 'data-label="答复期限"' in page


def test_the_list_filters_by_stage_and_unit(client, world):
    assigned = registered(world, D(2026, 9, 1))
    services.request_assign(actor=world.users.office, request=assigned, unit=world.edu, on=D(2026, 9, 2))
    other = registered(world, D(2026, 9, 1), description="请公开大祥区2026年低保资金发放明细")
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:requests"), {"unit": world.edu.pk}))
    assert assigned.tracking_code in page and other.tracking_code not in page
    page = body(client.get(reverse("backoffice:requests"), {"stage": Stage.HANDLING}))
    assert assigned.tracking_code in page and other.tracking_code not in page


def test_an_officer_sees_only_what_was_assigned_to_the_unit(client, world):
    assigned = registered(world, D(2026, 9, 1))
    services.request_assign(actor=world.users.office, request=assigned, unit=world.edu, on=D(2026, 9, 2))
    other = registered(world, D(2026, 9, 1), description="请公开大祥区2026年低保资金发放明细")
    client.force_login(world.users.officer)
    page = body(client.get(reverse("backoffice:requests")))
    assert assigned.tracking_code in page and other.tracking_code not in page


# --- registering ----------------------------------------------------------------------------------------


def register_data(**changes):
    data = {"receiving_unit": "", "intake_channel": "ordinary_post", "addressed_to_office": "on",
            "submitted_on": "2026-11-16", "arrived_on": "2026-11-18", **APPLICANT}
    data.update(changes)
    return data


def test_register_a_letter_waits_for_confirmation(client, world):
    """第三十一条第（二）项: an unsigned letter is received on the day both sides confirm."""
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:request_register"),
                           register_data(receiving_unit=world.office_unit.pk))
    assert response.status_code == 302
    item = DisclosureRequest.objects.get()
    assert item.intake_channel == "ordinary_post" and item.received_on is None and item.created_by == world.users.office
    page = body(client.get(response["Location"]))
    assert "张某某" in page and "收到申请之日尚未确定" in page


def test_register_in_person_starts_the_clock_on_the_day(client, world):
    """第三十一条第（一）项: a request handed in in person is received on the day it is handed in."""
    client.force_login(world.users.office)
    client.post(reverse("backoffice:request_register"),
                register_data(receiving_unit=world.office_unit.pk, intake_channel="in_person", arrived_on=""))
    item = DisclosureRequest.objects.get()
    assert item.received_on == D(2026, 11, 16) and item.due_on is not None


def test_register_errors_come_back_with_the_input_kept(client, world):
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:request_register"),
                           register_data(receiving_unit=world.office_unit.pk, arrived_on="2026-11-40",
                                         description="请公开某某文件的全文"))
    assert response.status_code == 200
    assert "日期格式应为" in body(response) and "请公开某某文件的全文" in body(response)
    response = client.post(reverse("backoffice:request_register"),
                           register_data(receiving_unit=world.office_unit.pk, submitted_on="2026-11-18",
                                         arrived_on="2026-11-16"))
    assert "到达（签收）时间不能早于提交" in body(response) and 'value="张某某"' in body(response)
    assert not DisclosureRequest.objects.exists()


# --- the request page and the whole lifecycle ---------------------------------------------------------------


def test_the_request_page_shows_applicant_log_and_the_written_clock(client, world):
    item = registered(world, D(2026, 9, 1))
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    assert "申请人（仅工作人员可见）" in page and APPLICANT["id_number"] in page and "13800000000" in page
    assert "自收到申请之日（2026年9月1日）的次日起计算20个工作日" in page
    assert "登记" in page and "办理记录" in page


def test_the_whole_lifecycle_through_the_screens(client, world, tmp_path):
    office = world.users.office
    item = registered(world, D(2026, 9, 1))
    client.force_login(office)
    ok = lambda r: r.status_code == 302  # noqa: E731
    assert ok(act(client, item, "assign", {"date": "2026-09-02", "unit": world.edu.pk}))
    assert ok(act(client, item, "correction", {"date": "2026-09-03", "items": "请写明所需文件的年度"}))
    item.refresh_from_db()
    assert item.status == Status.AWAITING_CORRECTION
    assert ok(act(client, item, "correction_received", {"date": "2026-09-08"}))
    assert ok(act(client, item, "consultation_sent", {"date": "2026-09-10", "party_kind": "third_party",
                                                      "party_name": "某某建设有限公司"}))
    assert ok(act(client, item, "consultation_replied", {"date": "2026-09-17", "outcome": "objection"}))
    item.refresh_from_db()
    due_before = item.due_on
    assert ok(act(client, item, "extension", {"decided_on": "2026-10-09", "notice_on": "2026-10-09", "days": "20",
                                              "reason": "需要对第三方意见进行核实"}))
    item.refresh_from_db()
    assert item.due_on > due_before
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    assert "征求意见" in page and "延长" in page
    upload = SimpleUploadedFile("招生范围（遮盖）.pdf", b"%PDF-1.4 redacted", content_type="application/pdf")
    response = client.post(reverse("backoffice:request_action", args=[item.pk, "reply"]), {
        "reply-type": "partial", "reply-reasons": "涉及第三方商业秘密的部分不予公开（第十五条）。",
        "reply-letter_date": "2026-10-20", "reply-attachments": upload, "reply-attachments_redacted": "on"})
    assert ok(response)
    item.refresh_from_db()
    assert item.status == Status.REPLIED and item.reply.report_row == "三(二)"
    assert item.reply.attachments.get().redacted
    docx = client.get(reverse("backoffice:request_letter", args=[item.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "张某某" in text and "第三十七条" in text
    pdf = client.get(reverse("backoffice:request_letter", args=[item.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert ok(act(client, item, "deliver", {"method": "post", "delivered_on": "2026-10-22", "recipient": "张某某",
                                            "proof": "EMS 1234567890"}))
    assert ok(act(client, item, "archive", {"date": "2026-10-26"}))
    item.refresh_from_db()
    assert item.status == Status.ARCHIVED and item.stage == Stage.ARCHIVED
    kinds = list(item.events.values_list("kind", flat=True))
    for kind in (EventKind.ASSIGNED, EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_RECEIVED,
                 EventKind.CONSULTATION_SENT, EventKind.CONSULTATION_REPLIED, EventKind.EXTENSION_APPROVED,
                 EventKind.REPLIED, EventKind.DELIVERED, EventKind.ARCHIVED):
        assert kind in kinds


def test_confirm_an_online_request(client, world):
    item = services.request_submit_online(jurisdiction=world.tree["county"], data=APPLICANT,
                                          submitted_at=datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC))
    client.force_login(world.users.office)
    response = act(client, item, "confirm", {"date": "2026-11-03", "method": "电话确认"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.received_on == D(2026, 11, 3) and item.due_on is not None


def test_an_extension_after_the_due_date_is_refused_on_the_page(client, world):
    """第三十三条第二款: an extension decided after the original due date is refused on the page, nothing written."""
    item = registered(world, D(2026, 8, 3))
    client.force_login(world.users.office)
    response = act(client, item, "extension", {"decided_on": "2026-11-02", "notice_on": "2026-11-02", "days": "20",
                                               "reason": "情况复杂"})
    assert response.status_code == 200
    page = body(response)
    assert "第三十三条第二款" in page and "情况复杂" in page
    assert not item.events.filter(kind=EventKind.EXTENSION_APPROVED).exists()


def test_an_extension_needs_the_office_head(client, world):
    """第三十三条第二款: only the head of the 政府信息公开工作机构 (the office) may extend; an officer is refused."""
    item = registered(world, D(2026, 11, 2))
    services.request_assign(actor=world.users.office, request=item, unit=world.edu, on=D(2026, 11, 3))
    client.force_login(world.users.officer)
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    assert "action-extension" not in page
    response = act(client, item, "extension", {"decided_on": "2026-11-04", "notice_on": "2026-11-04", "days": "20",
                                               "reason": "情况复杂"})
    assert response.status_code == 403
    assert not item.events.filter(kind=EventKind.EXTENSION_APPROVED).exists()


def test_a_reply_without_the_reasons_its_type_requires_is_refused(client, world):
    """第三十六条第（三）项: a withheld reply without its reasons is refused with a Chinese message, input kept."""
    item = registered(world, D(2026, 11, 2))
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:request_action", args=[item.pk, "reply"]), {
        "reply-type": "withheld", "reply-withholding_ground": "third_party", "reply-reasons": "",
        "reply-letter_date": "2026-11-10", "reply-letter_number": "大祥公开〔2026〕7号"})
    assert response.status_code == 200
    page = body(response)
    assert "必须写明" in page and "理由" in page and "大祥公开〔2026〕7号" in page
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and not hasattr(item, "reply")


def test_the_reply_chooser_lists_what_each_type_requires(client, world):
    item = registered(world, D(2026, 11, 2))
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    assert "各答复类型须写明的内容" in page and "经区分处理（遮盖不予公开部分）的附件" in page and "三(二)" in page


def test_similar_requests_suggest_proactive_disclosure(client, world):
    """第四十四条: several requests for the same information suggest proactive disclosure."""
    first = registered(world, D(2026, 11, 2))
    second = registered(world, D(2026, 11, 3), applicant_name="李某某")
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:request", args=[second.pk])))
    assert "建议主动公开" in page and "第四十四条" in page and first.tracking_code in page


def test_letters_of_a_request_without_reply_are_404(client, world):
    item = registered(world, D(2026, 11, 2))
    client.force_login(world.users.office)
    assert client.get(reverse("backoffice:request_letter", args=[item.pk, "docx"])).status_code == 404


# --- refusals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["auditor", "admin", "other_office", "approver"])
def test_users_without_the_request_role_are_refused(client, world, who):
    item = registered(world, D(2026, 11, 2))
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:request", args=[item.pk])).status_code == 403
    assert act(client, item, "assign", {"date": "2026-11-03", "unit": world.edu.pk}).status_code == 403
    item.refresh_from_db()
    assert item.assigned_unit is None


@pytest.mark.parametrize("who", ["auditor", "admin", "approver"])
def test_users_without_the_request_role_cannot_open_the_list_or_register(client, world, who):
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:requests")).status_code == 403
    assert client.post(reverse("backoffice:request_register"),
                       register_data(receiving_unit=world.office_unit.pk)).status_code == 403
    assert not DisclosureRequest.objects.exists()


def test_an_officer_of_another_unit_is_refused(client, world):
    item = registered(world, D(2026, 11, 2))
    services.request_assign(actor=world.users.office, request=item, unit=world.edu, on=D(2026, 11, 3))
    stranger = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="civil_officer")
    client.force_login(stranger)
    assert client.get(reverse("backoffice:request", args=[item.pk])).status_code == 403
    assert client.get(reverse("backoffice:request_letter", args=[item.pk, "docx"])).status_code == 403
    assert act(client, item, "archive", {"date": "2026-11-04"}).status_code == 403
    # the officer of the assigned unit may
    client.force_login(world.users.officer)
    assert client.get(reverse("backoffice:request", args=[item.pk])).status_code == 200


def test_anonymous_goes_to_the_login_page(client, world):
    item = registered(world, D(2026, 11, 2))
    for url in (reverse("backoffice:requests"), reverse("backoffice:request", args=[item.pk]),
                reverse("backoffice:request_register")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = act(client, item, "archive", {"date": "2026-11-04"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_dashboard_lists_requests_close_to_their_due_date(client, world, clock):
    """The unit is warned 5 and 2 working days before the due date (第三十三条第二款 clock): the dashboard."""

    cal = workday_calendar()
    urgent = registered(world, D(2026, 9, 1))
    calm = registered(world, D(2026, 10, 12), description="请公开大祥区2026年低保资金发放明细")
    today = cal.add_workdays(D(2026, 9, 1), 18)  # 2 working days left for `urgent`
    clock.set(today)
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:dashboard")))
    assert "在办申请 <strong>2</strong> 件" in page
    assert urgent.tracking_code in page and '<span class="badge bad">剩余 2 个工作日</span>' in page
    assert calm.tracking_code not in page
    client.force_login(world.users.auditor)
    assert 'id="h-requests"' not in body(client.get(reverse("backoffice:dashboard")))


# --- letter templates -----------------------------------------------------------------------------------------


def test_the_office_edits_a_letter_template_and_the_letter_follows(client, world):
    from docx import Document

    from gongkai.disclosure_requests.models import ReplyTemplate

    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:letter_templates")))
    assert "部分公开（第三十七条）" in page and "系统默认" in page
    url = reverse("backoffice:letter_template_edit", args=[world.tree["county"].code, "not_held"])
    assert "{{ applicant }}" in body(client.get(url))
    response = client.post(url, {"title": "政府信息公开申请告知书", "body": "{% if %}"})
    assert response.status_code == 200 and "模板语法有误" in body(response)
    response = client.post(url, {"title": "政府信息公开申请告知书",
                                 "body": "{{ applicant }}：经检索，本机关未制作或获取您所申请的信息（大祥区专用文本）。"})
    assert response.status_code == 302
    assert ReplyTemplate.objects.get(reply_type="not_held").updated_by == world.users.office
    item = registered(world, D(2026, 11, 2))
    services.request_reply(actor=world.users.office, request=item, type="not_held", on=D(2026, 11, 10))
    docx = client.get(reverse("backoffice:request_letter", args=[item.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "大祥区专用文本" in text and "张某某" in text


@pytest.mark.parametrize("who", ["officer", "reviewer", "auditor", "admin"])
def test_only_the_office_edits_letter_templates(client, world, who):
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:letter_templates")).status_code == 403
    url = reverse("backoffice:letter_template_edit", args=[world.tree["county"].code, "not_held"])
    assert client.post(url, {"title": "x", "body": "y"}).status_code == 403
