"""Writes of oversight: running an inspection or a self-check, a unit answering a finding, the office waiving one.

`inspection_run` is idempotent: the same targets give the same findings (one row per rule and target, first and
last seen kept); a finding whose cause is gone resolves itself, one the unit said was fixed is confirmed; a target
whose facts are unchanged is not evaluated again until time alone may change its verdict, and a rule none of whose
sources changed (its watermark, `oversight.watermarks`) reads no facts at all."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.calendars.selectors import workday_calendar
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.core.workflow import MoveRefused
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight import workflow
from gongkai.oversight.checks.labels import masked_title
from gongkai.oversight.collect import COLLECTORS, Scope, unit_jurisdictions
from gongkai.oversight.models import (
    Deduction,
    Finding,
    FindingEvent,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Notice,
    ScanMark,
    TargetState,
)
from gongkai.oversight.registry import CHECKS, Check, Context, evaluate, fingerprint, target_of
from gongkai.oversight.rules import Hit
from gongkai.oversight.watermarks import Watermarks
from gongkai.publishing.scanning import configured_scanner


def _move(finding: Finding, move: str, *, actor: Actor | None = None, inspection: Inspection | None = None, comment: str = "") -> None:
    try:
        to_state = workflow.TABLE.next_status(finding.state, move)
    except MoveRefused as exc:
        raise TransitionNotAllowed(exc.message) from None
    FindingEvent.objects.create(finding=finding, actor=acting_user(actor),
                                inspection=inspection, from_state=finding.state, to_state=to_state, comment=comment)
    finding.state = to_state


def _jurisdiction_of_fact(fact: Any, units: dict[int, int], default: int) -> int:
    jurisdiction_id = getattr(fact, "jurisdiction_id", None)
    if jurisdiction_id:
        return int(jurisdiction_id)
    unit_id = getattr(fact, "unit_id", None)
    return units.get(unit_id, default) if unit_id else default


def _inspection_new(*, actor: Actor, jurisdiction: Jurisdiction | None, today: date, unit: Unit | None,
                    rules: Iterable[str] | None, status: str) -> Inspection:
    if unit is not None:
        require(actor, Action.SELF_CHECK, unit)
        jurisdiction = unit.jurisdiction
    elif jurisdiction is None:
        raise ValidationFailed("请选择检查范围（行政区划）或自查单位。")
    else:
        require(actor, Action.RUN_INSPECTION, jurisdiction)
    chosen = [code for code in (rules or CHECKS) if code in CHECKS]
    unknown = sorted(set(rules or ()) - set(CHECKS))
    if unknown:
        raise ValidationFailed(f"没有这些监测规则：{'、'.join(unknown)}。")
    return Inspection.objects.create(
        jurisdiction=jurisdiction, unit=unit, as_of=today,
        kind=InspectionKind.SELF_CHECK if unit is not None else InspectionKind.INSPECTION,
        started_by=acting_user(actor), rules_run=chosen, status=status, progress_total=len(chosen))


def inspection_run(*, actor: Actor, jurisdiction: Jurisdiction | None = None, today: date, unit: Unit | None = None,
                   rules: Iterable[str] | None = None) -> Inspection:
    """Run every check (or `rules`) over the jurisdiction's subtree, or over `unit`'s own targets (自查), here and
    now (the `scan` command, tests). The back office starts one as a job instead (`inspection_start`)."""
    inspection = _inspection_new(actor=actor, jurisdiction=jurisdiction, today=today, unit=unit, rules=rules,
                                 status=InspectionStatus.RUNNING)
    return _execute(inspection, actor)


def inspection_queue(*, actor: Actor, jurisdiction: Jurisdiction | None = None, today: date,
                     unit: Unit | None = None, rules: Iterable[str] | None = None) -> Inspection:
    """The same checks as `inspection_run`, as a queued inspection for a background job (`jobs.inspection_start`
    queues it and hands it to the worker)."""
    with transaction.atomic():
        return _inspection_new(actor=actor, jurisdiction=jurisdiction, today=today, unit=unit, rules=rules,
                               status=InspectionStatus.QUEUED)


def inspection_requeue(*, actor: Actor, inspection: Inspection) -> Inspection:
    """Queue again an inspection that did not finish (its job failed, or was killed and stalled): the same row, the
    same date and rules (`jobs.inspection_rerun` hands it to the worker). Safe: each rule's findings are keyed by
    rule and target, so rules already done are only confirmed again."""
    if inspection.unit_id:
        require(actor, Action.SELF_CHECK, inspection.unit)
    else:
        require(actor, Action.RUN_INSPECTION, inspection.jurisdiction)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if not inspection.can_rerun(clock.now()):
            raise TransitionNotAllowed("该检查正在进行或已经完成，不能重新运行。")
        previous = inspection.status
        inspection.status, inspection.progress_done, inspection.error = InspectionStatus.QUEUED, 0, ""
        inspection.progress_total = len(inspection.rules_run)
        inspection.save(update_fields=["status", "progress_done", "progress_total", "error", "updated_at"])
        record_event(actor=actor, action="oversight.inspection_rerun", target=inspection,
                     data={"as_of": inspection.as_of.isoformat(), "was": previous})
    return inspection


def inspection_job_recorded(*, inspection: Inspection, job_id: str) -> None:
    """The worker's job id on the inspection (its page shows which job runs it)."""
    Inspection.objects.filter(pk=inspection.pk).update(job_id=job_id[:64])


