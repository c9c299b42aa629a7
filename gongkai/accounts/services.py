"""Writes on accounts. Each service checks the policy first (outside the transaction, so that a refusal
stays in the audit log), then does its work and records its audit event in one transaction."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from gongkai.accounts import policies, tokens
from gongkai.accounts.models import Membership, Role, User
from gongkai.accounts.password_policy import generate_password
from gongkai.accounts.policies import Action, Actor
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.organizations.models import Jurisdiction, Unit

ROLE_LABELS = {r.value: str(r.label) for r in Role}
PHONE = re.compile(r"^1[3-9][0-9]{9}$")


def _password_errors(password: str, user: User) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def _check_password(password: str, user: User) -> None:
    errors = _password_errors(password, user)
    if errors:
        raise ValidationFailed("初始密码不符合要求：" + "".join(errors), code="password_invalid")


def _check_roles(actor: Actor, roles: Iterable[str], ip_address: str | None) -> list[str]:
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in ROLE_LABELS]
    if unknown:
        raise ValidationFailed(f"未知的角色：{'、'.join(unknown)}", code="role_unknown")
    policies.require_grantable(actor, roles, ip_address=ip_address)
    return roles


def _check_combination(roles: Iterable[str]) -> None:
    refusal = policies.role_combination_refusal(roles)
    if refusal:
        raise ValidationFailed(refusal, code="roles_combined")


def _forget_roles(user: User) -> None:
    for attr in ("_roles_cache", "_membership_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def _set_roles(user: User, roles: Sequence[str]) -> None:
    Membership.objects.filter(user=user).exclude(unit=user.unit, role__in=roles).delete()
    existing = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    Membership.objects.bulk_create(
        [Membership(user=user, unit=user.unit, role=r) for r in roles if r not in existing]
    )
    _forget_roles(user)


@dataclass(frozen=True)
class CreatedAccount:
    user: User
    password: str
    generated: bool
    revoked_tokens: int = 0  # a password reset: the account's API tokens it revoked


def account_create(
    *,
    actor: Actor,
    username: str,
    unit: Unit,
    roles: Sequence[str],
    display_name: str = "",
    phone: str = "",
    password: str = "",
    ip_address: str | None = None,
) -> CreatedAccount:
    """Create an account in `unit` with `roles`. Without a password a random one is generated; either way
    the person must change it at the first login."""
    policies.require(actor, Action.MANAGE_ACCOUNTS, unit, ip_address=ip_address)
    roles = _check_roles(actor, roles, ip_address)
    _check_combination(roles)
    username = username.strip()
    if not username:
        raise ValidationFailed("请填写账号。", code="username_missing")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ValidationFailed("账号只能包含字母、数字和 @ . + - _ 字符。", code="username_invalid")
    if phone and not PHONE.match(phone):
        raise ValidationFailed("手机号码应为 11 位数字。", code="phone_invalid")
    generated = not password
    password = password or generate_password()
    user = User(username=username, unit=unit, display_name=display_name.strip(), phone=phone,
                must_change_password=True)
    _check_password(password, user)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationFailed(f"账号 {username} 已存在。", code="username_taken")
        user.set_password(password)
        user.save()
        _set_roles(user, roles)
        record_event(actor=actor, action="account.created", target=user, ip_address=ip_address,
                     actor_name=_actor_name(actor),
                     data={"unit": unit.name, "roles": roles, "source": "form"})
    return CreatedAccount(user=user, password=password, generated=generated)


def account_update_roles(*, actor: Actor, user: User, roles: Sequence[str], ip_address: str | None = None) -> User:
    policies.require(actor, Action.MANAGE_ACCOUNTS, user, ip_address=ip_address)
    before = sorted(user.roles)
    # Roles being taken away must be grantable as well as the new ones.
    _check_roles(actor, set(roles) | set(before), ip_address)
    roles = sorted(set(roles))
    refusal = policies.role_change_refusal(actor, user, before, roles)
    if refusal:
        raise ValidationFailed(refusal, code="own_roles")
    _check_combination(roles)
    if user.unit_id is None and roles:
        raise ValidationFailed("该账号没有所属单位，不能分配角色。", code="no_unit")
    with transaction.atomic():
        _set_roles(user, roles)
        record_event(actor=actor, action="account.roles_updated", target=user, ip_address=ip_address,
                     actor_name=_actor_name(actor), data={"before": before, "after": roles})
    return user


def account_deactivate(*, actor: Actor, user: User, ip_address: str | None = None) -> User:
    policies.require(actor, Action.MANAGE_ACCOUNTS, user, ip_address=ip_address)
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationFailed("不能停用自己的账号。", code="own_account")
    if not user.is_active:
        raise ValidationFailed("该账号已停用。", code="already_inactive")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        record_event(actor=actor, action="account.deactivated", target=user, ip_address=ip_address,
                     actor_name=_actor_name(actor))
    return user


def account_reset_password(
    *, actor: Actor, user: User, password: str = "", ip_address: str | None = None
) -> CreatedAccount:
    """Give the account a new initial password (random unless given), lift any lockout, and make the
    person change it at the next login. Existing sessions of the account end (the session hash changes), and so
    do its API tokens (revoked: a reset is what is done when an account may be in other hands)."""
    policies.require(actor, Action.MANAGE_ACCOUNTS, user, ip_address=ip_address)
    generated = not password
    password = password or generate_password()
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["password", "must_change_password", "failed_login_count", "locked_until"])
        record_event(actor=actor, action="account.password_reset", target=user, ip_address=ip_address,
                     actor_name=_actor_name(actor))
        revoked = tokens.api_tokens_revoke_all(actor=actor, owner=user, reason="密码重置", ip_address=ip_address)
    return CreatedAccount(user=user, password=password, generated=generated, revoked_tokens=revoked)


def password_change(*, actor: User, new_password: str, ip_address: str | None = None) -> User:
    """A person changes their own password (already validated by the form): this ends the forced change
    of a first login."""
    with transaction.atomic():
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.password_changed_at = clock.now()
        actor.save(update_fields=["password", "must_change_password", "password_changed_at"])
        record_event(actor=actor, action="password.changed", target=actor, ip_address=ip_address)
    return actor


def _actor_name(actor: Actor) -> str:
    return getattr(actor, "username", "") or "system"


# --- Bulk import --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AccountRow:
    """One row of an accounts table, as read from the file (exchange.accounts_table)."""

    sheet: str
    row: int
    unit_name: str
    username: str
    display_name: str = ""
    roles: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}" if where else self.message


@dataclass
class PlannedAccount:
    row: AccountRow
    unit: Unit
    roles: list[str]

    @property
    def role_labels(self) -> str:
        return "、".join(ROLE_LABELS[r] for r in self.roles)


@dataclass
class ImportResult:
    dry_run: bool
    total: int
    planned: list[PlannedAccount] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    created: list[CreatedAccount] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def committed(self) -> bool:
        return not self.dry_run and self.ok and bool(self.created)


COLUMN_UNIT = "单位名称"
COLUMN_USERNAME = "“互联网+政务服务”一体化平台账号"
COLUMN_NAME = "姓名"
COLUMN_ROLES = "角色"
COLUMN_PHONE = "手机"
DEFAULT_IMPORT_ROLE = Role.INFORMATION_OFFICER.value
_ROLE_SPLIT = re.compile(r"[、,，;；/\s]+")
_ROLE_BY_LABEL = {str(r.label): r.value for r in Role} | {r.value: r.value for r in Role}


def _plan(actor: Actor, jurisdiction: Jurisdiction, rows: Sequence[AccountRow]) -> ImportResult:  # noqa: C901 — every check of one account row, collected with its row number
    result = ImportResult(dry_run=True, total=len(rows))
    units: dict[str, list[Unit]] = {}
    for known in Unit.objects.filter(jurisdiction__path__startswith=jurisdiction.path).select_related("jurisdiction"):
        units.setdefault(known.name, []).append(known)
    handles = dict(Unit.objects.values_list("handle", "name"))
    wanted = [r.username.strip().lower() for r in rows if r.username.strip()]
    existing_lower = set(
        User.objects.annotate(lower_name=Lower("username")).filter(lower_name__in=set(wanted))
        .values_list("lower_name", flat=True)
    )
    counts = Counter(wanted)
    grantable = policies.grantable_roles(actor)

    def problem(row: AccountRow, column: str, message: str) -> None:
        result.problems.append(ImportProblem(row.sheet, row.row, column, message))

    for row in rows:
        before = len(result.problems)
        unit_name = row.unit_name.strip()
        username = row.username.strip()
        unit: Unit | None = None
        if not unit_name:
            problem(row, COLUMN_UNIT, "单位名称为空。")
        elif unit_name not in units:
            problem(row, COLUMN_UNIT, f"未找到单位「{unit_name}」（须是{jurisdiction.name}及其下级的单位）。")
        elif len(units[unit_name]) > 1:
            places = "、".join(u.jurisdiction.name for u in units[unit_name])
            problem(row, COLUMN_UNIT, f"单位「{unit_name}」在{places}都有，无法确定是哪一个。")
        else:
            unit = units[unit_name][0]
            if not unit.is_active:
                problem(row, COLUMN_UNIT, f"单位「{unit_name}」已停用。")
            elif not policies.can(actor, Action.MANAGE_ACCOUNTS, unit):
                problem(row, COLUMN_UNIT, f"您无权为单位「{unit_name}」开设账号。")
        if not username:
            problem(row, COLUMN_USERNAME, "账号为空。")
        else:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                problem(row, COLUMN_USERNAME, f"账号「{username}」只能包含字母、数字和 @ . + - _ 字符。")
            if counts[username.lower()] > 1:
                problem(row, COLUMN_USERNAME, f"账号「{username}」在表中重复出现。")
            if username.lower() in existing_lower:
                problem(row, COLUMN_USERNAME, f"账号「{username}」已存在。")
            owner = handles.get(username)
            if owner is not None and unit is not None and owner != unit.name:
                problem(row, COLUMN_USERNAME, f"账号「{username}」是单位「{owner}」登记的平台账号，与本行单位不符。")
        roles: list[str] = []
        labels = [p for p in _ROLE_SPLIT.split(row.roles.strip()) if p] if row.roles else []
        for label in labels:
            role = _ROLE_BY_LABEL.get(label)
            if role is None:
                problem(row, COLUMN_ROLES, f"未知的角色「{label}」（可用：{'、'.join(ROLE_LABELS.values())}）。")
            elif role not in grantable:
                problem(row, COLUMN_ROLES, f"您无权分配角色「{ROLE_LABELS[role]}」。")
            elif role not in roles:
                roles.append(role)
        if not labels:
            roles = [DEFAULT_IMPORT_ROLE]
        combination = policies.role_combination_refusal(roles)
        if combination:
            problem(row, COLUMN_ROLES, combination)
        phone = row.phone.strip()
        if phone and not PHONE.match(phone):
            problem(row, COLUMN_PHONE, f"手机号码「{phone}」应为 11 位数字。")
        if len(row.display_name.strip()) > 50:
            problem(row, COLUMN_NAME, "姓名超过 50 个字。")
        if len(result.problems) == before and unit is not None:
            result.planned.append(PlannedAccount(row=row, unit=unit, roles=roles))
    if not rows:
        result.problems.append(ImportProblem("", None, "", "表中没有账号行。"))
    return result


def accounts_import(
    *,
    actor: Actor,
    jurisdiction: Jurisdiction,
    rows: Sequence[AccountRow],
    dry_run: bool,
    ip_address: str | None = None,
) -> ImportResult:
    """Check every row (dry run) or create every account (all or nothing). Created accounts get a random
    initial password, returned once in the result, and must change it at the first login."""
    policies.require(actor, Action.MANAGE_ACCOUNTS, jurisdiction, ip_address=ip_address)
    result = _plan(actor, jurisdiction, rows)
    result.dry_run = dry_run
    if dry_run or not result.ok:
        return result
    name = _actor_name(actor)
    with transaction.atomic():
        # Checked again under the transaction: someone may have taken a name since the dry run.
        taken = User.objects.filter(username__in=[p.row.username.strip() for p in result.planned])
        if taken.exists():
            raise ValidationFailed(f"账号 {'、'.join(taken.values_list('username', flat=True))} 已存在，请重新检查。",
                                   code="username_taken")
        for planned in result.planned:
            row = planned.row
            password = generate_password()
            user = User(username=row.username.strip(), unit=planned.unit, display_name=row.display_name.strip(),
                        phone=row.phone.strip(), must_change_password=True)
            user.set_password(password)
            user.save()
            _set_roles(user, planned.roles)
            record_event(actor=actor, action="account.created", target=user, ip_address=ip_address,
                         actor_name=name, data={"unit": planned.unit.name, "roles": planned.roles,
                                                "source": "import", "sheet": row.sheet, "row": row.row})
            result.created.append(CreatedAccount(user=user, password=password, generated=True))
        record_event(actor=actor, action="accounts.imported", target=jurisdiction, ip_address=ip_address,
                     actor_name=name, data={"created": len(result.created), "rows": result.total})
    return result

