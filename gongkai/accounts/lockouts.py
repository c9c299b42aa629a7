"""Login abuse: rate limits on login attempts, lockout by source address, and lifting lockouts.

- Every login POST counts against its source address and against the login name typed
  (GONGKAI_LOGIN_RATE_PER_IP / GONGKAI_LOGIN_RATE_PER_ACCOUNT per minute); over the limit the attempt is
  refused with the Chinese 429 page *before* the password is hashed — the hash (argon2, ~1 s of CPU) is
  what a flood of anonymous logins would otherwise buy.
- At most GONGKAI_LOGIN_CONCURRENT_CHECKS logins are checked at once across all workers; another one
  meanwhile is refused at once (429, "try again in a few seconds"). One argon2 hash keeps every core of a
  small server busy: without the cap, the attempts a flood may still make each minute ran side by side in
  every worker and the portal stood still (`make bench`, section load).
- GONGKAI_IP_LOCKOUT_THRESHOLD failures from one address within GONGKAI_LOCKOUT_MINUTES lock that
  address out for GONGKAI_LOCKOUT_MINUTES (audited as login.ip_locked): guessing across many accounts
  from one place stops, and the accounts themselves are not all locked by a stranger.
- The office sees locked accounts and addresses (back office → 登录锁定) and can lift them; both are
  policy-checked (MANAGE_ACCOUNTS) and audited.

Counts live in the shared cache (core.throttle), so that they hold across workers."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from gongkai.accounts import policies
from gongkai.accounts.models import User
from gongkai.accounts.policies import Action
from gongkai.core import clock, throttle
from gongkai.core.audit import record_event
from gongkai.core.error_pages import TooManyRequests
from gongkai.core.models import AuditEvent


def _per_ip() -> throttle.Limit:
    return throttle.Limit("login-ip", settings.GONGKAI_LOGIN_RATE_PER_IP, 60,
                          "登录尝试过于频繁，请一分钟后再试。")


def _per_account() -> throttle.Limit:
    return throttle.Limit("login-account", settings.GONGKAI_LOGIN_RATE_PER_ACCOUNT, 60,
                          "该账号登录尝试过于频繁，请一分钟后再试。")


def _ip_failures() -> throttle.Limit:
    return throttle.Limit("login-ip-failures", settings.GONGKAI_IP_LOCKOUT_THRESHOLD,
                          settings.GONGKAI_LOCKOUT_MINUTES * 60)


def _lock_key(address: str) -> str:
    return f"gongkai:iplock:{address}"


def ip_locked_until(address: str | None) -> datetime | None:
    if not address:
        return None
    value = cache.get(_lock_key(address))
    return datetime.fromisoformat(value) if value else None


def check_login_attempt(address: str | None, username: str) -> None:
    """Before any password is checked: refuse (TooManyRequests → 429) a locked address or too many
    attempts from this address or on this login name."""
    until = ip_locked_until(address)
    if until is not None:
        minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
        raise TooManyRequests(f"来自您所在网络地址的登录失败次数过多，已暂停登录，请约 {minutes} 分钟后再试，"
                              "或联系本级政务公开办解除。", retry_after=minutes * 60)
    if address:
        throttle.enforce(_per_ip(), address)
    if username:
        throttle.enforce(_per_account(), username.strip().lower())


# A slot of a check that never ends (its worker killed) is free again after this long.
CHECK_SLOT_SECONDS = 30


@contextmanager
def password_check_slot() -> Iterator[None]:
    """Hold one of the GONGKAI_LOGIN_CONCURRENT_CHECKS slots (shared cache) while a login is checked; none
    free → TooManyRequests. A worker waiting for a slot would stand as still as one hashing, so no waiting."""
    slots = settings.GONGKAI_LOGIN_CONCURRENT_CHECKS
    if slots <= 0:
        yield
        return
    token = secrets.token_hex(8)
    for n in range(slots):
        key = f"gongkai:login-check:{n}"
        if cache.add(key, token, timeout=CHECK_SLOT_SECONDS):
            try:
                yield
            finally:
                if cache.get(key) == token:
                    cache.delete(key)
            return
    raise TooManyRequests("同时登录的人较多，请稍等几秒再试。", retry_after=2)


def record_failure(address: str | None) -> None:
    """A failed login from `address`; at the threshold the address is locked out (audited)."""
    if not address:
        return
    failures = throttle.hit(_ip_failures(), address)
    if failures == settings.GONGKAI_IP_LOCKOUT_THRESHOLD:
        until = clock.now() + timedelta(minutes=settings.GONGKAI_LOCKOUT_MINUTES)
        cache.set(_lock_key(address), until.isoformat(), timeout=settings.GONGKAI_LOCKOUT_MINUTES * 60)
        record_event(actor_name="system", action="login.ip_locked", ip_address=address,
                     data={"address": address, "failures": failures, "locked_until": until.isoformat(),
                           "minutes": settings.GONGKAI_LOCKOUT_MINUTES})


@dataclass(frozen=True)
class LockedAddress:
    address: str
    locked_until: datetime


def locked_accounts(*, user) -> QuerySet[User]:
    """Locked accounts `user` may unlock (the accounts they manage)."""
    from gongkai.accounts.selectors import account_list

    return account_list(user=user, status="locked")


def locked_addresses(*, user) -> list[LockedAddress]:
    """Addresses locked out now, for those who may lift them."""
    if not policies.can(user, Action.MANAGE_ACCOUNTS):
        return []
    since = clock.now() - timedelta(minutes=settings.GONGKAI_LOCKOUT_MINUTES + 1)
    seen, result = set(), []
    for address in (AuditEvent.objects.filter(action="login.ip_locked", occurred_at__gte=since)
                    .order_by("-id").values_list("ip_address", flat=True)):
        if address and address not in seen:
            seen.add(address)
            until = ip_locked_until(address)
            if until is not None and until > clock.now():
                result.append(LockedAddress(address, until))
    return result


def account_unlock(*, actor, user: User, ip_address: str | None = None) -> User:
    policies.require(actor, Action.MANAGE_ACCOUNTS, user, ip_address=ip_address)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        was = user.locked_until
        user.locked_until = None
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        record_event(actor=actor, action="account.unlocked", target=user, ip_address=ip_address,
                     data={"locked_until": was.isoformat() if was else None})
    return user


def address_unlock(*, actor, address: str, ip_address: str | None = None) -> None:
    policies.require(actor, Action.MANAGE_ACCOUNTS, ip_address=ip_address)
    with transaction.atomic():
        record_event(actor=actor, action="login.ip_unlocked", ip_address=ip_address, data={"address": address},
                     target=None)
    # The cache is not transactional: lifted once the audit event is written.
    cache.delete(_lock_key(address))
    throttle.reset(_ip_failures(), address)
