"""The request lifecycle as data (disclosure_requests/workflow.py): every move is labelled, asked of the policy
and records an event; the stage follows the status; refusals are Chinese and say why."""

import pytest

from gongkai.accounts.policies import Action
from gongkai.core.errors import TransitionNotAllowed
from gongkai.disclosure_requests import workflow
from gongkai.disclosure_requests.models import EventKind, Stage, Status
from gongkai.disclosure_requests.workflow import TABLE


def test_every_move_has_a_label_a_policy_action_and_an_event_it_records():
    moves = {m for (_s, m) in TABLE.transitions}
    assert moves == set(workflow.MOVE_LABELS) == set(workflow.MOVE_ACTIONS) == set(workflow.MOVE_RECORDS)
    for move in moves:
        Action(workflow.MOVE_ACTIONS[move])
        EventKind(workflow.MOVE_RECORDS[move])


def test_the_models_use_the_workflows_statuses_and_labels():
    assert {(s.value, s.label) for s in Status} == {(s.value, label) for s, label in workflow.STATUS_LABELS.items()}
    assert {s.value for s in Stage} == {s.value for s in workflow.Stage}


def test_closed_requests_allow_no_move_but_delivery_and_archiving():
    assert TABLE.allowed_moves(Status.ARCHIVED) == []
    assert set(TABLE.allowed_moves(Status.REPLIED)) == {workflow.DELIVER, workflow.ARCHIVE}


def test_stage_follows_status_and_assignment():
    """第四十五条: 登记 → 审核 → 办理 → 答复 → 归档."""
    assert workflow.stage_for(Status.AWAITING_CONFIRMATION, assigned=True) == Stage.REGISTERED
    assert workflow.stage_for(Status.IN_PROGRESS, assigned=False) == Stage.REVIEWING
    assert workflow.stage_for(Status.AWAITING_CORRECTION, assigned=True) == Stage.HANDLING
    assert workflow.stage_for(Status.ABANDONED, assigned=True) == Stage.REPLIED
    assert workflow.stage_for(Status.ARCHIVED, assigned=False) == Stage.ARCHIVED


def test_refusals_are_chinese_and_name_the_reason():
    with pytest.raises(TransitionNotAllowed) as exc:
        workflow.next_status(Status.IN_CONSULTATION, workflow.REPLY)
    assert "征求意见尚未收到答复" in exc.value.message
    with pytest.raises(TransitionNotAllowed) as exc:
        workflow.next_status(Status.AWAITING_CONFIRMATION, workflow.CORRECTION)
    assert "尚未确定收到申请之日" in exc.value.message
    with pytest.raises(TransitionNotAllowed) as exc:
        workflow.next_status(Status.ARCHIVED, workflow.TRANSFER)
    assert exc.value.message == "该申请已归档，不能再转办。"


def test_facts_open_and_close_moves():
    assert workflow.applies(workflow.ASSIGN, set()) and not workflow.applies(workflow.ASSIGN, {workflow.ASSIGNED})
    assert workflow.applies(workflow.TRANSFER, {workflow.ASSIGNED}) and not workflow.applies(workflow.TRANSFER, set())
    assert not workflow.applies(workflow.FEE_NOTICE, {workflow.FEE_NOTICED})


def test_one_enum_and_one_set_of_labels_per_concept():
    """The log's kinds and the reply types: the model's choices are the pure enums with the pure modules' labels,
    and the clock names its events with the log's labels (no second table)."""
    from gongkai.disclosure_requests import deadlines, models, reply_types

    assert dict(models.EventKind.choices) == {k.value: label for k, label in workflow.EVENT_LABELS.items()}
    assert dict(models.ReplyType.choices) == {t.value: label for t, label in reply_types.REPLY_TYPE_LABELS.items()}
    for log, clock_kind in deadlines.CLOCK_KIND_OF_LOG.items():
        assert deadlines.EVENT_LABELS[clock_kind] == workflow.EVENT_LABELS[workflow.EventKind(log)]
    assert set(deadlines.EVENT_LABELS) == set(deadlines.EventKind)
