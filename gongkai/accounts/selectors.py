"""Reads for the account and audit screens. Each takes the acting user and returns only what that user
may see; views still call policies.require first so that a refusal is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from gongkai.accounts import policies
from gongkai.accounts.models import Membership, Role, User
from gongkai.accounts.policies import Action
from gongkai.core import audit_actions, clock
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Unit

# --- Accounts ----------------------------------------------------------------------------------------


def account_list(*, user, q: str = "", unit_id: int | None = None, status: str = "") -> QuerySet[User]:
    """Accounts `user` may manage: for a system administrator the accounts holding no content role, for a
    disclosure office the accounts of the units in its subtree holding no technical role (三员分立),
    nothing for anyone else."""
    if not policies.can(user, Action.MANAGE_ACCOUNTS):
        return User.objects.none()
    qs = User.objects.select_related("unit__jurisdiction").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.order_by("role"))
    )
    technical = [r.value for r in policies.TECHNICAL_ROLES]
    content = [r.value for r in policies.CONTENT_ROLES]
    as_admin = Q(pk__in=[]) if not policies.has_role(user, Role.SYSTEM_ADMIN) else ~Q(
        pk__in=Membership.objects.filter(role__in=content).values("user_id"))
    as_office = Q(pk__in=[]) if not policies.has_role(user, Role.DISCLOSURE_OFFICE) else (
        Q(unit__in=policies.unit_scope(user, Action.MANAGE_ACCOUNTS))
        & ~Q(pk__in=Membership.objects.filter(role__in=technical).values("user_id")))
    qs = qs.filter(as_admin | as_office)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(unit__name__icontains=q))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    elif status == "locked":
        qs = qs.filter(locked_until__gt=clock.now())
    elif status == "must_change":
        qs = qs.filter(must_change_password=True, is_active=True)
    return qs.order_by("unit__jurisdiction__code", "unit__name", "username")


def assignable_units(*, user) -> QuerySet[Unit]:
    """Active units in which `user` may open accounts."""
    return (
        policies.unit_scope(user, Action.MANAGE_ACCOUNTS)
        .filter(is_active=True)
        .select_related("jurisdiction")
        .order_by("jurisdiction__code", "name")
    )


def assignable_roles(*, user) -> list[tuple[str, str]]:
    grantable = policies.grantable_roles(user)
    return [(r.value, str(r.label)) for r in Role if r.value in grantable]


# --- Audit log ---------------------------------------------------------------------------------------

def audit_action_label(action: str) -> str:
    """The Chinese name of an action (one table: gongkai.core.audit_actions)."""
    return audit_actions.action_label(action)


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    target: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_event_list(*, user, filters: AuditFilters = AuditFilters()) -> QuerySet[AuditEvent]:
    """The audit log, newest first, for an auditor; nothing for anyone else."""
    if not policies.can(user, Action.VIEW_AUDIT):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if filters.action:
        if filters.action.endswith(".*"):
            qs = qs.filter(action__startswith=filters.action[:-1])
        else:
            qs = qs.filter(action=filters.action)
    if filters.actor:
        qs = qs.filter(actor_name__icontains=filters.actor)
    if filters.target:
        t = filters.target
        qs = qs.filter(Q(target_repr__icontains=t) | Q(target_id=t) | Q(target_type=t))
    qs = qs.filter(**clock.local_days("occurred_at", filters.date_from, filters.date_to))
    return qs.order_by("-id")


def audit_action_choices(*, user) -> list[tuple[str, str]]:
    """The actions present in the log, labelled, for the filter."""
    if not policies.can(user, Action.VIEW_AUDIT):
        return []
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    return audit_actions.group_choices(actions)


def audit_event_get(*, user, event_id: int) -> AuditEvent | None:
    return audit_event_list(user=user).filter(pk=event_id).first()