def inspection_execute(*, inspection_id: int) -> Inspection | None:
    """The job's body: claim a queued inspection and run it. A job delivered twice, or for an inspection already
    running or finished, does nothing (None)."""
    from gongkai.accounts.policies import COMMAND_LINE

    claimed = Inspection.objects.filter(pk=inspection_id, status=InspectionStatus.QUEUED).update(
        status=InspectionStatus.RUNNING, progress_done=0, updated_at=clock.now())
    if not claimed:
        return None
    inspection = Inspection.objects.select_related("jurisdiction", "unit", "started_by").get(pk=inspection_id)
    return _execute(inspection, inspection.started_by or COMMAND_LINE)


def _execute(inspection: Inspection, actor: Actor) -> Inspection:
    """Each rule in its own transaction, the progress written after each: a job killed half-way leaves the rules
    it did (idempotent to do again) and an inspection that is not finished. An error marks it failed."""
    started = time.perf_counter()
    chosen = [CHECKS[code] for code in inspection.rules_run if code in CHECKS]
    jurisdiction, unit, today = inspection.jurisdiction, inspection.unit, inspection.as_of
    scope = Scope(jurisdiction, unit)
    totals: dict[str, int | float] = {"found": 0, "new": 0, "resolved": 0, "confirmed": 0, "reopened": 0,
                                      "evaluated": 0, "skipped": 0, "read": 0, "rules_unchanged": 0}
    try:
        words = configured_scanner().sensitive_words if any(c.facts == "public_texts" for c in chosen) else None
        from gongkai.oversight.selectors import stale_thresholds_by_jurisdiction

        local = stale_thresholds_by_jurisdiction(jurisdiction) if any(c.facts == "items" for c in chosen) else {}
        ctx = Context(today=today, calendar=workday_calendar(), sensitive_words=words, local_thresholds=local)
        units = unit_jurisdictions(Scope(jurisdiction))
        subtree = set(units.values()) | {jurisdiction.pk}
        marks = Watermarks(scope, ctx)
        if any(c.facts == "public_links" for c in chosen):
            from gongkai.oversight import external_links
            from gongkai.oversight.collect import external_link_urls

            if external_links.enabled():  # the network, before and outside the rules' transactions
                external_links.refresh(external_link_urls(scope))
        facts_by_kind: dict[str, list[Any]] = {}
        for done, check in enumerate(chosen, start=1):
            with transaction.atomic():
                mark = marks.of(check.rule.code, check.facts)
                if mark is not None and _unchanged(check, mark, inspection, subtree, today):
                    _carry(check, inspection, subtree, today, totals)
                else:
                    if check.facts not in facts_by_kind:
                        facts_by_kind[check.facts] = list(COLLECTORS[check.facts](scope))
                    totals["read"] += len(facts_by_kind[check.facts])
                    _run_check(check, facts_by_kind[check.facts], ctx, inspection, units, jurisdiction, totals)
                    if mark is not None:
                        ScanMark.objects.update_or_create(rule=check.rule.code, jurisdiction_id=jurisdiction.pk,
                                                          unit_id=unit.pk if unit else 0,
                                                          defaults={"mark": mark, "as_of": today})
            Inspection.objects.filter(pk=inspection.pk).update(progress_done=done, totals=dict(totals),
                                                               updated_at=clock.now())
        totals["seconds"] = round(time.perf_counter() - started, 3)
        with transaction.atomic():
            inspection.totals, inspection.progress_done = totals, len(chosen)
            inspection.status, inspection.finished_at = InspectionStatus.FINISHED, clock.now()
            inspection.save(update_fields=["totals", "progress_done", "status", "finished_at", "updated_at"])
            record_event(actor=actor, action="oversight.inspection_run", target=inspection,
                         data={"as_of": today.isoformat(), "rules": inspection.rules_run,
                               **{k: v for k, v in totals.items() if k != "seconds"}})
    except Exception as exc:
        Inspection.objects.filter(pk=inspection.pk).update(
            status=InspectionStatus.FAILED, totals=dict(totals), updated_at=clock.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    return inspection


def _scope_findings(code: str, inspection: Inspection) -> QuerySet[Finding]:
    found = Finding.objects.filter(rule=code, target_kind=CHECKS[code].rule.target_kind.value)
    if inspection.unit_id:
        return found.filter(unit_id=inspection.unit_id)
    return found.filter(jurisdiction__path__startswith=inspection.jurisdiction.path)


def _unchanged(check: Check, mark: str, inspection: Inspection, subtree: set[int], today: date) -> bool:
    """Nothing this check reads changed since its last run over this scope, and time changes no verdict today
    (see `oversight.watermarks`)."""
    code = check.rule.code
    last = ScanMark.objects.filter(rule=code, jurisdiction_id=inspection.jurisdiction_id,
                                   unit_id=inspection.unit_id or 0).first()
    if last is None or last.mark != mark or last.as_of > today:
        return False
    # The same facts on the same day give the same verdicts; on a later day, a target whose recheck day has come
    # (late_publication, stale_item, request_overdue …: time alone changes them) has the rule read again.
    if last.as_of < today and TargetState.objects.filter(rule=code, jurisdiction_id__in=subtree,
                                                         recheck_on__lte=today).exists():
        return False
    return not _scope_findings(code, inspection).filter(state=workflow.FIXED).exists()


def _carry(check: Check, inspection: Inspection, subtree: set[int], today: date, totals: dict[str, Any]) -> None:
    """An unchanged check: its open findings are seen again by this inspection; no target is read."""
    code = check.rule.code
    totals["rules_unchanged"] += 1
    totals["skipped"] += TargetState.objects.filter(rule=code, jurisdiction_id__in=subtree).count()
    totals["found"] += _scope_findings(code, inspection).filter(state__in=[workflow.OPEN, workflow.REOPENED]).update(
        last_seen=today, last_inspection=inspection, updated_at=clock.now())


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
                                          recheck_on=recheck))
        else:
            state.fingerprint, state.recheck_on = print_, recheck
            state.unit_id = getattr(fact, "unit_id", None)
            changed_states.append(state)
    totals["found"] += len(still_open)
    for start in range(0, len(still_open), 500):
        Finding.objects.filter(pk__in=still_open[start:start + 500]).update(
            last_seen=ctx.today, last_inspection=inspection, updated_at=clock.now())
    TargetState.objects.bulk_create(new_states, batch_size=1000)
    TargetState.objects.bulk_update(changed_states, ["fingerprint", "recheck_on", "unit_id"], batch_size=1000)
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
    hit = _masked(hit)
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


