"""The monitoring checks over values: planted cases that must be found, near misses that must not."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendars.seed import seed_calendar
from gongkai.catalog.time_limits import parse_time_limit
from gongkai.oversight.checks.content import interpretation_missing, nonstandard_entries, nonstandard_records
from gongkai.oversight.checks.facts import EntryFacts, ItemFacts, RecordFacts, RequestFacts
from gongkai.oversight.checks.items import (
    ColumnClass,
    StaleThresholds,
    blank_items,
    column_class,
    stale_items,
    stale_recheck_on,
)
from gongkai.oversight.checks.publication import late_publication, recheck_on
from gongkai.oversight.checks.requests import request_overdue
from gongkai.oversight.rules import REGISTRY
from gongkai.publishing.timeliness import publish_by, warning_level

TWENTY = {"kind": "working_days", "days": 20, "event": "formed_or_changed", "text": "信息形成或者变更之日起20个工作日内"}


@pytest.fixture(scope="module")
def calendar():
    return seed_calendar()


def record(**kw) -> RecordFacts:
    base = dict(id=1, title="关于2024年秋季学期招生的通知", unit_id=7, item_keys=("k",), item_rules=(TWENTY,),
                item_manners=(("主动",),), attribute="proactive", status="published", formed_on=date(2024, 9, 20),
                published_on=None, is_public=True)
    base.update(kw)
    return RecordFacts(**base)


def item(**kw) -> ItemFacts:
    base = dict(key="5c1f", name="招生范围", topic="招生管理", domain="义务教育", unit_id=7, jurisdiction_id=1,
                time_limit_rule=TWENTY, public_records=1, last_public_on=date(2024, 9, 1))
    base.update(kw)
    return ItemFacts(**base)


# --- 第二十六条: 20 working days, on the real calendar -------------------------------------------------


def test_late_publication_twentieth_working_day_across_national_day(calendar):
    """《政府信息公开条例》第二十六条: formed 2024-09-20, the 20th working day after it crosses 国庆 (10-01..07,
    with 09-29 and 10-12 worked) and falls on 2024-10-23. Published that day: lawful; the next working day: late."""
    due = publish_by(date(2024, 9, 20), TWENTY, calendar).due
    assert due == date(2024, 10, 23)
    assert list(late_publication([record(published_on=date(2024, 10, 23))], today=date(2024, 12, 1),
                                 calendar=calendar)) == []
    hits = list(late_publication([record(published_on=date(2024, 10, 24))], today=date(2024, 12, 1),
                                 calendar=calendar))
    assert [h.rule for h in hits] == ["late_publication"]
    assert hits[0].evidence["working_days_late"] == 1
    assert "2024年10月23日前公开" in hits[0].evidence["text"]


def test_late_publication_unpublished_past_its_date_is_found_and_one_day_inside_is_not(calendar):
    """第二十六条: a draft still unpublished after its publish-by date is late; on the due date it is not yet."""
    draft = record(status="draft", is_public=False)
    assert list(late_publication([draft], today=date(2024, 10, 23), calendar=calendar)) == []
    hits = list(late_publication([draft], today=date(2024, 10, 24), calendar=calendar))
    assert hits and hits[0].evidence["published_on"] is None
    assert recheck_on(draft, calendar) == date(2024, 10, 24)


def test_late_publication_item_period_prevails(calendar):
    """第二十六条: a period set by law prevails — an item with 5 working days binds sooner than 20."""
    five = {"kind": "working_days", "days": 5, "event": "formed_or_changed", "text": "5个工作日内"}
    r = record(item_rules=(five,), formed_on=date(2024, 3, 1), published_on=date(2024, 3, 11))
    assert [h.rule for h in late_publication([r], today=date(2024, 4, 1), calendar=calendar)] == ["late_publication"]
    assert list(late_publication([record(item_rules=(five,), formed_on=date(2024, 3, 1),
                                         published_on=date(2024, 3, 8))], today=date(2024, 4, 1),
                                 calendar=calendar)) == []


def test_late_publication_ignores_on_request_and_nothing_statements(calendar):
    late_day = date(2025, 1, 1)
    assert list(late_publication([record(attribute="on_request", published_on=late_day)], today=late_day,
                                 calendar=calendar)) == []
    assert list(late_publication([record(is_nothing_to_publish=True, published_on=late_day)], today=late_day,
                                 calendar=calendar)) == []


def test_publish_by_warnings_five_and_two_working_days_before(calendar):
    due = date(2024, 10, 21)
    assert warning_level(date(2024, 10, 8), due, calendar) is None  # 9 working days left
    assert warning_level(date(2024, 10, 14), due, calendar) == 5
    assert warning_level(date(2024, 10, 17), due, calendar) == 2
    assert warning_level(date(2024, 10, 22), due, calendar) == 0


# --- blank and stale items (19号) -----------------------------------------------------------------------


def test_blank_item_found_and_an_item_with_one_record_is_not(calendar):
    hits = list(blank_items([item(public_records=0, last_public_on=None), item(key="other")],
                            today=date(2026, 1, 1), calendar=calendar))
    assert [(h.rule, h.target) for h in hits] == [("blank_item", "5c1f")]


def test_blank_item_of_a_new_catalog_has_twenty_working_days(calendar):
    """19号 空白栏目 with the statutory period of 第二十六条 for a newly published catalog's columns."""
    new = item(public_records=0, last_public_on=None, catalog_published_on=date(2024, 9, 20))
    assert list(blank_items([new], today=date(2024, 10, 23), calendar=calendar)) == []
    assert list(blank_items([new], today=date(2024, 10, 24), calendar=calendar))


