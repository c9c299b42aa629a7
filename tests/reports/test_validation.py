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
