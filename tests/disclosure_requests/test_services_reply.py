"""Replies, delivery and fees (《条例》第三十六至三十九条、第四十二条; 国办函〔2020〕109号; rules.md §4–§5)."""

from datetime import date

import pytest

from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import selectors, services
from gongkai.disclosure_requests.models import EventKind, Reply, Status
from tests.factories import received_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(world):
    return received_request(world)


def _snapshot(request):
    request.refresh_from_db()
    return (request.status, request.stage, request.events.count(), Reply.objects.filter(request=request).count())


def test_withheld_reply_without_reasons_is_refused_and_changes_nothing(world, request_):
    """第三十六条第（三）项: 不予公开的，告知申请人并说明理由."""
    before = _snapshot(request_)
    with pytest.raises(ValidationFailed) as exc:
        services.request_reply(actor=world["officer"], request=request_, type="withheld", on=date(2025, 3, 20),
                               withholding_ground="third_party")
    assert "理由" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.request_reply(actor=world["officer"], request=request_, type="withheld", on=date(2025, 3, 20),
                               reasons="涉及商业秘密")
    assert _snapshot(request_) == before
    reply = services.request_reply(actor=world["officer"], request=request_, type="withheld", on=date(2025, 3, 20),
                                   withholding_ground="third_party", reasons="涉及第三方商业秘密，第三方不同意公开")
    assert reply.report_row == "三(三)4"
    assert "第十五条" in reply.article
    assert "行政复议" in reply.remedies and "行政诉讼" in reply.remedies
    assert reply.letter_number.endswith("〔2025〕1号")


def test_partial_disclosure_needs_a_redacted_attachment(world, request_):
    """第三十七条: 能够作区分处理的，提供可以公开的部分，并对不予公开的内容说明理由（三(二)，只计此项）."""
    with pytest.raises(ValidationFailed) as exc:
        services.request_reply(actor=world["officer"], request=request_, type="partial", on=date(2025, 3, 20),
                               reasons="名单中的身份证号码属于个人隐私")
    assert "附件" in exc.value.message
    reply = services.request_reply(
        actor=world["officer"], request=request_, type="partial", on=date(2025, 3, 20),
        reasons="名单中的身份证号码属于个人隐私", attachments=[("低保名单（已遮盖）.pdf", b"%PDF-1.4 fake", True)],
    )
    assert reply.report_row == "三(二)"
    assert reply.attachments.get().redacted is True


def test_not_this_agency_reply_names_the_responsible_agency(world, request_):
    """第三十六条第（五）项: 能够确定负责公开该政府信息的行政机关的，告知该行政机关的名称、联系方式."""
    reply = services.request_reply(actor=world["officer"], request=request_, type="not_this_agency",
                                   on=date(2025, 3, 20), reasons="该信息由市级部门制作",
                                   responsible_agency="邵阳市民政局", responsible_agency_contact="0739-0000000")
    assert reply.report_row == "三(四)1" and reply.responsible_agency == "邵阳市民政局"


def test_reply_refused_to_another_units_officer(world, request_):
    with pytest.raises(PermissionRefused):
        services.request_reply(actor=world["civil_officer"], request=request_, type="not_held", on=date(2025, 3, 20))


def test_delivery_record_and_archive(world, request_):
    services.request_reply(actor=world["officer"], request=request_, type="disclosed", on=date(2025, 3, 20),
                           information="见附件", attachments=[("资金发放表.xlsx", b"data")])
    with pytest.raises(ValidationFailed):
        services.request_deliver(actor=world["officer"], request=request_, method="post", delivered_on=date(2025, 3, 19),
                                 recipient="张某某")
    record = services.request_deliver(actor=world["officer"], request=request_, method="post",
                                      delivered_on=date(2025, 3, 22), recipient="张某某", proof="EMS 1000000000000")
    assert record.reply == request_.reply
    services.request_archive(actor=world["officer"], request=request_, on=date(2025, 3, 24))
    with pytest.raises(TransitionNotAllowed):
        services.request_reply(actor=world["officer"], request=request_, type="not_held", on=date(2025, 3, 25))


def test_fee_counted_per_applicant_per_calendar_month(world, request_):
    """国办函〔2020〕109号第四条: 按件计收，同一申请人一个自然月内累计计算."""
    services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 3, 5), method="per_item",
                                quantity=25)
    notice = request_.events.get(kind=EventKind.FEE_NOTICE_SENT)
    assert notice.data["amount"] == 1500 and notice.data["pay_by"] == "2025-04-02"
    second = received_request(world, day="2025-03-06")
    services.request_fee_notice(actor=world["officer"], request=second, on=date(2025, 3, 6), method="per_item",
                                quantity=10)
    assert second.events.get(kind=EventKind.FEE_NOTICE_SENT).data["amount"] == 5 * 100 + 5 * 200


