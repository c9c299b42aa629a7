"""Intake: the portal form, registration by officers, confirmation and contact (第二十九条、第三十一条)."""

from datetime import date

import pytest

from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import TRACKING_ALPHABET, DisclosureRequest, EventKind, Stage, Status
from tests.factories import applicant, at, received_request

pytestmark = pytest.mark.django_db


def test_online_submission_gets_an_unguessable_tracking_code_and_waits_for_confirmation(world):
    request = services.request_submit_online(jurisdiction=world["county"], data=applicant(),
                                             submitted_at=at("2025-03-03"))
    assert len(request.tracking_code) == 12
    assert set(request.tracking_code) <= set(TRACKING_ALPHABET)
    assert request.status == Status.AWAITING_CONFIRMATION
    assert request.stage == Stage.REGISTERED
    assert request.received_on is None and request.due_on is None
    assert request.receiving_unit == world["office_unit"]
    assert AuditEvent.objects.filter(action="request.submitted", target_id=str(request.pk)).exists()
    other = services.request_submit_online(jurisdiction=world["county"], data=applicant())
    assert other.tracking_code != request.tracking_code


def test_online_receipt_day_is_the_confirmation_day(world):
    """第三十一条第（三）项: 通过互联网渠道提交的，以双方确认之日为收到申请之日."""
    request = services.request_submit_online(jurisdiction=world["county"], data=applicant(),
                                             submitted_at=at("2025-02-28"))
    services.request_confirm(actor=world["office"], request=request, confirmed_at=at("2025-03-03"), method="电话确认")
    request.refresh_from_db()
    assert request.received_on.isoformat() == "2025-03-03"
    assert request.status == Status.IN_PROGRESS and request.stage == Stage.REVIEWING
    assert request.due_on.isoformat() == "2025-03-31"
    with pytest.raises(TransitionNotAllowed):
        services.request_confirm(actor=world["office"], request=request, confirmed_at=at("2025-03-04"), method="电话")


def test_online_form_refuses_missing_fields_in_chinese_and_creates_nothing(world):
    with pytest.raises(ValidationFailed) as exc:
        services.request_submit_online(jurisdiction=world["county"], data=applicant(
            applicant_name="", id_number="430503199003070019", description="", contact_phone="", contact_email="",
            contact_address="", obtaining_method="pick_up"))
    message = exc.value.message
    assert "申请人姓名" in message and "身份证号码不正确" in message and "联系方式" in message and "描述" in message
    assert DisclosureRequest.objects.count() == 0


def test_organisation_applicant_needs_name_and_credit_code(world):
    with pytest.raises(ValidationFailed) as exc:
        services.request_submit_online(jurisdiction=world["county"], data=applicant(
            applicant_type="research", applicant_name="", id_number=""))
    assert "组织名称" in exc.value.message and "统一社会信用代码" in exc.value.message
    request = services.request_submit_online(jurisdiction=world["county"], data=applicant(
        applicant_type="research", organisation_name="某某研究院", credit_code="12430500MB1234567X",
        contact_name="李某某"))
    assert request.applicant_display == "某某研究院"


def test_in_person_request_is_received_the_day_it_is_submitted(world):
    """第三十一条第（一）项: 当面提交的，以提交之日为收到申请之日."""
    request = received_request(world, assign=False)
    assert request.received_on.isoformat() == "2025-03-03"
    assert request.status == Status.IN_PROGRESS
    assert request.events.filter(kind=EventKind.REGISTERED).count() == 1


def test_unsigned_letter_waits_for_confirmation(world):
    """第三十一条第（二）项: 平常信函以确认之日为收到申请之日."""
    request = services.request_register(actor=world["office"], jurisdiction=world["county"],
                                        intake_channel="ordinary_post", data=applicant(), arrived_at=at("2025-03-03"))
    assert request.received_on is None
    services.request_confirm(actor=world["office"], request=request, confirmed_at=at("2025-03-03", 15),
                             method="电话确认")
    assert request.received_on.isoformat() == "2025-03-03"


def test_unreachable_applicant_clock_starts_when_contact_is_made(world):
    """国办公开办函〔2015〕207号: 无法联系的，自取得联系之日起办理并计算期限."""
    request = services.request_register(actor=world["office"], jurisdiction=world["county"], intake_channel="email",
                                        data=applicant(contact_phone=""), submitted_at=at("2025-03-03"))
    services.request_contact_made(actor=world["office"], request=request, contact_made_at=at("2025-03-10"),
                                  note="申请人回复邮件")
    request.refresh_from_db()
    assert request.received_on.isoformat() == "2025-03-10"
    assert "取得联系" in request.receipt_explanation


def test_register_is_refused_outside_the_office_subtree(world):
    with pytest.raises(PermissionRefused):
        services.request_register(actor=world["stranger"], jurisdiction=world["county"], intake_channel="in_person",
                                  data=applicant(), submitted_at=at("2025-03-03"))
    assert DisclosureRequest.objects.count() == 0


def test_malformed_date_is_refused_in_chinese(world):
    with pytest.raises(ValidationFailed) as exc:
        services.request_register(actor=world["office"], jurisdiction=world["county"], intake_channel="in_person",
                                  data=applicant(), submitted_at="2025-13-45")
    assert "YYYY-MM-DD" in exc.value.message
    assert DisclosureRequest.objects.count() == 0


def test_assign_and_transfer_within_scope(world):
    request = received_request(world)
    assert request.assigned_unit == world["education"] and request.stage == Stage.HANDLING
    with pytest.raises(ValidationFailed):
        services.request_transfer(actor=world["office"], request=request, unit=world["other_unit"],
                                  on=date(2025, 3, 4), note="不属于本单位")
    with pytest.raises(ValidationFailed):
        services.request_transfer(actor=world["office"], request=request, unit=world["civil"], on=date(2025, 3, 4))
    services.request_transfer(actor=world["officer"], request=request, unit=world["civil"], on=date(2025, 3, 4),
                              note="属于民政局职责")
    request.refresh_from_db()
    assert request.assigned_unit == world["civil"]
    with pytest.raises(PermissionRefused):  # 教育局 no longer handles it
        services.request_transfer(actor=world["officer"], request=request, unit=world["education"], on=date(2025, 3, 5),
                                  note="退回")
