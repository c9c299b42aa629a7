"""The answer deadline of a 依申请公开 request as a function of its event log (pure, no Django).

Rules (《中华人民共和国政府信息公开条例》, rules.md §3.4):
- answer within 20 working days of receipt (第三十三条第二款);
- a 补正 notice is due within 7 working days of receipt (第三十条); once the corrected application is
  received the 20 days start again from that day and earlier elapsed days are discarded (第三十条);
- time spent consulting third parties or other agencies is not counted (第三十二条、第三十三条第三款、第三十四条);
- one extension of up to 20 working days, decided (with the consent of the head of the 政府信息公开工作机构)
  and notified no later than the original due date (第三十三条第二款).

Counting convention (rules.md §3.3, §3.4 edge rule 4 — not written in the 条例, so stated in every
explanation and recorded in `Deadline.convention`):
- the receipt day is not counted; day 1 is the first working day after it; the due date is the N-th
  working day and may be a make-up Saturday or Sunday;
- consultation: the sending day counts as the agency's time; the clock is suspended from the next day
  through the reply day; it resumes on the first working day after the reply. With several
  consultations open at once the clock stays suspended until the last reply. A consultation sent
  when the answer period has already run out does not suspend anything.
- a late 补正 notice (after the 7th working day) is flagged as a procedural defect; the clock still
  restarts from the corrected application, as 第三十条 says, but never silently.
- fee (国办函〔2020〕109号; rules.md §3.4 edge rule 3, not settled nationally, so configurable per jurisdiction):
  by default the working days after the day the 收费通知 is sent, through the day of payment, are not counted — the
  same convention as the consultation pause. A fee notice given with `pause=False` (the jurisdiction counts the
  wait) leaves the clock running; the explanation says which applied. The notice is due within the answer period
  (§5, §12.1): after the due date it is refused; ON the due date it is in time and the wait is still not counted —
  unlike a consultation, the agency cannot answer before the applicant pays — so 0 working days remain and the
  answer is due on the day of payment (the due date moves by the working days of the wait); a payment on a
  non-working day moves it to the next working day (rules.md §3.3, 民事诉讼法 期间条款).
- 第三十五条: a reasonable later deadline, set and notified before the due date, replaces the due date. This
  function is the only place it is applied (the request's log passes it in as a `later-deadline` event).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from gongkai.calendars.domain import WorkdayCalendar, provisional_note
from gongkai.core.errors import ValidationFailed
from gongkai.disclosure_requests.workflow import EVENT_LABELS as LOG_LABELS
from gongkai.disclosure_requests.workflow import EventKind as LogKind

ANSWER_WORKDAYS = 20  # 第三十三条第二款
EXTENSION_MAX_WORKDAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_WORKDAYS = 7  # 第三十条

CONVENTION = "receipt-day-excluded/consultation-send-day-counted-suspended-through-reply-day/v1"
CONVENTION_TEXT = (
    "计算规则：收到申请（或补正）当日不计入，自次日起计算工作日；发出征求意见当日计入本机关办理时间，"
    "自次日起至收到答复之日（含）中止计算，自收到答复之日的次日起继续计算（第三十二条、第三十三条第三款、第三十四条）。"
)


class DeadlineError(ValidationFailed, ValueError):
    """An event log the rules cannot accept."""

    code = "deadline_error"


class EventsOutOfOrder(DeadlineError):
    code = "events_out_of_order"


class ExtensionNotAllowed(DeadlineError):
    code = "extension_not_allowed"


class EventKind(StrEnum):
    CORRECTION_REQUESTED = "correction-requested"
    CORRECTION_RECEIVED = "correction-received"
    CONSULTATION_SENT = "consultation-sent"
    CONSULTATION_REPLIED = "consultation-replied"
    EXTENSION = "extension"
    CONSULTATION_RECEIVED = "consultation-received"
    CONSULTATION_EXPIRED = "consultation-expired"
    FEE_NOTICE_SENT = "fee-notice-sent"
    FEE_NOTICE_RECEIVED = "fee-notice-received"
    FEE_PAID = "fee-paid"
    LATER_DEADLINE = "later-deadline"


CONSULTATION_WORKDAYS = 15  # 第三十二条、第三十四条: from the day the consulted party receives the letter
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号: from the day the applicant receives the notice

# The log's kind behind each kind of the clock (selectors.clock_events reads the log through it). The clock's
# kinds keep their command-line names (`gongkai deadline --event extension:…`); their labels are the log's.
CLOCK_KIND_OF_LOG: dict[str, EventKind] = {
    LogKind.CORRECTION_REQUESTED: EventKind.CORRECTION_REQUESTED,
    LogKind.CORRECTION_RECEIVED: EventKind.CORRECTION_RECEIVED,
    LogKind.CONSULTATION_SENT: EventKind.CONSULTATION_SENT,
    LogKind.CONSULTATION_RECEIVED: EventKind.CONSULTATION_RECEIVED,
    LogKind.CONSULTATION_REPLIED: EventKind.CONSULTATION_REPLIED,
    LogKind.EXTENSION_APPROVED: EventKind.EXTENSION,
    LogKind.LATER_DEADLINE_SET: EventKind.LATER_DEADLINE,
    LogKind.FEE_NOTICE_SENT: EventKind.FEE_NOTICE_SENT,
    LogKind.FEE_NOTICE_RECEIVED: EventKind.FEE_NOTICE_RECEIVED,
    LogKind.FEE_PAID: EventKind.FEE_PAID,
}

EVENT_LABELS = {
    **{clock: LOG_LABELS[LogKind(log)] for log, clock in CLOCK_KIND_OF_LOG.items()},
    # the one kind of the clock no entry of the log has: a consulted party's silence after its 15 working days
    EventKind.CONSULTATION_EXPIRED: "征求意见期限届满未答复",
}


_Day = date  # the field `date` below hides the type inside the class body


@dataclass(frozen=True)
class RequestEvent:
    kind: EventKind
    date: date
    days: int | None = None  # extension only: working days added (default and maximum 20)
    due: _Day | None = None  # later-deadline only: the later deadline set and notified (第三十五条)
    pause: bool = True  # fee-notice-sent only: whether waiting for payment is not counted (the jurisdiction's setting)


class ClockState(StrEnum):
    RUNNING = "running"
    AWAITING_CORRECTION = "awaiting_correction"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class Deadline:
    received: date
    due: date | None  # None while waiting for a 补正 or for a consultation reply
    state: ClockState
    explanation: tuple[str, ...]
    provisional: bool
    missing_years: tuple[int, ...]
    correction_notice_due: date
    warnings: tuple[str, ...] = ()
    convention: str = CONVENTION
    # The due date as it stood before the last event of the log (a write passes the log with its new event last:
    # an extension's "original due date", the due date a later deadline replaces). None for an empty log.
    due_before_last: date | None = None


def _day(d: date | None) -> str:
    """A date as a county officer writes it in a letter: 2025年3月12日."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "（未定）"


