"""The fee pause per jurisdiction (国办函〔2020〕109号; rules.md §3.4 edge rule 3: whether waiting for payment is
left out of the answer period is not settled nationally, so it is configurable): inherited from the nearest
ancestor that sets it, on by default, set by the jurisdiction's disclosure office (audited), kept in the log of
each fee notice and read from there by the clock."""

from datetime import date

import pytest

from gongkai.core.errors import PermissionRefused
from gongkai.core.models import AuditEvent
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import ClockSetting, EventKind
from gongkai.disclosure_requests.selectors import fee_pause_for, request_deadline
from tests.factories import received_request
from tests.worlds import requests_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.set(date(2025, 6, 30))
    return requests_county()


def test_fee_109_pause_is_on_by_default_and_inherited_from_the_nearest_ancestor(world):
    """rules.md §3.4 edge rule 3: default — waiting for payment is not counted; a town takes its county's setting,
    the county its city's, unless it sets its own."""
    assert fee_pause_for(world["town"]).pause is True and fee_pause_for(world["town"]).source is None
    services.clock_setting_save(actor=world["office"], jurisdiction=world["county"], fee_pause=False)
    inherited = fee_pause_for(world["town"])
    assert inherited.pause is False and inherited.source == world["county"] and not inherited.own
    services.clock_setting_save(actor=world["office"], jurisdiction=world["town"], fee_pause=True)
    assert fee_pause_for(world["town"]).pause is True and fee_pause_for(world["town"]).own
    assert fee_pause_for(world["street"]).pause is False
    services.clock_setting_save(actor=world["office"], jurisdiction=world["town"], fee_pause=None)
    assert fee_pause_for(world["town"]).pause is False and not ClockSetting.objects.filter(
        jurisdiction=world["town"]).exists()


def test_the_setting_is_audited_and_refused_outside_the_office_scope(world):
    services.clock_setting_save(actor=world["office"], jurisdiction=world["county"], fee_pause=False)
    event = AuditEvent.objects.filter(action="request.clock_setting_saved").latest("id")
    assert event.data["fee_pause_before"] is True and event.data["fee_pause_after"] is False
    for refused in (world["stranger"], world["officer"]):  # another county's office; a department's officer
        with pytest.raises(PermissionRefused):
            services.clock_setting_save(actor=refused, jurisdiction=world["county"], fee_pause=True)
    assert fee_pause_for(world["county"]).pause is False


def test_fee_109_the_clock_follows_the_setting_in_force_when_the_notice_was_sent(world):
    """A county that counts the wait: the due date does not move while the applicant pays; the setting is kept in
    the notice's log entry, so changing it afterwards does not move this request's deadline."""
    services.clock_setting_save(actor=world["office"], jurisdiction=world["county"], fee_pause=False)
    request = received_request(world)  # received 2025-03-03, due 2025-03-31
    services.request_fee_notice(actor=world["officer"], request=request, on=date(2025, 3, 10), method="per_page",
                                quantity=120)
    request.refresh_from_db()
    notice = request.events.get(kind=EventKind.FEE_NOTICE_SENT)
    assert notice.data["fee_pause"] is False and request.due_on == date(2025, 3, 31)
    services.clock_setting_save(actor=world["office"], jurisdiction=world["county"], fee_pause=True)
    services.request_fee_paid(actor=world["officer"], request=request, on=date(2025, 3, 20))
    request.refresh_from_db()
    assert request.due_on == date(2025, 3, 31) == request_deadline(request).due
    assert "计入答复期限" in "\n".join(request_deadline(request).explanation)


def test_fee_109_default_pause_through_the_service(world):
    """By default the working days after the notice's day, through the payment day, are not counted."""
    request = received_request(world)
    services.request_fee_notice(actor=world["officer"], request=request, on=date(2025, 3, 10), method="per_page",
                                quantity=120)
    request.refresh_from_db()
    assert request.due_on is None and request.events.get(kind=EventKind.FEE_NOTICE_SENT).data["fee_pause"] is True
    services.request_fee_paid(actor=world["officer"], request=request, on=date(2025, 3, 20))
    request.refresh_from_db()
    assert request.due_on == date(2025, 4, 11)  # 5 working days used by 3-10, 15 after 3-20 (4-4 is 清明)