def test_fee_free_range_needs_no_notice(world, request_):
    """《条例》第四十二条第一款: 不收取费用为原则；未超过免费范围的不发收费通知."""
    before = _snapshot(request_)
    with pytest.raises(ValidationFailed) as exc:
        services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 3, 5), method="per_page",
                                    quantity=30)
    assert "0元" in exc.value.message
    assert _snapshot(request_) == before


def test_fee_not_paid_in_time_is_deemed_abandoned_row_six_two(world, request_):
    """国办函〔2020〕109号: 申请人自收到收费通知次日起20个工作日内未缴费的，视为放弃申请（三(六)2）."""
    services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 3, 5), method="per_page",
                                quantity=120)
    request_.refresh_from_db()
    assert request_.status == Status.AWAITING_PAYMENT
    with pytest.raises(ValidationFailed):
        services.request_fee_period_ended(actor=world["officer"], request=request_, on=date(2025, 4, 2))
    services.request_fee_period_ended(actor=world["officer"], request=request_, on=date(2025, 4, 3))
    request_.refresh_from_db()
    assert request_.status == Status.ABANDONED and request_.reply.report_row == "三(六)2"


def test_fee_paid_resumes_handling(world, request_):
    """国办函〔2020〕109号 (issue 11 §2): the wait for payment is not counted — the days after the notice through
    the payment day (03-06…03-10, 3 working days) move the due date from 03-31 to 04-03."""
    services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 3, 5), method="per_page",
                                quantity=120)
    services.request_fee_paid(actor=world["officer"], request=request_, on=date(2025, 3, 10), receipt_number="非税001")
    request_.refresh_from_db()
    assert request_.status == Status.IN_PROGRESS
    assert request_.due_on == date(2025, 4, 3)


def test_fee_109_notice_after_the_due_date_is_refused_by_the_service(world, request_):
    """国办函〔2020〕109号 (rules.md §12.1): received 03-03, due 03-31; a notice on 04-01 is refused, nothing written."""
    with pytest.raises(ValidationFailed) as exc:
        services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 4, 1),
                                    method="per_page", quantity=120)
    assert "2025年3月31日" in exc.value.message
    request_.refresh_from_db()
    assert request_.status == Status.IN_PROGRESS and not request_.events.filter(kind="fee_notice_sent").exists()


def test_fee_109_notice_on_the_due_date_is_in_time_and_moves_the_due_date_by_the_wait(world, request_):
    """国办函〔2020〕109号; rules.md §3.4 edge rule 3, §5, §12.1: received 03-03, due 03-31; a notice ON 03-31 is
    accepted and pauses the clock with 0 working days left; paid 04-03 → due 04-03 (moved by the 3 working days of
    the wait). The stored clock and `selectors.request_deadline` agree, and no explanation line shows "None"."""
    services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 3, 31), method="per_page",
                                quantity=120)
    request_.refresh_from_db()
    assert request_.status == Status.AWAITING_PAYMENT and request_.due_on is None
    waiting = selectors.request_deadline(request_)
    assert waiting is not None and "已用20个工作日" in "\n".join(waiting.explanation)
    services.request_fee_paid(actor=world["officer"], request=request_, on=date(2025, 4, 3), receipt_number="非税002")
    request_.refresh_from_db()
    assert request_.status == Status.IN_PROGRESS and request_.due_on == date(2025, 4, 3)
    paid = selectors.request_deadline(request_)
    assert paid is not None and paid.due == date(2025, 4, 3)
    assert not any("None" in line for line in (*waiting.explanation, *paid.explanation))


def test_fee_109_payment_window_counts_from_the_applicants_receipt_of_the_notice(world, request_):
    """国办函〔2020〕109号 (issue 11 §2): notice sent 03-05, received 03-10 → pay by 03-10 + 20 working days
    (2025-04-08), not 03-05 + 20 (2025-04-02)."""
    services.request_fee_notice(actor=world["officer"], request=request_, on=date(2025, 3, 5), method="per_page",
                                quantity=120)
    services.request_fee_notice_received(actor=world["officer"], request=request_, on=date(2025, 3, 10))
    with pytest.raises(ValidationFailed):
        services.request_fee_period_ended(actor=world["officer"], request=request_, on=date(2025, 4, 3))
    services.request_fee_paid(actor=world["officer"], request=request_, on=date(2025, 4, 7))
    request_.refresh_from_db()
    assert request_.status == Status.IN_PROGRESS