def _special_days_line(calendar: WorkdayCalendar, start: date, end: date) -> str | None:
    """The holidays and make-up working days between `start` (excluded) and `end` (included), named: they are
    why a due date looks late (or early)."""
    off: dict[str, list[date]] = {}
    worked: list[date] = []
    day = start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        special = calendar.special_day(day)
        if special is None:
            continue
        if calendar.is_workday(day):
            worked.append(day)
        else:
            off.setdefault(special.name, []).append(day)
    if not off and not worked:
        return None
    parts = [f"{name}放假{_day(days[0])}" + (f"至{_day(days[-1])}" if len(days) > 1 else "")
             for name, days in off.items()]
    if worked:
        parts.append("、".join(_day(d) for d in worked) + "调休上班（计入工作日）")
    return "期间的节假日和调休：" + "；".join(parts) + "。"


def _normalise(events: Iterable[Any]) -> list[RequestEvent]:
    result = []
    for position, raw in enumerate(events, start=1):
        if isinstance(raw, RequestEvent):
            result.append(raw)
            continue
        kind, when, *rest = raw
        try:
            kind = EventKind(kind)
        except ValueError:
            allowed = "、".join(k.value for k in EventKind)
            raise DeadlineError(f"第{position}个事件的类型“{kind}”无法识别，应为：{allowed}。")
        extra = rest[0] if rest else None
        if kind == EventKind.LATER_DEADLINE:
            if not isinstance(extra, date):
                raise DeadlineError(f"第{position}个事件“{EVENT_LABELS[kind]}”须写明延迟答复的期限。")
            result.append(RequestEvent(kind, when, due=extra))
        elif kind == EventKind.FEE_NOTICE_SENT:
            result.append(RequestEvent(kind, when, pause=True if extra is None else bool(extra)))
        else:
            result.append(RequestEvent(kind, when, extra))
    return result


