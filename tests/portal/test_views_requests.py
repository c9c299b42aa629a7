"""The portal's request form, the page after it and tracking by code: public, no login, nothing personal."""

import re

import pytest
from django.urls import reverse

from gongkai.disclosure_requests.models import DisclosureRequest, Status
from tests.factories import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(intake_county):
    return intake_county


def body(response) -> str:
    return response.content.decode()


def new_url(county) -> str:
    return reverse("portal:request_new", args=[county.county.code])


def submit(client, county, **changes):
    return client.post(new_url(county), {**APPLICANT, **changes})


def test_the_entrance_lists_jurisdictions_with_an_office(client, county):
    page = body(client.get(reverse("portal:request_choose")))
    assert "大祥区" in page and new_url(county) in page


def test_the_form_shows_applicant_types_and_delivery_forms_without_login(client, county):
    response = client.get(new_url(county))
    assert response.status_code == 200
    page = body(response)
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "纸质", "电子邮件",
                  "所需信息的内容描述", "csrfmiddlewaretoken"):
        assert label in page
    assert "<script>" not in page and 'style="' not in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_unknown_jurisdiction_gives_the_portal_404(client, county):
    response = client.get(reverse("portal:request_new", args=["439999999999"]))
    assert response.status_code == 404 and "没有找到" in body(response)


def test_submitting_gives_a_tracking_code_and_explains_article_31(client, county):
    """第三十一条第（三）项: an online request is received on the day both sides confirm; the page says so."""
    response = submit(client, county)
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.intake_channel == "online" and request.receiving_unit == county.office
    assert request.received_on is None and request.status == Status.AWAITING_CONFIRMATION
    page = body(client.get(response["Location"]))
    grouped = "-".join(request.tracking_code[i:i + 4] for i in range(0, 12, 4))
    assert grouped in page  # shown as KMVJ-ER38-JBJZ: easier to copy by hand
    assert "第三十一条" in page and "双方确认之日" in page and "20 个工作日" in page
    # shown once only
    assert grouped not in body(client.get(response["Location"]))


def test_errors_keep_what_was_typed_and_are_in_chinese(client, county):
    response = submit(client, county, applicant_name="", contact_phone="", contact_email="", postal_code="12")
    assert response.status_code == 400
    page = body(response)
    assert "请填写申请人姓名" in page and "邮政编码应为 6 位数字" in page and "请至少填写联系电话或电子邮箱之一" in page
    assert "请公开2026年大祥区义务教育学校招生范围划分的文件" in page
    assert 'value="湖南省邵阳市大祥区某某路1号"' in page
    assert not DisclosureRequest.objects.exists()


def test_service_errors_come_back_on_the_form(client, county):
    response = submit(client, county, id_number="430503199001011230")  # wrong check digit
    assert response.status_code == 400
    assert "居民身份证号码不正确" in body(response) and 'value="张某某"' in body(response)
    assert not DisclosureRequest.objects.exists()


def test_an_organisation_needs_its_name_and_credit_code(client, county):
    response = submit(client, county, applicant_type="research", applicant_name="", id_number="")
    page = body(response)
    assert "请填写组织名称" in page and "请填写统一社会信用代码" in page
    response = submit(client, county, applicant_type="research", applicant_name="", id_number="",
                      organisation_name="某某研究所", credit_code="12430500MB1234567X", contact_name="李某某")
    assert response.status_code == 302
    assert DisclosureRequest.objects.get().organisation_name == "某某研究所"


def test_csrf_is_enforced(county):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(new_url(county), APPLICANT).status_code == 403
    assert not DisclosureRequest.objects.exists()


def test_a_simple_rate_limit_per_ip(client, county, settings):
    for _ in range(8):  # forms sent back with errors do not count
        assert submit(client, county, postal_code="1").status_code == 400
    for _ in range(5):
        assert submit(client, county).status_code == 302
    response = submit(client, county)
    assert response.status_code == 429 and "过于频繁" in body(response)
    assert DisclosureRequest.objects.count() == 5
    # another address is not affected
    assert client.post(new_url(county), APPLICANT, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_bot_filling_the_hidden_field_gets_nothing_stored(client, county):
    response = submit(client, county, website="http://spam.example")
    assert response.status_code == 302 and not DisclosureRequest.objects.exists()


def _tracking_code(client, county) -> str:
    submit(client, county)
    return DisclosureRequest.objects.get().tracking_code


def test_tracking_shows_status_stage_and_due_date_and_nothing_personal(client, county):
    """第十五条 (personal privacy): the tracking page never shows the applicant's name, ID, phone, e-mail, address."""
    code = _tracking_code(client, county)
    request = DisclosureRequest.objects.get()
    page = body(client.post(reverse("portal:request_track"), {"code": code.lower()}))
    assert "-".join(code[i:i + 4] for i in range(0, 12, 4)) in page and "待确认" in page and "登记" in page
    for personal in (request.applicant_name, request.id_number, request.contact_phone, request.contact_email,
                     request.contact_address, "某某路", request.description):
        assert personal not in page


def test_tracking_a_wrong_code_gives_a_friendly_message_without_hints(client, county):
    """No enumeration: an unknown and a malformed code get the same friendly answer."""
    code = _tracking_code(client, county)
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    unknown = body(client.post(reverse("portal:request_track"), {"code": wrong}))
    malformed = body(client.post(reverse("portal:request_track"), {"code": "123"}))
    assert "没有查到与该查询码对应的申请" in unknown
    # the same answer for a well-formed unknown code and a malformed one: nothing to learn from the difference
    strip = lambda page: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"', "", page)  # noqa: E731
    assert strip(unknown) == strip(malformed)


def test_tracking_is_rate_limited(client, county):
    for _ in range(30):
        client.post(reverse("portal:request_track"), {"code": "ABCDEFGHJKMN"})
    response = client.post(reverse("portal:request_track"), {"code": "ABCDEFGHJKMN"})
    assert response.status_code == 429 and "查询过于频繁" in body(response)


def test_tracking_page_without_code(client, county):
    response = client.get(reverse("portal:request_track"))
    assert response.status_code == 200 and "查询码" in body(response)


def test_tracking_shows_the_due_date_marked_provisional_when_the_calendar_is(client, county):
    """rules.md §11: a due date in a year not loaded is marked （暂定） on the public page."""
    import datetime

    from gongkai.accounts.models import Role
    from gongkai.calendars.models import CalendarYear
    from gongkai.disclosure_requests import services
    from tests.factories import user_with_role

    code = _tracking_code(client, county)
    request = DisclosureRequest.objects.get()
    request.submitted_at = request.arrived_at = datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)
    request.save()
    request.events.update(date=datetime.date(2026, 11, 2))  # applied three weeks ago
    CalendarYear.objects.filter(year=2026).update(complete=False)  # as if 2026 were not loaded yet
    office = user_with_role(Role.DISCLOSURE_OFFICE, county.office)
    services.request_confirm(actor=office, request=request, confirmed_at=datetime.date(2026, 11, 3), method="电话确认")
    request.refresh_from_db()
    page = body(client.post(reverse("portal:request_track"), {"code": code}))
    assert "2026年11月3日" in page
    assert f"{request.due_on.year}年{request.due_on.month}月{request.due_on.day}日（暂定）" in page
