from datetime import date

import pytest

from gongkai.catalog.time_limits import (
    KINDS,
    describe,
    parse_time_limit,
    period_label,
    period_of,
    periodic_due,
    periodic_dues_around,
    primary_periodic,
)
from tests.catalog.standard_data import SHIPPED_IDS, SHIPPED_ITEMS


def _check(rule: dict) -> None:
    assert rule["kind"] in KINDS
    assert rule["parsed"] is (rule["kind"] != "unparsed")
    if rule["kind"] == "unparsed":
        assert rule.get("reason")
    for clause in rule.get("clauses", []):
        assert clause["text"]
        _check(clause)


@pytest.mark.parametrize(("slug", "order", "item"), SHIPPED_ITEMS, ids=SHIPPED_IDS)
def test_every_shipped_time_limit_parses_or_is_flagged(slug, order, item):
    rule = parse_time_limit(item["time_limit"])
    assert rule["text"] == item["time_limit"]
    _check(rule)
    assert isinstance(describe(rule), str)


def test_shipped_time_limits_are_mostly_understood():
    rules = [parse_time_limit(item["time_limit"]) for _, _, item in SHIPPED_ITEMS]
    unparsed = [r["text"] for r in rules if not r["parsed"]]
    # Only blank cells and one truncated '自信息形成…' are left unparsed.
    assert all(text in ("", "自信息形成…") for text in unparsed), unparsed


def test_default_rule_of_article_26():
    """政府信息公开条例第二十六条: 自该政府信息形成或者变更之日起20个工作日内."""
    rule = parse_time_limit("信息形成或者变更之日起20个工作日内")
    assert rule["kind"] == "working_days"
    assert rule["days"] == 20
    assert rule["event"] == "formed_or_changed"
    assert rule["parsed"] is True
    assert rule["text"] == "信息形成或者变更之日起20个工作日内"


@pytest.mark.parametrize(
    ("text", "days", "event"),
    [
        ("信息形成或变更之日起20个工作日内", 20, "formed_or_changed"),
        ("信息形成(变更)20个工作日内", 20, "formed_or_changed"),
        ("自该政府信息形成或者变更之日起20个工作日内及时公开", 20, "formed_or_changed"),
        ("制定或获取信息之日起10个工作日内", 10, "made_or_obtained"),
        ("收到征地批准文件之日起10个工作日内公开", 10, "approval_document_received"),
        ("拟征收土地现状调查结束后5个工作日内,在村公示栏公开", 5, "survey_completed"),
        ("自收到申请之日起20个工作日内", 20, "application_received"),
        ("分配结果确定后20个工作日内", 20, "result_determined"),
        ("行政处罚决定形成之日起20个工作日…(截断)", 20, "decision_made"),
        ("20个工作日", 20, "unspecified"),
    ],
)
def test_working_days(text, days, event):
    rule = parse_time_limit(text)
    assert (rule["kind"], rule["days"], rule["event"]) == ("working_days", days, event)


def test_where_and_truncation_are_kept():
    rule = parse_time_limit("拟征收土地现状调查结束后5个工作日内,在村公示栏公开")
    assert rule["where"] == "村公示栏"
    assert parse_time_limit("行政处罚决定形成之日起20个工作日…(截断)")["truncated"] is True


def test_calendar_days_after_approval():
    """预算法第十四条: 批准后二十日内."""
    rule = parse_time_limit("批准后20日内")
    assert (rule["kind"], rule["days"], rule["event"]) == ("calendar_days", 20, "approved")
    rule = parse_time_limit("本级政府财政部门批复后20日内")
    assert (rule["kind"], rule["days"], rule["event"]) == ("calendar_days", 20, "approved")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("实时", "real_time"), ("实时公开", "real_time"), ("及时公开", "timely"), ("及时回应", "timely"),
     ("重大决策作出后及时公开", "timely"), ("长期", "period"), ("长期公开", "period"),
     ("随采购公告、采购文件公开", "on_event"), ("在实地启动拟征收土地工作时,在村公示栏公开", "on_event"),
     ("提前一周发通知邀请", "in_advance")],
)
def test_simple_kinds(text, kind):
    assert parse_time_limit(text)["kind"] == kind


@pytest.mark.parametrize(
    ("text", "month", "day", "end_of_month", "before_month"),
    [
        ("每年3月底前", 3, None, True, False),
        ("每年1月31日前", 1, 31, False, False),
        ("每年三月前公开", 3, None, False, True),
    ],
)
def test_fixed_date_each_year(text, month, day, end_of_month, before_month):
    rule = parse_time_limit(text)
    assert rule["kind"] == "fixed_date_each_year"
    assert (rule["month"], rule["day"], rule["end_of_month"], rule["before_month"]) == (
        month, day, end_of_month, before_month)