class _Clock:
    """The running state while the log is replayed."""

    def __init__(self, calendar: WorkdayCalendar, received: date):
        self.calendar = calendar
        self.missing: set[int] = set()
        self.lines: list[str] = []
        self.warnings: list[str] = []
        self._restart(received)

    # calendar calls that remember the years they had to guess
    def add(self, start: date, n: int) -> date:
        result = self.calendar.add_workdays_explained(start, n)
        self.missing.update(result.missing_years)
        return result.date

    def between(self, a: date, b: date) -> int:
        result = self.calendar.workdays_between_explained(a, b)
        self.missing.update(result.missing_years)
        return result.workdays

    def _restart(self, start: date) -> None:
        self.start = start
        self.anchor: date | None = start  # counting continues after this day (None while suspended)
        self.used = 0  # working days used before the anchor, in this cycle
        self.allowed = ANSWER_WORKDAYS
        self.extended = False
        self.open_consultations = 0
        self.consultation_effective = False
        self.awaiting_correction: date | None = None
        self.party_dues: list[date] = []  # consulted parties' own deadlines (received + 15 working days)
        self.awaiting_payment: date | None = None
        self.fee_pause = True  # the pending fee notice's convention (see _fee_notice_sent)
        self.later_due: date | None = None
        if not hasattr(self, "correction_notice_due"):  # 第三十条: counted from the first receipt, kept after a restart
            self.correction_notice_due = self.add(start, CORRECTION_NOTICE_WORKDAYS)

    @property
    def state(self) -> ClockState:
        if self.awaiting_correction is not None:
            return ClockState.AWAITING_CORRECTION
        if self.anchor is None:
            return ClockState.SUSPENDED
        return ClockState.RUNNING

    def due(self) -> date | None:
        if self.state == ClockState.SUSPENDED and self.awaiting_payment is None and self.party_dues \
                and len(self.party_dues) >= self.open_consultations:
            # every consulted party's own deadline is known: the suspension ends by itself on the last one
            return self.add(max(self.party_dues), max(self.allowed - self.used, 0))
        if self.state != ClockState.RUNNING or self.anchor is None:
            return None
        due = self.add(self.anchor, self.remaining)
        if not self.remaining and not self.calendar.is_workday(due):
            # only after a fee notice on the due date: due on the payment day, a non-working one moves to the next
            due = self.add(due, 1)
        return max(due, self.later_due) if self.later_due else due

    @property
    def remaining(self) -> int:
        """Working days left in this cycle (0 once used up: a fee notice on the due date, or after the 20 days under
        a later deadline)."""
        return max(self.allowed - self.used, 0)

    def used_through(self, day: date) -> int:
        if self.anchor is None:  # suspended: no day counts until the clock runs again
            return self.used
        return self.used + self.between(self.anchor, day)


