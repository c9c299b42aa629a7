"""Validation rules of the annual report (rules.md §6.6), one test per rule, named after it."""

import copy

from gongkai.reports import validation as v
from gongkai.reports.layout import FORMAT_2019, TABLE3_ROWS
from tests.reports.samples import balanced


def test_balanced_sample_has_no_problem():
    assert v.validate(balanced()) == []
    assert v.validate(balanced(FORMAT_2019)) == []


def test_rule_1_balance_per_column():
    """§6.6 rule 1, 国办公开办函〔2021〕30号 table 三 note: 第一项加第二项之和，等于第三项加第四项之和 (per column)."""
    t = balanced()
    t["table3"]["四"]["business"] = 2
    t["table3"]["四"]["total"] = 4
    problems = v.rule_1_balance(t)
    assert [(p.row, p.column) for p in problems] == [("三(七)", "business"), ("三(七)", "total")]
    assert "商业企业" in problems[0].message and "相差 -1" in problems[0].message


def test_rule_2_outcome_total():
    """§6.6 rule 2, 30号 table 三: （七）总计 = （一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +（六）1–3."""
    t = balanced()
    t["table3"]["三(三)4"]["natural_person"] = 1
    problems = v.rule_2_outcome_total(t)
    assert problems[0].row == "三(七)" and problems[0].column == "natural_person"
    assert "（七）总计" in problems[0].message and "自然人" in problems[0].message


def test_rule_2_outcome_total_2019_single_other_row():
    """§6.7: in 60号 layout（六）其他处理 is a single row and counts into （七）."""
    t = balanced(FORMAT_2019)
    t["table3"]["三(六)"].update(natural_person=1, total=1)
    t["table3"]["三(七)"].update(natural_person=10, total=11)
    t["table3"]["四"].update(natural_person=1, total=2)
    assert v.rule_2_outcome_total(t) == [] and v.rule_1_balance(t) == []
    assert "三(六)1" not in [r.code for r in TABLE3_ROWS[FORMAT_2019]]


def test_rule_3_row_total():
    """§6.6 rule 3, 30号 table 三: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他."""
    t = balanced()
    t["table3"]["三(一)"]["total"] = 7
    problems = v.rule_3_row_total(t)
    assert [(p.row, p.column) for p in problems] == [("三(一)", "total")]
    assert "（一）予以公开" in problems[0].message and "总计" in problems[0].message