def test_periods():
    rule = parse_time_limit("公示期不少于7个工作日")
    assert (rule["kind"], rule["period"], rule["days"], rule["unit"], rule["minimum"]) == (
        "period", "publicity", 7, "working_days", True)
    rule = parse_time_limit("向社会公开征求意见期限一般不少于30日;因情况紧急等原因需要缩短期限的,公开征求意见时应当予以说明")
    assert (rule["kind"], rule["period"], rule["days"], rule["unit"]) == ("period", "comment", 30, "calendar_days")
    assert rule["remarks"] == ["因情况紧急等原因需要缩短期限的,公开征求意见时应当予以说明"]
    assert parse_time_limit("长期公开")["period"] == "long_term"


def test_other_law_names_the_law():
    rule = parse_time_limit("按《中华人民共和国招标投标法》规定的期限公开")
    assert rule == {"kind": "other_law", "law": "《中华人民共和国招标投标法》", "parsed": True,
                    "text": "按《中华人民共和国招标投标法》规定的期限公开"}
    rule = parse_time_limit("信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的,从其规定。")
    assert rule["kind"] == "compound"
    assert [c["kind"] for c in rule["clauses"]] == ["working_days", "other_law"]
    assert rule["clauses"][1]["law"] == "法律、法规"


def test_compound_with_parts_of_the_item():
    rule = parse_time_limit("1.除处罚决定外其他内容:长期公开(动态调整);2.处罚决定:20个工作日内")
    assert rule["kind"] == "compound" and rule["parsed"] is True
    first, second = rule["clauses"]
    assert (first["kind"], first["period"], first["applies_to"], first["remarks"]) == (
        "period", "long_term", "除处罚决定外其他内容", ["动态调整"])
    assert (second["kind"], second["days"], second["applies_to"]) == ("working_days", 20, "处罚决定")
    assert describe(rule) == "除处罚决定外其他内容：长期公开；处罚决定：20个工作日内"


def test_compound_publicity_after_working_days():
    """义务教育 教师职称评审: 3 working days, then ≥7 working days 公示."""
    rule = parse_time_limit("信息形成(变更)3个工作日内,公示时间不少于7个工作日")
    assert [(c["kind"], c["days"]) for c in rule["clauses"]] == [("working_days", 3), ("period", 7)]


def test_compound_with_nested_clause_in_brackets():
    rule = parse_time_limit("自信息形成或者变更之日起20个工作日内予以公开（结果信息:自信息形成或者变更之日起7个工作日内予以公开）")
    assert [(c["days"], c.get("applies_to")) for c in rule["clauses"]] == [(20, None), (7, "结果信息")]


def test_not_captured_clause_is_flagged_inside_compound():
    rule = parse_time_limit("除处罚决定外其他内容:长期公开(动态调整)；处罚决定时限未见")
    assert rule["kind"] == "compound"
    assert rule["clauses"][1] == {"applies_to": "处罚决定", "kind": "unparsed", "reason": "not_captured",
                                  "text": "处罚决定时限未见", "parsed": False}


def test_same_as_previous():
    rule = parse_time_limit("同上（信息形成20个工作日内公开）")
    assert rule["same_as_previous"] is True
    assert (rule["kind"], rule["days"]) == ("working_days", 20)


@pytest.mark.parametrize("text", ["", None, "自信息形成…(截断)", "视情况而定"])
def test_unparsed_keeps_text_and_is_flagged(text):
    rule = parse_time_limit(text)
    assert rule["kind"] == "unparsed"
    assert rule["parsed"] is False
    assert rule["text"] == (text or "")


# --- periodic time limits (村务公开: 《村民委员会组织法》第三十条) -----------------------------------------------

def _periodic(text):
    rule = parse_time_limit(text)
    assert rule["parsed"] is True and rule["text"] == text
    return rule


def test_quarterly_first_month_twentieth_每季度首月20日前():
    rule = _periodic("每季度首月20日前")
    assert (rule["kind"], rule["every"], rule["day"], rule["within_period"]) == ("periodic", "quarter", 20, False)
    assert describe(rule) == "每季度公开，次季度首月20日前"


def test_quarterly_first_month_twentieth_每季度的首个月20日():
    rule = _periodic("每季度的首个月20日")
    assert (rule["kind"], rule["every"], rule["day"]) == ("periodic", "quarter", 20)


