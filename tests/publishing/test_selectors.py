"""Public selectors show only published 主动公开 records; withheld and unpublished records never."""

import datetime as dt

import pytest

from gongkai.publishing import selectors, services
from tests.factories import blank_pdf

pytestmark = pytest.mark.django_db


def _everything_public(world, record):
    county = world.tree["county"]
    item = world.policy_item
    found = set()
    for qs in (selectors.published_records(), selectors.published_records(jurisdiction=county),
               selectors.published_records(domain=item.domain), selectors.published_records(item=item),
               selectors.published_records(unit=world.unit), selectors.on_request_titles(),
               selectors.on_request_titles(jurisdiction=county, item=item)):
        found |= set(qs.values_list("pk", flat=True))
    if selectors.public_record(record.pk):
        found.add(record.pk)
    if selectors.public_record_by_index(record.index_number):
        found.add(record.pk)
    if record.pk in {r.pk for r in selectors.latest_published(jurisdiction=county)}:
        found.add(record.pk)
    return record.pk in found


def _publish(world, record):
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    return record


def test_withheld_record_is_absent_from_every_public_selector(world):
    """《条例》第十四条至第十六条: 不予公开 information never reaches a public surface."""
    record = _publish(world, world.record(disclosure_attribute="withheld", withholding_ground="state_secret",
                                          next_review_on=dt.date(2022, 1, 1), show_title_publicly=True))
    assert record.status == "published"
    assert not _everything_public(world, record)
    assert list(selectors.public_entries(record)) == [] and selectors.public_attachments(record) == []


@pytest.mark.parametrize("stage", ["draft", "submitted", "in_review", "approved", "scheduled"])
def test_unpublished_record_is_absent_from_every_public_selector(world, stage):
    record = world.record()
    if stage != "draft":
        services.record_submit(actor=world.officer, record=record)
    if stage in ("in_review", "approved", "scheduled"):
        services.record_review(actor=world.reviewer, record=record)
    if stage in ("approved", "scheduled"):
        services.record_approve(actor=world.reviewer, record=record)
    if stage == "scheduled":
        services.record_publish(actor=world.reviewer, record=record,
                                at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    record.refresh_from_db()
    assert record.status == stage
    assert not _everything_public(world, record)


def test_withdrawn_and_archived_records_leave_public_surfaces(world):
    record = world.published()
    assert _everything_public(world, record)
    services.record_withdraw(actor=world.reviewer, record=record, reason="已废止")
    assert not _everything_public(world, record)
    services.record_archive(actor=world.reviewer, record=record)
    assert not _everything_public(world, record)


def test_on_request_record_title_only_where_office_chooses(world):
    """《条例》第十三条: 依申请公开 records appear in the public catalog by title only where chosen."""
    hidden = _publish(world, world.record(disclosure_attribute="on_request", title="不显示标题"))
    shown = _publish(world, world.record(disclosure_attribute="on_request", title="显示标题",
                                         show_title_publicly=True))
    assert list(selectors.on_request_titles()) == [shown]
    assert hidden.pk not in selectors.published_records().values_list("pk", flat=True)
    assert selectors.public_record(shown.pk) is None  # the body is never public


def test_revised_record_shows_last_published_revision(world):
    record = world.published(title="原标题")
    services.record_update(actor=world.officer, record=record, title="未审核的修改")
    public = selectors.public_record(record.pk)
    assert public is not None and public.public_revision.title == "原标题"


def test_records_for_is_scoped(world):
    mine = world.record()
    other = world.record(actor=world.other_officer, unit=world.other_unit, items=[world.policy_item])
    assert list(selectors.records_for(world.officer)) == [mine]
    assert list(selectors.records_for(world.reviewer)) == [mine]
    assert set(selectors.records_for(world.office)) == {mine, other}
    assert list(selectors.records_for(world.other_reviewer)) == [other]


@pytest.mark.usefixtures("commit_hooks_as_in_production")  # the page without text is read (OCR) by its job
def test_public_attachments_come_from_the_public_revision(world):
    record = world.record()
    services.attachment_add(actor=world.officer, record=record, name="通知.pdf", data=blank_pdf())
    record = _publish(world, record)
    assert [a.name for a in selectors.public_attachments(record)] == ["通知.pdf"]
