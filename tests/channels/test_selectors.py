"""Channel selectors: what each user sees, in a fixed number of queries."""

import pytest

from gongkai.channels import selectors, services
from gongkai.channels.models import ChannelKind
from gongkai.core.errors import PermissionRefused
from tests.factories import publish_revision, published_record

pytestmark = pytest.mark.django_db

URL = "https://gongkai.example.cn/j/430503000000/r/1/"


def _print(world, record, board):
    return services.printed_copy_record(actor=world.users.officer, record=record, revision=record.public_revision,
                                        board=board, public_url=URL)


def test_printed_copies_of_a_record_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for i in range(5):
        _print(world, world.record, f"演示村{i}组公示栏")
    publish_revision(world.record)
    user = world.users.reviewer
    user._membership_cache = None
    with django_assert_max_num_queries(3):
        copies = selectors.printed_copies_for(user, world.record)
        states = [c.state_label for c in copies]
    assert states == ["已过期（原文已修改）"] * 5


def test_boards_to_visit_are_the_users_units_copies_needing_action(world, django_assert_max_num_queries):
    changed = world.record
    _print(world, changed, "城西社区公示栏")
    untouched = published_record(world.edu, title="大祥区2026年义务教育学校名录")
    _print(world, untouched, "城西社区公示栏")
    publish_revision(changed)
    with django_assert_max_num_queries(3):
        copies = selectors.copies_needing_action(world.users.reviewer)
    assert [c.record for c in copies] == [changed]
    assert selectors.copies_needing_action(world.users.civil_officer) == []
    assert [c.record for c in selectors.copies_needing_action(world.users.office)] == [changed]
    assert selectors.copies_needing_action(world.users.other_office) == []


def test_publications_are_read_by_the_unit_and_the_office_only(world):
    services.channel_publication_record(actor=world.users.officer, record=world.record,
                                        channel=ChannelKind.GOVERNMENT_WEBSITE, published_on=world.record.formed_on)
    assert len(selectors.publications_for(world.users.office, world.record)) == 1
    for who in ("civil_officer", "other_office", "auditor"):
        with pytest.raises(PermissionRefused):
            selectors.publications_for(getattr(world.users, who), world.record)
