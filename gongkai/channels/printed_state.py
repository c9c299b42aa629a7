"""Whether a printed bulletin still matches the record online. Pure: no Django.

A bulletin on a village or community notice board is a copy of one revision of a record. The board does
not change when the record does, so the copy is judged against the record as the public sees it now:

- replaced      a newer copy has been printed for the same board (the old one was swapped);
- withdrawn     the record is no longer public (withdrawn or archived): take the copy down;
- out_of_date   the record has a newer public revision than the one printed, or its entries (明细, which
                are not part of a revision) changed after printing: print and post the new one;
- current       the copy shows what the portal shows.
"""

from __future__ import annotations

from enum import StrEnum


class CopyState(StrEnum):
    CURRENT = "current"
    OUT_OF_DATE = "out_of_date"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"


STATE_LABELS = {
    CopyState.CURRENT: "现行",
    CopyState.OUT_OF_DATE: "已过期（原文已修改）",
    CopyState.WITHDRAWN: "已失效（原文已撤回或归档）",
    CopyState.REPLACED: "已更换为新版",
}

# What the unit should do about a copy in that state (shown beside the badge).
STATE_ADVICE = {
    CopyState.CURRENT: "",
    CopyState.OUT_OF_DATE: "请打印新版公告，替换公示栏上的旧版。",
    CopyState.WITHDRAWN: "请从公示栏撤下该公告。",
    CopyState.REPLACED: "",
}


def copy_state(*, printed_revision_id: int, public_revision_id: int | None, record_is_public: bool,
               replaced: bool, entries_changed: bool = False) -> CopyState:
    if replaced:
        return CopyState.REPLACED
    if not record_is_public or public_revision_id is None:
        return CopyState.WITHDRAWN
    if public_revision_id != printed_revision_id or entries_changed:
        return CopyState.OUT_OF_DATE
    return CopyState.CURRENT


def is_out_of_date(state: CopyState) -> bool:
    """The copy no longer shows what the record says online (whether or not it has been swapped since)."""
    return state != CopyState.CURRENT


def needs_action(state: CopyState) -> bool:
    """Someone has to go to the board: print the new version, or take the copy down."""
    return state in (CopyState.OUT_OF_DATE, CopyState.WITHDRAWN)


def board_key(board: str) -> str:
    """Boards are typed by people: 城西社区 公示栏 and 城西社区公示栏 are the same board."""
    return "".join(board.split()).replace("（", "(").replace("）", ")").lower()
