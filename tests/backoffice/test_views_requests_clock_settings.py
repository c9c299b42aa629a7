"""The back office's screen for how the answer clock is counted per jurisdiction (the fee pause, rules.md §3.4
edge rule 3): the office sets its county and the towns below; another county's office, an officer and the
auditor are refused."""

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.disclosure_requests.selectors import fee_pause_for
from tests.backoffice.test_views_requests import body

pytestmark = pytest.mark.django_db


def test_the_office_sets_the_fee_pause_of_a_town(client, world):
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:clock_settings")))
    assert "大祥区" in page and "罗市镇" in page and "不计入答复期限（默认）" in page
    town = world.tree["town"]
    url = reverse("backoffice:clock_setting_edit", args=[town.pk])
    assert "沿用上级行政区划的设置" in body(client.get(url))
    response = client.post(url, {"fee_pause": "count"})
    assert response.status_code == 302
    assert fee_pause_for(town).pause is False and fee_pause_for(town).own
    assert AuditEvent.objects.filter(action="request.clock_setting_saved").exists()
    assert "计入答复期限（本级设置）" in body(client.get(reverse("backoffice:clock_settings")))


def test_a_bad_choice_is_refused_in_chinese_and_nothing_changes(client, world):
    client.force_login(world.users.office)
    url = reverse("backoffice:clock_setting_edit", args=[world.tree["county"].pk])
    page = body(client.post(url, {"fee_pause": "sometimes"}))
    assert "请选择列出的计算方式之一" in page
    assert not fee_pause_for(world.tree["county"]).own


@pytest.mark.parametrize("who", ["other_office", "officer", "auditor", "admin"])
def test_users_outside_the_county_office_cannot_set_it(client, world, who):
    client.force_login(getattr(world.users, who))
    url = reverse("backoffice:clock_setting_edit", args=[world.tree["county"].pk])
    assert client.post(url, {"fee_pause": "count"}).status_code == 403
    assert fee_pause_for(world.tree["county"]).pause is True
    if who != "other_office":
        assert client.get(reverse("backoffice:clock_settings")).status_code == 403
