"""The lifecycle of a 依申请公开 request as data: (status, move) → new status. Pure (no Django); the services ask
`TABLE.next_status` (through `services._move`) before they write, the back office asks `selectors.request_moves`,
which asks this table and `accounts.policies` (MOVE_ACTIONS), and nothing else decides which moves a request
allows.

One state field, `status`, owned by this table. `stage` (第四十五条: 登记 → 审核 → 办理 → 答复 → 归档, shown on the
public tracking page) is not a second state: it is `stage_for(status, assigned)`, written by the services in the
same save as the status and never set on its own.

awaiting_confirmation ─confirm/contact_made→ in_progress ─correction→ awaiting_correction ─correction_received→
in_progress; ─consultation_sent→ in_consultation ─consultation_replied→ in_progress (stays in consultation
while another consultation is outstanding); ─fee_notice→ awaiting_payment ─fee_paid→ in_progress; ─reply→ replied
─archive→ archived. A correction or a fee not made in time ends as abandoned (a reply of its own, rows 三(六)1/2)."""

from __future__ import annotations

from enum import StrEnum

from gongkai.core.workflow import MoveRefused, Workflow

__all__ = ["EVENT_LABELS", "MOVE_ACTIONS", "MOVE_RECORDS", "OPEN_STATUSES", "TABLE", "EventKind", "MoveRefused",
           "Stage", "Status", "refusal", "stage_for"]


class Status(StrEnum):
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    IN_PROGRESS = "in_progress"
    AWAITING_CORRECTION = "awaiting_correction"
    IN_CONSULTATION = "in_consultation"
    AWAITING_PAYMENT = "awaiting_payment"
    REPLIED = "replied"
    ABANDONED = "abandoned"
    ARCHIVED = "archived"


STATUS_LABELS = {
    Status.AWAITING_CONFIRMATION: "待确认", Status.IN_PROGRESS: "办理中", Status.AWAITING_CORRECTION: "待补正",
    Status.IN_CONSULTATION: "征求意见中", Status.AWAITING_PAYMENT: "待缴费", Status.REPLIED: "已答复",
    Status.ABANDONED: "视为放弃", Status.ARCHIVED: "已归档",
}

OPEN_STATUSES = (Status.AWAITING_CONFIRMATION, Status.IN_PROGRESS, Status.AWAITING_CORRECTION,
                 Status.IN_CONSULTATION, Status.AWAITING_PAYMENT)
# The receipt day is known in every open status but the first (第三十一条).
RECEIVED = (Status.IN_PROGRESS, Status.AWAITING_CORRECTION, Status.IN_CONSULTATION, Status.AWAITING_PAYMENT)
ANSWERED = (Status.REPLIED, Status.ABANDONED)


class Stage(StrEnum):
    """第四十五条: 登记 → 审核 → 办理 → 答复 → 归档."""

    REGISTERED = "registered"
    REVIEWING = "reviewing"
    HANDLING = "handling"
    REPLIED = "replied"
    ARCHIVED = "archived"


class EventKind(StrEnum):
    """The entries of a request's log (what each move records, MOVE_RECORDS). The one enum of the concept: the
    model's choices, the log on the request page and the clock's messages (deadlines.EVENT_LABELS) take these
    labels."""

    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    CONTACT_MADE = "contact_made"
    ASSIGNED = "assigned"
    TRANSFERRED = "transferred"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CORRECTION_PERIOD_ENDED = "correction_period_ended"
    CONSULTATION_SENT = "consultation_sent"
    CONSULTATION_RECEIVED = "consultation_received"
    CONSULTATION_REPLIED = "consultation_replied"
    EXTENSION_APPROVED = "extension_approved"
    LATER_DEADLINE_SET = "later_deadline_set"
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_NOTICE_RECEIVED = "fee_notice_received"
    FEE_PAID = "fee_paid"
    DEEMED_ABANDONED = "deemed_abandoned"
    REPLIED = "replied"
    DELIVERED = "delivered"
    ARCHIVED = "archived"


