"""One small helper for workflows as data: a table of (status, move) → new status, with Chinese labels.

Pure (no Django). Each app declares its table once (`catalog/workflow.py`, `publishing/workflow.py`,
`disclosure_requests/workflow.py`); services ask `next_status` before they write, and screens ask
`moves_for(status, may=…)` which moves this user may make, where `may` is the policy module's answer for one
move. Nobody rebuilds the table elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.errors import TransitionNotAllowed


class MoveRefused(TransitionNotAllowed):
    """An illegal move; `message` names the status, the move and what is possible now, in Chinese.

    It is the domain's `TransitionNotAllowed` (pure Python, like this module), so a service lets it rise
    as is and every screen shows its message: the mapping is made here, once."""

    def __init__(self, message: str):
        super().__init__(message)


@dataclass(frozen=True)
class Workflow:
    """A transition table. `subject` names the object in messages ("目录版本", "该政府信息", "该申请")."""

    subject: str
    transitions: Mapping[tuple[str, str], str]
    move_labels: Mapping[str, str]
    status_labels: Mapping[Any, str]  # keyed by a StrEnum or by plain strings
    editable: frozenset[str] = field(default_factory=frozenset)
    closed_hint: str = "已不能再变更。"
    # What a screen's button says where it differs from the move's name in a sentence ("不能提交审查" but a
    # button "提交审核"); screens take every button text from here.
    button_labels: Mapping[str, str] = field(default_factory=dict)

    def next_status(self, status: str, move: str) -> str:
        """The status after `move`, or MoveRefused with a message a person can act on."""
        try:
            return self.transitions[(status, move)]
        except KeyError:
            allowed = [self.move_labels[m] for m in self.allowed_moves(status)]
            hint = f"当前可以：{'、'.join(allowed)}。" if allowed else f"{self.subject}{self.closed_hint}"
            raise MoveRefused(
                f"{self.subject}当前为“{self.status_labels.get(status, status)}”，"
                f"不能{self.move_labels.get(move, move)}。{hint}"
            ) from None

    def allowed_moves(self, status: str) -> list[str]:
        """Every move the table allows from `status`, in the table's order."""
        return [m for (s, m) in self.transitions if s == status]

    def moves_for(self, status: str, *, may: Callable[[str], bool]) -> list[str]:
        """The moves from `status` that `may` (the policy's answer for this user and object) allows."""
        return [m for m in self.allowed_moves(status) if may(m)]

    def is_editable(self, status: str) -> bool:
        return status in self.editable

    def label(self, move: str) -> str:
        return self.move_labels.get(move, move)

    def button(self, move: str) -> str:
        return self.button_labels.get(move) or self.label(move)

    def status_label(self, status: str) -> str:
        return self.status_labels.get(status, status)

    def statuses(self) -> Iterable[str]:
        return self.status_labels.keys()
