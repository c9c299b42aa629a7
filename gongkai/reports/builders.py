"""Build a report's tables from plain rows (pure: no Django). `reports.selectors` turns records,
requests and the review/litigation register into these rows; the functions here only count.

Table 三's years (rules.md §6.4): a request belongs to the year it was received (收到申请之日). For
report year Y:
  一 = received in Y;
  二 = received before Y and still open on 1 January of Y (上年结转);
  三 = decided in Y, one row per request by its reply type's row code (部分公开 only in 三(二));
  四 = received by 31 December of Y and still open then (结转下年度继续办理).
So 一 + 二 = 三(七) + 四 holds by construction, column by column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongkai.reports.layout import (
    APPLICANT_COLUMNS,
    FORMAT_2021,
    OUTCOME_CODES,
    TABLE4_OUTCOMES,
    empty_tables,
)

APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS)


@dataclass(frozen=True)
class RecordRow:
    """One published record as table 二 sees it. `category`: a table-二 row key (规章, 行政规范性文件,
    行政许可, 行政处罚, 行政强制, 行政事业性收费) or "" for records the table does not count."""

    category: str
    formed_on: date | None
    published_on: date | None
    fee_amount_yuan: Decimal | None = None
    is_repeal: bool = False  # a notice repealing a document of `category` (本年废止件数)


@dataclass(frozen=True)
class RequestRow:
    """One request as table 三 sees it. `applicant`: one of APPLICANT_KEYS; `row_code`: the reply
    type's row (三(一) … 三(六)3) or "" while undecided; `decided_on`: the reply date."""

    ref: object
    applicant: str
    received_on: date
    decided_on: date | None = None
    row_code: str = ""


@dataclass(frozen=True)
class CaseRow:
    """One 复议/诉讼 case: block (review, litigation_direct, litigation_after_review), result (upheld,
    corrected, other, pending), year."""

    block: str
    result: str
    year: int


def build_table2(rows: Iterable[RecordRow], year: int) -> dict[str, Any]:
    """Table 二 (2021 layout) for `year`."""
    table: dict[str, Any] = empty_tables(FORMAT_2021)["table2"]
    end = date(year, 12, 31)
    fees = Decimal(0)
    for r in rows:
        if r.category in ("规章", "行政规范性文件"):
            when = r.formed_on or r.published_on
            if when is None or when > end:
                continue
            sign = -1 if r.is_repeal else 1
            if when.year == year:
                table[r.category]["repealed" if r.is_repeal else "issued"] += 1
            table[r.category]["in_force"] = max(0, table[r.category]["in_force"] + sign)
        elif r.category in ("行政许可", "行政处罚", "行政强制"):
            when = r.formed_on or r.published_on
            if when and when.year == year:
                table[r.category]["decisions"] += 1
        elif r.category == "行政事业性收费":
            when = r.formed_on or r.published_on
            if when and when.year == year and r.fee_amount_yuan:
                fees += Decimal(r.fee_amount_yuan)
    table["行政事业性收费"]["fee_wan"] = yuan_to_wan(fees)
    return table


def yuan_to_wan(amount: Decimal | int | float) -> float:
    """Yuan to 万元, four decimals (to the yuan)."""
    return float((Decimal(amount) / Decimal(10000)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _open_on(r: RequestRow, day: date) -> bool:
    """Received by `day` and not yet decided at its end."""
    return r.received_on <= day and (r.decided_on is None or r.decided_on > day)


def build_table3(rows: Iterable[RequestRow], year: int) -> tuple[dict[str, Any], list[tuple[object, str]]]:
    """Table 三 (2021 layout) for `year`, and the (request, row) classification rule 5 checks."""
    table: dict[str, Any] = empty_tables(FORMAT_2021)["table3"]
    start, end = date(year, 1, 1), date(year, 12, 31)
    outcomes: list[tuple[object, str]] = []
    valid_outcomes = set(OUTCOME_CODES[FORMAT_2021])
    for r in rows:
        if r.applicant not in APPLICANT_KEYS:
            raise ValueError(f"申请 {r.ref} 的申请人类型“{r.applicant}”无法计入表三。")
        if r.received_on > end:
            continue
        counted = False
        if r.received_on >= start:
            table["一"][r.applicant] += 1
            counted = True
        elif _open_on(r, start - timedelta(days=1)):
            table["二"][r.applicant] += 1
            counted = True
        if not counted:
            continue
        if r.decided_on is not None and start <= r.decided_on <= end:
            if r.row_code not in valid_outcomes:
                raise ValueError(f"申请 {r.ref} 的办理结果“{r.row_code}”不是表三的办理结果行。")
            table[r.row_code][r.applicant] += 1
            outcomes.append((r.ref, r.row_code))
        else:
            table["四"][r.applicant] += 1
    for code, cells in table.items():
        if code != "三(七)":
            cells["total"] = sum(cells[k] for k in APPLICANT_KEYS)
    for key in (*APPLICANT_KEYS, "total"):
        table["三(七)"][key] = sum(table[code][key] for code in OUTCOME_CODES[FORMAT_2021])
    return table, outcomes


def build_table4(rows: Iterable[CaseRow], year: int) -> dict[str, Any]:
    table: dict[str, Any] = empty_tables(FORMAT_2021)["table4"]
    outcome_keys = {c.key for c in TABLE4_OUTCOMES}
    for r in rows:
        if r.year != year:
            continue
        if r.block not in table or r.result not in outcome_keys:
            raise ValueError(f"复议/诉讼案件的类别“{r.block}”或结果“{r.result}”无法计入表四。")
        table[r.block][r.result] += 1
        table[r.block]["total"] += 1
    return table


def build_tables(records: Iterable[RecordRow], requests: Iterable[RequestRow], cases: Iterable[CaseRow],
                 year: int) -> tuple[dict[str, Any], list[tuple[object, str]]]:
    table3, outcomes = build_table3(requests, year)
    return {
        "format": FORMAT_2021,
        "table2": build_table2(records, year),
        "table3": table3,
        "table4": build_table4(cases, year),
    }, outcomes