EVENT_LABELS = {
    EventKind.REGISTERED: "登记",
    EventKind.CONFIRMED: "双方确认",
    EventKind.CONTACT_MADE: "取得联系",
    EventKind.ASSIGNED: "交办",
    EventKind.TRANSFERRED: "转办",
    EventKind.CORRECTION_REQUESTED: "发出补正通知",
    EventKind.CORRECTION_RECEIVED: "收到补正后的申请",
    EventKind.CORRECTION_PERIOD_ENDED: "补正期限届满",
    EventKind.CONSULTATION_SENT: "发出征求意见",
    EventKind.CONSULTATION_RECEIVED: "被征求意见方收到征求意见",
    EventKind.CONSULTATION_REPLIED: "收到征求意见答复",
    EventKind.EXTENSION_APPROVED: "决定延长答复期限",
    EventKind.LATER_DEADLINE_SET: "确定延迟答复的合理期限（第三十五条）",
    EventKind.FEE_NOTICE_SENT: "发出收费通知",
    EventKind.FEE_NOTICE_RECEIVED: "申请人收到收费通知",
    EventKind.FEE_PAID: "缴纳费用",
    EventKind.DEEMED_ABANDONED: "视为放弃",
    EventKind.REPLIED: "答复",
    EventKind.DELIVERED: "送达",
    EventKind.ARCHIVED: "归档",
}


STAGE_LABELS = {Stage.REGISTERED: "登记", Stage.REVIEWING: "审核", Stage.HANDLING: "办理", Stage.REPLIED: "答复",
                Stage.ARCHIVED: "归档"}


def stage_for(status: str, *, assigned: bool) -> Stage:
    """The stage a request in `status` is at: registered until the receipt day is known, reviewed until a
    unit handles it, then handled, answered and archived."""
    if status == Status.ARCHIVED:
        return Stage.ARCHIVED
    if status in ANSWERED:
        return Stage.REPLIED
    if status == Status.AWAITING_CONFIRMATION:
        return Stage.REGISTERED
    return Stage.HANDLING if assigned else Stage.REVIEWING


CONFIRM = "confirm"
CONTACT_MADE = "contact_made"
ASSIGN = "assign"
TRANSFER = "transfer"
CORRECTION = "correction"
CORRECTION_RECEIVED = "correction_received"
CORRECTION_PERIOD_ENDED = "correction_period_ended"
CONSULTATION_SENT = "consultation_sent"
CONSULTATION_RECEIVED = "consultation_received"
CONSULTATION_REPLIED = "consultation_replied"
EXTENSION = "extension"
LATER_DEADLINE = "later_deadline"
FEE_NOTICE = "fee_notice"
FEE_NOTICE_RECEIVED = "fee_notice_received"
FEE_PAID = "fee_paid"
FEE_PERIOD_ENDED = "fee_period_ended"
REPLY = "reply"
DELIVER = "deliver"
ARCHIVE = "archive"

_transitions: dict[tuple[str, str], str] = {
    (Status.AWAITING_CONFIRMATION, CONFIRM): Status.IN_PROGRESS,
    (Status.AWAITING_CONFIRMATION, CONTACT_MADE): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, CORRECTION): Status.AWAITING_CORRECTION,
    (Status.AWAITING_CORRECTION, CORRECTION_RECEIVED): Status.IN_PROGRESS,
    (Status.AWAITING_CORRECTION, CORRECTION_PERIOD_ENDED): Status.ABANDONED,
    (Status.IN_PROGRESS, CONSULTATION_SENT): Status.IN_CONSULTATION,
    (Status.IN_CONSULTATION, CONSULTATION_SENT): Status.IN_CONSULTATION,
    (Status.IN_CONSULTATION, CONSULTATION_RECEIVED): Status.IN_CONSULTATION,
    (Status.IN_CONSULTATION, CONSULTATION_REPLIED): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, LATER_DEADLINE): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, FEE_NOTICE): Status.AWAITING_PAYMENT,
    (Status.AWAITING_PAYMENT, FEE_NOTICE_RECEIVED): Status.AWAITING_PAYMENT,
    (Status.AWAITING_PAYMENT, FEE_PAID): Status.IN_PROGRESS,
    (Status.AWAITING_PAYMENT, FEE_PERIOD_ENDED): Status.ABANDONED,
    (Status.IN_PROGRESS, REPLY): Status.REPLIED,
    # 第三十条: an application still unclear after correction is answered as such (the service checks the type).
    (Status.AWAITING_CORRECTION, REPLY): Status.REPLIED,
}
# A unit is given the request, or another unit takes it over, in any open status; the answer period is
# extended (第三十三条第二款) once the receipt day is known.
for _status in OPEN_STATUSES:
    _transitions[(_status, ASSIGN)] = _status
    _transitions[(_status, TRANSFER)] = _status
