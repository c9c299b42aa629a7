"""收到申请之日 by intake_channel (《条例》第三十一条; 国办公开办函〔2015〕207号)."""

from datetime import date

from gongkai.disclosure_requests.receipt import IntakeChannel, needs_confirmation, received_on

SUBMITTED = date(2025, 3, 3)
ARRIVED = date(2025, 3, 5)
CONFIRMED = date(2025, 3, 6)
CONTACT = date(2025, 3, 12)


def test_receipt_in_person_is_the_day_submitted():
    """第三十一条第（一）项: 当面提交的，以提交之日为收到申请之日."""
    r = received_on(IntakeChannel.IN_PERSON, submitted=SUBMITTED, arrived=ARRIVED, confirmed=CONFIRMED)
    assert r.received_on == SUBMITTED
    assert "第三十一条第（一）项" in r.article


def test_receipt_signed_post_is_the_day_signed():
    """第三十一条第（二）项: 以邮寄方式提交的，以行政机关签收之日为收到申请之日."""
    r = received_on(IntakeChannel.REGISTERED_POST, submitted=SUBMITTED, arrived=ARRIVED)
    assert r.received_on == ARRIVED
    assert received_on(IntakeChannel.REGISTERED_POST, submitted=SUBMITTED).received_on is None


def test_receipt_ordinary_post_is_the_confirmation_day():
    """第三十一条第（二）项: 以平常信函等无需签收的邮寄方式提交的，应当于收到申请的当日与申请人确认，确认之日为收到申请之日."""
    r = received_on(IntakeChannel.ORDINARY_POST, arrived=ARRIVED, confirmed=ARRIVED)
    assert r.received_on == ARRIVED
    assert received_on(IntakeChannel.ORDINARY_POST, arrived=ARRIVED).received_on is None


def test_receipt_signed_post_not_addressed_to_office_is_treated_like_unsigned_post():
    """国办公开办函〔2015〕207号: 未寄给公开工作机构的信函按平常信函处理，以确认之日为准."""
    assert needs_confirmation(IntakeChannel.REGISTERED_POST, addressed_to_office=False)
    r = received_on(IntakeChannel.REGISTERED_POST, arrived=ARRIVED, confirmed=CONFIRMED, addressed_to_office=False)
    assert r.received_on == CONFIRMED
    assert "207号" in r.article


def test_receipt_online_email_fax_is_the_mutual_confirmation_day():
    """第三十一条第（三）项: 通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日（207号以邮件系统收到之日为准的规定已被取代）."""
    for intake_channel in (IntakeChannel.ONLINE, IntakeChannel.EMAIL, IntakeChannel.FAX):
        r = received_on(intake_channel, submitted=SUBMITTED, arrived=SUBMITTED, confirmed=CONFIRMED)
        assert r.received_on == CONFIRMED, intake_channel
        assert "双方确认" in r.explanation
        assert received_on(intake_channel, submitted=SUBMITTED).received_on is None


def test_receipt_unreachable_applicant_starts_when_contact_is_made():
    """国办公开办函〔2015〕207号: 申请人未留联系电话或无法联系的，先登记，自取得联系之日起办理并计算期限."""
    r = received_on(IntakeChannel.ONLINE, submitted=SUBMITTED, contact_made=CONTACT)
    assert r.received_on == CONTACT
    assert "取得联系" in r.explanation


def test_receipt_other_channel_uses_published_time_else_confirmation():
    """国办公开办函〔2015〕207号: 其他渠道按公布的收到时间；未公布的，以双方确认之日为准."""
    assert received_on(IntakeChannel.OTHER, published_receipt_day=ARRIVED, confirmed=CONFIRMED).received_on == ARRIVED
    assert received_on(IntakeChannel.OTHER, confirmed=CONFIRMED).received_on == CONFIRMED


def test_article_31_confirmation_later_than_arrival_without_failed_contact_is_flagged():
    """《条例》第三十一条: online, ordinary letter, fax — a confirmation days after the arrival with no failed contact
    on record is flagged; the same day, a contact made after failed attempts, or a signed letter are not."""
    from datetime import date

    from gongkai.disclosure_requests.receipt import IntakeChannel, late_confirmation

    flag = late_confirmation(IntakeChannel.ONLINE, arrived=date(2025, 3, 3), confirmed=date(2025, 3, 10))
    assert flag and "2025年3月3日" in flag and "第三十一条" in flag
    assert late_confirmation(IntakeChannel.FAX, arrived=date(2025, 3, 3), confirmed=date(2025, 3, 3)) is None
    assert late_confirmation(IntakeChannel.ONLINE, arrived=date(2025, 3, 3), confirmed=date(2025, 3, 10),
                             contact_made=date(2025, 3, 10)) is None
    assert late_confirmation(IntakeChannel.REGISTERED_POST, arrived=date(2025, 3, 3), confirmed=date(2025, 3, 10)) is None
