"""Build gongkai/calendars/data/special_days.json from the chinese_calendar package.

    .venv/bin/python scripts/build_special_days.py [--check]

Each entry: {date, kind: holiday|workday, name, year, source}. `year` is the year of the State Council
notice (元旦 days in late December belong to the next year's notice). Only the years chinese_calendar
covers completely are written; tests/calendars/test_special_days_data.py checks 2024–2026 against
rules.md §11. Re-run after upgrading chinese_calendar, then review the diff before committing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from chinese_calendar import constants

OUT = Path(__file__).resolve().parent.parent / "gongkai" / "calendars" / "data" / "special_days.json"

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# Notices named in rules.md §0 (row 14) and §11; other years get the notice's usual title.
NOTICES = {
    2024: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
    2025: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
    2026: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
}
ANTI_FASCIST_NOTICE = "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"


def notice_for(year: int, english_name: str) -> str:
    if english_name == "Anti-Fascist 70th Day":
        return ANTI_FASCIST_NOTICE
    return NOTICES.get(year, f"国务院办公厅关于{year}年部分节假日安排的通知")


def notice_year(day, english_name: str) -> int:
    if english_name == "New Year's Day" and day.month == 12:
        return day.year + 1
    return day.year


def covered_years() -> list[int]:
    years = {d.year for d in constants.holidays} & {d.year for d in constants.workdays}
    return sorted(years)


def build() -> dict:
    years = covered_years()
    entries = []
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for day, english in table.items():
            year = notice_year(day, english)
            if year not in years:
                continue
            name = NAMES[english]
            entries.append({
                "date": day.isoformat(),
                "kind": kind,
                "name": name if kind == "holiday" else f"{name}调休上班",
                "year": year,
                "source": notice_for(year, english),
            })
    entries.sort(key=lambda e: e["date"])
    return {
        "generated_from": "chinese_calendar " + _version(),
        "years": [{"year": y, "source": notice_for(y, "")} for y in years],
        "special_days": entries,
    }


def _version() -> str:
    from importlib.metadata import version

    return version("chinese_calendar")


def render(data: dict) -> str:
    """One entry per line, so that a new year's notice reads as a short diff."""

    def line(obj) -> str:
        return json.dumps(obj, ensure_ascii=False)

    parts = ["{", f' "generated_from": {line(data["generated_from"])},', ' "years": [']
    parts.append(",\n".join("  " + line(y) for y in data["years"]))
    parts.append(" ],")
    parts.append(' "special_days": [')
    parts.append(",\n".join("  " + line(e) for e in data["special_days"]))
    parts.append(" ]")
    parts.append("}")
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args()
    text = render(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} 与 chinese_calendar 的数据不一致，请重新生成。", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
