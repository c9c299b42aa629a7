"""Access tokens of the staff API (`ApiToken`). A token is created for an account by the account itself
(staff who may enter the back office) or by whoever manages that account's unit, is shown once, and is
kept only as its SHA-256 digest. It carries exactly its owner's rights — the API's staff endpoints read
through the same selectors and policies as the screens — until it expires or is revoked. Creating and
revoking are audited (api_token.created / api_token.revoked)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction

from gongkai.accounts import policies
from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.policies import Action, Actor, CommandLineOperator, acting_user
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import PermissionRefused, ValidationFailed

PREFIX = "gk_"
MAX_DAYS = 366
DEFAULT_DAYS = 90


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def _may_manage(actor: Actor, owner: User) -> bool:
    if isinstance(actor, CommandLineOperator):
        return True
    if actor.pk == owner.pk:
        return policies.can(actor, Action.VIEW_BACKOFFICE)
    # The account itself is the target, as for a password reset: the policy's 三员分立 rule applies (an office
    # never manages an auditor's or an administrator's tokens, an administrator never an office's or officer's).
    return policies.can(actor, Action.MANAGE_ACCOUNTS, owner)


def _require(actor: Actor, owner: User, ip_address: str | None) -> None:
    """Refused (with the audit event `policies.require` leaves) unless `actor` may manage `owner`'s tokens."""
    if _may_manage(actor, owner):
        return
    if actor.pk == owner.pk:
        policies.require(actor, Action.VIEW_BACKOFFICE, ip_address=ip_address)
    else:
        policies.require(actor, Action.MANAGE_ACCOUNTS, owner, ip_address=ip_address)
    raise PermissionRefused("您没有权限管理该账号的接口访问令牌。")


def api_token_create(*, actor: Actor, owner: User, name: str, days: int = DEFAULT_DAYS,
                     ip_address: str | None = None) -> CreatedToken:
    """A new token of `owner`, valid for `days` (1 to 366) from now."""
    _require(actor, owner, ip_address)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("请填写令牌名称（如：一体化政务服务平台）。", code="token_name_missing")
    if len(name) > 100:
        raise ValidationFailed("令牌名称不能超过 100 个字。", code="token_name_too_long")
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(f"有效期应为 1 至 {MAX_DAYS} 天。", code="token_days_invalid")
    if not owner.is_active:
        raise ValidationFailed("该账号已停用，不能创建令牌。", code="token_owner_inactive")
    raw = PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        token = ApiToken.objects.create(owner=owner, name=name, prefix=raw[:10], digest=digest_of(raw),
                                        created_at=now, created_by=acting_user(actor),
                                        expires_at=now + datetime.timedelta(days=days))
        record_event(actor=actor, action="api_token.created", target=token, ip_address=ip_address,
                     actor_name=getattr(actor, "username", "") or "system",
                     data={"name": name, "owner": owner.username, "expires_at": token.expires_at.isoformat()})
    return CreatedToken(token=token, raw=raw)


def api_token_revoke(*, actor: Actor, token: ApiToken, ip_address: str | None = None) -> ApiToken:
    _require(actor, token.owner, ip_address)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("owner").get(pk=token.pk)
        if token.revoked_at is not None:
            raise ValidationFailed("该令牌已吊销。", code="token_already_revoked")
        _revoke(token, actor=actor, at=clock.now(), ip_address=ip_address)
    return token


def _revoke(token: ApiToken, *, actor: Actor, at, ip_address: str | None, reason: str = "") -> None:
    """Mark `token` revoked at `at` and audit it (api_token.revoked, with the reason when there is one)."""
    token.revoked_at = at
    token.save(update_fields=["revoked_at"])
    record_event(actor=actor, action="api_token.revoked", target=token, ip_address=ip_address,
                 actor_name=getattr(actor, "username", "") or "system",
                 data={"name": token.name, "owner": token.owner.username, **({"reason": reason} if reason else {})})


def api_tokens_revoke_all(*, actor: Actor, owner: User, reason: str, ip_address: str | None = None) -> int:
    """Revoke every live token of `owner` (the caller holds the transaction and has been allowed to manage the
    account): a password reset does, as it ends the account's sessions. One audit event per token, with the
    reason. How many were revoked."""
    now = clock.now()
    tokens = list(ApiToken.objects.select_for_update().filter(owner=owner, revoked_at__isnull=True,
                                                               expires_at__gt=now))
    for token in tokens:
        token.owner = owner  # for its audit label, without a query per token
        _revoke(token, actor=actor, at=now, ip_address=ip_address, reason=reason)
    return len(tokens)


def token_owner(raw: str) -> User | None:
    """The active account a presented token acts for, or None (unknown, revoked, expired, owner inactive)."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    now = clock.now()
    token = (ApiToken.objects.filter(digest=digest_of(raw), revoked_at__isnull=True, expires_at__gt=now)
             .select_related("owner").first())
    if token is None or not token.owner.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write per token per 5 minutes
    return token.owner


def may_manage(actor: Actor, owner: User) -> bool:
    """Whether `actor` may see, create and revoke `owner`'s tokens: the owner (with the back office), whoever
    may manage the owner's account (`Action.MANAGE_ACCOUNTS` on the account), or the command line."""
    return _may_manage(actor, owner)


def tokens_of_owner(owner: User):
    """`owner`'s tokens, newest first (the caller has asked `may_manage`)."""
    return ApiToken.objects.filter(owner=owner).select_related("created_by").order_by("-created_at", "-id")


def tokens_of(user: Actor):
    """The tokens the user may see and revoke: their own (and, on the command line, all)."""
    qs = ApiToken.objects.select_related("owner").order_by("-created_at", "-id")
    if isinstance(user, CommandLineOperator):
        return qs
    return qs.filter(owner=user)
