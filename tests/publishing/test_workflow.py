"""The record workflow table (pure)."""

import pytest

from gongkai.publishing import workflow as wf

EXPECTED = {
    (wf.DRAFT, wf.SUBMIT): wf.SUBMITTED,
    (wf.SUBMITTED, wf.START_REVIEW): wf.IN_REVIEW,
    (wf.SUBMITTED, wf.RETURN): wf.DRAFT,
    (wf.IN_REVIEW, wf.RETURN): wf.DRAFT,
    (wf.IN_REVIEW, wf.APPROVE): wf.APPROVED,
    (wf.IN_REVIEW, wf.MASK_AS_SUGGESTED): wf.IN_REVIEW,
    (wf.APPROVED, wf.RETURN): wf.DRAFT,
    (wf.APPROVED, wf.SCHEDULE): wf.SCHEDULED,
    (wf.APPROVED, wf.PUBLISH): wf.PUBLISHED,
    (wf.SCHEDULED, wf.PUBLISH): wf.PUBLISHED,
    (wf.SCHEDULED, wf.UNSCHEDULE): wf.APPROVED,
    (wf.PUBLISHED, wf.REVISE): wf.REVISED,
    (wf.REVISED, wf.REVISE): wf.REVISED,
    (wf.REVISED, wf.APPROVE_REVISION): wf.PUBLISHED,
    (wf.REVISED, wf.MASK_AS_SUGGESTED): wf.REVISED,
    (wf.REVISED, wf.DISCARD_REVISION): wf.PUBLISHED,
    (wf.PUBLISHED, wf.WITHDRAW): wf.WITHDRAWN,
    (wf.REVISED, wf.WITHDRAW): wf.WITHDRAWN,
    (wf.SCHEDULED, wf.WITHDRAW): wf.WITHDRAWN,
    (wf.PUBLISHED, wf.ARCHIVE): wf.ARCHIVED,
    (wf.WITHDRAWN, wf.ARCHIVE): wf.ARCHIVED,
    (wf.DRAFT, wf.DECLARE_NOTHING): wf.PUBLISHED,
}
STATUSES = list(wf.TABLE.status_labels)
MOVES = list(wf.TABLE.move_labels)


@pytest.mark.parametrize(("start", "move"), list(EXPECTED))
def test_every_allowed_move(start, move):
    assert wf.TABLE.next_status(start, move) == EXPECTED[(start, move)]


def test_table_is_exactly_the_expected_one():
    assert wf.TABLE.transitions == EXPECTED


@pytest.mark.parametrize(("start", "move"),
                         [(s, m) for s in STATUSES for m in MOVES if (s, m) not in EXPECTED])
def test_every_other_move_is_refused_in_chinese(start, move):
    with pytest.raises(wf.MoveRefused) as exc:
        wf.TABLE.next_status(start, move)
    assert wf.TABLE.status_label(start) in exc.value.message
    assert wf.TABLE.label(move) in exc.value.message


def test_archived_is_final():
    assert wf.TABLE.allowed_moves(wf.ARCHIVED) == []
    with pytest.raises(wf.MoveRefused, match="已不能再变更"):
        wf.TABLE.next_status(wf.ARCHIVED, wf.PUBLISH)


def test_only_published_and_revised_are_public():
    assert wf.PUBLIC_STATUSES == {wf.PUBLISHED, wf.REVISED}
