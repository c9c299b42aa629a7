"""Reads of oversight: findings a user may see, inspections, counts for dashboards."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.policies import Action, CommandLineOperator, can, jurisdiction_scope, unit_scope
from gongkai.oversight import workflow
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
    return [dict(row) for row in findings.filter(state__in=OPEN_STATES).values("unit_id", "unit__name")
            .annotate(n=Count("id"), blank=Count("id", filter=Q(rule="blank_item"))).order_by("-n")]


# The moves a person makes on a finding (the others are inspections') and the policy action each needs: once.
FINDING_MOVE_ACTIONS = {workflow.REPORT_FIXED: Action.ANSWER_FINDING, workflow.WAIVE: Action.WAIVE_FINDING}


def finding_moves(user, finding: Finding) -> list[str]:
    """The moves this user may make on this finding now (the table asked, the policy deciding who)."""
    return workflow.TABLE.moves_for(
        finding.state, may=lambda move: move in FINDING_MOVE_ACTIONS and can(user, FINDING_MOVE_ACTIONS[move], finding))


def notice_moves(user, notice) -> list[str]:
    """The moves this user may make on this notice now (publish, for the office over its jurisdiction)."""
    return workflow.NOTICE_TABLE.moves_for(notice.status, may=lambda move: can(user, Action.ISSUE_NOTICE,
                                                                               notice.jurisdiction))


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
    if finding.target_kind == "new_media" and finding.target.isdigit():
        return ("new_media", int(finding.target))
    return None


# --- scores ---------------------------------------------------------------------------------------------------


def period_bounds(period: str):
    """'2026-11' → (2026-11-01, 2026-11-30), or a Chinese ValidationFailed."""
    import calendar as month_calendar
    from datetime import date

    from gongkai.core.errors import ValidationFailed

    try:
        year, month = (int(part) for part in period.split("-"))
        start = date(year, month, 1)
    except (ValueError, AttributeError):
        raise ValidationFailed(f"考核期“{period}”格式不正确，应为 YYYY-MM，如 2026-11。") from None
    return start, date(year, month, month_calendar.monthrange(year, month)[1])


def unit_scores(jurisdiction, scheme_code: str | None, period: str):
    """Each unit of the subtree scored for the month: findings present in it (first seen by its end, not resolved
    before its start, not waived), the proportion rules' judged targets, and the recorded deductions."""
    from collections import defaultdict

    from gongkai.organizations.models import Unit
    from gongkai.oversight.models import Deduction, TargetState
    from gongkai.oversight.schemes import scheme as scheme_named
    from gongkai.oversight.scoring import ManualDeduction, rank, score_unit

    chosen = scheme_named(scheme_code)
    start, end = period_bounds(period)
    units = list(Unit.objects.filter(jurisdiction__path__startswith=jurisdiction.path, is_active=True)
                 .select_related("jurisdiction").order_by("jurisdiction__code", "name"))
    found: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, unit_id, rule in (Finding.objects.filter(jurisdiction__path__startswith=jurisdiction.path,
                                                     unit__isnull=False, first_seen__lte=end)
                              .exclude(state="waived").filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=start))
                              .values_list("pk", "unit_id", "rule")):
        found[unit_id][rule].append(pk)
    proportion_rules = {r for leaf in chosen.leaves() if leaf.kind == "proportion" for r in leaf.rules}
    judged: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (TargetState.objects.filter(rule__in=proportion_rules, unit_id__in=[u.pk for u in units])
                .values("unit_id", "rule").annotate(n=Count("id"))):
        if row["unit_id"] is not None:
            judged[row["unit_id"]][row["rule"]] = row["n"]
    manual: dict[int, list[ManualDeduction]] = defaultdict(list)
    for d in Deduction.objects.filter(scheme=chosen.code, period=period, unit__in=units):
        manual[d.unit_id].append(ManualDeduction(d.indicator, float(d.points), d.reason,
                                                 f"{d.get_source_display()}{('（' + d.document + '）') if d.document else ''}"))
    scores = [score_unit(chosen, u.pk, found.get(u.pk, {}), judged.get(u.pk, {}), manual.get(u.pk, ()))
              for u in units]
    by_id = {u.pk: u for u in units}
    return chosen, [(position, by_id[s.unit_id], s) for position, s in rank(scores)]


# --- notices ----------------------------------------------------------------------------------------------------


def notices_for(user):
    from gongkai.oversight.models import Notice

    return Notice.objects.filter(jurisdiction__in=jurisdiction_scope(user, Action.ISSUE_NOTICE).values("pk"))


def published_notices(jurisdiction):
    """Public: the notices a jurisdiction published (its own and its subtree's)."""
    from gongkai.oversight.models import Notice, NoticeStatus

    return (Notice.objects.filter(status=NoticeStatus.PUBLISHED, jurisdiction__path__startswith=jurisdiction.path)
            .select_related("jurisdiction").order_by("-dated", "-id"))
