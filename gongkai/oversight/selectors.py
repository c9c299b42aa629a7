"""Reads of oversight: findings a user may see, inspections, counts for dashboards."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from gongkai.accounts.policies import Action, CommandLineOperator, can, jurisdiction_scope, unit_scope
from gongkai.oversight import workflow
from gongkai.oversight.checks.items import StaleThresholds
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
    """Where the unit fixes it: ("item", catalog item id in the published version), ("record", id), ("request", id),
    or (kind, id) for the targets of `_BY_ID`."""
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
    if finding.target_kind in _BY_ID and finding.target.isdigit():
        return (finding.target_kind, int(finding.target))
    return None


# Targets named by their own id, opened at the screen of that kind (new-media accounts, consultations, messages,
# responses to public concern).
_BY_ID = ("new_media", "consultation", "message", "concern")


def fix_targets(findings: list[Finding]) -> dict[int, tuple[str, int]]:
    """`fix_target` of many findings at once: one query per kind of target among them."""
    from gongkai.catalog.models import CatalogItem, VersionStatus
    from gongkai.disclosure_requests.models import DisclosureRequest
    from gongkai.publishing.models import Entry

    by_kind: dict[str, list[Finding]] = {}
    for finding in findings:
        by_kind.setdefault(finding.target_kind, []).append(finding)
    out: dict[int, tuple[str, int]] = {}
    if by_kind.get("item"):
        items = {str(key): pk for key, pk in CatalogItem.objects.filter(
            key__in=[f.target for f in by_kind["item"]], version__status=VersionStatus.PUBLISHED).values_list("key", "pk")}
        out.update({f.pk: ("item", items[f.target]) for f in by_kind["item"] if f.target in items})
    out.update({f.pk: ("record", int(f.target)) for f in by_kind.get("record", []) if f.target.isdigit()})
    entries = [f for f in by_kind.get("entry", []) if f.target.isdigit()]
    if entries:
        records = dict(Entry.objects.filter(pk__in=[int(f.target) for f in entries]).values_list("pk", "record_id"))
        out.update({f.pk: ("record", records[int(f.target)]) for f in entries if int(f.target) in records})
    if by_kind.get("request"):
        requests = dict(DisclosureRequest.objects.filter(tracking_code__in=[f.target for f in by_kind["request"]])
                        .values_list("tracking_code", "pk"))
        out.update({f.pk: ("request", requests[f.target]) for f in by_kind["request"] if f.target in requests})
    for kind in _BY_ID:
        out.update({f.pk: (kind, int(f.target)) for f in by_kind.get(kind, []) if f.target.isdigit()})
    return out


# Most severe first (the codes do not sort by severity).
_SEVERITY_ORDER = Case(*(When(severity=code, then=Value(i)) for i, code in enumerate(("veto", "high", "medium", "low"))),
                       default=Value(9), output_field=IntegerField())


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
    chosen, by_period = unit_scores_over(jurisdiction, scheme_code, [period])
    return chosen, by_period[period]


def unit_scores_over(jurisdiction, scheme_code: str | None, periods: list[str]):
    """`unit_scores` for several months at once, in the same four queries as for one (the trend of the scores
    page and the office's dashboard): {period: [(position, unit, score)]}."""
    from collections import defaultdict

    from gongkai.organizations.models import Unit
    from gongkai.oversight.models import Deduction, TargetState
    from gongkai.oversight.schemes import scheme as scheme_named
    from gongkai.oversight.scoring import ManualDeduction, rank, score_unit

    chosen = scheme_named(scheme_code)
    bounds = {period: period_bounds(period) for period in periods}
    first_start, last_end = min(s for s, _ in bounds.values()), max(e for _, e in bounds.values())
    units = list(Unit.objects.filter(jurisdiction__path__startswith=jurisdiction.path, is_active=True)
                 .select_related("jurisdiction").order_by("jurisdiction__code", "name"))
    present = list(Finding.objects.filter(jurisdiction__path__startswith=jurisdiction.path, unit__isnull=False,
                                          first_seen__lte=last_end)
                   .exclude(state="waived").filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=first_start))
                   .values_list("pk", "unit_id", "rule", "first_seen", "resolved_at"))
    proportion_rules = {r for leaf in chosen.leaves() if leaf.kind == "proportion" for r in leaf.rules}
    judged: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (TargetState.objects.filter(rule__in=proportion_rules, unit_id__in=[u.pk for u in units])
                .values("unit_id", "rule").annotate(n=Count("id"))):
        if row["unit_id"] is not None:
            judged[row["unit_id"]][row["rule"]] = row["n"]
    manual: dict[tuple[str, int], list[ManualDeduction]] = defaultdict(list)
    for d in Deduction.objects.filter(scheme=chosen.code, period__in=list(bounds), unit__in=units):
        manual[(d.period, d.unit_id)].append(ManualDeduction(
            d.indicator, float(d.points), d.reason,
            f"{d.get_source_display()}{('（' + d.document + '）') if d.document else ''}"))
    by_id = {u.pk: u for u in units}
    out = {}
    for period, (start, end) in bounds.items():
        found: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for pk, unit_id, rule, first_seen, resolved_at in present:
            if first_seen <= end and (resolved_at is None or resolved_at >= start):
                found[unit_id][rule].append(pk)
        scores = [score_unit(chosen, u.pk, found.get(u.pk, {}), judged.get(u.pk, {}), manual.get((period, u.pk), ()))
                  for u in units]
        out[period] = [(position, by_id[s.unit_id], s) for position, s in rank(scores)]
    return chosen, out


