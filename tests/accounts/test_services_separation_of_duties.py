"""三员分立 (等保 2.0 三级, 安全管理中心: 系统管理员、审计管理员分设; 访问控制: 授予管理用户所需的最小权限,
实现管理用户的权限分离), played as the attacker: a system administrator who would give himself content
rights, an office that would make itself auditor, an account that would change its own roles."""

import pytest
from django.urls import reverse

from gongkai.accounts import policies, selectors, services
from gongkai.accounts.models import Role, User
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CONTENT = [Role.INFORMATION_OFFICER, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.UPPER_APPROVER]


def refusals() -> int:
    return AuditEvent.objects.filter(action="permission.refused").count()


@pytest.mark.parametrize("role", CONTENT)
def test_administrator_cannot_open_a_content_account(admin, units, role):
    """The attack of issue 9: the administrator opens a city-level office account to act with it."""
    before = refusals()
    with pytest.raises(PermissionRefused) as exc:
        services.account_create(actor=admin, username="shadow", unit=units["city"], roles=[role])
    assert "三员分立" in exc.value.message
    assert not User.objects.filter(username="shadow").exists()
    assert refusals() == before + 1


def test_administrator_cannot_add_a_content_role_to_an_account_he_manages(admin, units):
    created = services.account_create(actor=admin, username="ops2", unit=units["office"],
                                      roles=[Role.SYSTEM_ADMIN])
    with pytest.raises(PermissionRefused):
        services.account_update_roles(actor=admin, user=created.user,
                                      roles=[Role.SYSTEM_ADMIN, Role.DISCLOSURE_OFFICE])
    assert User.objects.get(pk=created.user.pk).roles == {Role.SYSTEM_ADMIN}


def test_administrator_cannot_take_over_an_office_account_by_a_password_reset(admin, office):
    with pytest.raises(PermissionRefused):
        services.account_reset_password(actor=admin, user=office)
    with pytest.raises(PermissionRefused):
        services.account_deactivate(actor=admin, user=office)
    office.refresh_from_db()
    assert office.is_active and not office.must_change_password


def test_administrator_screens_offer_technical_roles_only(client, admin, office, units):
    client.force_login(admin)
    body = client.get(reverse("backoffice:account_create")).content.decode()
    assert "审计员" in body and "系统管理员" in body
    for role in CONTENT:
        assert f'value="{role.value}"' not in body
    assert client.get(reverse("backoffice:account_detail", args=[office.pk])).status_code == 403
    listed = client.get(reverse("backoffice:accounts")).content.decode()
    assert reverse("backoffice:account_detail", args=[office.pk]) not in listed
    response = client.post(reverse("backoffice:account_create"), {
        "username": "shadow", "unit": units["city"].pk, "roles": [Role.DISCLOSURE_OFFICE],
        "password1": "", "password2": ""})
    assert response.status_code == 200 and not User.objects.filter(username="shadow").exists()


def test_office_grants_content_roles_in_its_subtree_only(office, units):
    services.account_create(actor=office, username="rev@lsz", unit=units["town"], roles=[Role.REVIEWER])
    with pytest.raises(PermissionRefused):
        services.account_create(actor=office, username="rev@city", unit=units["city"], roles=[Role.REVIEWER])
    with pytest.raises(PermissionRefused):
        services.account_create(actor=office, username="aud@lsz", unit=units["town"], roles=[Role.AUDITOR])


def test_nobody_gives_a_role_to_their_own_account(admin, office, people):
    with pytest.raises(ValidationFailed) as exc:
        services.account_update_roles(actor=admin, user=admin, roles=[Role.SYSTEM_ADMIN, Role.AUDITOR])
    assert "不能修改自己账号的角色" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.account_update_roles(actor=office, user=office, roles=[Role.DISCLOSURE_OFFICE, Role.REVIEWER])
    assert User.objects.get(pk=admin.pk).roles == {Role.SYSTEM_ADMIN}
    assert User.objects.get(pk=office.pk).roles == {Role.DISCLOSURE_OFFICE}


def test_the_auditor_is_made_by_someone_else_and_holds_no_other_role(admin, units):
    created = services.account_create(actor=admin, username="aud2", unit=units["office"], roles=[Role.AUDITOR])
    assert created.user.roles == {Role.AUDITOR}
    with pytest.raises(ValidationFailed) as exc:
        services.account_create(actor=admin, username="aud3", unit=units["office"],
                                roles=[Role.AUDITOR, Role.SYSTEM_ADMIN])
    assert "审计员不能同时担任其他角色" in exc.value.message
    assert not User.objects.filter(username="aud3").exists()


def test_a_second_administrator_cannot_be_given_content_roles_by_the_command_line_either():
    assert policies.role_combination_refusal({Role.SYSTEM_ADMIN, Role.REVIEWER})
    assert policies.role_combination_refusal({Role.AUDITOR, Role.INFORMATION_OFFICER})
    assert not policies.role_combination_refusal({Role.INFORMATION_OFFICER, Role.REVIEWER})
    assert not policies.role_combination_refusal({Role.SYSTEM_ADMIN})


def test_office_list_leaves_out_technical_accounts(office, admin, people):
    listed = set(selectors.account_list(user=office))
    assert people[Role.INFORMATION_OFFICER] in listed
    assert admin not in listed and people[Role.AUDITOR] not in listed
    admin_listed = set(selectors.account_list(user=admin))
    assert people[Role.AUDITOR] in admin_listed and office not in admin_listed


def test_import_by_the_office_refuses_a_row_combining_auditor_and_officer(office, tree, units):
    rows = [services.AccountRow(sheet="账号", row=2, unit_name=units["town"].name, username="x1",
                                roles="信息员、审计员")]
    result = services.accounts_import(actor=office, jurisdiction=tree["county"], rows=rows, dry_run=True)
    assert not result.ok and any("审计员" in p.message for p in result.problems)


def test_administrator_of_a_town_unit_is_no_office_there(units):
    admin_in_town = user_with_role(Role.SYSTEM_ADMIN, units["town"])
    assert policies.grantable_roles(admin_in_town) == {Role.SYSTEM_ADMIN, Role.AUDITOR}
