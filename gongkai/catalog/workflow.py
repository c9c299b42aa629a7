"""The catalog version workflow as data: (status, move) → new status. Pure; services enforce it.

draft → submitted → approved by the level above, or returned with comments → published → superseded."""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED, SUPERSEDED = (
    "draft", "submitted", "returned", "approved", "published", "superseded",
)

SUBMIT, APPROVE, RETURN, PUBLISH, SUPERSEDE = "submit", "approve", "return", "publish", "supersede"

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, SUBMIT): SUBMITTED,
    (RETURNED, SUBMIT): SUBMITTED,
    (SUBMITTED, APPROVE): APPROVED,
    (SUBMITTED, RETURN): RETURNED,
    (APPROVED, PUBLISH): PUBLISHED,
    (PUBLISHED, SUPERSEDE): SUPERSEDED,
}

MOVE_LABELS = {SUBMIT: "报送审批", APPROVE: "审批通过", RETURN: "退回修改", PUBLISH: "发布", SUPERSEDE: "被新版本替代"}
STATUS_LABELS = {
    DRAFT: "草稿", SUBMITTED: "已报送待审批", RETURNED: "已退回修改", APPROVED: "已审批",
    PUBLISHED: "已发布", SUPERSEDED: "已被新版本替代",
}
EDITABLE = frozenset({DRAFT, RETURNED})


class MoveRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Move:
    from_status: str
    move: str
    to_status: str


def next_status(status: str, move: str) -> str:
    """The status after `move`, or MoveRefused with a message a person can act on."""
    try:
        return TRANSITIONS[(status, move)]
    except KeyError:
        allowed = [MOVE_LABELS[m] for (s, m) in TRANSITIONS if s == status]
        hint = f"当前可以：{'、'.join(allowed)}。" if allowed else "该版本已不能再变更。"
        raise MoveRefused(
            f"目录版本当前为“{STATUS_LABELS.get(status, status)}”，不能{MOVE_LABELS.get(move, move)}。{hint}"
        ) from None


def allowed_moves(status: str) -> list[str]:
    return [m for (s, m) in TRANSITIONS if s == status]


def is_editable(status: str) -> bool:
    return status in EDITABLE
