import pytest

from gongkai.catalog import workflow


@pytest.mark.parametrize(
    ("status", "move", "expected"),
    [
        ("draft", "submit", "submitted"),
        ("returned", "submit", "submitted"),
        ("submitted", "approve", "approved"),
        ("submitted", "return", "returned"),
        ("approved", "publish", "published"),
        ("published", "supersede", "superseded"),
    ],
)
def test_allowed_moves(status, move, expected):
    assert workflow.TABLE.next_status(status, move) == expected


@pytest.mark.parametrize(
    ("status", "move"),
    [
        ("draft", "approve"),
        ("draft", "publish"),
        ("submitted", "publish"),
        ("submitted", "submit"),
        ("approved", "return"),
        ("published", "submit"),
        ("published", "publish"),
        ("superseded", "publish"),
        ("superseded", "submit"),
    ],
)
def test_refused_moves_say_why_in_chinese(status, move):
    with pytest.raises(workflow.MoveRefused) as exc:
        workflow.TABLE.next_status(status, move)
    assert "不能" in exc.value.message


def test_only_draft_and_returned_are_editable():
    assert {s for s in workflow.TABLE.statuses() if workflow.TABLE.is_editable(s)} == {"draft", "returned"}


def test_superseded_is_final():
    assert workflow.TABLE.allowed_moves("superseded") == []