def stale_thresholds_set(*, actor: Actor, jurisdiction: Jurisdiction, days: dict[str, int | None]) -> list[str]:
    """A jurisdiction's own stale limits per column class (None: inherit the nearest ancestor's or the national
    default). Each change is audited; the stale_item states of the subtree are dropped so that the next inspection
    judges every item by the new limits. Returns the classes changed."""
    from gongkai.oversight.checks.items import (
        COLUMN_CLASS_LABELS,
        EDITABLE_CLASSES,
        MAX_STALE_DAYS,
        ColumnClass,
    )
    from gongkai.oversight.models import StaleThreshold

    require(actor, Action.SET_STALE_THRESHOLDS, jurisdiction)
    allowed = {k.value for k in EDITABLE_CLASSES}
    unknown = set(days) - allowed
    if unknown:
        raise ValidationFailed(f"没有这些栏目类别：{'、'.join(sorted(unknown))}。")
    for klass, value in days.items():
        if value is not None and not 1 <= value <= MAX_STALE_DAYS:
            raise ValidationFailed(f"{COLUMN_CLASS_LABELS[ColumnClass(klass)]}的未更新天数应在1到{MAX_STALE_DAYS}之间"
                                   f"（不填表示沿用上级或国家默认）。")
    changed: list[str] = []
    with transaction.atomic():
        own = {t.column_class: t for t in StaleThreshold.objects.select_for_update().filter(jurisdiction=jurisdiction)}
        for klass, value in days.items():
            row = own.get(klass)
            before = row.days if row else None
            if before == value:
                continue
            if value is None:
                assert row is not None
                row.delete()
            elif row is None:
                StaleThreshold.objects.create(jurisdiction=jurisdiction, column_class=klass, days=value,
                                              updated_by=acting_user(actor))
            else:
                row.days, row.updated_by = value, acting_user(actor)
                row.save(update_fields=["days", "updated_by", "updated_at"])
            changed.append(klass)
            record_event(actor=actor, action="oversight.stale_threshold_set", target=jurisdiction,
                         data={"column_class": klass, "label": COLUMN_CLASS_LABELS[ColumnClass(klass)],
                               "from": before, "to": value})
        if changed:
            subtree = jurisdiction.subtree().values("pk")
            TargetState.objects.filter(rule="stale_item", jurisdiction_id__in=subtree).delete()
    return changed