def answer_deadline(received: date, events: Sequence[Any], calendar: WorkdayCalendar) -> Deadline:
    """The due date of the answer to a request received on `received`, given the event log `events`
    (pairs (kind, date), or (kind, date, days) for an extension, in the order they happened), with a
    Chinese explanation of every step. Raises EventsOutOfOrder or ExtensionNotAllowed (both
    ValueError) for a log the rules cannot accept."""
    log = _normalise(events)
    clock = _Clock(calendar, received)
    lines = clock.lines
    first_due = clock.due()
    lines.append(
        f"自收到申请之日（{_day(received)}）的次日起计算{ANSWER_WORKDAYS}个工作日（《条例》第三十三条第二款），"
        f"收到申请当日不计入；答复期限为{_day(first_due)}。"
    )
    if any(e.kind == EventKind.CORRECTION_REQUESTED for e in log):
        lines.append(
            f"补正通知应在收到申请之日起{CORRECTION_NOTICE_WORKDAYS}个工作日内（{_day(clock.correction_notice_due)}前，含当日）"
            "一次性书面发出（第三十条）。"
        )
    previous: RequestEvent | None = None
    due_before_last: date | None = None
    for position, event in enumerate(log, start=1):
        label = EVENT_LABELS[event.kind]
        if event.date < received:
            raise EventsOutOfOrder(
                f"事件顺序不正确：第{position}个事件“{label}”（{_day(event.date)}）早于收到申请之日（{_day(received)}）。"
            )
        if previous is not None and event.date < previous.date:
            raise EventsOutOfOrder(
                f"事件顺序不正确：第{position}个事件“{label}”（{_day(event.date)}）早于前一事件"
                f"“{EVENT_LABELS[previous.kind]}”（{_day(previous.date)}）。请按发生的先后顺序录入事件。"
            )
        if position == len(log):
            due_before_last = clock.due()
        _apply(clock, event, position)
        previous = event

    due = clock.due()
    state = clock.state
    if state == ClockState.AWAITING_CORRECTION:
        lines.append("目前等待申请人补正，答复期限暂不计算；收到补正后的申请之日起重新计算20个工作日（第三十条）。")
    elif state == ClockState.SUSPENDED and clock.awaiting_payment is not None:
        lines.append(_awaiting_payment_line(clock))
    elif state == ClockState.SUSPENDED:
        lines.append(
            f"目前征求意见尚未收到答复，答复期限中止计算；收到答复后自次日起继续计算剩余{clock.remaining}个工作日。"
            + (f"被征求意见方逾期未答复的，答复期限为{_day(due)}。" if due else "")
        )
    else:
        named = _special_days_line(calendar, received, due) if due is not None else None
        if named:
            lines.append(named)
        lines.append(f"答复期限：{_day(due)}（含当日）。")
    missing = tuple(sorted(clock.missing))
    if missing:
        lines.append(provisional_note(missing))
    return Deadline(
        received=received,
        due=due,
        state=state,
        explanation=tuple(lines),
        provisional=bool(missing),
        missing_years=missing,
        correction_notice_due=clock.correction_notice_due,
        warnings=tuple(clock.warnings),
        due_before_last=due_before_last,
    )