def months_up_to(period: str, n: int) -> list[str]:
    """The `n` months ending with `period`, oldest first: '2026-11', 3 → ['2026-09', '2026-10', '2026-11']."""
    year, month = (int(p) for p in period.split("-"))
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(out))


def _month_label(period: str) -> str:
    year, month = period.split("-")
    return f"{year}年{int(month)}月"


# --- dashboards -------------------------------------------------------------------------------------------------

DASHBOARD_MONTHS = 6
DASHBOARD_ROWS = 8


def office_overview(user, *, today) -> dict | None:
    """The office's oversight at a glance, in a fixed number of queries whatever the data: every unit's score this
    month (lowest first), open findings by rule, overdue tasks, and the last months' average score and findings."""
    from statistics import mean

    from gongkai.oversight.task_selectors import tasks_for

    jurisdiction = jurisdiction_scope(user, Action.ASSESS_UNITS).order_by("code").first()
    if jurisdiction is None:
        return None
    months = months_up_to(f"{today.year:04d}-{today.month:02d}", DASHBOARD_MONTHS)
    scheme, by_month = unit_scores_over(jurisdiction, None, months)
    ranked = by_month[months[-1]]
    grades: dict[str, int] = {}
    for _, _, score in ranked:
        grades[score.grade] = grades.get(score.grade, 0) + 1
    # Findings open at each month's end (a waived one is left out: it was no problem here).
    ends = {m: period_bounds(m)[1] for m in months}
    open_at = Finding.objects.filter(jurisdiction__path__startswith=jurisdiction.path).exclude(state="waived").aggregate(
        **{f"m{i}": Count("id", filter=Q(first_seen__lte=end) & (Q(resolved_at__isnull=True) | Q(resolved_at__gt=end)))
           for i, end in enumerate(ends.values())})
    trend = [{"period": m, "label": _month_label(m), "average": round(mean(s.score for _, _, s in by_month[m]), 1) if by_month[m] else None,
              "open_findings": open_at[f"m{i}"]} for i, m in enumerate(months)]
    overdue = (tasks_for(user).filter(jurisdiction__path__startswith=jurisdiction.path, state="open",
                                      due_on__lt=today).order_by("due_on", "id"))
    visible = findings_for(user).filter(jurisdiction__path__startswith=jurisdiction.path)
    return {
        "jurisdiction": jurisdiction, "scheme": scheme, "period": months[-1], "period_label": _month_label(months[-1]),
        "units": len(ranked),
        "lowest": list(reversed(ranked))[:DASHBOARD_ROWS], "grades": sorted(grades.items()),
        "average": trend[-1]["average"], "trend": trend,
        "by_rule": open_counts_by_rule(visible),
        "overdue_count": overdue.count(), "overdue": list(overdue[:DASHBOARD_ROWS]),
    }


