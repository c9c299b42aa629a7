"""bulletin_outdated (《政府信息公开条例》第二十五条、第二十六条): printed copies on notice boards that no longer match
the record online. Planted cases that must be found, near misses that must not; and once through `inspection_run`."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.channels import services
from gongkai.oversight.checks.bulletins import bulletin_outdated
from gongkai.oversight.checks.facts import PrintedRecordFacts
from gongkai.oversight.models import Finding
from gongkai.oversight.services import inspection_run
from tests.factories import publish_revision, published_record


@pytest.fixture
def world(channels_world):
    return channels_world


def printed(public_revision_id=2, is_public=True, entries_changed=False) -> PrintedRecordFacts:
    return PrintedRecordFacts(id=4, title="2026年招生范围", unit_id=7, public_revision_id=public_revision_id,
                              record_is_public=is_public,
                              copies=(("城西社区公示栏", date(2026, 9, 1), 1, 1, entries_changed),))


def test_bulletin_outdated_a_newer_revision_or_a_withdrawn_record_and_not_a_current_copy():
    """第二十六条: a board showing revision 1 while the portal shows revision 2 is out of date; a withdrawn record's
    copy must come down; a copy of the current revision is not found, unless its entries changed after printing."""
    hits = list(bulletin_outdated([printed()]))
    assert [h.rule for h in hits] == ["bulletin_outdated"] and hits[0].evidence["copies"][0]["board"] == "城西社区公示栏"
    assert "已过期" in hits[0].evidence["text"]
    assert "已失效" in next(bulletin_outdated([printed(is_public=False)])).evidence["text"]
    assert list(bulletin_outdated([printed(public_revision_id=1)])) == []
    assert list(bulletin_outdated([printed(public_revision_id=1, entries_changed=True)]))


def test_bulletin_outdated_through_an_inspection(world):
    """第二十六条 through `inspection_run`: the record revised after printing is found; a record whose printed copy
    is current is not; printing the new version resolves the finding."""
    url = "https://gongkai.example.cn/j/430503000000/r/1/"
    services.printed_copy_record(actor=world.users.officer, record=world.record, revision=world.record.public_revision,
                                 board="城西社区公示栏", public_url=url)
    current = published_record(world.edu, title="大祥区2026年义务教育学校名录")
    services.printed_copy_record(actor=world.users.officer, record=current, revision=current.public_revision,
                                 board="城西社区公示栏", public_url=url)
    publish_revision(world.record)

    def run():
        inspection_run(actor=world.users.office, jurisdiction=world.tree["county"], today=date(2026, 11, 20),
                       rules=["bulletin_outdated"])
        return {f.target: f for f in Finding.objects.filter(rule="bulletin_outdated")}

    found = run()
    assert set(found) == {str(world.record.pk)} and found[str(world.record.pk)].is_open
    world.record.refresh_from_db()
    services.printed_copy_record(actor=world.users.officer, record=world.record,
                                 revision=world.record.public_revision, board="城西社区公示栏", public_url=url)
    assert not run()[str(world.record.pk)].is_open