def _apply(clock: _Clock, event: RequestEvent, position: int) -> None:  # noqa: C901 — the clock's fold over the event log: one branch per event kind
    lines, day = clock.lines, event.date
    kind = event.kind
    label = EVENT_LABELS[kind]

    if kind == EventKind.CORRECTION_REQUESTED:
        if clock.state == ClockState.AWAITING_CORRECTION:
            raise EventsOutOfOrder(
                f"第{position}个事件“{label}”（{_day(day)}）：{_day(clock.awaiting_correction)}已发出补正通知，"
                "尚未收到补正，补正通知应一次性告知，不能再次发出。"
            )
        if clock.state == ClockState.SUSPENDED:
            raise EventsOutOfOrder(
                f"第{position}个事件“{label}”（{_day(day)}）：征求意见尚未收到答复，请先录入收到答复的事件。"
            )
        if day > clock.correction_notice_due:
            warning = (
                f"补正通知于{_day(day)}发出，晚于《条例》第三十条规定的收到申请之日起{CORRECTION_NOTICE_WORKDAYS}个工作日"
                f"（{_day(clock.correction_notice_due)}），属程序瑕疵，请在案卷中说明；答复期限仍按第三十条自收到补正之日起重新计算。"
            )
            clock.warnings.append(warning)
            lines.append(warning)
        clock.awaiting_correction = day
        lines.append(
            f"{_day(day)}发出补正通知（第三十条）：答复期限暂停计算，自收到补正后的申请之日起重新计算。"
        )
        return

    if kind == EventKind.CORRECTION_RECEIVED:
        if clock.state != ClockState.AWAITING_CORRECTION:
            raise EventsOutOfOrder(
                f"第{position}个事件“{label}”（{_day(day)}）之前没有“发出补正通知”事件，请检查事件顺序。"
            )
        had_extension = clock.extended
        clock._restart(day)
        lines.append(
            f"{_day(day)}收到补正后的申请：此前经过的时间不再计算，自该日的次日起重新计算{ANSWER_WORKDAYS}个工作日"
            f"（第三十条），答复期限为{_day(clock.due())}。"
            + ("此前的延长决定随重新计算而不再适用。" if had_extension else "")
        )
        return

    if clock.state == ClockState.AWAITING_CORRECTION:
        raise EventsOutOfOrder(
            f"第{position}个事件“{label}”（{_day(day)}）：已发出补正通知、尚未收到补正，答复期限尚未重新起算，"
            "请先录入“收到补正后的申请”事件。"
        )

    if kind == EventKind.CONSULTATION_SENT:
        if clock.open_consultations:
            clock.open_consultations += 1
            lines.append(f"{_day(day)}另行发出征求意见：中止计算持续至最后一份答复收到之日。")
            return
        clock.open_consultations = 1
        original_due = clock.due()
        used = clock.used_through(day)
        if used >= clock.allowed:
            clock.consultation_effective = False
            lines.append(
                f"{_day(day)}发出征求意见（第三十二条、第三十四条）：此时答复期限（{_day(original_due)}）已经届满，"
                "征求意见不产生中止计算的效果。"
            )
            return
        clock.consultation_effective = True
        clock.used = used
        clock.anchor = None
        lines.append(
            f"{_day(day)}发出征求意见（第三十二条、第三十四条）：发出当日计入本机关办理时间，截至当日已用{used}个工作日，"
            f"剩余{clock.allowed - used}个工作日；征求意见所需时间不计算在答复期限内（第三十三条第三款），"
            "自次日起中止计算至收到答复之日（含当日）。"
        )
        return

    if kind == EventKind.CONSULTATION_REPLIED:
        if not clock.open_consultations:
            raise EventsOutOfOrder(
                f"第{position}个事件“{label}”（{_day(day)}）之前没有未答复的“发出征求意见”事件，请检查事件顺序。"
            )
        clock.open_consultations -= 1
        if clock.party_dues:
            clock.party_dues.remove(min(clock.party_dues))
        if clock.open_consultations:
            lines.append(f"{_day(day)}收到一份征求意见答复，仍有{clock.open_consultations}份未答复，继续中止计算。")
            return
        if not clock.consultation_effective:
            lines.append(f"{_day(day)}收到征求意见答复。")
            return
        clock.anchor = day
        lines.append(
            f"{_day(day)}收到征求意见答复：自次日起继续计算剩余{clock.allowed - clock.used}个工作日，"
            f"答复期限为{_day(clock.due())}。"
        )
        return

    if kind in _MORE:
        _MORE[kind](clock, event, position)
        return

    if kind == EventKind.EXTENSION:
        days = EXTENSION_MAX_WORKDAYS if event.days is None else int(event.days)
        if not 1 <= days <= EXTENSION_MAX_WORKDAYS:
            raise ExtensionNotAllowed(
                f"延长期限最长不得超过{EXTENSION_MAX_WORKDAYS}个工作日（第三十三条第二款），收到{days}个工作日。"
            )
        if clock.extended:
            raise ExtensionNotAllowed(
                f"{_day(day)}再次延长：答复期限只能延长一次，且延长期限最长不得超过{EXTENSION_MAX_WORKDAYS}个工作日"
                "（第三十三条第二款）。"
            )
        original_due = clock.due()  # None while suspended: the original due date is then still ahead
        if original_due is not None and day > original_due:
            raise ExtensionNotAllowed(
                f"延长答复期限须不晚于原答复期限（{_day(original_due)}）决定并告知申请人（第三十三条第二款）；"
                f"{_day(day)}已超过原答复期限，不能再延长。"
            )
        clock.allowed += days
        clock.extended = True
        after = clock.due()
        lines.append(
            f"{_day(day)}经政府信息公开工作机构负责人同意延长答复期限{days}个工作日（第三十三条第二款），"
            + (f"决定不晚于原答复期限（{_day(original_due)}）；延长后答复期限为{_day(after)}。"
               if original_due is not None else "决定于征求意见中止计算期间作出，原答复期限尚未届满。")
        )
        return

    raise DeadlineError(f"无法处理的事件类型：{kind}")  # pragma: no cover