def unit_overview(user, units, *, today) -> dict:
    """A unit's own open findings (most severe first, each with where it is fixed) and its tasks due within 5
    working days or overdue, in a fixed number of queries."""
    from gongkai.oversight.task_selectors import task_reminders, tasks_for

    mine = findings_for(user).filter(unit__in=units, state__in=OPEN_STATES)
    shown = list(mine.order_by(_SEVERITY_ORDER, "rule", "-last_seen", "id")[:DASHBOARD_ROWS])
    targets = fix_targets(shown)
    return {
        "findings_count": mine.count(),
        "findings": [(f, CHECKS[f.rule].rule if f.rule in CHECKS else None, targets.get(f.pk)) for f in shown],
        "tasks": task_reminders(tasks_for(user).filter(responsible_unit__in=units), today=today)[:DASHBOARD_ROWS],
    }


# --- notices ----------------------------------------------------------------------------------------------------


def notices_for(user):
    from gongkai.oversight.models import Notice

    return Notice.objects.filter(jurisdiction__in=jurisdiction_scope(user, Action.ISSUE_NOTICE).values("pk"))


def published_notices(jurisdiction):
    """Public: the notices a jurisdiction published (its own and its subtree's)."""
    from gongkai.oversight.models import Notice, NoticeStatus

    return (Notice.objects.filter(status=NoticeStatus.PUBLISHED, jurisdiction__path__startswith=jurisdiction.path)
            .select_related("jurisdiction").order_by("-dated", "-id"))


# --- stale limits per jurisdiction ------------------------------------------------------------------------------


def _own_limits(jurisdiction_ids) -> dict[int, dict[str, int]]:
    from gongkai.oversight.models import StaleThreshold

    own: dict[int, dict[str, int]] = {}
    for jurisdiction_id, klass, days in StaleThreshold.objects.filter(jurisdiction_id__in=jurisdiction_ids) \
            .values_list("jurisdiction_id", "column_class", "days"):
        own.setdefault(jurisdiction_id, {})[klass] = days
    return own


def stale_thresholds_by_jurisdiction(root) -> dict[int, StaleThresholds]:
    """The resolved stale limits of every jurisdiction of `root`'s subtree (for an inspection): two queries."""
    from gongkai.organizations.models import Jurisdiction

    subtree = dict(Jurisdiction.objects.filter(path__startswith=root.path).values_list("pk", "path"))
    ancestors = list(Jurisdiction.objects.filter(code__in=[c for c in root.path.split("/") if c])
                     .exclude(pk=root.pk).values_list("pk", "path"))
    paths = {**dict(ancestors), **subtree}
    own = _own_limits(list(paths))
    by_path = {path: own.get(pk, {}) for pk, path in paths.items()}
    resolved = {}
    for pk, path in subtree.items():
        parts = [c for c in path.split("/") if c]
        chain = [by_path.get("".join(f"{c}/" for c in parts[:n]), {}) for n in range(1, len(parts) + 1)]
        resolved[pk] = StaleThresholds.resolved(chain)
    return resolved


def stale_threshold_table(jurisdiction) -> list[dict]:
    """Per column class: the national default, the limit in force here and where it comes from (本级, an
    ancestor's name, or 国家默认), and this jurisdiction's own value if it set one."""
    from gongkai.oversight.checks.items import COLUMN_CLASS_LABELS, DEFAULT_STALE_DAYS, EDITABLE_CLASSES

    chain = [*jurisdiction.ancestors(), jurisdiction]
    own = _own_limits([j.pk for j in chain])
    rows = []
    for klass in EDITABLE_CLASSES:
        days, source = DEFAULT_STALE_DAYS[klass], "国家默认"
        for j in chain:
            if klass in own.get(j.pk, {}):
                days, source = own[j.pk][klass], "本级设置" if j.pk == jurisdiction.pk else j.name
        rows.append({"column_class": klass.value, "label": COLUMN_CLASS_LABELS[klass],
                     "default": DEFAULT_STALE_DAYS[klass], "days": days, "source": source,
                     "own": own.get(jurisdiction.pk, {}).get(klass)})
    return rows
