"""Per-jurisdiction stale limits (rules.md §7.6: national defaults per column class, local overrides that the
subtree inherits from its nearest ancestor): resolution, the office's screen (scope-checked, audited) and the
stale_item rule judging by the resolved limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.core import clock
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.oversight.checks.items import ColumnClass, StaleThresholds
from gongkai.oversight.models import Finding, StaleThreshold
from gongkai.oversight.selectors import stale_threshold_table, stale_thresholds_by_jurisdiction
from gongkai.oversight.services import inspection_run, stale_thresholds_set
from tests.factories import UnitFactory, user_with_role


def test_resolved_limits_take_the_nearest_jurisdictions_own():
    """19号 national defaults (2 weeks, 6 months, 1 year), a city's stricter 动态 limit, a county's own 通知 limit."""
    national = StaleThresholds.resolved([])
    assert national.days[ColumnClass.NEWS] == 14 and national.days[ColumnClass.NOTICES] == 183
    assert national.days[ColumnClass.PLANS] == 365
    chain = [{}, {ColumnClass.NEWS: 7}, {ColumnClass.NOTICES: 90}]
    resolved = StaleThresholds.resolved(chain)
    assert resolved.days[ColumnClass.NEWS] == 7 and resolved.days[ColumnClass.NOTICES] == 90
    assert resolved.days[ColumnClass.PLANS] == 365  # near miss: nobody set it
    assert StaleThresholds.resolved([{ColumnClass.NEWS: 7}, {ColumnClass.NEWS: 10}]).days[ColumnClass.NEWS] == 10


def test_a_subtree_inherits_from_its_nearest_ancestor(world):
    county, town = world.tree["county"], world.tree["town"]
    stale_thresholds_set(actor=world.office, jurisdiction=county, days={"news": 7, "other": 30})
    StaleThreshold.objects.create(jurisdiction=town, column_class="other", days=60)
    resolved = stale_thresholds_by_jurisdiction(county)
    assert resolved[county.pk].days["news"] == 7 and resolved[town.pk].days["news"] == 7
    assert resolved[county.pk].days["other"] == 30 and resolved[town.pk].days["other"] == 60
    assert resolved[world.tree["street"].pk].days["other"] == 30
    rows = {r["column_class"]: r for r in stale_threshold_table(town)}
    assert rows["news"]["source"] == "大祥区" and rows["other"]["source"] == "本级设置"
    assert rows["plans"]["source"] == "国家默认" and rows["plans"]["days"] == 365


def test_stale_item_uses_the_jurisdictions_own_limit(world):
    """An item updated 40 days before the inspection: fresh under the national 183 days of 政策文件类; stale once
    the county sets 30 days (the states of the subtree are dropped so the next inspection looks again)."""
    world.published(items=[world.item], formed_on=clock.today() - timedelta(days=3))
    day = clock.today() + timedelta(days=40)
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=day, rules=["stale_item"])
    assert not Finding.objects.filter(rule="stale_item", target=str(world.item.key)).exists()
    stale_thresholds_set(actor=world.office, jurisdiction=world.tree["county"], days={"notices": 30})
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=day, rules=["stale_item"])
    finding = Finding.objects.get(rule="stale_item", target=str(world.item.key))
    assert finding.evidence["limit_days"] == 30
    # Near miss: 41 days allowed, 40 days old.
    stale_thresholds_set(actor=world.office, jurisdiction=world.tree["county"], days={"notices": 41})
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=day, rules=["stale_item"])
    finding.refresh_from_db()
    assert not finding.is_open


def test_setting_limits_is_audited_per_change_and_checked(world):
    county = world.tree["county"]
    assert stale_thresholds_set(actor=world.office, jurisdiction=county, days={"news": 7, "notices": None}) == ["news"]
    assert stale_thresholds_set(actor=world.office, jurisdiction=county, days={"news": 7}) == []
    assert stale_thresholds_set(actor=world.office, jurisdiction=county, days={"news": None}) == ["news"]
    events = AuditEvent.objects.filter(action="oversight.stale_threshold_set")
    assert events.count() == 2 and not StaleThreshold.objects.exists()
    with pytest.raises(ValidationFailed, match="1到1098之间"):
        stale_thresholds_set(actor=world.office, jurisdiction=county, days={"news": 0})
    with pytest.raises(ValidationFailed, match="没有这些栏目类别"):
        stale_thresholds_set(actor=world.office, jurisdiction=county, days={"yearly": 30})
    stranger = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(jurisdiction=world.tree["other_county"],
                                                                  is_disclosure_office=True))
    for actor in (world.officer, stranger):
        with pytest.raises(PermissionRefused):
            stale_thresholds_set(actor=actor, jurisdiction=county, days={"news": 7})


def test_the_office_sets_limits_on_its_screen_and_bad_input_keeps_what_was_typed(client, world):
    url = reverse("backoffice:oversight_thresholds")
    client.force_login(world.office)
    page = client.get(url + f"?jurisdiction={world.tree['county'].pk}").content.decode()
    assert "动态要闻类" in page and "国家默认" in page and "14天" in page
    bad = client.post(url, {"jurisdiction": world.tree["county"].pk, "news": "0", "notices": "90"})
    assert bad.status_code == 400 and "天数至少为1" in bad.content.decode()
    assert 'value="90"' in bad.content.decode() and not StaleThreshold.objects.exists()
    ok = client.post(url, {"jurisdiction": world.tree["town"].pk, "news": "5", "notices": ""})
    assert ok.status_code == 302
    assert StaleThreshold.objects.get().jurisdiction == world.tree["town"]
    page = client.get(ok.url).content.decode()
    assert "本级设置" in page and "5天" in page


def test_officers_and_other_offices_are_refused_the_screen(client, world):
    url = reverse("backoffice:oversight_thresholds")
    client.force_login(world.officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"jurisdiction": world.tree["county"].pk, "news": "5"}).status_code == 403
    stranger = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(jurisdiction=world.tree["other_county"],
                                                                  is_disclosure_office=True))
    client.force_login(stranger)
    assert client.get(url + f"?jurisdiction={world.tree['county'].pk}").status_code == 404
    assert client.post(url, {"jurisdiction": world.tree["county"].pk, "news": "5"}).status_code == 404
    assert not StaleThreshold.objects.exists()


def test_the_screen_makes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for jurisdiction in world.tree.values():
        StaleThreshold.objects.create(jurisdiction=jurisdiction, column_class="news", days=7)
    client.force_login(world.office)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("backoffice:oversight_thresholds")
                          + f"?jurisdiction={world.tree['town'].pk}").status_code == 200
