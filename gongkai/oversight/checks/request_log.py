"""Procedure of 依申请公开 as its log shows it (rules.md §3.4, §4). Pure.

- 《政府信息公开条例》第三十条: a 补正 notice within 7 working days of receipt (the receipt day not counted);
- 第三十三条第二款: an extension decided and notified no later than the original due date — an extension dated after
  it, or entered into the system after it while the request was already there, is late (a back-dated entry is what
  an inspection must see; a request transcribed later, e.g. imported, is not);
- 第三十六条（三）（五）、第三十七条、第三十八条、第三十九条 …: the reply types that must give reasons
  (`disclosure_requests.reply_types.REPLY_TYPES[...].required`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.calendars.domain import WorkdayCalendar
from gongkai.disclosure_requests.deadlines import CORRECTION_NOTICE_WORKDAYS, DeadlineError, answer_deadline
from gongkai.disclosure_requests.reply_types import REPLY_TYPES, ReplyType
from gongkai.oversight.checks.facts import RequestLogFacts
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register

CORRECTION_LATE = register(Rule(
    code="correction_late",
    title="补正通知超过7个工作日发出",
    severity=Severity.MEDIUM,
    source="《政府信息公开条例》第三十条：应当自收到申请之日起7个工作日内一次性书面告知申请人作出补正",
    hint="补正通知应在收到申请之日起7个工作日内一次性书面发出；已迟发的，在案卷中说明原因并完善内部办理时限提醒。",
    target_kind=TargetKind.REQUEST,
))
EXTENSION_LATE = register(Rule(
    code="extension_late",
    title="延期答复在原答复期限届满后才决定或登记",
    severity=Severity.HIGH,
    source="《政府信息公开条例》第三十三条第二款：需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，"
           "延长的期限最长不得超过20个工作日",
    hint="延期须在原答复期限届满前经公开工作机构负责人同意并书面告知申请人，并当时登记；逾期的按超期答复处理。",
    target_kind=TargetKind.REQUEST,
))
REPLY_REASONS_MISSING = register(Rule(
    code="reply_reasons_missing",
    title="答复未说明理由",
    severity=Severity.MEDIUM,
    source="《政府信息公开条例》第三十六条第（三）（五）项、第三十七条、第三十八条、第三十九条等（不予公开、部分公开、"
           "不属于本机关负责公开等答复应当告知理由）",
    hint="在答复书中写明不予公开（或不予处理）的理由及依据条款，重新送达申请人。",
    target_kind=TargetKind.REQUEST,
))


def _label(fact: RequestLogFacts) -> str:
    return f"申请 {fact.tracking_code}"


def correction_late(facts: Iterable[RequestLogFacts], *, calendar: WorkdayCalendar) -> Iterator[Hit]:
    """The first 补正 notice later than the 7th working day after receipt."""
    for fact in facts:
        if fact.received_on is None:
            continue
        first = next((e[1] for e in fact.clock_events if e[0] == "correction-requested"), None)
        if first is None:
            continue
        due = calendar.add_workdays(fact.received_on, CORRECTION_NOTICE_WORKDAYS)
        if first > due:
            late = calendar.workdays_between(due, first)
            yield Hit(CORRECTION_LATE.code, TargetKind.REQUEST, fact.tracking_code, fact.unit_id, _label(fact), {
                "received_on": fact.received_on.isoformat(), "notice_due": due.isoformat(),
                "notice_on": first.isoformat(), "working_days_late": late,
                "text": f"{cn_date(fact.received_on)}收到申请，补正通知应于{cn_date(due)}前发出，"
                        f"实际{cn_date(first)}发出，晚{late}个工作日。",
            })


def extension_late(facts: Iterable[RequestLogFacts], *, calendar: WorkdayCalendar) -> Iterator[Hit]:
    """An extension dated, or entered, after the due date it extends (the clock over the log before it)."""
    for fact in facts:
        if fact.received_on is None:
            continue
        seen = 0
        for position, event in enumerate(fact.clock_events):
            if event[0] != "extension":
                continue
            recorded = fact.extensions_recorded_on[seen] if seen < len(fact.extensions_recorded_on) else event[1]
            seen += 1
            try:
                due = answer_deadline(fact.received_on, fact.clock_events[:position], calendar).due
            except DeadlineError:
                continue  # a log the clock cannot read is the request page's business, not this rule's
            if due is None:
                continue  # suspended or awaiting 补正: the original due date was still ahead
            decided_late = event[1] > due
            # Entered after the due date counts only when the request was already in the system before it (a
            # request transcribed afterwards — an import, a paper file typed in — has every event entered late).
            entered_late = recorded > due and (fact.entered_on is None or fact.entered_on <= due)
            if not (decided_late or entered_late):
                continue
            text = (f"原答复期限{cn_date(due)}，延期决定日期为{cn_date(event[1])}，已过原答复期限。" if decided_late else
                    f"原答复期限{cn_date(due)}，延期决定写明{cn_date(event[1])}，却于{cn_date(recorded)}才登记。")
            yield Hit(EXTENSION_LATE.code, TargetKind.REQUEST, fact.tracking_code, fact.unit_id, _label(fact), {
                "original_due": due.isoformat(), "extension_on": event[1].isoformat(),
                "recorded_on": recorded.isoformat(), "text": text,
            })
            break


def reply_reasons_missing(facts: Iterable[RequestLogFacts]) -> Iterator[Hit]:
    for fact in facts:
        if not fact.reply_type or fact.reply_has_reasons:
            continue
        try:
            info = REPLY_TYPES[ReplyType(fact.reply_type)]
        except ValueError:
            continue
        if "reasons" not in info.required:
            continue
        yield Hit(REPLY_REASONS_MISSING.code, TargetKind.REQUEST, fact.tracking_code, fact.unit_id, _label(fact), {
            "reply_type": info.label, "article": info.article,
            "reply_on": fact.reply_on.isoformat() if fact.reply_on else None,
            "text": f"答复类型为“{info.label}”（{info.article}），答复书未写明理由。",
        })
