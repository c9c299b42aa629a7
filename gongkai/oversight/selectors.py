"""Reads of oversight: findings a user may see, inspections, counts for dashboards."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.policies import Action, CommandLineOperator, jurisdiction_scope, unit_scope
from gongkai.oversight.models import OPEN_STATES, Finding, Inspection
from gongkai.oversight.registry import CHECKS


def findings_for(user) -> QuerySet[Finding]:
    """An office sees every finding of its subtree; an officer or reviewer its own unit's."""
    qs = Finding.objects.select_related("unit", "jurisdiction")
    if isinstance(user, CommandLineOperator):
        return qs
    offices = jurisdiction_scope(user, Action.WAIVE_FINDING)
    units = unit_scope(user, Action.VIEW_FINDINGS)
    return qs.filter(Q(jurisdiction__in=offices.values("pk")) | Q(unit__in=units.values("pk")))


def open_findings_for(user) -> QuerySet[Finding]:
    return findings_for(user).filter(state__in=OPEN_STATES)


def inspection_findings(inspection: Inspection) -> QuerySet[Finding]:
    """The findings an inspection saw (open after it), in rule order."""
    return (Finding.objects.filter(last_inspection=inspection, state__in=OPEN_STATES)
            .select_related("unit", "jurisdiction").order_by("rule", "unit__name", "id"))


def inspections_for(user) -> QuerySet[Inspection]:
    if isinstance(user, CommandLineOperator):
        return Inspection.objects.all()
    return Inspection.objects.filter(
        Q(jurisdiction__in=jurisdiction_scope(user, Action.RUN_INSPECTION).values("pk"), unit__isnull=True)
        | Q(unit__in=unit_scope(user, Action.SELF_CHECK).values("pk"))
    ).select_related("jurisdiction", "unit")


def open_counts_by_rule(findings: QuerySet[Finding]) -> list[dict]:
    rows = findings.filter(state__in=OPEN_STATES).values("rule").annotate(n=Count("id")).order_by("-n", "rule")
    return [{"rule": r["rule"], "title": CHECKS[r["rule"]].rule.title if r["rule"] in CHECKS else r["rule"],
             "n": r["n"]} for r in rows]


def open_counts_by_unit(findings: QuerySet[Finding]) -> list[dict]:
    return list(findings.filter(state__in=OPEN_STATES).values("unit_id", "unit__name")
                .annotate(n=Count("id"), blank=Count("id", filter=Q(rule="blank_item"))).order_by("-n"))
