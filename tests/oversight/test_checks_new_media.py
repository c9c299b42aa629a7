"""new_media_silent (国办秘函〔2019〕19号, rules §7.4: 政务新媒体 with no update in the two weeks before the check — a
single veto). Planted cases that must be found, near misses that must not; and once through `inspection_run`."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.channels import services
from gongkai.oversight.checks.facts import NewMediaFacts
from gongkai.oversight.checks.new_media import new_media_silent, recheck_on
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run

TODAY = date(2026, 11, 20)


@pytest.fixture
def world(channels_world):
    """The channels world (units, the county's office)."""
    return channels_world


def account(last_update_on=None, opened_on=date(2025, 1, 1), closed_on=None) -> NewMediaFacts:
    return NewMediaFacts(id=3, label="微信公众号“大祥教育”", unit_id=7, opened_on=opened_on, closed_on=closed_on,
                         last_update_on=last_update_on)


def test_guoban_mihan_2019_19_new_media_silent_for_more_than_two_weeks():
    """An update 15 days before the check is silence; 14 days (exactly two weeks) is not; an account opened
    within the two weeks and never updated is not yet silent, one opened earlier and never updated is; a closed
    account is not watched."""
    hit = next(new_media_silent([account(date(2026, 11, 5))], today=TODAY))
    assert hit.rule == "new_media_silent" and hit.target == "3" and hit.evidence["silent_days"] == 15
    assert "2026年11月5日" in hit.evidence["text"] and "15天未更新" in hit.evidence["text"]
    assert list(new_media_silent([account(date(2026, 11, 6))], today=TODAY)) == []
    assert list(new_media_silent([account(None, opened_on=date(2026, 11, 10))], today=TODAY)) == []
    never = next(new_media_silent([account(None, opened_on=date(2026, 10, 1))], today=TODAY))
    assert "开设以来未登记更新" in never.evidence["text"]
    assert list(new_media_silent([account(date(2026, 1, 1), closed_on=date(2026, 2, 1))], today=TODAY)) == []
    assert recheck_on(account(date(2026, 11, 6))) == date(2026, 11, 21)
    assert recheck_on(account(closed_on=date(2026, 2, 1))) is None


def test_guoban_mihan_2019_19_new_media_silent_through_an_inspection(world):
    """Through `inspection_run`: the account last updated three weeks ago is found (and costs its unit), the one
    updated yesterday is not; reporting an update resolves the finding at the next inspection."""
    silent = services.new_media_account_register(
        actor=world.users.office, unit=world.edu, platform="wechat_official", name="大祥教育", operator="张某某",
        review_arrangement="三审三校", opened_on=date(2020, 1, 1), today=TODAY)
    services.new_media_update_report(actor=world.users.officer, account=silent, updated_on=date(2026, 10, 30),
                                     today=TODAY)
    fresh = services.new_media_account_register(
        actor=world.users.office, unit=world.civil, platform="douyin", name="大祥民政", operator="李某某",
        review_arrangement="三审三校", opened_on=date(2020, 1, 1), today=TODAY)
    services.new_media_update_report(actor=world.users.office, account=fresh, updated_on=date(2026, 11, 19),
                                     today=TODAY)

    def run():
        inspection_run(actor=world.users.office, jurisdiction=world.tree["county"], today=TODAY,
                       rules=["new_media_silent"])
        return {f.target: f for f in Finding.objects.filter(rule="new_media_silent")}

    found = run()
    assert set(found) == {str(silent.pk)} and found[str(silent.pk)].is_open
    assert found[str(silent.pk)].unit_id == world.edu.pk
    services.new_media_update_report(actor=world.users.officer, account=silent, updated_on=date(2026, 11, 18),
                                     today=TODAY)
    assert not run()[str(silent.pk)].is_open
