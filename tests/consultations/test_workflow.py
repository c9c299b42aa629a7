"""A consultation's life as a table (pure)."""

import pytest

from gongkai.consultations.workflow import TABLE, Status
from gongkai.core.workflow import MoveRefused


def test_lifecycle_draft_open_closed_summary():
    assert TABLE.next_status(Status.DRAFT, "publish") == Status.OPEN
    assert TABLE.next_status(Status.OPEN, "close") == Status.CLOSED
    assert TABLE.next_status(Status.CLOSED, "publish_summary") == Status.SUMMARY_PUBLISHED


@pytest.mark.parametrize(("status", "move"), [(Status.DRAFT, "close"), (Status.OPEN, "publish_summary"),
                                              (Status.SUMMARY_PUBLISHED, "close")])
def test_illegal_moves_say_what_is_possible_in_chinese(status, move):
    with pytest.raises(MoveRefused, match="该征求意见当前为"):
        TABLE.next_status(status, move)
