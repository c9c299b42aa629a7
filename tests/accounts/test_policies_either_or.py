"""Each either-or permission rule is written once, in `accounts.policies` (EITHER_ACTIONS), and every service
and screen asks it. The record's unit is 罗市镇's 民政办; the office sits in 大祥区 (罗市镇 is below it)."""

import pytest

from gongkai.accounts import policies
from gongkai.accounts.models import Role
from gongkai.accounts.policies import Action, can
from tests.factories import UnitFactory, county_tree, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    tree = county_tree()
    unit, neighbour = UnitFactory(jurisdiction=tree["town"]), UnitFactory(jurisdiction=tree["town"])
    county_unit, other_county_unit = UnitFactory(jurisdiction=tree["county"]), UnitFactory(
        jurisdiction=tree["other_county"])
    return unit, {
        "officer": user_with_role(Role.INFORMATION_OFFICER, unit),
        "reviewer": user_with_role(Role.REVIEWER, unit),
        "neighbour_officer": user_with_role(Role.INFORMATION_OFFICER, neighbour),
        "neighbour_reviewer": user_with_role(Role.REVIEWER, neighbour),
        "office": user_with_role(Role.DISCLOSURE_OFFICE, county_unit),
        "other_office": user_with_role(Role.DISCLOSURE_OFFICE, other_county_unit),
        "auditor": user_with_role(Role.AUDITOR, county_unit),
        "admin": user_with_role(Role.SYSTEM_ADMIN, county_unit),
    }


def allowed(people, action) -> set[str]:
    unit, users = people
    return {name for name, user in users.items() if can(user, action, unit)}


def test_who_may_withdraw_a_published_record(people):
    """The unit's reviewer, or the office over the unit's jurisdiction — not the officer who drafted it."""
    assert allowed(people, Action.WITHDRAW_RECORD) == {"reviewer", "office"}


def test_who_may_see_a_record(people):
    assert allowed(people, Action.VIEW_RECORD) == {"officer", "reviewer", "office"}


def test_who_may_scan_and_mask_personal_data(people):
    """The officer who drafts and the reviewer who reviews, both of the record's unit; the office oversees."""
    assert allowed(people, Action.MASK_PERSONAL_DATA) == {"officer", "reviewer"}


def test_who_may_list_the_title_of_an_on_request_record(people):
    assert allowed(people, Action.SHOW_RECORD_TITLE) == {"reviewer", "office"}


def test_who_may_browse_the_national_standard_catalog(people):
    _, users = people
    assert {name for name, user in users.items() if can(user, Action.VIEW_STANDARD_CATALOG)} == {
        "officer", "reviewer", "neighbour_officer", "neighbour_reviewer", "office", "other_office", "admin"}


@pytest.mark.parametrize("action", sorted(policies.EITHER_ACTIONS))
def test_an_either_or_rule_is_its_parts_and_nothing_more(people, action):
    unit, users = people
    for user in users.values():
        assert can(user, action, unit) is any(can(user, part, unit) for part in policies.EITHER_ACTIONS[action])


def test_the_scope_of_an_either_or_rule_is_the_union_of_its_parts(people):
    unit, users = people
    assert unit in policies.unit_scope(users["office"], Action.WITHDRAW_RECORD)
    assert unit in policies.unit_scope(users["reviewer"], Action.WITHDRAW_RECORD)
    assert unit not in policies.unit_scope(users["officer"], Action.WITHDRAW_RECORD)
    assert unit not in policies.unit_scope(users["other_office"], Action.WITHDRAW_RECORD)
    assert unit.jurisdiction in policies.jurisdiction_scope(users["office"], Action.VIEW_RECORD)


def test_who_may_record_where_a_record_went_out(people):
    """Other channels and notice-board copies: the officer who drafts and the reviewer who publishes."""
    assert allowed(people, Action.RECORD_CHANNELS) == {"officer", "reviewer"}


def test_who_may_see_the_domain_table_of_a_jurisdiction(people):
    unit, users = people
    town = unit.jurisdiction
    assert {name for name, user in users.items() if can(user, Action.VIEW_DOMAIN_ASSIGNMENTS, town)} == {
        "officer", "reviewer", "neighbour_officer", "neighbour_reviewer", "office", "admin"}


def test_who_is_told_that_next_years_calendar_is_missing(people):
    _, users = people
    assert {name for name, user in users.items() if can(user, Action.WATCH_CALENDAR)} == {
        "office", "other_office", "admin"}