@pytest.mark.parametrize("name,topic,klass", [
    ("工作动态", "综合", ColumnClass.NEWS), ("招生公告", "招生管理", ColumnClass.NOTICES),
    ("人事任免", "机构", ColumnClass.PLANS), ("学校名录", "学校", ColumnClass.OTHER),
])
def test_column_classes_by_name(name, topic, klass):
    assert column_class(item(name=name, topic=topic)) == klass


def test_stale_news_two_weeks_one_day_inside_and_one_day_past():
    """19号: 动态要闻类 not updated in the 2 weeks before the check."""
    news = item(name="工作动态", topic="综合", last_public_on=date(2026, 11, 1))
    thresholds = StaleThresholds.national()
    assert list(stale_items([news], today=date(2026, 11, 15), thresholds=thresholds)) == []
    hits = list(stale_items([news], today=date(2026, 11, 16), thresholds=thresholds))
    assert [h.rule for h in hits] == ["stale_item"]
    assert stale_recheck_on(news, thresholds) == date(2026, 11, 16)


def test_stale_notices_six_months_and_a_local_override():
    notices = item(name="招生公告", last_public_on=date(2026, 1, 1))
    assert list(stale_items([notices], today=date(2026, 7, 3), thresholds=StaleThresholds.national())) == []
    assert list(stale_items([notices], today=date(2026, 7, 4), thresholds=StaleThresholds.national()))
    stricter = StaleThresholds.national({ColumnClass.NOTICES: 30})
    assert list(stale_items([notices], today=date(2026, 2, 1), thresholds=stricter))


def test_an_item_without_a_visible_date_counts_as_not_updated():
    hits = list(stale_items([item(last_public_on=None)], today=date(2026, 1, 1),
                            thresholds=StaleThresholds.national()))
    assert hits and "视为未更新" in hits[0].evidence["text"]


def test_yearly_item_stale_after_its_date_in_the_year():
    yearly = {"kind": "fixed_date_each_year", "month": 3, "day": None, "end_of_month": True, "before_month": False,
              "text": "每年3月底前"}
    last_year = item(time_limit_rule=yearly, last_public_on=date(2025, 3, 20))
    assert list(stale_items([last_year], today=date(2026, 3, 31), thresholds=StaleThresholds.national())) == []
    assert list(stale_items([last_year], today=date(2026, 4, 1), thresholds=StaleThresholds.national()))
    this_year = item(time_limit_rule=yearly, last_public_on=date(2026, 3, 25))
    assert list(stale_items([this_year], today=date(2026, 4, 1), thresholds=StaleThresholds.national())) == []


QUARTERLY = parse_time_limit("每季度首月20日前")


def test_quarterly_item_is_judged_by_its_quarter():
    """《村民委员会组织法》第三十条 (每季度公布): the third quarter is due on 2021-10-20. Published after the second
    quarter's due date (07-20): up to date; nothing since: stale from 10-21, naming the quarter — not after the
    365 days of the 其他事项 class."""
    done = item(name="村级财务收支情况", topic="村级财务", time_limit_rule=QUARTERLY, last_public_on=date(2021, 10, 12))
    behind = item(name="村级财务收支情况", topic="村级财务", time_limit_rule=QUARTERLY, last_public_on=date(2021, 7, 20))
    assert column_class(done) == ColumnClass.PERIODIC
    assert list(stale_items([done, behind], today=date(2021, 10, 20), thresholds=StaleThresholds.national())) == []
    hits = list(stale_items([done, behind], today=date(2021, 10, 21), thresholds=StaleThresholds.national()))
    assert [h.evidence["last_public_on"] for h in hits] == ["2021-07-20"]
    assert hits[0].evidence["period"] == "2021年第三季度"
    assert "2021年10月20日前公开" in hits[0].evidence["text"]
    assert stale_recheck_on(behind, StaleThresholds.national()) is None


def test_quarterly_item_part_rule_does_not_set_the_item_period():
    """A monthly clause for part of the item (集体财务往来较多的财务收支情况) leaves the item quarterly."""
    rule = parse_time_limit("每季度的首个月20日(集体财务往来较多的,财务收支情况应每月公布一次)")
    assert column_class(item(time_limit_rule=rule)) == ColumnClass.PERIODIC
    assert list(stale_items([item(time_limit_rule=rule, last_public_on=date(2021, 7, 21))], today=date(2021, 10, 20),
                            thresholds=StaleThresholds.national())) == []


