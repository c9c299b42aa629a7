"""Login abuse (issue 9, "Abuse and bad input"), played as the attacker: floods refused before the
password is hashed, per address and per account, across workers (Redis) and in one process (local
memory); lockout by address, seen and lifted by the office (policy-checked, audited); weak passwords."""

import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.accounts import lockouts
from gongkai.accounts.models import Role, User
from gongkai.core import throttle
from gongkai.core.models import AuditEvent
from tests.factories import PASSWORD, UnitFactory, user_with_role
from tests.machine import redis_up

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "abuse-test"}}


def _redis() -> dict:
    """What CACHE_URL=redis://… gives, under a key prefix of this test's own: never FLUSHDB a Redis other runs of
    the suite (or other tests) share; this test's keys are deleted afterwards."""
    return {"default": {"BACKEND": "gongkai.core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/14",
                        "KEY_PREFIX": f"gongkai-test-{uuid.uuid4().hex}"}}


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    if request.param == "redis" and not redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = _redis() if request.param == "redis" else LOCMEM
    if request.param == "locmem":
        caches["default"].clear()
    yield request.param
    if request.param == "locmem":
        caches["default"].clear()
    else:
        cache = caches["default"]
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        for key in client.scan_iter(match=cache.make_key("*")):
            client.delete(key)


def failed_logins() -> int:
    return AuditEvent.objects.filter(action="login.failed").count()


