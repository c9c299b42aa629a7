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


def finding_moves(user, finding: Finding) -> list[str]:
    """The moves this user may make on this finding now (the table asked, the policy deciding who)."""
    from gongkai.accounts.policies import can
    from gongkai.oversight import workflow

    needs = {workflow.REPORT_FIXED: Action.ANSWER_FINDING, workflow.WAIVE: Action.WAIVE_FINDING}
    return workflow.TABLE.moves_for(
        finding.state, may=lambda move: move in workflow.PERSON_MOVES and can(user, needs[move], finding))


def finding_history(finding: Finding):
    return finding.events.select_related("actor", "inspection").order_by("at", "id")


def previous_inspection(inspection: Inspection) -> Inspection | None:
    return (Inspection.objects.filter(jurisdiction=inspection.jurisdiction, unit=inspection.unit,
                                      id__lt=inspection.id).order_by("-id").first())


def inspection_comparison(inspection: Inspection) -> dict[str, QuerySet[Finding]]:
    """Against the inspection before it: findings new in this one, fixed since, still open."""
    seen = Finding.objects.filter(last_inspection=inspection).select_related("unit")
    return {
        "new": seen.filter(first_inspection=inspection, state__in=OPEN_STATES),
        "still_open": seen.filter(state__in=OPEN_STATES).exclude(first_inspection=inspection),
        "fixed": seen.exclude(state__in=OPEN_STATES).filter(resolved_at=inspection.as_of),
    }


def fix_target(finding: Finding) -> tuple[str, int] | None:
    """Where the unit fixes it: ("item", catalog item id in the published version), ("record", id), ("request", id)."""
    from gongkai.catalog.models import CatalogItem, VersionStatus
    from gongkai.disclosure_requests.models import DisclosureRequest
    from gongkai.publishing.models import Entry

    if finding.target_kind == "item":
        item = CatalogItem.objects.filter(key=finding.target, version__status=VersionStatus.PUBLISHED).only("pk").first()
        return ("item", item.pk) if item else None
    if finding.target_kind == "record" and finding.target.isdigit():
        return ("record", int(finding.target))
    if finding.target_kind == "entry" and finding.target.isdigit():
        record_id = Entry.objects.filter(pk=int(finding.target)).values_list("record_id", flat=True).first()
        return ("record", record_id) if record_id else None
    if finding.target_kind == "request":
        pk = DisclosureRequest.objects.filter(tracking_code=finding.target).values_list("pk", flat=True).first()
        return ("request", pk) if pk else None
    return None