def test_late_publication_quarterly_item_due_in_the_next_quarters_first_month(calendar):
    """村务 每季度首月20日前: the accounts of the third quarter (formed 2021-09-30) are due on 2021-10-20, not 20
    working days after (国庆 would push that to 10-29)."""
    due = publish_by(date(2021, 9, 30), QUARTERLY, calendar)
    assert due.due == date(2021, 10, 20)
    assert "2021年第三季度" in due.basis
    on_time = record(item_rules=(QUARTERLY,), formed_on=date(2021, 9, 30), published_on=date(2021, 10, 20))
    late = record(item_rules=(QUARTERLY,), formed_on=date(2021, 9, 30), published_on=date(2021, 10, 21))
    assert list(late_publication([on_time], today=date(2021, 12, 1), calendar=calendar)) == []
    assert [h.rule for h in late_publication([late], today=date(2021, 12, 1), calendar=calendar)] == [
        "late_publication"]
    draft = record(item_rules=(QUARTERLY,), formed_on=date(2021, 8, 15), status="draft", is_public=False)
    assert recheck_on(draft, calendar) == date(2021, 10, 21)


# --- content ----------------------------------------------------------------------------------------------


def test_nonstandard_entry_missing_a_required_element():
    schema = ({"name": "学校名称", "required": True}, {"name": "学校地址", "required": True},
              {"name": "备注", "required": False})
    bad = EntryFacts(1, 9, "k", "义务教育学校名录", 7, schema, {"学校名称": "第一小学", "学校地址": " "})
    good = EntryFacts(2, 9, "k", "义务教育学校名录", 7, schema, {"学校名称": "第二小学", "学校地址": "城南路1号"})
    hits = list(nonstandard_entries([bad, good]))
    assert [(h.target, h.evidence["missing"]) for h in hits] == [("1", ["学校地址"])]


def test_nonstandard_record_policy_without_number_and_wrong_attribute():
    hits = list(nonstandard_records([record(is_policy_document=True, published_on=date(2025, 1, 1)),
                                     record(attribute="on_request", published_on=date(2025, 1, 1)),
                                     record(document_number="大教发〔2021〕8号", is_policy_document=True)]))
    assert [h.evidence["problems"] for h in hits] == [
        ["政策文件缺少文号"], ["事项的公开方式为主动公开，信息却标为依申请公开"]]


def test_interpretation_missing_and_late_beyond_the_configured_days(calendar):
    doc = dict(is_policy_document=True, published_on=date(2024, 9, 27), document_number="x")
    assert list(interpretation_missing([record(**doc)], calendar=calendar))
    same_day = record(**doc, has_interpretation=True, interpretation_published_on=date(2024, 9, 27))
    assert list(interpretation_missing([same_day], calendar=calendar)) == []
    # 09-29 (Sunday) is a make-up working day before 国庆: 09-30 is the 2nd working day after 09-27.
    later = record(**doc, has_interpretation=True, interpretation_published_on=date(2024, 9, 30))
    assert list(interpretation_missing([later], calendar=calendar, allowed_working_days=2)) == []
    assert list(interpretation_missing([later], calendar=calendar, allowed_working_days=1))


def test_request_overdue_open_and_answered_late(calendar):
    """《政府信息公开条例》第三十三条."""
    due = date(2024, 10, 21)
    open_late = RequestFacts(1, "KMVJER38JBJZ", 7, due, None, True)
    assert list(request_overdue([open_late], today=due, calendar=calendar)) == []
    assert list(request_overdue([open_late], today=date(2024, 10, 22), calendar=calendar))
    answered = RequestFacts(2, "AAAABBBBCCCC", 7, due, date(2024, 10, 21), False)
    assert list(request_overdue([answered], today=date(2024, 12, 1), calendar=calendar)) == []


def test_every_rule_has_chinese_title_source_and_hint():
    assert {"late_publication", "blank_item", "stale_item", "nonstandard_entry", "nonstandard_record",
            "interpretation_missing", "request_overdue"} <= set(REGISTRY)
    for rule in REGISTRY.values():
        assert rule.code.isidentifier() and rule.code == rule.code.lower()
        assert rule.title and rule.source and rule.hint


# --- finding labels never repeat personal data --------------------------------------------------------------


def test_late_publication_label_masks_personal_data_in_the_title(calendar):
    """A record titled with a person's identity number and mobile: the finding names it masked (第十五条)."""
    title = "关于张三（身份证号330102199001011234，手机13812345678）申领低保的公示"
    hits = list(late_publication([record(title=title, status="draft")], today=date(2024, 12, 1), calendar=calendar))
    assert len(hits) == 1
    assert "330102199001011234" not in hits[0].label and "13812345678" not in hits[0].label
    assert "330102********1234" in hits[0].label and "138****5678" in hits[0].label
    # Near miss: a title without personal data is kept as written.
    plain = list(late_publication([record(status="draft")], today=date(2024, 12, 1), calendar=calendar))
    assert plain[0].label == "关于2024年秋季学期招生的通知"