for _status in RECEIVED:
    _transitions[(_status, EXTENSION)] = _status
for _status in ANSWERED:
    _transitions[(_status, DELIVER)] = _status
    _transitions[(_status, ARCHIVE)] = Status.ARCHIVED

MOVE_LABELS = {
    CONFIRM: "双方确认", CONTACT_MADE: "录入取得联系", ASSIGN: "交办", TRANSFER: "转办",
    CORRECTION: "发出补正通知", CORRECTION_RECEIVED: "录入收到补正", CORRECTION_PERIOD_ENDED: "按逾期不补正处理",
    CONSULTATION_SENT: "征求意见", CONSULTATION_RECEIVED: "录入对方收到征求意见的日期",
    CONSULTATION_REPLIED: "录入征求意见的结果", EXTENSION: "延期",
    LATER_DEADLINE: "确定延迟答复期限", FEE_NOTICE: "发出收费通知", FEE_NOTICE_RECEIVED: "录入申请人收到收费通知的日期", FEE_PAID: "登记缴费",
    FEE_PERIOD_ENDED: "按逾期未缴费处理", REPLY: "答复", DELIVER: "登记送达", ARCHIVE: "归档",
}

TABLE = Workflow(
    subject="该申请",
    transitions=_transitions,
    move_labels=MOVE_LABELS,
    status_labels=STATUS_LABELS,
    closed_hint="已办结，不能再变更。",
)

# Who may make each move: the action `accounts.policies.can` is asked about (by name; this module is pure).
MOVE_ACTIONS = {move: "handle_request" for move in MOVE_LABELS}
MOVE_ACTIONS[EXTENSION] = "approve_extension"

# What each move records in the request's log (the event kind; None: a delivery record, not an event of the clock).
MOVE_RECORDS = {
    CONFIRM: EventKind.CONFIRMED, CONTACT_MADE: EventKind.CONTACT_MADE, ASSIGN: EventKind.ASSIGNED,
    TRANSFER: EventKind.TRANSFERRED, CORRECTION: EventKind.CORRECTION_REQUESTED,
    CORRECTION_RECEIVED: EventKind.CORRECTION_RECEIVED, CORRECTION_PERIOD_ENDED: EventKind.CORRECTION_PERIOD_ENDED,
    CONSULTATION_SENT: EventKind.CONSULTATION_SENT, CONSULTATION_RECEIVED: EventKind.CONSULTATION_RECEIVED,
    CONSULTATION_REPLIED: EventKind.CONSULTATION_REPLIED, EXTENSION: EventKind.EXTENSION_APPROVED,
    LATER_DEADLINE: EventKind.LATER_DEADLINE_SET, FEE_NOTICE: EventKind.FEE_NOTICE_SENT,
    FEE_NOTICE_RECEIVED: EventKind.FEE_NOTICE_RECEIVED, FEE_PAID: EventKind.FEE_PAID,
    FEE_PERIOD_ENDED: EventKind.DEEMED_ABANDONED, REPLY: EventKind.REPLIED, DELIVER: EventKind.DELIVERED,
    ARCHIVE: EventKind.ARCHIVED,
}

