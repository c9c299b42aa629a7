"""The message lifecycle table (pure)."""

import pytest

from gongkai.core.workflow import MoveRefused
from gongkai.interaction import workflow
from gongkai.interaction.workflow import TABLE


def test_a_message_is_answered_then_moderated():
    status = TABLE.next_status(workflow.PENDING, workflow.ASSIGN)
    assert status == workflow.PENDING
    status = TABLE.next_status(status, workflow.ANSWER)
    assert status == workflow.ANSWERED
    assert TABLE.next_status(status, workflow.PUBLISH) == workflow.PUBLISHED
    assert TABLE.next_status(status, workflow.RETURN) == workflow.PENDING
    assert TABLE.next_status(status, workflow.CLOSE) == workflow.CLOSED
    assert TABLE.next_status(workflow.PENDING, workflow.REJECT) == workflow.REJECTED


@pytest.mark.parametrize("status, move", [(workflow.PENDING, workflow.PUBLISH), (workflow.PUBLISHED, workflow.ANSWER),
                                          (workflow.REJECTED, workflow.ANSWER), (workflow.ANSWERED, workflow.REJECT)])
def test_moves_the_table_does_not_allow_are_refused_in_chinese(status, move):
    with pytest.raises(MoveRefused) as exc:
        TABLE.next_status(status, move)
    assert exc.value.message.startswith("该留言当前为")


def test_every_move_belongs_to_the_unit_or_the_office():
    assert workflow.UNIT_MOVES | workflow.OFFICE_MOVES == set(TABLE.move_labels)
    assert not workflow.UNIT_MOVES & workflow.OFFICE_MOVES
