import pytest

from gongkai.accounts import services
from gongkai.accounts.models import Role, User
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_office_creates_an_account_in_its_subtree(office, units):
    created = services.account_create(actor=office, username="lsz2@dxjczw", unit=units["town"],
                                      roles=[Role.INFORMATION_OFFICER], display_name="李四", password="")
    user = User.objects.get(username="lsz2@dxjczw")
    assert created.generated and user.check_password(created.password)
    assert user.must_change_password and user.roles == {Role.INFORMATION_OFFICER}
    event = events("account.created").get()
    assert event.actor == office and event.target_id == str(user.pk) and event.data["roles"] == ["information_officer"]


def test_create_with_a_given_password_checks_the_policy(office, units):
    with pytest.raises(ValidationFailed) as exc:
        services.account_create(actor=office, username="x@dxjczw", unit=units["town"],
                                roles=[Role.REVIEWER], password="short")
    assert "密码太短" in exc.value.message
    assert not User.objects.filter(username="x@dxjczw").exists()


def test_create_refuses_outside_the_subtree_and_audits_the_refusal(office, units):
    with pytest.raises(PermissionRefused):
        services.account_create(actor=office, username="x@sqjczw", unit=units["other"], roles=[Role.REVIEWER])
    assert not User.objects.filter(username="x@sqjczw").exists()
    assert events("permission.refused").get().actor == office


def test_office_cannot_grant_auditor_or_admin(office, units):
    for role in (Role.AUDITOR, Role.SYSTEM_ADMIN):
        with pytest.raises(PermissionRefused) as exc:
            services.account_create(actor=office, username=f"{role}@dxjczw", unit=units["fagai"], roles=[role])
        assert "您没有权限分配角色" in exc.value.message
    assert events("permission.refused").count() == 2
    assert not User.objects.filter(username__startswith="auditor@").exists()


def test_existing_username_is_refused_case_insensitively(office, units):
    services.account_create(actor=office, username="fagai@dxjczw", unit=units["fagai"], roles=[Role.REVIEWER])
    with pytest.raises(ValidationFailed) as exc:
        services.account_create(actor=office, username="FAGAI@dxjczw", unit=units["fagai"], roles=[Role.REVIEWER])
    assert "已存在" in exc.value.message


def test_update_roles(office, people):
    officer = people[Role.INFORMATION_OFFICER]
    services.account_update_roles(actor=office, user=officer, roles=[Role.REVIEWER, Role.INFORMATION_OFFICER])
    officer = User.objects.get(pk=officer.pk)
    assert officer.roles == {Role.REVIEWER, Role.INFORMATION_OFFICER}
    event = events("account.roles_updated").get()
    assert event.data == {"before": ["information_officer"], "after": ["information_officer", "reviewer"]}


def test_office_cannot_touch_an_auditor_account(office, people):
    with pytest.raises(PermissionRefused):
        services.account_reset_password(actor=office, user=people[Role.AUDITOR])
    with pytest.raises(PermissionRefused):
        services.account_deactivate(actor=office, user=people[Role.SYSTEM_ADMIN])


def test_deactivate(office, people):
    officer = people[Role.INFORMATION_OFFICER]
    services.account_deactivate(actor=office, user=officer)
    officer.refresh_from_db()
    assert not officer.is_active
    assert events("account.deactivated").count() == 1
    with pytest.raises(ValidationFailed):
        services.account_deactivate(actor=office, user=officer)


def test_nobody_deactivates_themselves(admin):
    with pytest.raises(ValidationFailed):
        services.account_deactivate(actor=admin, user=admin)


def test_reset_password_unlocks_and_forces_a_change(office, people):
    from django.utils import timezone

    officer = people[Role.INFORMATION_OFFICER]
    officer.locked_until = timezone.now() + timezone.timedelta(minutes=10)
    officer.failed_login_count = 3
    officer.save()
    reset = services.account_reset_password(actor=office, user=officer)
    officer.refresh_from_db()
    assert officer.check_password(reset.password) and officer.must_change_password
    assert officer.locked_until is None and officer.failed_login_count == 0
    assert events("account.password_reset").count() == 1


def test_other_roles_cannot_manage_accounts(people, units):
    for role in (Role.INFORMATION_OFFICER, Role.REVIEWER, Role.UPPER_APPROVER, Role.AUDITOR):
        with pytest.raises(PermissionRefused):
            services.account_create(actor=people[role], username=f"n-{role}", unit=units["town"],
                                    roles=[Role.INFORMATION_OFFICER])
    assert events("permission.refused").count() == 4


def test_admin_may_grant_auditor(admin, units):
    services.account_create(actor=admin, username="audit2", unit=units["office"], roles=[Role.AUDITOR])
    assert User.objects.get(username="audit2").roles == {Role.AUDITOR}


def test_office_in_town_cannot_manage_county_accounts(units, people):
    town_office = user_with_role(Role.DISCLOSURE_OFFICE, units["town"])
    with pytest.raises(PermissionRefused):
        services.account_create(actor=town_office, username="q", unit=units["fagai"], roles=[Role.REVIEWER])
