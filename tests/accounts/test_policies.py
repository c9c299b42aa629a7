"""Who may do what, for every role and every action, with the scope of each role:
the office of 大祥区 acts on 大祥区 and below (罗市镇, 中心路街道) but not on 双清区; the approver of
邵阳市 approves the catalogs of the jurisdictions directly below (大祥区, 双清区) but not 罗市镇's; the
auditor reads the audit log and nothing else; the system administrator has no content rights."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.accounts import policies
from gongkai.accounts.models import Role
from gongkai.accounts.policies import COMMAND_LINE, Action, can, require
from gongkai.core.errors import PermissionRefused
from gongkai.core.models import AuditEvent
from tests.factories import (
    CatalogFactory,
    CatalogVersionFactory,
    UnitFactory,
    UserFactory,
    county_tree,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TARGETS = ["none", "city", "county", "town", "street", "other_county"]
EVERYWHERE = set(TARGETS)
NOTHING: set[str] = set()
OFFICE_SCOPE = {"none", "county", "town", "street"}
APPROVER_SCOPE = {"none", "county", "other_county"}

# Where each role (the officer and reviewer sit in 罗市镇, the office, auditor and administrator in
# 大祥区, the approver in 邵阳市) may do each action.
EXPECTED: dict[Action, dict[str, set[str]]] = {
    Action.VIEW_BACKOFFICE: {r.value: EVERYWHERE for r in Role},
    Action.VIEW_AUDIT: {Role.AUDITOR: EVERYWHERE},
    Action.EXPORT_AUDIT: {Role.AUDITOR: EVERYWHERE},
    Action.MANAGE_STANDARD_CATALOG: {Role.SYSTEM_ADMIN: EVERYWHERE},
    Action.LOAD_JURISDICTIONS: {Role.SYSTEM_ADMIN: EVERYWHERE},
    Action.MANAGE_ACCOUNTS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.SYSTEM_ADMIN: EVERYWHERE},
    Action.MANAGE_UNITS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_DOMAIN_ASSIGNMENTS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.EDIT_CATALOG: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.SUBMIT_CATALOG: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.PUBLISH_CATALOG: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.IMPORT_CATALOG: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.APPROVE_CATALOG: {Role.UPPER_APPROVER: APPROVER_SCOPE},
    # A reference catalog: the offices below the jurisdiction that issues it and the offices over it.
    Action.ADOPT_REFERENCE_CATALOG: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE | {"city"}},
    Action.VIEW_ADOPTIONS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.VIEW_REFERENCE_CATALOG: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"},
                                    Role.DISCLOSURE_OFFICE: OFFICE_SCOPE | {"city"},
                                    Role.UPPER_APPROVER: APPROVER_SCOPE | {"city"}},
    Action.DRAFT_RECORD: {Role.INFORMATION_OFFICER: {"none", "town"}},
    Action.REVIEW_RECORD: {Role.REVIEWER: {"none", "town"}},
    Action.MASK_IN_REVIEW: {Role.REVIEWER: {"none", "town"}},
    Action.OVERSEE_RECORDS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.HANDLE_REQUEST: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                            Role.REVIEWER: {"none", "town"}},
    Action.APPROVE_EXTENSION: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.SET_REQUEST_CLOCK: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.EDIT_LETTER_TEMPLATES: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.EDIT_ANNUAL_REPORT: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.REVIEWER: {"none", "town"}},
    Action.MANAGE_CALENDAR: {Role.SYSTEM_ADMIN: EVERYWHERE},
    Action.RUN_INSPECTION: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.WAIVE_FINDING: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.ASSESS_UNITS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.ISSUE_NOTICE: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_TASKS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.SET_STALE_THRESHOLDS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.ANSWER_MESSAGE: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"}},
    Action.MODERATE_MESSAGES: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.VIEW_MESSAGES: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                           Role.REVIEWER: {"none", "town"}},
    Action.MANAGE_CONCERNS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_BOUNDARIES: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_SOURCE_LISTS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_DISCLOSURE_COLUMN: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.VIEW_TASKS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                        Role.REVIEWER: {"none", "town"}},
    Action.REPORT_TASK_PROGRESS: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"}},
    Action.MANAGE_NEW_MEDIA: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_CONSULTATIONS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                                  Role.REVIEWER: {"none", "town"}},
    Action.MODERATE_COMMENTS: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.REVIEWER: {"none", "town"}},
    Action.MANAGE_DECISION_LIST: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MANAGE_SERVICE_ZONES: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MAINTAIN_SERVICE_GUIDES: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                                     Role.REVIEWER: {"none", "town"}},
    Action.REPORT_NEW_MEDIA_UPDATE: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                                     Role.REVIEWER: {"none", "town"}},
    **{
        action: {Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.INFORMATION_OFFICER: {"none", "town"},
                 Role.REVIEWER: {"none", "town"}}
        for action in (Action.SELF_CHECK, Action.VIEW_FINDINGS)
    },
    Action.ANSWER_FINDING: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"}},
    Action.VIEW_STANDARD_CATALOG: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"},
                                   Role.DISCLOSURE_OFFICE: OFFICE_SCOPE, Role.UPPER_APPROVER: APPROVER_SCOPE | {"city"},
                                   Role.SYSTEM_ADMIN: EVERYWHERE},
    Action.VIEW_RECORD: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"},
                         Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.MASK_PERSONAL_DATA: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"}},
    Action.WITHDRAW_RECORD: {Role.REVIEWER: {"none", "town"}, Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.SHOW_RECORD_TITLE: {Role.REVIEWER: {"none", "town"}, Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    Action.RECORD_CHANNELS: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"}},
    Action.VIEW_DOMAIN_ASSIGNMENTS: {Role.INFORMATION_OFFICER: {"none", "town"}, Role.REVIEWER: {"none", "town"},
                                     Role.DISCLOSURE_OFFICE: OFFICE_SCOPE,
                                     Role.UPPER_APPROVER: APPROVER_SCOPE | {"city"}, Role.SYSTEM_ADMIN: EVERYWHERE},
    Action.WATCH_CALENDAR: {Role.SYSTEM_ADMIN: EVERYWHERE, Role.DISCLOSURE_OFFICE: OFFICE_SCOPE},
    **{
        action: {
            Role.INFORMATION_OFFICER: {"none", "town"},
            Role.REVIEWER: {"none", "town"},
            Role.DISCLOSURE_OFFICE: OFFICE_SCOPE,
            Role.UPPER_APPROVER: APPROVER_SCOPE | {"city"},
        }
        for action in (Action.VIEW_CATALOG, Action.EXPORT_CATALOG, Action.VIEW_JURISDICTION)
    },
}

ROLE_HOME = {
    Role.INFORMATION_OFFICER: "town",
    Role.REVIEWER: "town",
    Role.DISCLOSURE_OFFICE: "county",
    Role.UPPER_APPROVER: "city",
    Role.AUDITOR: "county",
    Role.SYSTEM_ADMIN: "county",
}


@pytest.fixture
def tree():
    return county_tree()


@pytest.fixture
def people(tree):
    units = {key: UnitFactory(jurisdiction=tree[key]) for key in set(ROLE_HOME.values())}
    return {role: user_with_role(role, units[home]) for role, home in ROLE_HOME.items()}


def test_the_table_covers_every_action_and_role():
    assert set(EXPECTED) == set(Action)
    for per_role in EXPECTED.values():
        assert set(per_role) <= {r.value for r in Role}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_can_for_every_role_action_and_scope(tree, people, role, action):
    user = people[role]
    allowed = EXPECTED[action].get(role, NOTHING)
    for key in TARGETS:
        target = None if key == "none" else tree[key]
        assert can(user, action, target) is (key in allowed), (role, action, key)


@pytest.mark.parametrize("role", list(Role))
def test_scopes_match_can(tree, people, role):
    user = people[role]
    for action in (Action.MANAGE_ACCOUNTS, Action.EDIT_CATALOG, Action.APPROVE_CATALOG, Action.VIEW_CATALOG):
        allowed = {key for key in TARGETS if key != "none" and key in EXPECTED[action].get(role, NOTHING)}
        scoped = set(policies.jurisdiction_scope(user, action).values_list("name", flat=True))
        expected_names = {tree[k].name for k in allowed}
        if role == Role.SYSTEM_ADMIN and action == Action.MANAGE_ACCOUNTS:
            assert expected_names <= scoped  # everything, the province too
        else:
            assert scoped == expected_names, (role, action)


def test_office_of_daxiang_manages_luoshi_units_but_not_shuangqing(tree, people):
    office = people[Role.DISCLOSURE_OFFICE]
    luoshi = UnitFactory(jurisdiction=tree["town"], name="罗市镇人民政府")
    shuangqing = UnitFactory(jurisdiction=tree["other_county"], name="双清区发改局")
    assert can(office, Action.MANAGE_ACCOUNTS, luoshi)
    assert can(office, Action.MANAGE_UNITS, luoshi)
    assert not can(office, Action.MANAGE_ACCOUNTS, shuangqing)
    assert not can(office, Action.MANAGE_UNITS, shuangqing)
    assert set(policies.unit_scope(office, Action.MANAGE_ACCOUNTS)) >= {luoshi}
    assert shuangqing not in set(policies.unit_scope(office, Action.MANAGE_ACCOUNTS))


def test_approver_of_shaoyang_approves_daxiang_catalogs_but_not_luoshis(tree, people):
    approver = people[Role.UPPER_APPROVER]
    daxiang = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=tree["county"]))
    luoshi = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=tree["town"]))
    assert can(approver, Action.APPROVE_CATALOG, daxiang)
    assert can(approver, Action.APPROVE_CATALOG, daxiang.catalog)
    assert not can(approver, Action.APPROVE_CATALOG, luoshi)
    assert not can(approver, Action.EDIT_CATALOG, daxiang)


def test_reference_catalog_is_adopted_below_and_approved_by_the_level_that_issues_it(tree, people):
    """A city's reference catalog: the county office adopts it but does not edit it; the city's approver 审定s
    it (as well as the province's); another city's office neither sees nor adopts it; no catalog that is no
    reference is adopted."""
    from tests.factories import JurisdictionFactory

    reference = CatalogFactory(jurisdiction=tree["city"], is_reference=True)
    own = CatalogFactory(jurisdiction=tree["city"], tier="township")
    county_office, approver = people[Role.DISCLOSURE_OFFICE], people[Role.UPPER_APPROVER]
    assert can(county_office, Action.ADOPT_REFERENCE_CATALOG, reference)
    assert can(county_office, Action.VIEW_REFERENCE_CATALOG, reference)
    assert not can(county_office, Action.ADOPT_REFERENCE_CATALOG, own)
    assert not can(county_office, Action.VIEW_REFERENCE_CATALOG, own)
    assert not can(county_office, Action.EDIT_CATALOG, reference)
    assert not can(county_office, Action.VIEW_ADOPTIONS, reference)
    assert set(policies.jurisdiction_scope(county_office, Action.ADOPT_REFERENCE_CATALOG)) == {
        tree[k] for k in ("province", "city", "county", "town", "street")}
    assert can(approver, Action.APPROVE_CATALOG, reference)
    assert not can(approver, Action.APPROVE_CATALOG, own)
    other_city = JurisdictionFactory(code="430400000000", name="衡阳市", level="city", parent=tree["province"])
    other_office = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(jurisdiction=other_city))
    for action in (Action.ADOPT_REFERENCE_CATALOG, Action.VIEW_REFERENCE_CATALOG, Action.VIEW_ADOPTIONS):
        assert not can(other_office, action, reference)
    city_office = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(jurisdiction=tree["city"]))
    assert can(city_office, Action.VIEW_ADOPTIONS, reference) and can(city_office, Action.EDIT_CATALOG, reference)


def test_office_manages_accounts_it_could_have_created_only(tree, people):
    office = people[Role.DISCLOSURE_OFFICE]
    town_unit = UnitFactory(jurisdiction=tree["town"])
    officer = user_with_role(Role.INFORMATION_OFFICER, town_unit)
    admin_in_town = user_with_role(Role.SYSTEM_ADMIN, town_unit)
    auditor_in_town = user_with_role(Role.AUDITOR, town_unit)
    unitless = UserFactory(unit=None)
    elsewhere = user_with_role(Role.INFORMATION_OFFICER, UnitFactory(jurisdiction=tree["other_county"]))
    assert can(office, Action.MANAGE_ACCOUNTS, officer)
    assert not can(office, Action.MANAGE_ACCOUNTS, admin_in_town)
    assert not can(office, Action.MANAGE_ACCOUNTS, auditor_in_town)
    assert not can(office, Action.MANAGE_ACCOUNTS, unitless)
    assert not can(office, Action.MANAGE_ACCOUNTS, elsewhere)
    admin = people[Role.SYSTEM_ADMIN]
    assert all(can(admin, Action.MANAGE_ACCOUNTS, u) for u in (admin_in_town, auditor_in_town, unitless))
    assert not any(can(admin, Action.MANAGE_ACCOUNTS, u) for u in (officer, elsewhere))


def test_a_target_outside_every_jurisdiction_is_refused(people):
    office = people[Role.DISCLOSURE_OFFICE]
    assert not can(office, Action.EDIT_CATALOG, object())


def test_grantable_roles(people):
    assert policies.grantable_roles(people[Role.SYSTEM_ADMIN]) == {Role.SYSTEM_ADMIN, Role.AUDITOR}
    assert policies.grantable_roles(people[Role.DISCLOSURE_OFFICE]) == {
        Role.INFORMATION_OFFICER, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.UPPER_APPROVER}
    for role in (Role.INFORMATION_OFFICER, Role.REVIEWER, Role.UPPER_APPROVER, Role.AUDITOR):
        assert policies.grantable_roles(people[role]) == set()


@pytest.mark.parametrize("action", list(Action))
def test_inactive_and_anonymous_users_can_do_nothing(tree, people, action):
    office = people[Role.DISCLOSURE_OFFICE]
    office.is_active = False
    assert not can(office, action)
    assert not can(AnonymousUser(), action)
    assert not can(None, action)


def test_the_command_line_operator_may_do_everything(tree):
    assert all(can(COMMAND_LINE, action, tree["other_county"]) for action in Action)


def test_require_refuses_in_chinese_and_leaves_an_audit_event(tree, people):
    officer = people[Role.INFORMATION_OFFICER]
    with pytest.raises(PermissionRefused) as exc:
        require(officer, Action.MANAGE_ACCOUNTS, tree["town"], ip_address="10.0.0.1")
    assert "您没有权限管理账号" in str(exc.value)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.data, event.ip_address) == (
        "permission.refused", officer, {"action": "manage_accounts"}, "10.0.0.1")
    assert event.target_type == "organizations.jurisdiction" and event.target_id == str(tree["town"].pk)


def test_require_lets_the_allowed_pass_without_an_event(tree, people):
    require(people[Role.DISCLOSURE_OFFICE], Action.MANAGE_ACCOUNTS, tree["town"])
    assert not AuditEvent.objects.exists()


def test_unit_actions_follow_the_unit_not_only_the_jurisdiction(tree, people):
    """An officer drafts for its own unit; another unit of the same township is not its to draft for."""
    officer = people[Role.INFORMATION_OFFICER]
    own = officer.memberships.get().unit
    neighbour = UnitFactory(jurisdiction=tree["town"])
    assert can(officer, Action.DRAFT_RECORD, own)
    assert not can(officer, Action.DRAFT_RECORD, neighbour)
    assert set(policies.unit_scope(officer, Action.DRAFT_RECORD)) == {own}
    office = people[Role.DISCLOSURE_OFFICE]
    assert can(office, Action.HANDLE_REQUEST, neighbour)
    assert neighbour in set(policies.unit_scope(office, Action.HANDLE_REQUEST))
    assert not can(office, Action.DRAFT_RECORD, neighbour)
