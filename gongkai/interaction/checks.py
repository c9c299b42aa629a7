"""Monitoring rules of interaction, added to the oversight registry (`oversight.registry.add_check`). Pure.

- `message_overdue`: a message still unanswered after its jurisdiction's answer limit (working days).
- `message_unanswered_3_months`: 国办秘函〔2019〕19号 互动回应差 — within the year before the check, a valid
  message left unanswered for more than three months (a single veto). Refused messages (不予受理) are not valid.
- `concern_response_late`: a public concern answered after the limits of rules §8 (48 hours; for 特别重大、重大
  突发事件 authoritative information within 5 hours and a press conference within 24), or not answered yet
  when its limit has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gongkai.interaction import limits
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register

MESSAGE_OVERDUE = register(Rule(
    code="message_overdue",
    title="留言超过答复时限未答复",
    severity=Severity.HIGH,
    source="本级设定的留言答复时限（默认5个工作日）；国办发〔2017〕47号《政府网站发展指引》：对网民留言及时处理和反馈",
    hint="由办理单位在留言办理页面提交答复，政务公开办审核后公开；确属无效留言的，由政务公开办不予受理并写明理由。",
    target_kind=TargetKind.MESSAGE,
))

MESSAGE_UNANSWERED_3_MONTHS = register(Rule(
    code="message_unanswered_3_months",
    title="有效留言超过3个月未答复（互动回应差）",
    severity=Severity.VETO,
    source="国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：监测时间点前1年内，政务咨询类栏目存在超过3个月未回应的有效留言（互动回应差，单项否决）",
    hint="立即答复该留言；今后按本级留言答复时限办理。",
    target_kind=TargetKind.MESSAGE,
))

CONCERN_RESPONSE_LATE = register(Rule(
    code="concern_response_late",
    title="回应关切超过时限",
    severity=Severity.HIGH,
    source="国办发〔2016〕61号：政务舆情最迟48小时内回应，特别重大、重大突发事件最迟24小时内举行新闻发布会；"
           "国办发〔2016〕80号：特别重大、重大突发事件5小时内发布权威信息",
    hint="尽快通过门户网站、政务新媒体或新闻发布会回应，并在回应关切页面登记回应时间和渠道。",
    target_kind=TargetKind.CONCERN,
))


@dataclass(frozen=True)
class MessageFacts:
    id: int
    label: str  # the subject (the writer's name is never part of it)
    unit_id: int
    received_on: date
    due_on: date
    is_waiting: bool  # valid and not answered yet
    answered_on: date | None = None


@dataclass(frozen=True)
class ConcernFacts:
    id: int
    label: str
    unit_id: int
    level: str
    arose_at: datetime
    responses: tuple[tuple[str, datetime], ...]  # (kind, when)
    as_of: datetime  # the moment of the inspection: a limit of hours is judged against it


def _day_after(d: date) -> date:
    return d + timedelta(days=1)


def message_overdue(facts: Iterable[MessageFacts], *, today: date) -> Iterator[Hit]:
    """A waiting message whose due day is over (answered on the due day is in time)."""
    for fact in facts:
        if not fact.is_waiting or today <= fact.due_on:
            continue
        days = (today - fact.due_on).days
        yield Hit(MESSAGE_OVERDUE.code, TargetKind.MESSAGE, str(fact.id), fact.unit_id, fact.label, {
            "received_on": fact.received_on.isoformat(), "due_on": fact.due_on.isoformat(), "days_over": days,
            "text": f"留言“{fact.label}”于{cn_date(fact.received_on)}收到，答复期限为{cn_date(fact.due_on)}，"
                    f"已超期{days}天未答复。",
        })


def message_overdue_recheck(fact: MessageFacts) -> date | None:
    return _day_after(fact.due_on) if fact.is_waiting else None


def message_unanswered_3_months(facts: Iterable[MessageFacts], *, today: date) -> Iterator[Hit]:
    """A message received within the year before `today` and unanswered for more than three months: still
    waiting after `limits.veto_after`, or answered only after it."""
    since = today - timedelta(days=limits.VETO_LOOKBACK_DAYS)
    for fact in facts:
        if fact.received_on < since:
            continue
        last_day = limits.veto_after(fact.received_on)
        if fact.is_waiting and today > last_day:
            what = "至今未答复"
        elif not fact.is_waiting and fact.answered_on is not None and fact.answered_on > last_day:
            what = f"至{cn_date(fact.answered_on)}才答复"
        else:
            continue
        yield Hit(MESSAGE_UNANSWERED_3_MONTHS.code, TargetKind.MESSAGE, str(fact.id), fact.unit_id, fact.label, {
            "received_on": fact.received_on.isoformat(), "three_months_end": last_day.isoformat(),
            "text": f"留言“{fact.label}”于{cn_date(fact.received_on)}收到，{what}，超过3个月（{cn_date(last_day)}）。",
        })


def message_unanswered_recheck(fact: MessageFacts) -> date | None:
    if fact.is_waiting:
        return _day_after(limits.veto_after(fact.received_on))
    # an answered-late message leaves the year window one day
    return fact.received_on + timedelta(days=limits.VETO_LOOKBACK_DAYS + 1)


def _when(moment: datetime) -> str:
    return f"{moment:%Y年%-m月%-d日%H:%M}"


def concern_response_late(facts: Iterable[ConcernFacts]) -> Iterator[Hit]:
    """A concern with a limit met late, or passed with nothing released yet."""
    for fact in facts:
        problems = []
        for state in limits.duty_states(fact.level, fact.arose_at, fact.responses):
            if state.late and state.done_at is not None:
                hours = (state.done_at - fact.arose_at).total_seconds() / 3600
                problems.append(f"应{state.duty.label}，实际在{hours:.1f}小时后")
            elif state.missed(fact.as_of):
                problems.append(f"应{state.duty.label}（{_when(state.due_at)}前），至今未登记")
        if not problems:
            continue
        yield Hit(CONCERN_RESPONSE_LATE.code, TargetKind.CONCERN, str(fact.id), fact.unit_id, fact.label, {
            "level": fact.level, "arose_at": fact.arose_at.isoformat(),
            "text": f"“{fact.label}”（{limits.LEVEL_LABELS[limits.ConcernLevel(fact.level)]}，"
                    f"{_when(fact.arose_at)}发生）：{'；'.join(problems)}。",
        })
