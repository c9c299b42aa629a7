"""三同步 (国办发〔2016〕80号 实施细则; rules.md §8) with the working-day calendar."""

import datetime as dt

import pytest

from gongkai.calendars.seed import seed_calendar
from gongkai.publishing import services
from gongkai.publishing.interpretations import interpretation_due, interpretation_warning


@pytest.fixture
def calendar():
    return seed_calendar()


def test_interpretation_due_counts_working_days(calendar):
    # 2024-09-13 (Fri); 09-14 (Sat) is a make-up working day, 09-15..17 中秋.
    assert interpretation_due(dt.date(2024, 9, 13), 0, calendar) == dt.date(2024, 9, 13)
    assert interpretation_due(dt.date(2024, 9, 13), 1, calendar) == dt.date(2024, 9, 14)
    assert interpretation_due(dt.date(2024, 9, 13), 2, calendar) == dt.date(2024, 9, 18)


def test_policy_document_interpretation_three_synchronisations(calendar):
    """国办发〔2016〕80号 实施细则（三同步）: a policy document without its interpretation warns."""
    args = {"title": "文件", "published_on": dt.date(2024, 9, 13), "calendar": calendar,
            "today": dt.date(2024, 9, 13)}
    assert "没有同步发布政策解读" in interpretation_warning(interpretation_dates=[], lag_workdays=0, **args)
    assert interpretation_warning(interpretation_dates=[dt.date(2024, 9, 13)], lag_workdays=0, **args) is None
    # Lag 2 working days: 09-18 is in time (holiday in between), 09-19 too late.
    assert interpretation_warning(interpretation_dates=[dt.date(2024, 9, 18)], lag_workdays=2, **args) is None
    late = interpretation_warning(interpretation_dates=[dt.date(2024, 9, 19)], lag_workdays=2, **args)
    assert "2024年09月18日" in late


@pytest.mark.django_db
def test_publish_warns_without_blocking(world):
    record = world.record(is_policy_document=True)
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    result = services.record_publish(actor=world.reviewer, record=record)
    assert result.record.status == "published"
    assert len(result.warnings) == 1 and "三同步" in result.warnings[0]


@pytest.mark.django_db
def test_interpretation_published_with_the_document(world):
    record = world.record(is_policy_document=True)
    services.interpretation_create(actor=world.officer, record=record, kind="qa", title="一图读懂",
                                   body="<p>问：谁可以报名？答：适龄儿童。</p>")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    result = services.record_publish(actor=world.reviewer, record=record)
    assert result.warnings == []
    assert record.interpretations.get().published_at == result.record.published_at


@pytest.mark.django_db
def test_interpretation_only_for_policy_documents_and_video_needs_url(world):
    from gongkai.core.errors import ValidationFailed

    plain = world.record()
    with pytest.raises(ValidationFailed, match="只有政策文件"):
        services.interpretation_create(actor=world.officer, record=plain, kind="text", title="解读", body="x")
    policy = world.record(is_policy_document=True)
    with pytest.raises(ValidationFailed, match="视频链接"):
        services.interpretation_create(actor=world.officer, record=policy, kind="video_link", title="视频")
