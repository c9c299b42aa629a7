"""Writes to the working-day calendar: the shipped seed, and an administrator's corrections when
the State Council publishes a new year's arrangement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.calendars.models import CalendarYear, SpecialDay, SpecialDayKind
from gongkai.calendars.seed import read_seed
from gongkai.calendars.signals import calendar_changed
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed

# The calendar is a technical, nation-wide setting kept by the system administrator.
CALENDAR_ACTION = Action.MANAGE_CALENDAR


@dataclass(frozen=True)
class SeedReport:
    days_created: int
    days_kept: int  # already present (possibly changed by an administrator); never overwritten
    days_differing: int  # present with another kind than the seed says
    years_marked_complete: int


def _seed_rows() -> tuple[list[SpecialDay], dict[int, str]]:
    data = read_seed()
    rows = [
        SpecialDay(date=d.date, kind=str(d.kind), name=d.name, year=d.year, source_notice=d.source)
        for d in data.special_days
    ]
    return rows, data.years


def calendar_seed(*, actor: Actor | None = None) -> SeedReport:
    """Load the shipped table (idempotent): add the special days that are missing and mark the shipped
    years complete. Rows already present are left alone, so an administrator's correction survives.
    With an actor, the actor must be allowed to manage the calendar; without one it is the system
    (installation, upgrades)."""
    if actor is not None:
        require(actor, CALENDAR_ACTION)  # outside the transaction, so that a refusal stays recorded
    with transaction.atomic():
        return _seed(actor)


def _seed(actor: Actor | None) -> SeedReport:
    rows, years = _seed_rows()
    existing = {row.date: row.kind for row in SpecialDay.objects.only("date", "kind")}
    new_rows = [row for row in rows if row.date not in existing]
    differing = sum(1 for row in rows if row.date in existing and existing[row.date] != row.kind)
    SpecialDay.objects.bulk_create(new_rows, batch_size=500)
    marked = 0
    for year, source in years.items():
        obj, created = CalendarYear.objects.get_or_create(
            year=year, defaults={"complete": True, "source_notice": source}
        )
        if created:
            marked += 1
        elif not obj.complete:
            obj.complete = True
            obj.source_notice = obj.source_notice or source
            obj.save(update_fields=["complete", "source_notice"])
            marked += 1
    report = SeedReport(len(new_rows), len(rows) - len(new_rows), differing, marked)
    if new_rows or marked:
        record_event(
            actor=actor,
            action="calendar.seeded",
            data={"days_created": report.days_created, "years_marked_complete": marked,
                  "days_differing": differing},
        )
        _announce(set(years))
    return report


def _snapshot(row: SpecialDay | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"date": row.date.isoformat(), "kind": row.kind, "name": row.name, "year": row.year,
            "source_notice": row.source_notice}


def special_day_set(
    *, actor: Actor, date: date, kind: str, name: str, source_notice: str, year: int | None = None
) -> SpecialDay:
    """Add or change one special day. `year` is the year of the arrangement (default: the date's
    year; the 元旦 days of late December belong to the next year's notice)."""
    require(actor, CALENDAR_ACTION)
    name = (name or "").strip()
    source_notice = (source_notice or "").strip()
    if kind not in SpecialDayKind.values:
        raise ValidationFailed(f"类型“{kind}”无效，应为 holiday（放假）或 workday（调休上班）。")
    if not name:
        raise ValidationFailed("请填写节日名称，例如“春节”。")
    if not source_notice:
        raise ValidationFailed("请填写依据的通知（国务院办公厅关于某年部分节假日安排的通知），只录入正式通知中的日期。")
    if kind == SpecialDayKind.WORKDAY and date.weekday() < 5:
        raise ValidationFailed(f"{date.isoformat()} 是星期一至星期五，本来就是工作日，不能登记为调休上班。")
    year = year or date.year
    if abs(year - date.year) > 1:
        raise ValidationFailed(f"安排年度 {year} 与日期 {date.isoformat()} 不符。")
    with transaction.atomic():
        row = SpecialDay.objects.select_for_update().filter(date=date).first()
        before = _snapshot(row)
        if row is None:
            row = SpecialDay(date=date, created_by=acting_user(actor))
        row.kind, row.name, row.year, row.source_notice = kind, name, year, source_notice
        row.save()
        record_event(actor=actor, action="calendar.special_day_set", target=row,
                     data={"before": before, "after": _snapshot(row)})
        _announce({year, date.year})
    return row


def special_day_remove(*, actor: Actor, date: date) -> None:
    """Remove a special day entered by mistake (the day falls back to the Monday–Friday rule)."""
    require(actor, CALENDAR_ACTION)
    with transaction.atomic():
        row = SpecialDay.objects.select_for_update().filter(date=date).first()
        if row is None:
            raise ValidationFailed(f"{date.isoformat()} 不是已登记的特殊日。")
        record_event(actor=actor, action="calendar.special_day_removed", target=row,
                     data={"before": _snapshot(row)})
        _announce({row.year, date.year})
        row.delete()


def calendar_year_set(*, actor: Actor, year: int, complete: bool, source_notice: str = "") -> CalendarYear:
    """Mark a year's arrangement as completely loaded (or not). Only complete years give
    definitive answers; mark a year complete after entering every day of its notice."""
    require(actor, CALENDAR_ACTION)
    if complete and not source_notice.strip():
        existing = CalendarYear.objects.filter(year=year).values_list("source_notice", flat=True).first()
        if not existing:
            raise ValidationFailed(f"标记{year}年已完整前，请填写依据的通知。")
    with transaction.atomic():
        obj, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
        before = {"complete": obj.complete, "source_notice": obj.source_notice}
        obj.complete = complete
        if source_notice.strip():
            obj.source_notice = source_notice.strip()
        obj.save()
        record_event(actor=actor, action="calendar.year_set", target=obj,
                     data={"before": before,
                           "after": {"complete": obj.complete, "source_notice": obj.source_notice}})
        _announce({year})
    return obj


def _announce(years: set[int]) -> None:
    """Tell the apps whose dates depend on the calendar, once the change is committed."""
    transaction.on_commit(lambda: calendar_changed.send(sender=__name__, years=set(years)))