def _masked_value(value: Any) -> Any:
    if isinstance(value, str):
        return masked_title(value)
    if isinstance(value, dict):
        return {k: _masked_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked_value(v) for v in value]
    return value


def _masked(hit: Hit) -> Hit:
    """Whatever a check put in a finding, its label and evidence keep no personal data (a record's title may name
    a person with an identity number or a mobile): the public masking applies to every string a finding stores."""
    return replace(hit, label=masked_title(hit.label), evidence=_masked_value(dict(hit.evidence)))


def finding_report_fixed(*, actor: Actor, finding: Finding, answer: str) -> Finding:
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


def finding_waive(*, actor: Actor, finding: Finding, reason: str) -> Finding:
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


def deduction_record(*, actor: Actor, unit: Unit, scheme: str, indicator: str, period: str, points: float,
                     reason: str, source: str = "manual", document: str = "") -> Deduction:
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
                                             recorded_by=acting_user(actor))
        record_event(actor=actor, action="oversight.deduction_record", target=deduction,
                     data={"indicator": indicator, "period": period, "points": str(amount)})
    return deduction


# --- notices (通报) -------------------------------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    return ("" if n < 20 else _NUMERALS[n // 10 - 1]) + "十" + (_NUMERALS[n % 10 - 1] if n % 10 else "")


def notice_text(inspection: Inspection, *, deadline: date, issuer: str) -> tuple[str, str]:
    """The title and body of a 通报 drafted from an inspection: the overall picture, units ranked by their score
    for the month, each unit's findings grouped by rule, and what to do by when."""
    from gongkai.oversight.models import OPEN_STATES
    from gongkai.oversight.rules import REGISTRY, cn_date
    from gongkai.oversight.selectors import unit_scores

    findings = list(Finding.objects.filter(last_inspection=inspection, state__in=OPEN_STATES)
                    .select_related("unit").order_by("unit__name", "rule", "label"))
    by_rule: dict[str, int] = {}
    by_unit: dict[str, dict[str, list[str]]] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        unit = f.unit.name if f.unit else "未指定责任单位的事项"
        by_unit.setdefault(unit, {}).setdefault(f.rule, []).append(f.label)
    period = f"{inspection.as_of.year:04d}-{inspection.as_of.month:02d}"
    scheme, ranked = unit_scores(inspection.jurisdiction, None, period)
    where = inspection.jurisdiction.name
    title = f"关于{inspection.as_of.year}年{inspection.as_of.month}月{where}基层政务公开检查情况的通报"
    lines = [
        f"为推进基层政务公开标准化规范化，{issuer}于{cn_date(inspection.as_of)}对{where}各单位按公开事项目录公开"
        f"政府信息的情况进行了检查。现将有关情况通报如下：",
        "一、总体情况",
        f"本次检查共发现问题{len(findings)}个"
        + ("，其中" + "，".join(f"{REGISTRY[r].title if r in REGISTRY else r}{n}个" for r, n in
                               sorted(by_rule.items(), key=lambda kv: -kv[1])) if by_rule else "")
        + "。",
        f"按《{scheme.title}》计分，各单位得分和等次如下（满分{scheme.total:g}分）：",
    ]
    lines += [f"{position}. {unit.name}：{s.score:g}分，{s.grade}{'（单项否决）' if s.vetoed else ''}"
              for position, unit, s in ranked]
    lines.append("二、存在的问题")
    for index, (unit, rules) in enumerate(sorted(by_unit.items(), key=lambda kv: -sum(map(len, kv[1].values()))),
                                          start=1):
        count = sum(len(v) for v in rules.values())
        parts = []
        for rule, labels in rules.items():
            shown = "、".join(f"“{label}”" for label in labels[:5])
            more = f"等{len(labels)}个" if len(labels) > 5 else ""
            parts.append(f"{REGISTRY[rule].title if rule in REGISTRY else rule}：{shown}{more}")
        lines.append(f"（{_numeral(index)}）{unit}，问题{count}个。" + "；".join(parts) + "。")
    if not by_unit:
        lines.append("本次检查未发现问题。")
    lines += [
        "三、整改要求",
        f"请有关单位对照问题清单逐项整改，于{cn_date(deadline)}前完成，并在平台“监测检查”中逐项报告整改情况。"
        f"{issuer}将在下次检查中复核，整改不到位的将再次通报。",
    ]
    return title, "\n".join(lines)


