"""A message's life (留言/咨询) as a `Workflow` table. Pure: no Django.

A citizen writes to a unit (待办理); the disclosure office may pass it to another unit (转办) or refuse it with a
reason (不予受理); the unit answers (待审核); the office publishes question and answer (已公开, the question masked),
returns the answer to the unit (退回修改), or closes it answered without publishing it (已答复不公开, with a reason)."""

from __future__ import annotations

from gongkai.core.workflow import Workflow

PENDING = "pending"
ANSWERED = "answered"
PUBLISHED = "published"
CLOSED = "closed"
REJECTED = "rejected"

ASSIGN = "assign"
ANSWER = "answer"
PUBLISH = "publish"
RETURN = "return"
CLOSE = "close"
REJECT = "reject"

STATUS_LABELS = {
    PENDING: "待办理",
    ANSWERED: "已答复待审核",
    PUBLISHED: "已公开",
    CLOSED: "已答复（不公开）",
    REJECTED: "不予受理",
}

TABLE = Workflow(
    subject="该留言",
    transitions={
        (PENDING, ASSIGN): PENDING,
        (PENDING, ANSWER): ANSWERED,
        (PENDING, REJECT): REJECTED,
        (ANSWERED, PUBLISH): PUBLISHED,
        (ANSWERED, RETURN): PENDING,
        (ANSWERED, CLOSE): CLOSED,
    },
    move_labels={ASSIGN: "转办", ANSWER: "答复", PUBLISH: "审核公开", RETURN: "退回修改", CLOSE: "答复不公开",
                 REJECT: "不予受理"},
    status_labels=STATUS_LABELS,
    editable=frozenset({PENDING}),
    closed_hint="已办结，不能再变更。",
    button_labels={ASSIGN: "转办到其他单位", ANSWER: "提交答复", PUBLISH: "审核通过并公开", RETURN: "退回单位修改",
                   CLOSE: "答复不公开", REJECT: "不予受理"},
)

# Which moves are the unit's (answering) and which the office's (assigning, moderating).
UNIT_MOVES = frozenset({ANSWER})
OFFICE_MOVES = frozenset({ASSIGN, PUBLISH, RETURN, CLOSE, REJECT})
# Statuses in which the message waits for the unit's answer (the clock runs).
WAITING = frozenset({PENDING})
# Statuses in which the unit has answered.
ANSWERED_STATUSES = frozenset({ANSWERED, PUBLISHED, CLOSED})
