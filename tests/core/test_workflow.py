"""The shared workflow helper: a table of (status, move) → status, asked by services and screens."""

import pytest

from gongkai.core.workflow import MoveRefused, Workflow

FLOW = Workflow(
    subject="该事项",
    transitions={("draft", "submit"): "submitted", ("submitted", "approve"): "approved",
                 ("submitted", "return"): "draft"},
    move_labels={"submit": "提交", "approve": "通过", "return": "退回"},
    status_labels={"draft": "草稿", "submitted": "已提交", "approved": "已通过"},
    editable=frozenset({"draft"}),
)


def test_next_status_follows_the_table():
    assert FLOW.next_status("draft", "submit") == "submitted"
    assert FLOW.next_status("submitted", "return") == "draft"


def test_an_illegal_move_is_refused_with_what_is_possible_now():
    with pytest.raises(MoveRefused) as exc:
        FLOW.next_status("submitted", "submit")
    assert exc.value.message == "该事项当前为“已提交”，不能提交。当前可以：通过、退回。"


def test_a_closed_status_says_so():
    with pytest.raises(MoveRefused) as exc:
        FLOW.next_status("approved", "return")
    assert exc.value.message.endswith("该事项已不能再变更。")


def test_moves_for_asks_the_policy_for_each_move():
    assert FLOW.allowed_moves("submitted") == ["approve", "return"]
    assert FLOW.moves_for("submitted", may=lambda move: move == "return") == ["return"]
    assert FLOW.moves_for("draft", may=lambda move: False) == []


def test_editable_statuses():
    assert FLOW.is_editable("draft") and not FLOW.is_editable("submitted")


def test_a_refused_move_is_the_domains_transition_error():
    """Services let it rise as is: screens and the API catch `TransitionNotAllowed` and show its message."""
    from gongkai.core.errors import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed) as exc:
        FLOW.next_status("approved", "submit")
    assert exc.value.code == "transition_not_allowed"
    assert str(exc.value) == exc.value.message


def test_a_button_says_the_move_unless_the_table_words_it_otherwise():
    flow = Workflow(subject="该事项", transitions=FLOW.transitions, move_labels=FLOW.move_labels,
                    status_labels=FLOW.status_labels, button_labels={"submit": "提交审核"})
    assert flow.button("submit") == "提交审核" and flow.label("submit") == "提交"
    assert flow.button("approve") == "通过"