def test_rule_4_table4_totals():
    """§6.6 rule 4, 30号 table 四: each block's 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    t = balanced()
    t["table4"]["litigation_direct"]["pending"] = 1
    problems = v.rule_4_table4_totals(t)
    assert [(p.table, p.row) for p in problems] == [("四", "litigation_direct")]
    assert "未经复议直接起诉" in problems[0].message


def test_rule_5_partial_counted_once():
    """§6.6 rule 5, 《条例》第三十七条 and 30号（二）: 区分处理的，只计这一情形，不计其他情形."""
    problems = v.rule_5_partial_counted_once([("A1", "三(二)"), ("A1", "三(三)4"), ("A2", "三(一)")])
    assert len(problems) == 1 and "A1" in problems[0].message and "只计入（二）部分公开" in problems[0].message
    assert v.rule_5_partial_counted_once([("A1", "三(二)"), ("A2", "三(二)")]) == []


def test_rule_6_carry_over():
    """§6.6 rule 6 (soft): 本年 二（上年结转）= 上年 四（结转下年度继续办理）."""
    previous = balanced()
    now = balanced()
    problems = v.rule_6_carry_over(now, previous)  # 上年 四 total 3, 本年 二 total 1
    assert {p.column for p in problems} == {"natural_person", "business", "total"}
    assert all(p.severity == v.SOFT for p in problems)
    assert v.rule_6_carry_over(now, None) == []


def test_rule_7_in_force():
    """§6.6 rule 7 (soft), 30号 table 二: 上年现行有效 + 本年制发 − 本年废止 ≈ 本年现行有效."""
    previous = balanced()
    now = copy.deepcopy(previous)
    now["table2"]["规章"].update(issued=2, repealed=1, in_force=5)
    assert v.rule_7_in_force(now, previous) == []
    now["table2"]["规章"]["in_force"] = 9
    problems = v.rule_7_in_force(now, previous)
    assert [(p.table, p.row, p.column) for p in problems] == [("二", "规章", "in_force")]
    assert "应为 5" in problems[0].message


def test_rule_8_narrative_figures():
    """§6.6 rule 8 (soft): figures in the narrative are compared with the tables."""
    t = balanced()
    assert v.rule_8_narrative_figures(t, "<p>全年新收政府信息公开申请12件，上年结转1件。</p>") == []
    problems = v.rule_8_narrative_figures(t, "全年共收到政府信息公开申请15件。")
    assert [(p.row, p.column) for p in problems] == [("一", "total")]
    assert "15" in problems[0].message and "12" in problems[0].message


def test_rule_9_blank_total():
    """§6.6 rule 9 (soft): blank = 0 for arithmetic, but a blank 总计 on a non-zero row is flagged."""
    t = balanced()
    t["table3"]["三(一)"]["total"] = None
    t["table3"]["三(三)1"] = {k: None for k in t["table3"]["三(三)1"]}  # a wholly blank row is fine
    problems = v.validate(t)
    assert [(p.rule, p.row) for p in problems] == [(9, "三(一)")]  # the blank total stands for its row's sum
    assert "为空" in problems[0].message


def test_rule_10_fee_unit():
    """§6.6 rule 10 (soft), 30号 table 二: 本年收费金额 is in 万元; yuan typed in is flagged."""
    t = balanced()
    t["table2"]["行政事业性收费"]["fee_wan"] = 12500
    problems = v.rule_10_fee_unit(t)
    assert [(p.row, p.column) for p in problems] == [("行政事业性收费", "fee_wan")]
    assert "1.25 万元" in problems[0].message


def test_planted_error_is_caught_at_its_cell():
    """A single wrong cell (三(三)6, 社会公益组织) shows as rule 2 and rule 3 at that column/row."""
    t = balanced()
    t["table3"]["三(三)6"]["public_interest"] = 1
    problems = v.hard(v.validate(t))
    cells = {(p.rule, p.row, p.column) for p in problems}
    assert (2, "三(七)", "public_interest") in cells
    assert (3, "三(三)6", "total") in cells
    assert any("6.属于四类过程性信息" in p.message for p in problems)


def test_compare_2019_with_2021():
    """Past years compare: 60号's single （六）其他处理 row against 30号's （六）1–3."""
    from gongkai.reports.compare import compare
    older, newer = balanced(FORMAT_2019), balanced()
    older["table3"]["三(六)"].update(natural_person=1, total=1)
    newer["table3"]["三(六)2"].update(business=2, total=2)
    rows = {r["label"]: r for r in compare(older, newer)}
    assert rows["（六）其他处理（总计）"]["older"] == 1 and rows["（六）其他处理（总计）"]["newer"] == 2
    assert rows["一、本年新收政府信息公开申请数量（总计）"]["change"] == 0
    assert "行政处罚·本年处理决定数量" in rows  # 60号 处理决定数量 = 30号 本年处理决定数量
    assert not any(label.startswith("规章·") for label in rows)  # the 规章 columns differ
    assert rows["行政复议（总计）"]["older"] == 2


def test_narrative_is_sanitised_and_plain_text_becomes_paragraphs():
    from gongkai.reports.services import sanitise
    assert sanitise("第一段\n\n第二段 A&B") == "<p>第一段</p><p>第二段 A&amp;B</p>"
    assert sanitise('<p onclick="x()">正文</p><script>alert(1)</script><a href="http://x">链接</a>') == "<p>正文</p>链接"


# --- 《条例》第四十九条 ---------------------------------------------------------------------------------

def test_article_49_a_report_is_published_only_after_its_year():
    """《条例》第四十九条: the report published is 上一年度's — a report of year Y from 1 January Y+1."""
    import datetime
    assert v.article_49_publishable_from(2026) == datetime.date(2027, 1, 1)
    refusal = v.article_49_refusal(2026, datetime.date(2026, 12, 31))
    assert "2026年度尚未结束" in refusal and "2027年1月1日" in refusal and "第四十九条" in refusal
    assert v.article_49_refusal(2026, datetime.date(2027, 1, 1)) == ""
    assert v.article_49_refusal(2025, datetime.date(2026, 6, 1)) == ""


# --- rule 8: every figure the narrative states ------------------------------------------------------

def _granted_275():
    """(一) 205 + (二) 70 = 275, as in a real report whose narrative said 258."""
    t = balanced()
    t3 = t["table3"]
    t3["一"].update(natural_person=280, business=8, legal_service=2, total=290)
    t3["二"].update(natural_person=5, business=0, total=5)
    t3["三(一)"].update(natural_person=200, business=5, total=205)
    t3["三(二)"].update(natural_person=68, business=2, total=70)
    t3["三(三)4"].update(natural_person=2, total=2)
    t3["三(四)1"].update(natural_person=8, legal_service=1, total=9)
    t3["三(五)2"].update(natural_person=3, total=3)
    t3["三(六)3"].update(natural_person=1, total=1)
    t3["三(七)"].update(natural_person=282, business=7, legal_service=1, total=290)
    t3["四"].update(natural_person=3, business=1, legal_service=1, total=5)
    t["table2"]["行政规范性文件"].update(issued=2, repealed=1, in_force=25)
    t["table2"]["行政许可"]["decisions"] = 1234
    t["table2"]["行政处罚"]["decisions"] = 56
    t["table4"]["litigation_direct"].update(pending=1, total=1)
    assert v.hard(v.validate(t)) == []
    return t