def notice_draft(*, actor: Actor, inspection: Inspection, deadline: date, issuer: str = "", number: str = "") -> Notice:
    from gongkai.oversight.models import Notice

    require(actor, Action.ISSUE_NOTICE, inspection.jurisdiction)
    if inspection.unit_id:
        raise ValidationFailed("自查不能形成通报，请从检查生成通报。")
    if deadline <= inspection.as_of:
        raise ValidationFailed("整改期限应晚于检查日期。")
    office = inspection.jurisdiction.units.filter(is_disclosure_office=True).order_by("id").first()
    issuer = (issuer or (office.name if office else f"{inspection.jurisdiction.name}政务公开办")).strip()
    title, body = notice_text(inspection, deadline=deadline, issuer=issuer)
    with transaction.atomic():
        notice = Notice.objects.create(
            jurisdiction=inspection.jurisdiction, inspection=inspection, issuer=issuer, number=number.strip(),
            title=title, addressee=f"{inspection.jurisdiction.name}各单位", body=body, deadline=deadline,
            signed_by=issuer, dated=inspection.as_of, created_by=acting_user(actor))
        record_event(actor=actor, action="oversight.notice_draft", target=notice, data={"inspection": inspection.pk})
    return notice


NOTICE_FIELDS = ("issuer", "number", "title", "addressee", "body", "deadline", "signed_by", "dated")


def notice_update(*, actor: Actor, notice: Notice, **values: Any) -> Notice:
    from gongkai.oversight.workflow import NOTICE_TABLE

    require(actor, Action.ISSUE_NOTICE, notice.jurisdiction)
    if not NOTICE_TABLE.is_editable(notice.status):
        raise TransitionNotAllowed("该通报已发布，不能再修改。")
    unknown = set(values) - set(NOTICE_FIELDS)
    if unknown:
        raise ValidationFailed(f"通报没有这些内容：{'、'.join(sorted(unknown))}。")
    for name in ("title", "body", "issuer", "signed_by"):
        if name in values and not str(values[name] or "").strip():
            raise ValidationFailed("标题、正文、发文机关和落款都不能为空。")
    with transaction.atomic():
        cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
        changed = [name for name, value in cleaned.items() if getattr(notice, name) != value]
        for name in changed:
            setattr(notice, name, cleaned[name])
        if changed:
            notice.save()
            record_event(actor=actor, action="oversight.notice_update", target=notice, data={"fields": changed})
    return notice


def notice_publish(*, actor: Actor, notice: Notice) -> Notice:
    from gongkai.oversight.workflow import NOTICE_TABLE, PUBLISH_NOTICE

    require(actor, Action.ISSUE_NOTICE, notice.jurisdiction)
    try:
        status = NOTICE_TABLE.next_status(notice.status, PUBLISH_NOTICE)
    except MoveRefused as exc:
        raise TransitionNotAllowed(exc.message) from None
    if not notice.number.strip():
        raise ValidationFailed("发布前请填写文号。")
    with transaction.atomic():
        notice.status, notice.published_at = status, clock.now()
        notice.save(update_fields=["status", "published_at", "updated_at"])
        record_event(actor=actor, action="oversight.notice_publish", target=notice, data={"number": notice.number})
    return notice