def _consultation_received(clock: _Clock, event: RequestEvent, position: int) -> None:
    """第三十二条、第三十四条: the consulted party has 15 working days from receiving the letter."""
    if not clock.open_consultations:
        raise EventsOutOfOrder(f"第{position}个事件“{EVENT_LABELS[event.kind]}”（{_day(event.date)}）之前没有未答复的"
                               "“发出征求意见”事件，请检查事件顺序。")
    party_due = clock.add(event.date, CONSULTATION_WORKDAYS)
    clock.party_dues.append(party_due)
    clock.lines.append(
        f"{_day(event.date)}被征求意见方收到征求意见：应自收到之日起{CONSULTATION_WORKDAYS}个工作日内提出意见，"
        f"即{_day(party_due)}（含当日）前（第三十二条、第三十四条）；逾期未提出意见的，中止计算于该日结束。"
    )


def _consultation_expired(clock: _Clock, event: RequestEvent, position: int) -> None:
    """The consulted party's 15 working days ran out without an answer: the suspension ended on the last of them."""
    if not clock.open_consultations or not clock.party_dues:
        raise EventsOutOfOrder(f"第{position}个事件“{EVENT_LABELS[event.kind]}”（{_day(event.date)}）：请先录入被征求意见方"
                               "收到征求意见的日期。")
    party_due = min(clock.party_dues)
    if event.date <= party_due:
        raise DeadlineError(f"被征求意见方的答复期限至{_day(party_due)}（含当日），届满之后才能按逾期未答复处理。")
    clock.party_dues.remove(party_due)
    clock.open_consultations -= 1
    if clock.open_consultations:
        clock.lines.append(f"{_day(party_due)}一份征求意见逾期未答复，仍有{clock.open_consultations}份未答复，继续中止计算。")
        return
    if clock.consultation_effective:
        clock.anchor = party_due
        clock.lines.append(f"被征求意见方逾期未提出意见，中止计算于{_day(party_due)}结束，自次日起继续计算剩余"
                           f"{clock.allowed - clock.used}个工作日，答复期限为{_day(clock.due())}。")


def _fee_notice_sent(clock: _Clock, event: RequestEvent, position: int) -> None:
    """国办函〔2020〕109号; rules.md §3.4 edge rule 3: by default waiting for payment is not counted (the sending day
    is the agency's time, as for a consultation); where the jurisdiction counts it (`pause=False`) the clock runs on.
    A notice after the due date is refused."""
    due = clock.due()
    if clock.state != ClockState.RUNNING or due is None:
        raise EventsOutOfOrder(f"第{position}个事件“{EVENT_LABELS[event.kind]}”（{_day(event.date)}）：答复期限中止计算期间"
                               "不能发出收费通知。")
    if event.date > due:
        raise DeadlineError(f"收费通知应在答复期限（{_day(due)}）内发出；{_day(event.date)}已超过答复期限。")
    clock.awaiting_payment = event.date
    if not event.pause:
        clock.fee_pause = False
        clock.lines.append(
            f"{_day(event.date)}发出收费通知（国办函〔2020〕109号）：按本行政区划的设置，申请人缴费所需时间计入答复期限，"
            f"答复期限仍为{_day(due)}。"
        )
        return
    clock.fee_pause = True
    used = clock.used_through(event.date)
    if clock.later_due is not None and used >= clock.allowed:
        # 第三十五条: past the 20 working days only the later deadline set and notified stands; it is a date, not a
        # count of working days, so there is nothing to suspend (the payment then changes nothing, as with pause=False)
        clock.fee_pause = False
        clock.lines.append(
            f"{_day(event.date)}发出收费通知（国办函〔2020〕109号）：截至当日已用{used}个工作日，第三十三条规定的期限已用完，"
            f"答复期限为已确定的延迟答复期限{_day(clock.later_due)}（第三十五条），不因等待缴费而顺延。"
        )
        return
    # unlike a consultation sent on the due date, a notice ON the due date still stops the clock: the agency cannot answer
    # before the applicant pays, and the notice is in time (rules.md §5: within the answer period)
    clock.used, clock.anchor = used, None
    left, moved = f"剩余{clock.remaining}个工作日", ""
    if not clock.remaining:
        left = "当日为答复期限的最后一日，剩余0个工作日"
        moved = "，答复期限相应顺延至缴费之日（缴费之日不是工作日的，顺延至其后第一个工作日）"
    clock.lines.append(
        f"{_day(event.date)}发出收费通知（国办函〔2020〕109号）：发出当日计入本机关办理时间，截至当日已用{used}个工作日，"
        f"{left}；申请人缴费所需时间不计算在答复期限内，自次日起至缴费之日（含当日）中止计算{moved}。"
    )