def test_rule_8_narrative_granted_in_full_or_in_part_258_against_275():
    """§6.6 rule 8 (soft): “予以公开和部分公开258件” is (一)+(二) of table 三; it is not read again as (一) alone."""
    problems = v.rule_8_narrative_figures(_granted_275(), "<p>其中，予以公开和部分公开258件。</p>")
    assert [(p.rule, p.severity, p.table, p.row) for p in problems] == [(8, v.SOFT, "三", "三(一)")]
    assert "258" in problems[0].message and "275" in problems[0].message
    assert "予以公开" in problems[0].message and "部分公开" in problems[0].message
    assert v.rule_8_narrative_figures(_granted_275(), "全部或部分公开275件。") == []


def test_rule_8_narrative_category_totals_of_table_3():
    """Each category (一)…(六) stated in the narrative is compared with its row (or the sum of its sub-rows)."""
    t = _granted_275()
    right = ("全年新收政府信息公开申请290件，上年结转5件，办结290件，结转下年度继续办理5件。其中予以公开205件、"
             "部分公开70件、不予公开2件、无法提供9件、不予处理3件、其他处理1件。")
    assert v.rule_8_narrative_figures(t, right) == []
    wrong = right.replace("不予公开2件", "不予公开4件").replace("无法提供9件", "无法提供8件").replace(
        "其他处理1件", "其他处理0件").replace("部分公开70件", "部分公开53件")
    problems = v.rule_8_narrative_figures(t, wrong)
    assert [p.row for p in problems] == ["三(二)", "三(三)", "三(四)", "三(六)"]
    assert "“部分公开53件”" in problems[0].message and "为 70" in problems[0].message
    assert "“不予公开4件”" in problems[1].message and "为 2" in problems[1].message


def test_rule_8_narrative_rows_of_table_2_and_table_4():
    t = _granted_275()
    right = ("制发行政规范性文件2件，废止规范性文件1件，现行有效规范性文件25件；作出行政许可决定1234件、行政处罚决定56件；"
             "行政事业性收费1.25万元。发生行政复议2件、行政诉讼1件。")
    assert v.rule_8_narrative_figures(t, right) == []
    wrong = right.replace("1234件", "1,243件").replace("现行有效规范性文件25件", "现行有效规范性文件24件").replace(
        "行政诉讼1件", "行政诉讼2件").replace("1.25万元", "1.5万元")
    problems = v.rule_8_narrative_figures(t, wrong)
    assert [(p.table, p.row, p.column) for p in problems] == [
        ("二", "行政规范性文件", "in_force"), ("二", "行政许可", "decisions"), ("二", "行政事业性收费", "fee_wan"),
        ("四", "litigation_direct", "total")]
    assert "1243" in problems[1].message and "1234" in problems[1].message
    assert "1.5" in problems[2].message and "1.25" in problems[2].message


# --- rule 10: the fee column only, numbers written plainly -------------------------------------------

def test_rule_10_fee_unit_procurement_in_wan_is_not_flagged():
    """§6.6 rule 10 is about 收费金额; 60号's 政府集中采购·采购总金额 is in 万元 too and runs into thousands."""
    t = balanced(FORMAT_2019)
    t["table2"]["政府集中采购"].update(items=46, amount_wan=3125.6)
    assert v.rule_10_fee_unit(t) == [] and v.validate(t) == []


def test_rule_10_fee_unit_numbers_are_never_in_scientific_notation():
    t = balanced()
    t["table2"]["行政事业性收费"]["fee_wan"] = 12345.67
    message = v.rule_10_fee_unit(t)[0].message
    assert "12345.67" in message and "123456700 元" in message and "1.234567 万元" in message
    assert "e+" not in message and "e-" not in message
    t["table2"]["行政事业性收费"]["fee_wan"] = 0.0
    problems = v.rule_8_narrative_figures(t, "行政事业性收费0.00001万元。")
    assert "0.00001" in problems[0].message and "1e-05" not in problems[0].message
    assert [v.plain(x) for x in (0.00001, 1e-05, 1.25e7, 0.1 + 0.2, 3, 2.50)] == [
        "0.00001", "0.00001", "12500000", "0.3", "3", "2.5"]
