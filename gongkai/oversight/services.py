"""Writes of oversight: running an inspection or a self-check, a unit answering a finding, the office waiving one.

`inspection_run` is idempotent: the same targets give the same findings (one row per rule and target, first and
last seen kept); a finding whose cause is gone resolves itself, one the unit said was fixed is confirmed; a target
whose facts are unchanged is not evaluated again until time alone may change its verdict."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.policies import Action, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.audit import record_event
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.core.workflow import MoveRefused
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight import workflow
from gongkai.oversight.collect import COLLECTORS, Scope, unit_jurisdictions
from gongkai.oversight.models import (
    Finding,
    FindingEvent,
    Inspection,
    InspectionKind,
    InspectionStatus,
    TargetState,
)
from gongkai.oversight.registry import CHECKS, Check, Context, evaluate, fingerprint, target_of
from gongkai.oversight.rules import Hit


def _move(finding: Finding, move: str, *, actor=None, inspection: Inspection | None = None, comment: str = "") -> None:
    try:
        to_state = workflow.TABLE.next_status(finding.state, move)
    except MoveRefused as exc:
        raise TransitionNotAllowed(exc.message) from None
    FindingEvent.objects.create(finding=finding, actor=actor if getattr(actor, "pk", None) else None,
                                inspection=inspection, from_state=finding.state, to_state=to_state, comment=comment)
    finding.state = to_state


def _jurisdiction_of_fact(fact: Any, units: dict[int, int], default: int) -> int:
    jurisdiction_id = getattr(fact, "jurisdiction_id", None)
    if jurisdiction_id:
        return int(jurisdiction_id)
    unit_id = getattr(fact, "unit_id", None)
    return units.get(unit_id, default) if unit_id else default


def inspection_run(*, actor, jurisdiction: Jurisdiction | None = None, today: date, unit: Unit | None = None,
                   rules: Iterable[str] | None = None) -> Inspection:
    """Run every check (or `rules`) over the jurisdiction's subtree, or over `unit`'s own targets (自查)."""
    if unit is not None:
        require(actor, Action.SELF_CHECK, unit)
        jurisdiction = unit.jurisdiction
    elif jurisdiction is None:
        raise ValidationFailed("请选择检查范围（行政区划）或自查单位。")
    else:
        require(actor, Action.RUN_INSPECTION, jurisdiction)
    chosen = [CHECKS[code] for code in (rules or CHECKS) if code in CHECKS]
    unknown = sorted(set(rules or ()) - set(CHECKS))
    if unknown:
        raise ValidationFailed(f"没有这些监测规则：{'、'.join(unknown)}。")
    started = time.perf_counter()
    inspection = Inspection.objects.create(
        jurisdiction=jurisdiction, unit=unit, as_of=today,
        kind=InspectionKind.SELF_CHECK if unit is not None else InspectionKind.INSPECTION,
        started_by=actor if getattr(actor, "pk", None) else None, rules_run=[c.rule.code for c in chosen])
    scope = Scope(jurisdiction, unit)
    ctx = Context(today=today, calendar=workday_calendar())
    totals = {"found": 0, "new": 0, "resolved": 0, "confirmed": 0, "reopened": 0, "evaluated": 0, "skipped": 0}
    with transaction.atomic():
        units = unit_jurisdictions(Scope(jurisdiction))
        facts_by_kind: dict[str, list[Any]] = {}
        for check in chosen:
            if check.facts not in facts_by_kind:
                facts_by_kind[check.facts] = list(COLLECTORS[check.facts](scope))
            _run_check(check, facts_by_kind[check.facts], ctx, inspection, units, jurisdiction, totals)
        totals["seconds"] = round(time.perf_counter() - started, 3)
        inspection.totals = totals
        inspection.status = InspectionStatus.FINISHED
        inspection.finished_at = timezone.now()
        inspection.save(update_fields=["totals", "status", "finished_at", "updated_at"])
        record_event(actor=actor, action="oversight.inspection_run", target=inspection,
                     data={"as_of": today.isoformat(), "rules": inspection.rules_run,
                           **{k: v for k, v in totals.items() if k != "seconds"}})
    return inspection


def _run_check(check: Check, facts: list[Any], ctx: Context, inspection: Inspection, units: dict[int, int],
               jurisdiction: Jurisdiction, totals: dict[str, Any]) -> None:
    code, kind = check.rule.code, check.rule.target_kind.value
    targets = {target_of(f): f for f in facts}
    subtree = set(units.values()) | {jurisdiction.pk}
    states = {s.target: s for s in TargetState.objects.filter(rule=code, target_kind=kind,
                                                               jurisdiction_id__in=subtree)}
    findings = {f.target: f for f in Finding.objects.filter(rule=code, target_kind=kind,
                                                             jurisdiction__path__startswith=jurisdiction.path)}
    new_states, changed_states, still_open = [], [], []
    for target, fact in targets.items():
        print_ = fingerprint(fact)
        state, finding = states.get(target), findings.get(target)
        claimed_fixed = finding is not None and finding.state == workflow.FIXED  # the inspection must look again
        if state is not None and state.fingerprint == print_ and not claimed_fixed \
                and (state.recheck_on is None or ctx.today < state.recheck_on):
            totals["skipped"] += 1
            if finding is not None and finding.is_open:
                still_open.append(finding.pk)
            continue
        totals["evaluated"] += 1
        hits = evaluate(check, fact, ctx)
        jurisdiction_id = _jurisdiction_of_fact(fact, units, jurisdiction.pk)
        _apply(finding, hits[0] if hits else None, code=code, kind=kind, target=target,
               jurisdiction_id=jurisdiction_id, inspection=inspection, today=ctx.today, totals=totals)
        recheck = check.recheck(fact, ctx)
        if state is None:
            new_states.append(TargetState(jurisdiction_id=jurisdiction_id, unit_id=getattr(fact, "unit_id", None),
                                          rule=code, target_kind=kind, target=target, fingerprint=print_,
                                          found=bool(hits), recheck_on=recheck))
        else:
            state.fingerprint, state.found, state.recheck_on = print_, bool(hits), recheck
            state.unit_id = getattr(fact, "unit_id", None)
            changed_states.append(state)
    totals["found"] += len(still_open)
    for start in range(0, len(still_open), 500):
        Finding.objects.filter(pk__in=still_open[start:start + 500]).update(
            last_seen=ctx.today, last_inspection=inspection, updated_at=timezone.now())
    TargetState.objects.bulk_create(new_states, batch_size=1000)
    TargetState.objects.bulk_update(changed_states, ["fingerprint", "found", "recheck_on", "unit_id"], batch_size=1000)
    # Targets gone from the scope (withdrawn, deleted, an item no longer in the published catalog): resolved.
    gone = Finding.objects.filter(rule=code, target_kind=kind, state__in=[workflow.OPEN, workflow.REOPENED,
                                                                          workflow.FIXED])
    gone = gone.filter(unit=inspection.unit) if inspection.unit_id else gone.filter(
        jurisdiction__path__startswith=jurisdiction.path)
    for finding in gone.exclude(target__in=list(targets)):
        _apply(finding, None, code=code, kind=kind, target=finding.target, jurisdiction_id=finding.jurisdiction_id,
               inspection=inspection, today=ctx.today, totals=totals)


def _apply(finding: Finding | None, hit: Hit | None, *, code: str, kind: str, target: str, jurisdiction_id: int,
           inspection: Inspection, today: date, totals: dict[str, Any]) -> None:
    """One target's verdict on a finding's row: create, keep, reopen, recur, resolve or confirm."""
    if hit is None:
        if finding is None or not finding.is_open:
            return
        if finding.state == workflow.FIXED:
            _move(finding, workflow.CONFIRM, inspection=inspection, comment="复查时问题已不存在")
            totals["confirmed"] += 1
        else:
            _move(finding, workflow.RESOLVE, inspection=inspection, comment="检查时问题已不存在")
            totals["resolved"] += 1
        finding.resolved_at = today
        finding.last_inspection = inspection
        finding.save()
        return
    totals["found"] += 1
    rule = CHECKS[code].rule
    if finding is None:
        finding = Finding.objects.create(
            rule=code, severity=rule.severity.value, target_kind=kind, target=target, label=hit.label[:300],
            jurisdiction_id=jurisdiction_id, unit_id=hit.unit_id, evidence=dict(hit.evidence), first_seen=today,
            last_seen=today, first_inspection=inspection, last_inspection=inspection)
        FindingEvent.objects.create(finding=finding, inspection=inspection, to_state=workflow.OPEN, comment="发现问题")
        totals["new"] += 1
        return
    if finding.state == workflow.FIXED:
        _move(finding, workflow.REOPEN, inspection=inspection, comment="复查时问题仍然存在")
        totals["reopened"] += 1
    elif finding.state in (workflow.RESOLVED, workflow.CONFIRMED):
        _move(finding, workflow.RECUR, inspection=inspection, comment="再次发现")
        finding.resolved_at = None
        totals["new"] += 1
    finding.label, finding.evidence, finding.unit_id = hit.label[:300], dict(hit.evidence), hit.unit_id
    finding.jurisdiction_id = jurisdiction_id
    finding.last_seen, finding.last_inspection = today, inspection
    finding.save()


def finding_report_fixed(*, actor, finding: Finding, answer: str) -> Finding:
    """The unit says what it did; the next inspection confirms or reopens the finding."""
    require(actor, Action.ANSWER_FINDING, finding)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed("请填写整改情况：做了什么、在哪里可以看到。")
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        _move(finding, workflow.REPORT_FIXED, actor=actor, comment=answer)
        finding.answer = answer
        finding.save(update_fields=["state", "answer", "updated_at"])
        record_event(actor=actor, action="oversight.finding_report_fixed", target=finding, data={"rule": finding.rule})
    return finding


def finding_waive(*, actor, finding: Finding, reason: str) -> Finding:
    """The office closes a finding that is not a problem here, with its reason (kept and audited)."""
    require(actor, Action.WAIVE_FINDING, finding)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("核销问题必须写明理由。")
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        _move(finding, workflow.WAIVE, actor=actor, comment=reason)
        finding.waive_reason = reason
        finding.save(update_fields=["state", "waive_reason", "updated_at"])
        record_event(actor=actor, action="oversight.finding_waive", target=finding, data={"rule": finding.rule})
    return finding


def deduction_record(*, actor, unit: Unit, scheme: str, indicator: str, period: str, points: float,
                     reason: str, source: str = "manual", document: str = ""):
    """A deduction on a manual indicator, or one from a higher-level inspection or a third-party assessment."""
    from decimal import Decimal, InvalidOperation

    from gongkai.oversight.models import Deduction, DeductionSource
    from gongkai.oversight.schemes import scheme as scheme_named
    from gongkai.oversight.selectors import period_bounds

    require(actor, Action.ASSESS_UNITS, unit)
    chosen = scheme_named(scheme)
    leaf = next((i for i in chosen.leaves() if i.code == indicator), None)
    if leaf is None:
        raise ValidationFailed(f"考核指标体系“{chosen.title}”中没有指标“{indicator}”。")
    period_bounds(period)
    try:
        amount = Decimal(str(points)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationFailed("扣分应为数字。") from None
    if not Decimal(0) < amount <= Decimal(str(leaf.points or 0)):
        raise ValidationFailed(f"扣分应大于0且不超过该指标的分值（{leaf.points:g}分）。")
    if source not in DeductionSource.values:
        raise ValidationFailed("扣分来源不正确。")
    if not (reason or "").strip():
        raise ValidationFailed("请写明扣分理由。")
    with transaction.atomic():
        deduction = Deduction.objects.create(unit=unit, scheme=chosen.code, indicator=indicator, period=period,
                                             points=amount, reason=reason.strip(), source=source,
                                             document=(document or "").strip(),
                                             recorded_by=actor if getattr(actor, "pk", None) else None)
        record_event(actor=actor, action="oversight.deduction_record", target=deduction,
                     data={"indicator": indicator, "period": period, "points": str(amount)})
    return deduction
