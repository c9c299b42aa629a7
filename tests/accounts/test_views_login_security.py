import importlib
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.middleware import LAST_SEEN_KEY
from gongkai.accounts.models import Role, User
from gongkai.accounts.password_policy import character_classes, generate_password
from gongkai.core.models import AuditEvent
from tests.factories import PASSWORD, UnitFactory, user_with_role

pytestmark = pytest.mark.django_db
LOGIN = "accounts:login"


@pytest.fixture
def officer():
    return user_with_role(Role.INFORMATION_OFFICER, UnitFactory(), username="fagai@dxjczw")


def login(client, username, password):
    return client.post(reverse(LOGIN), {"username": username, "password": password})


def actions():
    return list(AuditEvent.objects.values_list("action", flat=True))


# --- Hashing and password policy ------------------------------------------------------------------

def test_production_hashes_with_argon2(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k0Zx9-" * 10)
    monkeypatch.setenv("GONGKAI_AUDIT_KEY", "production-like-audit-key-" * 2)
    monkeypatch.setenv("DEBUG", "false")
    import gongkai.settings.base as base

    importlib.reload(base)
    monkeypatch.delitem(sys.modules, "gongkai.settings.production", raising=False)
    production = importlib.import_module("gongkai.settings.production")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_installed_and_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User(username="x")
    user.set_password("Aa1-longer-password")
    assert user.password.startswith("argon2$")
    assert user.check_password("Aa1-longer-password")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1-short", "密码太短，至少须 10 个字符。"),
        ("abcdefghijkl", "密码须至少包含小写字母、大写字母、数字、符号中的 3 类。"),
        ("abcdefgh12345", "密码须至少包含小写字母、大写字母、数字、符号中的 3 类。"),
        ("password1234", "这个密码太常见了。"),
    ],
)
def test_password_policy_refuses_in_chinese(password, message):
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password, User(username="fagai@dxjczw"))
    assert message in exc.value.messages
    assert all(not m.isascii() for m in exc.value.messages)


def test_password_like_the_account_name_is_refused():
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password("Fagai@dxjczw1", User(username="fagai@dxjczw"))
    assert any("太相似" in m for m in exc.value.messages)


@pytest.mark.parametrize("password", ["Xqvtrmnb12", "xqvtrmnb1-", "XQVTRMNB1-x"])
def test_password_policy_accepts_three_classes_and_ten_chars(password):
    password_validation.validate_password(password, User(username="someone"))


def test_policy_help_texts_are_chinese():
    assert all(not t.isascii() for t in password_validation.password_validators_help_texts())


def test_generated_passwords_satisfy_the_policy():
    for _ in range(50):
        password = generate_password()
        assert len(password) >= 10 and character_classes(password) == 4
        password_validation.validate_password(password, User(username="someone"))


# --- Login, failures, lockout ---------------------------------------------------------------------

def test_login_succeeds_and_is_audited(client, officer):
    response = login(client, "fagai@dxjczw", PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login.succeeded")
    assert event.actor == officer and event.ip_address == "127.0.0.1"


def test_wrong_password_is_refused_in_chinese_and_audited(client, officer):
    response = login(client, "fagai@dxjczw", "wrong-Password-1")
    assert response.status_code == 200
    assert "账号或密码不正确" in response.content.decode()
    assert actions() == ["login.failed"]
    officer.refresh_from_db()
    assert officer.failed_login_count == 1


def test_unknown_account_is_audited_by_name(client, db):
    login(client, "nobody", "wrong-Password-1")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_name, event.data["reason"]) == ("login.failed", "nobody", "unknown_user")


def test_five_failures_in_a_row_lock_the_account_for_fifteen_minutes(client, officer):
    for _ in range(4):
        login(client, "fagai@dxjczw", "wrong-Password-1")
    before = timezone.now()
    response = login(client, "fagai@dxjczw", "wrong-Password-1")
    officer.refresh_from_db()
    assert officer.locked_until is not None
    assert timedelta(minutes=14) < officer.locked_until - before <= timedelta(minutes=15, seconds=5)
    body = response.content.decode()
    assert "账号已被锁定" in body
    assert timezone.localtime(officer.locked_until).strftime("%H:%M") in body
    assert "login.locked" in actions()

    # The right password does not open a locked account, and the page says until when.
    response = login(client, "fagai@dxjczw", PASSWORD)
    assert response.status_code == 200
    assert "账号已被锁定" in response.content.decode()
    assert actions()[-1] == "login.refused_locked"
    assert "_auth_user_id" not in client.session


def test_lock_expires_after_fifteen_minutes(client, officer):
    officer.locked_until = timezone.now() - timedelta(seconds=1)
    officer.save()
    assert login(client, "fagai@dxjczw", PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert officer.locked_until is None


def test_a_success_resets_the_count_of_failures(client, officer):
    for _ in range(4):
        login(client, "fagai@dxjczw", "wrong-Password-1")
    assert login(client, "fagai@dxjczw", PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert officer.failed_login_count == 0
    client.post(reverse("accounts:logout"))
    login(client, "fagai@dxjczw", "wrong-Password-1")
    officer.refresh_from_db()
    assert officer.failed_login_count == 1 and officer.locked_until is None


def test_inactive_account_cannot_log_in(client, officer):
    officer.is_active = False
    officer.save()
    response = login(client, "fagai@dxjczw", PASSWORD)
    assert response.status_code == 200
    assert AuditEvent.objects.get().data["reason"] == "inactive"


def test_logout_is_audited(client, officer):
    client.force_login(officer)
    client.post(reverse("accounts:logout"))
    event = AuditEvent.objects.get(action="logout")
    assert event.actor == officer and event.data == {"reason": "user"}


# --- Idle timeout -------------------------------------------------------------------------------

def _age_session(client, seconds):
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds
    session.save()


def test_thirty_idle_minutes_log_the_person_out(client, officer):
    client.force_login(officer)
    client.get(reverse("accounts:password_change"))
    _age_session(client, 31 * 60)
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(LOGIN) + "?next=")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="logout", data__reason="idle").count() == 1
    page = client.get(response["Location"])
    assert "分钟未操作" in page.content.decode()


def test_activity_within_thirty_minutes_keeps_the_session(client, officer):
    client.force_login(officer)
    client.get(reverse("accounts:password_change"))
    _age_session(client, 29 * 60)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.session[LAST_SEEN_KEY] > time.time() - 5


# --- Forced password change -----------------------------------------------------------------------

@pytest.fixture
def imported(officer):
    officer.must_change_password = True
    officer.save()
    return officer


def test_first_login_of_an_imported_account_must_change_the_password(client, imported):
    response = login(client, "fagai@dxjczw", PASSWORD)
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert "须先修改初始密码" in page.content.decode()


def test_password_change_clears_the_flag_and_is_audited(client, imported):
    client.force_login(imported)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026",
    })
    assert response.status_code == 302
    imported.refresh_from_db()
    assert not imported.must_change_password
    assert imported.password_changed_at is not None
    assert imported.check_password("Neues-Passwort-2026")
    assert "password.changed" in actions()
    # The session survives the change and the back office opens.
    assert client.get(reverse("backoffice:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong", "Neues-Passwort-2026", "原密码不正确"),
        (PASSWORD, "short", "密码太短"),
        (PASSWORD, PASSWORD, "新密码不能与原密码相同"),
    ],
)
def test_password_change_refuses_in_chinese(client, imported, old, new, message):
    client.force_login(imported)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": old, "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert message in response.content.decode()
    imported.refresh_from_db()
    assert imported.must_change_password


def test_password_change_refuses_anonymous(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(LOGIN))