def test_quarterly_with_monthly_finances_for_busy_villages():
    """组织法第三十条: 集体财务往来较多的，财务收支情况应当每月公布一次 — a clause for part of the item."""
    rule = _periodic("每季度的首个月20日(集体财务往来较多的,财务收支情况应每月公布一次)")
    assert rule["kind"] == "compound"
    quarterly, monthly = rule["clauses"]
    assert (quarterly["every"], quarterly["day"], quarterly.get("applies_to")) == ("quarter", 20, None)
    assert (monthly["every"], monthly["day"], monthly["applies_to"]) == ("month", None, "集体财务往来较多的财务收支情况")
    assert primary_periodic(rule) == quarterly


def test_quarterly_每季度():
    rule = _periodic("每季度")
    assert (rule["kind"], rule["every"], rule["day"]) == ("periodic", "quarter", None)
    assert describe(rule) == "每季度公开，次季度首月底前"
    assert _periodic("每季度公布一次")["every"] == "quarter"


def test_monthly_每月():
    rule = _periodic("每月")
    assert (rule["kind"], rule["every"], rule["day"]) == ("periodic", "month", None)
    assert (_periodic("每月10日前")["every"], _periodic("每月10日前")["day"]) == ("month", 10)


def test_half_yearly_每半年():
    rule = _periodic("每半年")
    assert (rule["kind"], rule["every"]) == ("periodic", "half_year")


def test_yearly_每年_without_a_month():
    rule = _periodic("每年公布一次")
    assert (rule["kind"], rule["every"]) == ("periodic", "year")


def test_end_of_quarter_每季度末():
    rule = _periodic("每季度末")
    assert (rule["every"], rule["within_period"]) == ("quarter", True)
    assert periodic_due(rule, date(2021, 8, 3)) == date(2021, 9, 30)


def test_end_of_month_each_year_每年X月底前_stays_a_fixed_date():
    for text in ("每年3月底前", "每年12月31日前", "每年三月前公开"):
        assert parse_time_limit(text)["kind"] == "fixed_date_each_year"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("每月5日内", "calendar_days"),  # days counted, not a day of the month
        ("每季度结束后10个工作日内", "working_days"),  # counted from the quarter's end
        ("季度报告形成后20个工作日内", "working_days"),  # 季度 without 每
        ("第一季度", "unparsed"),
        ("每周", "unparsed"),
        ("随时公布", "unparsed"),
    ],
)
def test_periodic_near_misses(text, kind):
    assert parse_time_limit(text)["kind"] == kind


@pytest.mark.parametrize(
    ("text", "day", "period", "due"),
    [
        ("每季度首月20日前", date(2021, 8, 3), "2021年第三季度", date(2021, 10, 20)),
        ("每季度首月20日前", date(2021, 12, 31), "2021年第四季度", date(2022, 1, 20)),
        ("每季度", date(2021, 2, 1), "2021年第一季度", date(2021, 4, 30)),
        ("每月", date(2021, 1, 15), "2021年1月", date(2021, 2, 28)),
        ("每月31日前", date(2021, 1, 15), "2021年1月", date(2021, 2, 28)),  # a short month: its last day
        ("每半年", date(2021, 9, 1), "2021年下半年", date(2022, 1, 31)),
        ("每年公布一次", date(2021, 5, 1), "2021年", date(2022, 1, 31)),
    ],
)
def test_periodic_due_date_of_a_period(text, day, period, due):
    rule = parse_time_limit(text)
    assert period_label(rule, day) == period
    assert periodic_due(rule, day) == due
    start, end = period_of(rule, day)
    assert start <= day <= end


def test_periodic_dues_around_today():
    rule = parse_time_limit("每季度首月20日前")
    # On the due day itself the third quarter is not yet late: the second quarter is the latest one due.
    assert periodic_dues_around(rule, date(2021, 10, 20)) == (date(2021, 4, 1), date(2021, 7, 20), date(2021, 4, 20))
    assert periodic_dues_around(rule, date(2021, 10, 21)) == (date(2021, 7, 1), date(2021, 10, 20), date(2021, 7, 20))
    assert periodic_dues_around(parse_time_limit("每月"), date(2021, 3, 1)) == (
        date(2021, 1, 1), date(2021, 2, 28), date(2021, 1, 31))
    assert periodic_dues_around(parse_time_limit("信息形成之日起20个工作日内"), date(2021, 3, 1)) is None
