"""Records, requests and cases for the report tests, made straight in the database."""

import datetime
import itertools

from django.utils import timezone

from gongkai.disclosure_requests.models import DisclosureRequest, IntakeChannel, Reply, Status
from gongkai.publishing.models import Record

_seq = itertools.count(1)


def published_record(unit, *, category: str, formed_on: datetime.date, fee=None) -> Record:
    n = next(_seq)
    return Record.objects.create(
        unit=unit, title=f"测试信息{n}", formed_on=formed_on, index_number=f"TEST-{formed_on.year}-{n:05d}",
        index_year=formed_on.year, index_sequence=n, disclosure_attribute="proactive", status="published",
        published_at=timezone.make_aware(datetime.datetime.combine(formed_on, datetime.time(10))),
        report_category=category, fee_amount_yuan=fee,
    )


def request(unit, *, received_on: datetime.date, applicant_type="natural_person", replied_on=None,
            reply_type="disclosed", row="三(一)") -> DisclosureRequest:
    r = DisclosureRequest.objects.create(
        jurisdiction=unit.jurisdiction, receiving_unit=unit, assigned_unit=unit, applicant_type=applicant_type,
        applicant_name="张某某", description="测试申请", intake_channel=IntakeChannel.IN_PERSON, received_on=received_on,
        status=Status.REPLIED if replied_on else Status.IN_PROGRESS,
    )
    if replied_on:
        Reply.objects.create(request=r, type=reply_type, report_row=row, letter_date=replied_on)
    return r
