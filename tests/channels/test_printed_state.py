"""The state of a printed bulletin against the record online (pure)."""

import pytest

from gongkai.channels.printed_state import CopyState, board_key, copy_state, is_out_of_date, needs_action


@pytest.mark.parametrize(("printed", "public", "is_public", "replaced", "expected"), [
    (1, 1, True, False, CopyState.CURRENT),
    (1, 2, True, False, CopyState.OUT_OF_DATE),
    (1, 1, False, False, CopyState.WITHDRAWN),
    (1, None, False, False, CopyState.WITHDRAWN),
    (1, 2, False, False, CopyState.WITHDRAWN),
    (1, 2, True, True, CopyState.REPLACED),
    (1, 1, False, True, CopyState.REPLACED),
])
def test_copy_state(printed, public, is_public, replaced, expected):
    assert copy_state(printed_revision_id=printed, public_revision_id=public, record_is_public=is_public,
                      replaced=replaced) == expected


def test_entries_changed_after_printing_make_a_copy_out_of_date():
    assert copy_state(printed_revision_id=1, public_revision_id=1, record_is_public=True, replaced=False,
                      entries_changed=True) == CopyState.OUT_OF_DATE
    assert copy_state(printed_revision_id=1, public_revision_id=1, record_is_public=True, replaced=True,
                      entries_changed=True) == CopyState.REPLACED


def test_out_of_date_and_needing_action():
    assert not is_out_of_date(CopyState.CURRENT)
    assert all(is_out_of_date(s) for s in (CopyState.OUT_OF_DATE, CopyState.WITHDRAWN, CopyState.REPLACED))
    assert needs_action(CopyState.OUT_OF_DATE) and needs_action(CopyState.WITHDRAWN)
    assert not needs_action(CopyState.REPLACED) and not needs_action(CopyState.CURRENT)


@pytest.mark.parametrize("typed", ["城西社区公示栏", " 城西社区 公示栏 ", "城西社区　公示栏"])
def test_the_same_board_typed_differently(typed):
    assert board_key(typed) == board_key("城西社区公示栏")


def test_brackets_of_either_width_are_the_same_board():
    assert board_key("新华村（一组）公开栏") == board_key("新华村(一组)公开栏")
