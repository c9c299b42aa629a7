"""Table builders over plain rows (reports.builders)."""

from datetime import date
from decimal import Decimal

import pytest

from gongkai.reports import validation as v
from gongkai.reports.builders import CaseRow, RecordRow, RequestRow, build_table2, build_table3, build_tables


def test_table3_carry_over_and_balance():
    """30号 table 三: 上年结转 = open on 1 January; 结转下年 = open on 31 December; 勾稽关系 holds."""
    rows = [
        RequestRow("A", "natural_person", date(2024, 12, 20), date(2025, 1, 10), "三(一)"),  # carried in, decided
        RequestRow("B", "natural_person", date(2024, 12, 1), date(2024, 12, 20), "三(一)"),  # last year's
        RequestRow("C", "business", date(2025, 3, 1), date(2025, 3, 20), "三(二)"),
        RequestRow("D", "research", date(2025, 12, 15), None, ""),  # carried out
        RequestRow("E", "natural_person", date(2025, 12, 20), date(2026, 1, 5), "三(四)1"),  # carried out
        RequestRow("F", "other", date(2026, 1, 2), None, ""),  # next year's
        RequestRow("G", "legal_service", date(2025, 5, 1), date(2025, 5, 9), "三(六)1"),
    ]
    table3, outcomes = build_table3(rows, 2025)
    assert table3["一"]["total"] == 4 and table3["二"]["total"] == 1
    assert table3["三(七)"]["total"] == 3 and table3["四"]["total"] == 2
    assert table3["四"]["research"] == 1 and table3["四"]["natural_person"] == 1
    assert sorted(outcomes) == [("A", "三(一)"), ("C", "三(二)"), ("G", "三(六)1")]
    tables, _ = build_tables([], rows, [], 2025)
    assert v.hard(v.validate(tables, outcomes=outcomes)) == []


def test_table3_refuses_unknown_row_or_applicant():
    with pytest.raises(ValueError, match="申请人类型"):
        build_table3([RequestRow("X", "alien", date(2025, 1, 1))], 2025)
    with pytest.raises(ValueError, match="办理结果"):
        build_table3([RequestRow("X", "other", date(2025, 1, 1), date(2025, 1, 3), "三(九)")], 2025)


def test_table2_counts_and_fees_in_wan():
    """30号 table 二: 本年制发 / 废止 / 现行有效; decisions by year; 收费金额 in 万元."""
    rows = [
        RecordRow("行政规范性文件", date(2023, 5, 1), date(2023, 5, 2)),
        RecordRow("行政规范性文件", date(2025, 2, 1), date(2025, 2, 3)),
        RecordRow("行政规范性文件", date(2020, 2, 1), None),
        RecordRow("行政规范性文件", date(2025, 6, 1), date(2025, 6, 1), is_repeal=True),
        RecordRow("行政许可", date(2025, 7, 1), date(2025, 7, 1)),
        RecordRow("行政处罚", date(2024, 7, 1), date(2024, 7, 1)),
        RecordRow("行政事业性收费", date(2025, 3, 1), date(2025, 3, 1), fee_amount_yuan=Decimal("12500")),
        RecordRow("行政事业性收费", date(2025, 4, 1), date(2025, 4, 1), fee_amount_yuan=Decimal("350.5")),
        RecordRow("", date(2025, 4, 1), date(2025, 4, 1)),
    ]
    t = build_table2(rows, 2025)
    assert t["行政规范性文件"] == {"issued": 1, "repealed": 1, "in_force": 2}
    assert t["行政许可"]["decisions"] == 1 and t["行政处罚"]["decisions"] == 0
    assert t["行政事业性收费"]["fee_wan"] == 1.2851


def test_table4_from_cases():
    """30号 table 四: counts by block and result, with the block total."""
    cases = [CaseRow("review", "upheld", 2025), CaseRow("review", "pending", 2025),
             CaseRow("litigation_after_review", "corrected", 2025), CaseRow("review", "upheld", 2024)]
    tables, _ = build_tables([], [], cases, 2025)
    assert tables["table4"]["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert tables["table4"]["litigation_after_review"]["total"] == 1
