"""Issue 10 defects of the request screens, each reproduced first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import Status
from tests.factories import APPLICANT

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def online(world, when: datetime.datetime):
    return services.request_submit_online(jurisdiction=world.tree["county"], data=APPLICANT, submitted_at=when,
                                          receiving_unit=world.office_unit)


def test_history_of_an_online_request_reads_as_chinese_not_python(client, world):
    """办理记录 showed "补正事项：dict_items([('channel', 'online')])；补正期限至 。网上提交"."""
    item = online(world, timezone.now() - datetime.timedelta(days=1))
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    assert "dict_items" not in page and "补正事项" not in page
    assert "网上申请" in page


def test_an_online_request_confirmed_on_the_day_it_arrived(client, world):
    """第三十一条第（三）项: confirming the same day works when only the date is typed (it used to be read as 09:00
    and refused as earlier than an arrival later that morning)."""
    arrived = timezone.localtime().replace(hour=10, minute=30, second=0, microsecond=0)
    if arrived > timezone.localtime():
        arrived = arrived - datetime.timedelta(days=1)
    item = online(world, arrived)
    client.force_login(world.users.office)
    day = timezone.localdate(arrived).isoformat()
    response = client.post(reverse("backoffice:request_action", args=[item.pk, "confirm"]),
                           {"confirm-date": day, "confirm-method": "电话确认"})
    assert "确认时间不能早于" not in body(response)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS and item.received_on == timezone.localdate(arrived)


def test_the_request_page_offers_exactly_the_tables_moves_next_steps_first(client, world):
    """Issue 10: the next legal actions show as buttons; the others sit behind 更多办理操作; nothing the table
    refuses is offered (issue 11 §1)."""
    from gongkai.disclosure_requests import selectors

    item = online(world, timezone.now() - datetime.timedelta(days=1))
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    moves = selectors.request_moves(world.users.office, item)
    assert moves[:1] == ["confirm"] and "reply" not in moves
    assert '<section class="card" id="action-confirm"' in page
    more = page[page.index('id="more-actions"'):]
    assert 'id="action-assign"' in more and 'id="action-confirm"' not in more
    for absent in ("reply", "correction", "fee_notice", "archive", "extension"):
        assert f'id="action-{absent}"' not in page


def test_article_31_late_confirmation_is_flagged_on_the_request_and_for_oversight(client, world):
    from gongkai.disclosure_requests import selectors

    arrived = timezone.now() - datetime.timedelta(days=5)
    item = online(world, arrived)
    services.request_confirm(actor=world.users.office, request=item, confirmed_at=timezone.now(), method="电话确认")
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:request", args=[item.pk])))
    assert "未记录联系申请人未果的情况" in page
    assert [r.pk for r in selectors.late_confirmations(world.users.office)] == [item.pk]
