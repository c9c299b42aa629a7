"""Request procedure rules over the log: correction_late (第三十条), extension_late (第三十三条第二款),
reply_reasons_missing (第三十六条 …). Planted cases that must be found, near misses that must not; and each once
through `inspection_run`."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from gongkai.calendars.seed import seed_calendar
from gongkai.disclosure_requests.models import EventKind, RequestEvent
from gongkai.oversight.checks.facts import RequestLogFacts
from gongkai.oversight.checks.request_log import correction_late, extension_late, reply_reasons_missing
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run
from tests.factories import ReplyFactory, received_request

RECEIVED = date(2025, 3, 3)  # a Monday; the 7th working day after it is 2025-03-12, the 20th 2025-03-31


@pytest.fixture(scope="module")
def calendar():
    return seed_calendar()


def log(*events, recorded=(), reply_type="", reasons=False, code="ABC123") -> RequestLogFacts:
    return RequestLogFacts(id=1, tracking_code=code, unit_id=7, received_on=RECEIVED, clock_events=tuple(events),
                           extensions_recorded_on=tuple(recorded), reply_type=reply_type, reply_has_reasons=reasons)


def test_correction_late_seventh_working_day_is_lawful_the_eighth_is_not(calendar):
    """《政府信息公开条例》第三十条: the 补正 notice within 7 working days of receipt (receipt day not counted):
    received 2025-03-03, a notice on 03-12 is in time, on 03-13 it is one working day late."""
    assert list(correction_late([log(("correction-requested", date(2025, 3, 12)))], calendar=calendar)) == []
    hits = list(correction_late([log(("correction-requested", date(2025, 3, 13)))], calendar=calendar))
    assert [h.rule for h in hits] == ["correction_late"]
    assert hits[0].evidence["notice_due"] == "2025-03-12" and hits[0].evidence["working_days_late"] == 1
    assert list(correction_late([log()], calendar=calendar)) == []


def test_extension_late_after_the_original_due_date_or_entered_after_it(calendar):
    """《政府信息公开条例》第三十三条第二款: an extension decided on the original due date (2025-03-31) is lawful;
    one dated the next day, or dated in time but entered into the system after the due date, is late."""
    on_time = log(("extension", date(2025, 3, 31), 20), recorded=[date(2025, 3, 31)])
    assert list(extension_late([on_time], calendar=calendar)) == []
    after = log(("extension", date(2025, 4, 1), 20), recorded=[date(2025, 4, 1)])
    hits = list(extension_late([after], calendar=calendar))
    assert [h.rule for h in hits] == ["extension_late"] and hits[0].evidence["original_due"] == "2025-03-31"
    backdated = log(("extension", date(2025, 3, 28), 20), recorded=[date(2025, 4, 2)])
    hits = list(extension_late([backdated], calendar=calendar))
    assert hits and hits[0].evidence["recorded_on"] == "2025-04-02" and "才登记" in hits[0].evidence["text"]
    transcribed = RequestLogFacts(**{**backdated.__dict__, "entered_on": date(2025, 4, 2)})
    assert list(extension_late([transcribed], calendar=calendar)) == []


def test_extension_after_a_correction_counts_from_the_corrected_application(calendar):
    """第三十条 with 第三十三条: after a corrected application (received 03-10) the 20 days restart, so an extension
    on 2025-04-02 is still before the new due date (2025-04-07) and is not late."""
    fact = log(("correction-requested", date(2025, 3, 5)), ("correction-received", date(2025, 3, 10)),
               ("extension", date(2025, 4, 2), 20), recorded=[date(2025, 4, 2)])
    assert list(extension_late([fact], calendar=calendar)) == []


def test_reply_reasons_missing_for_types_that_require_reasons():
    """第三十六条第（三）项 (不予公开) requires reasons: a withheld reply without them is found, one with them and a
    予以公开 reply without them are not."""
    hits = list(reply_reasons_missing([log(reply_type="withheld")]))
    assert [h.rule for h in hits] == ["reply_reasons_missing"] and "不予公开" in hits[0].evidence["text"]
    assert list(reply_reasons_missing([log(reply_type="withheld", reasons=True)])) == []
    assert list(reply_reasons_missing([log(reply_type="disclosed")])) == []
    assert list(reply_reasons_missing([log()])) == []


# --- through the database -------------------------------------------------------------------------------


def _event(request, kind, day, **kw):
    return RequestEvent.objects.create(request=request, kind=kind, date=day, **kw)


@pytest.fixture
def county(requests_world):
    return requests_world


def _run(county, rule):
    inspection_run(actor=county["office"], jurisdiction=county["county"], today=date(2025, 6, 2), rules=[rule])
    return {f.target: f for f in Finding.objects.filter(rule=rule)}


def test_correction_late_through_an_inspection(county):
    """第三十条 through `inspection_run`: a notice on the 8th working day is found, one on the 7th is not."""
    late = received_request(county, day="2025-03-03")
    _event(late, EventKind.CORRECTION_REQUESTED, date(2025, 3, 13))
    in_time = received_request(county, day="2025-03-03")
    _event(in_time, EventKind.CORRECTION_REQUESTED, date(2025, 3, 12))
    found = _run(county, "correction_late")
    assert set(found) == {late.tracking_code}
    assert found[late.tracking_code].unit == county["education"]


def test_extension_late_through_an_inspection(county):
    """第三十三条第二款 through `inspection_run`: an extension entered after the original due date is found (the
    request itself was registered before it)."""
    late = received_request(county, day="2025-03-03")
    event = _event(late, EventKind.EXTENSION_APPROVED, date(2025, 3, 28), data={"days": 20})
    RequestEvent.objects.filter(pk=event.pk).update(
        recorded_at=timezone.make_aware(datetime(2025, 4, 2, 10)))
    fine = received_request(county, day="2025-03-03")
    fine_event = _event(fine, EventKind.EXTENSION_APPROVED, date(2025, 3, 28), data={"days": 20})
    RequestEvent.objects.filter(pk=fine_event.pk).update(
        recorded_at=timezone.make_aware(datetime(2025, 3, 28, 10)))
    type(late).objects.filter(pk__in=[late.pk, fine.pk]).update(
        created_at=timezone.make_aware(datetime(2025, 3, 3, 10)))
    found = _run(county, "extension_late")
    assert set(found) == {late.tracking_code}


def test_reply_reasons_missing_through_an_inspection(county):
    """第三十六条第（三）项 through `inspection_run`: a withheld reply without reasons is found."""
    bare = received_request(county, day="2025-03-03")
    ReplyFactory(request=bare, type="withheld", withholding_ground="state_secret", report_row="三(三)1",
                 letter_date=date(2025, 3, 20))
    reasoned = received_request(county, day="2025-03-03")
    ReplyFactory(request=reasoned, type="withheld", withholding_ground="state_secret", report_row="三(三)1",
                 letter_date=date(2025, 3, 20), reasons="属于国家秘密。")
    found = _run(county, "reply_reasons_missing")
    assert set(found) == {bare.tracking_code}
