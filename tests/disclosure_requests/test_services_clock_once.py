"""Each write of the request lifecycle computes the answer clock once (deadlines.answer_deadline, the pure
function) and stores what it computed: the stored due date is the one the log gives."""

from datetime import date

import pytest

from gongkai.disclosure_requests import deadlines, services
from gongkai.disclosure_requests.selectors import request_deadline
from tests.factories import received_request
from tests.worlds import requests_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    counter = {"n": 0}
    real = deadlines.answer_deadline

    def counting(*args, **kwargs):
        counter["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(deadlines, "answer_deadline", counting)
    return counter


@pytest.fixture(autouse=True)
def today(clock):
    clock.set(date(2025, 6, 30))


def _once(calls, request, write):
    calls["n"] = 0
    write()
    assert calls["n"] == 1, f"the clock was computed {calls['n']} times"
    request.refresh_from_db()
    assert request.due_on == request_deadline(request).due  # what the write stored is what the log gives


def test_correction_consultation_extension_later_deadline_fee_each_compute_once(calls):
    world = requests_county()
    office, officer = world["office"], world["officer"]
    request = received_request(world)  # received 2025-03-03, due 2025-03-31
    _once(calls, request, lambda: services.request_correction(actor=officer, request=request, on=date(2025, 3, 5),
                                                              items="请写明所需信息的年份"))
    _once(calls, request, lambda: services.request_correction_received(actor=officer, request=request,
                                                                       on=date(2025, 3, 7)))
    _once(calls, request, lambda: services.request_consultation_sent(
        actor=officer, request=request, on=date(2025, 3, 10), party_kind="third_party", party_name="某某公司"))
    _once(calls, request, lambda: services.request_consultation_received(actor=officer, request=request,
                                                                         on=date(2025, 3, 12)))
    _once(calls, request, lambda: services.request_consultation_replied(actor=officer, request=request,
                                                                        on=date(2025, 4, 3), outcome="silence"))
    _once(calls, request, lambda: services.request_extension(
        actor=office, request=request, decided_on=date(2025, 4, 7), notice_on=date(2025, 4, 7), reason="需要检索的档案较多"))
    _once(calls, request, lambda: services.request_later_deadline(
        actor=officer, request=request, on=date(2025, 4, 8), due=date(2025, 7, 31), reason="申请人一次申请大量信息，理由合理"))
    assert request.due_on == date(2025, 7, 31)

    other = received_request(world, day="2025-03-04")
    _once(calls, other, lambda: services.request_fee_notice(actor=officer, request=other, on=date(2025, 3, 10),
                                                            method="per_page", quantity=120))
    _once(calls, other, lambda: services.request_fee_paid(actor=officer, request=other, on=date(2025, 3, 20)))
