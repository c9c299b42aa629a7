"""The packaged table of special days (data/special_days.json, built by scripts/build_special_days.py).

Pure Python: tests and tools can build the real calendar without a database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from gongkai.calendars.domain import DayKind, SpecialDay, WorkdayCalendar

SEED_PATH = Path(__file__).resolve().parent / "data" / "special_days.json"


@dataclass(frozen=True)
class SeedData:
    special_days: tuple[SpecialDay, ...]
    years: dict[int, str]  # year → source notice


@cache
def read_seed(path: Path = SEED_PATH) -> SeedData:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    days = tuple(
        SpecialDay(
            date=date.fromisoformat(e["date"]),
            kind=DayKind(e["kind"]),
            name=e["name"],
            year=int(e["year"]),
            source=e["source"],
        )
        for e in raw["special_days"]
    )
    return SeedData(days, {int(y["year"]): y["source"] for y in raw["years"]})


def seed_calendar() -> WorkdayCalendar:
    """The calendar as shipped, before any administrator's change."""
    data = read_seed()
    return WorkdayCalendar(data.special_days, data.years)