# Refusals that say more than "当前为…，不能…" (format fields: status = the status's label).
_NOT_RECEIVED = "尚未确定收到申请之日（需先与申请人确认或取得联系），不能{move}。"
_REFUSALS: dict[tuple[str | None, str], str] = {
    (None, CORRECTION_RECEIVED): "该申请没有等待补正，不能录入收到补正。",
    (None, CORRECTION_PERIOD_ENDED): "该申请没有等待补正，不能按逾期不补正处理。",
    (None, CONSULTATION_REPLIED): "该申请没有未答复的征求意见。",
    (None, FEE_PAID): "该申请没有等待缴费。",
    (None, FEE_PERIOD_ENDED): "该申请没有等待缴费。",
    (None, FEE_NOTICE): "该申请{status}，不能发出收费通知。",
    (None, DELIVER): "该申请尚未答复，不能登记送达。",
    (None, ARCHIVE): "答复之后才能归档。",
    (None, CONFIRM): "该申请的收到申请之日已经确定，无需再确认。",
    (None, CONTACT_MADE): "该申请的收到申请之日已经确定，无需再录入取得联系。",
    (Status.AWAITING_CORRECTION, CONSULTATION_SENT): "该申请正在等待补正，收到补正后才能征求意见。",
    (Status.IN_CONSULTATION, REPLY): "征求意见尚未收到答复，请先录入征求意见的结果。",
    (Status.AWAITING_PAYMENT, REPLY): "该申请正在等待缴费。",
    (Status.AWAITING_CORRECTION, LATER_DEADLINE): "答复期限目前中止计算（等待补正或征求意见），不能确定延迟答复期限。",
    (Status.IN_CONSULTATION, LATER_DEADLINE): "答复期限目前中止计算（等待补正或征求意见），不能确定延迟答复期限。",
}


def refusal(status: str, move: str) -> str:
    """Why `move` is refused in `status`, in Chinese (the table's own message unless a clearer one is known)."""
    label = STATUS_LABELS.get(status, status)  # type: ignore[call-overload]
    message = _REFUSALS.get((status, move)) or _REFUSALS.get((None, move))
    if message is None and status == Status.AWAITING_CONFIRMATION:
        message = _NOT_RECEIVED
    if message is None and status not in OPEN_STATUSES:
        message = "该申请{status}，不能再{move}。"
    if message is None:
        try:
            TABLE.next_status(status, move)
        except MoveRefused as exc:
            return exc.message
    return (message or "").format(status=label, move=MOVE_LABELS.get(move, move))


def next_status(status: str, move: str) -> Status:
    """The status after `move`; MoveRefused (the domain's TransitionNotAllowed) with `refusal`'s message."""
    if (status, move) not in TABLE.transitions:
        raise MoveRefused(refusal(status, move))
    return Status(TABLE.next_status(status, move))


def initial_status(*, received: bool) -> Status:
    """The status of a request when it is registered: in progress at once when the receipt day is already
    known (in person, a signed letter), else waiting for both sides to confirm (第三十一条)."""
    return Status.IN_PROGRESS if received else Status.AWAITING_CONFIRMATION


# Facts of a request, besides its status, that open or close a move: a unit handles it, a fee notice went out,
# a reply exists (a delivery is recorded against it). `selectors.request_facts` reads them.
ASSIGNED, FEE_NOTICED, HAS_REPLY = "assigned", "fee_noticed", "has_reply"
LETTER_NOT_YET_RECEIVED = "letter_not_yet_received"  # a consultation whose receipt day is not recorded
_NEEDS = {TRANSFER: ASSIGNED, DELIVER: HAS_REPLY, CONSULTATION_RECEIVED: LETTER_NOT_YET_RECEIVED}
FEE_NOTICE_RECEIPT_RECORDED = "fee_notice_receipt_recorded"
_EXCLUDED_BY = {ASSIGN: ASSIGNED, FEE_NOTICE: FEE_NOTICED, FEE_NOTICE_RECEIVED: FEE_NOTICE_RECEIPT_RECORDED}

# The moves a screen shows first, as the next steps; the others of the moment sit behind "更多办理操作".
NEXT_STEPS = frozenset({CONFIRM, CORRECTION_RECEIVED, CONSULTATION_RECEIVED, CONSULTATION_REPLIED, FEE_PAID, REPLY, DELIVER, ARCHIVE})


def applies(move: str, facts: frozenset[str] | set[str]) -> bool:
    """Whether the request's facts leave `move` open (the status is asked of TABLE separately)."""
    if move in _NEEDS and _NEEDS[move] not in facts:
        return False
    return not (move in _EXCLUDED_BY and _EXCLUDED_BY[move] in facts)
