"""Legal rules of publishing, one test each, the article in the docstring (docs/legal-rules.md,
section 主动公开与发布审查)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.publishing import services
from gongkai.publishing.models import (
    WITHHOLDING_GROUND_ARTICLES,
    WITHHOLDING_GROUND_ROWS,
    Record,
    WithholdingGround,
)

pytestmark = pytest.mark.django_db


def test_withholding_grounds_are_the_annual_report_rows():
    """《条例》第十四条、第十五条、第十六条; rules.md §1: the eight grounds, same codes as rows 三(三)1–8."""
    assert list(WITHHOLDING_GROUND_ROWS.items()) == [
        ("state_secret", 1), ("prohibited_by_law", 2), ("three_securities_one_stability", 3),
        ("third_party_rights", 4), ("internal_affairs", 5), ("process_information", 6),
        ("law_enforcement_files", 7), ("administrative_query", 8),
    ]
    assert set(WITHHOLDING_GROUND_ARTICLES) == set(WithholdingGround)


def test_record_carries_index_name_summary_and_formed_date(world):
    """《条例》第十二条: the catalog carries 索引、名称、内容概述、生成日期; 第二十六条: the formed-on date
    starts the 20-working-day clock, so it is required."""
    record = world.record(summary="招生原则与时间安排")
    assert record.index_number and record.title and record.summary and record.formed_on
    with pytest.raises(ValidationFailed, match="形成日期"):
        world.record(formed_on=None)


def test_withheld_record_constraint_in_the_database(world):
    """《条例》第十八条: a 不予公开 row without ground or review date cannot exist, whatever writes it."""
    record = world.record()
    with pytest.raises(IntegrityError), transaction.atomic():
        Record.objects.filter(pk=record.pk).update(disclosure_attribute="withheld")


def test_publication_requires_confidentiality_review(world):
    """《条例》第十七条: information is reviewed (保密审查) before release; no move skips the review."""
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    for attempt in (services.record_approve, services.record_publish):
        with pytest.raises(TransitionNotAllowed):
            attempt(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "submitted" and record.published_at is None


def test_withdrawal_keeps_its_written_reason(world):
    """《条例》第四十一条 (correction of published information) and issue 3: a withdrawal is recorded with a
    reason, actor and time."""
    record = world.published()
    services.record_withdraw(actor=world.reviewer, record=record, reason="原文号有误，已另行发文")
    transition = record.transitions.get(to_status="withdrawn")
    assert transition.comment == "原文号有误，已另行发文" and transition.actor == world.reviewer


def test_every_revision_is_kept(world):
    """Issue 3 (revisions keep every version; the public page shows the current one and when it changed)."""
    record = world.published(title="第一版")
    services.record_update(actor=world.officer, record=record, title="第二版")
    services.record_approve(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert list(record.revisions.values_list("title", flat=True)) == ["第一版", "第二版"]
    assert record.changed_at and record.changed_at >= record.published_at


def test_withheld_review_date_is_listed_when_due(world):
    """《条例》第十八条: withheld information is re-evaluated; due records are listed for the office."""
    from gongkai.publishing import selectors

    record = world.record(disclosure_attribute="withheld", withholding_ground="process_information",
                          next_review_on=dt.date(2022, 1, 1))
    assert list(selectors.withheld_due_for_review(world.office, dt.date(2022, 1, 1))) == [record]
    assert list(selectors.withheld_due_for_review(world.office, dt.date(2021, 12, 31))) == []