def _awaiting_payment_line(clock: _Clock) -> str:
    if not clock.remaining:
        return ("目前等待申请人缴费，答复期限中止计算；原答复期限的工作日已用完，缴费后应于缴费当日答复"
                "（缴费之日不是工作日的，顺延至其后第一个工作日）。")
    return f"目前等待申请人缴费，答复期限中止计算；缴费后自次日起继续计算剩余{clock.remaining}个工作日。"


def _fee_notice_received(clock: _Clock, event: RequestEvent, position: int) -> None:
    if clock.awaiting_payment is None:
        raise EventsOutOfOrder(f"第{position}个事件“{EVENT_LABELS[event.kind]}”（{_day(event.date)}）之前没有“发出收费通知”事件。")
    pay_by = clock.add(event.date, FEE_PAYMENT_WORKDAYS)
    clock.lines.append(f"{_day(event.date)}申请人收到收费通知：应自收到之日起{FEE_PAYMENT_WORKDAYS}个工作日内缴费，"
                       f"即{_day(pay_by)}（含当日）前；逾期未缴费的，视为放弃申请。")


def _fee_paid(clock: _Clock, event: RequestEvent, position: int) -> None:
    if clock.awaiting_payment is None:
        raise EventsOutOfOrder(f"第{position}个事件“{EVENT_LABELS[event.kind]}”（{_day(event.date)}）之前没有“发出收费通知”事件。")
    clock.awaiting_payment = None
    if not clock.fee_pause:
        clock.lines.append(f"{_day(event.date)}申请人缴纳费用；答复期限为{_day(clock.due())}。")
        return
    clock.anchor = event.date
    if not clock.remaining:
        clock.lines.append(f"{_day(event.date)}申请人缴纳费用：收费通知发出时答复期限的工作日已用完，不再有剩余工作日，"
                           f"答复期限为{_day(clock.due())}（含当日）。")
        return
    clock.lines.append(f"{_day(event.date)}申请人缴纳费用：自次日起继续计算剩余{clock.remaining}个工作日，"
                       f"答复期限为{_day(clock.due())}。")


def _later_deadline(clock: _Clock, event: RequestEvent, position: int) -> None:
    """第三十五条: a reasonable later deadline, set and notified before the due date."""
    due = clock.due()
    if clock.state != ClockState.RUNNING or due is None:
        raise EventsOutOfOrder("答复期限目前中止计算（等待补正、征求意见或缴费），不能确定延迟答复期限。")
    if event.date > due:
        raise DeadlineError(f"延迟答复期限应在答复期限（{_day(due)}）届满前确定并告知申请人。")
    if event.due is None or event.due <= due:
        raise DeadlineError(f"延迟答复期限应晚于现在的答复期限（{_day(due)}）。")
    clock.later_due = event.due
    clock.lines.append(f"{_day(event.date)}经审查，申请人说明的理由合理，但无法在第三十三条规定的期限内答复，"
                       f"确定延迟答复的合理期限至{_day(event.due)}并告知申请人（第三十五条）。")


_MORE = {
    EventKind.CONSULTATION_RECEIVED: _consultation_received,
    EventKind.CONSULTATION_EXPIRED: _consultation_expired,
    EventKind.FEE_NOTICE_SENT: _fee_notice_sent,
    EventKind.FEE_NOTICE_RECEIVED: _fee_notice_received,
    EventKind.FEE_PAID: _fee_paid,
    EventKind.LATER_DEADLINE: _later_deadline,
}
