"""Revision numbers a citizen sees (issue 10): the first publication is 第1版 however many times the draft
was saved, a published revision is 第2版, and a bulletin of a never-revised record does not say 已修订."""

import datetime as dt

import pytest

from gongkai.exchange import bulletins
from gongkai.publishing import services

pytestmark = pytest.mark.django_db


def _publish(world, record):
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    return record


def test_first_publication_is_the_first_edition_after_draft_edits(world, client):
    record = world.record(title="初稿")
    services.record_update(actor=world.officer, record=record, title="二稿")
    services.record_update(actor=world.officer, record=record, body="<p>三稿正文</p>")
    record = _publish(world, record)
    assert record.public_revision.number == 1
    assert record.public_revision.title == "二稿" and "三稿正文" in record.public_revision.body
    html = bulletins.bulletin_html(bulletins.bulletin_content(record), public_url="https://example.invalid/r/1",
                                   printed_on=dt.date(2026, 12, 2))
    assert "已修订" not in html and "第3版" not in html


def test_a_published_revision_is_the_second_edition(world):
    record = _publish(world, world.record(title="第一版标题"))
    services.record_update(actor=world.officer, record=record, title="修订中")
    services.record_update(actor=world.officer, record=record, title="修订后的标题")
    services.record_approve(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.public_revision.number == 2 and record.public_revision.title == "修订后的标题"
    assert list(record.revisions.values_list("title", flat=True)) == ["第一版标题", "修订后的标题"]
    html = bulletins.bulletin_html(bulletins.bulletin_content(record), public_url="https://example.invalid/r/1",
                                   printed_on=dt.date(2026, 12, 2))
    assert "第2版（已修订）" in html


def test_returned_and_edited_again_stays_the_first_edition(world):
    record = world.record(title="初稿")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_return(actor=world.reviewer, record=record, comment="请补充正文")
    services.record_update(actor=world.officer, record=record, body="<p>补充后的正文</p>")
    record = _publish(world, record)
    assert record.public_revision.number == 1 and record.revisions.count() == 1