def post(client, username, password="wrong-Password-1"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_flood_from_one_address_is_refused_before_any_password_is_hashed(shared_cache, settings):
    settings.GONGKAI_LOGIN_RATE_PER_IP = 4
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(4):
        assert post(attacker, f"guess{n}").status_code == 200
    assert failed_logins() == 4
    for n in range(5):
        response = post(attacker, f"guess-more{n}")
        assert response.status_code == 429 and "登录尝试过于频繁" in response.content.decode()
        assert int(response["Retry-After"]) >= 1
    assert failed_logins() == 4  # the backend (and its argon2 hash) was never reached
    assert post(Client(REMOTE_ADDR="198.51.100.1"), "someone").status_code == 200  # others unaffected


def test_passwords_are_hashed_outside_any_transaction(monkeypatch):
    """argon2 costs about a second of CPU: inside a transaction it held SQLite's write lock, and a login flood
    on the production server (`make bench`, section load) turned into "database is locked" 500s."""
    from django.contrib.auth import base_user

    user_with_role(Role.INFORMATION_OFFICER, UnitFactory(), username="target")
    depth = len(connection.atomic_blocks)  # the test's own transaction
    seen = []
    for name in ("check_password", "make_password"):
        real = getattr(base_user, name)
        monkeypatch.setattr(base_user, name, lambda *a, real=real, **k: seen.append(
            len(connection.atomic_blocks) - depth) or real(*a, **k))
    assert post(Client(REMOTE_ADDR="198.51.100.7"), "target").status_code == 200
    assert post(Client(REMOTE_ADDR="198.51.100.8"), "nobody-here").status_code == 200
    assert seen == [0, 0]
    assert failed_logins() == 2


def test_one_login_is_checked_at_a_time_and_another_meanwhile_is_refused_at_once(shared_cache, settings):
    """One argon2 hash keeps a small server's cores busy: logins checked side by side in every worker froze the
    portal under a flood (`make bench`, section load). A login while the only slot is taken gets the 429."""
    settings.GONGKAI_LOGIN_CONCURRENT_CHECKS = 1
    user_with_role(Role.INFORMATION_OFFICER, UnitFactory(), username="target")
    with lockouts.password_check_slot():  # another worker is checking a password
        response = post(Client(REMOTE_ADDR="198.51.100.9"), "target", PASSWORD)
        assert response.status_code == 429 and "同时登录的人较多" in response.content.decode()
        assert int(response["Retry-After"]) >= 1
    assert failed_logins() == 0  # nothing was hashed
    assert post(Client(REMOTE_ADDR="198.51.100.9"), "target", PASSWORD).status_code == 302  # the slot is free
    assert post(Client(REMOTE_ADDR="198.51.100.9"), "target").status_code == 200  # and freed after each login


def test_forged_forwarding_headers_do_not_escape_the_address_limit(shared_cache, settings):
    settings.GONGKAI_LOGIN_RATE_PER_IP = 3
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    codes = [attacker.post(LOGIN, {"username": f"u{n}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
             .status_code for n in range(6)]
    assert codes == [200, 200, 200, 429, 429, 429]


def test_one_account_attacked_from_many_addresses_is_limited(shared_cache, settings):
    settings.GONGKAI_LOGIN_RATE_PER_ACCOUNT = 3
    user_with_role(Role.INFORMATION_OFFICER, UnitFactory(), username="target")
    codes = [post(Client(REMOTE_ADDR=f"198.51.100.{n}"), "Target").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_two_workers_share_the_count(shared_cache):
    """Two cache clients (as two gunicorn workers would hold) see one count in Redis."""
    limit = throttle.Limit("two-workers", 3, 60)
    if shared_cache == "redis":
        other = caches.create_connection("default")
        throttle.hit(limit, "k", now=1000.0)
        key = throttle._key("two-workers", "k", int(1000.0 // 60))
        assert other.get(key) == 1
    assert [throttle.hit(limit, "k2", now=1000.0) for _ in range(4)][-1] == 4


def test_address_lockout_is_seen_and_lifted_by_the_office_only(shared_cache, settings):
    settings.GONGKAI_IP_LOCKOUT_THRESHOLD = 3
    settings.GONGKAI_LOGIN_RATE_PER_IP = 100
    unit = UnitFactory(is_disclosure_office=True)
    office = user_with_role(Role.DISCLOSURE_OFFICE, unit, username="office")
    officer = user_with_role(Role.INFORMATION_OFFICER, unit, username="officer")
    attacker = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(3):  # guessing across accounts: no single account reaches its own threshold
        assert post(attacker, f"name{n}").status_code == 200
    assert AuditEvent.objects.filter(action="login.ip_locked", ip_address="203.0.113.50").exists()
    response = post(attacker, "officer", PASSWORD)  # even the right password: the address is locked
    assert response.status_code == 429 and "联系本级政务公开办" in response.content.decode()
    assert not User.objects.get(username="officer").locked_until  # the officer's own account is not locked

    staff = Client()
    staff.force_login(officer)
    assert staff.get(reverse("backoffice:lockouts")).status_code == 403
    assert staff.post(reverse("backoffice:lockout_lift_address"), {"address": "203.0.113.50"}).status_code == 403
    staff.force_login(office)
    page = staff.get(reverse("backoffice:lockouts")).content.decode()
    assert "203.0.113.50" in page
    response = staff.post(reverse("backoffice:lockout_lift_address"), {"address": "203.0.113.50"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login.ip_unlocked")
    assert event.actor == office and event.data == {"address": "203.0.113.50"}
    assert lockouts.ip_locked_until("203.0.113.50") is None
    assert post(attacker, "officer", PASSWORD).status_code == 302  # logged in


def test_locked_account_is_lifted_by_its_office_not_by_another(settings):
    settings.GONGKAI_LOCKOUT_THRESHOLD = 2
    county_office = UnitFactory(is_disclosure_office=True)
    office = user_with_role(Role.DISCLOSURE_OFFICE, county_office, username="office")
    other_office = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(is_disclosure_office=True), username="o2")
    victim = user_with_role(Role.INFORMATION_OFFICER, UnitFactory(jurisdiction=county_office.jurisdiction),
                            username="victim")
    for _ in range(2):
        post(Client(), "victim")
    victim.refresh_from_db()
    assert victim.locked_until
    staff = Client()
    staff.force_login(other_office)
    assert "victim" not in staff.get(reverse("backoffice:lockouts")).content.decode()
    assert staff.post(reverse("backoffice:lockout_lift_account", args=[victim.pk])).status_code == 404
    staff.force_login(office)
    assert "victim" in staff.get(reverse("backoffice:lockouts")).content.decode()
    assert staff.post(reverse("backoffice:lockout_lift_account", args=[victim.pk])).status_code == 302
    victim.refresh_from_db()
    assert victim.locked_until is None
    assert AuditEvent.objects.filter(action="account.unlocked", actor=office, target_id=str(victim.pk)).exists()


@pytest.mark.parametrize("password", ["password123!", "Password123!", "P@ssw0rd2024", "Admin@2024",
                                      "woaini1314!", "Qwerty123!", "Gongkai2026!", "12345678!Aa"])
def test_common_and_leaked_pattern_passwords_are_refused(client, password):
    user = user_with_role(Role.INFORMATION_OFFICER, UnitFactory(), username="changer")
    user.must_change_password = False
    user.save()
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert "密码过于常见" in response.content.decode()
    assert not AuditEvent.objects.filter(action="password.changed").exists()


def test_a_strong_password_is_accepted(client):
    user = user_with_role(Role.INFORMATION_OFFICER, UnitFactory(), username="changer")
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Tq8#vLm2-Rz9w", "new_password2": "Tq8#vLm2-Rz9w"})
    assert response.status_code == 302
