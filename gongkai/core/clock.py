"""The platform's one clock: `now()` (this moment, timezone-aware) and `today()` (the date in the
platform's time zone, TIME_ZONE = Asia/Shanghai: the day a clerk writes on a letter).

Services, selectors and screens ask here, never `date.today()` (ruff DTZ) or `timezone.now()` directly;
pure rule modules take `today` as a parameter. Tests set the clock with the `clock` fixture of
tests/conftest.py (`clock.set(date(2026, 9, 8))`), which lets it run again after the test."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

# A day set without a time of day stands for this moment of it, local time: a working morning.
SET_DAY_AT = time(9, 0)

_fixed: datetime | None = None


def now() -> datetime:
    """This moment, timezone-aware."""
    return _fixed if _fixed is not None else timezone.now()


def today() -> date:
    """Today in the platform's time zone."""
    return timezone.localdate(now())


def set_to(moment: date | datetime | None) -> None:
    """Stop the clock at `moment` (a date stands for 09:00 local time that day; a naive datetime is local
    time); None lets it run again. For tests, through the `clock` fixture."""
    global _fixed
    if moment is None:
        _fixed = None
    elif isinstance(moment, datetime):
        _fixed = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    else:
        _fixed = timezone.make_aware(datetime.combine(moment, SET_DAY_AT))


def local_days(field: str, first: date | None, last: date | None) -> dict[str, datetime]:
    """The lookups of `field` (a moment) falling on the local days `first`..`last`, both included; either may be
    None. A screen's or an API's date filter: `qs.filter(**clock.local_days("published_at", a, b))`. The
    calendar's ends are open ends: the local midnight of 0001-01-01 is before the first moment a datetime can
    hold in UTC, and 9999-12-31 has no next day (both were server errors)."""
    lookups: dict[str, datetime] = {}
    if first is not None and first > date.min:
        lookups[f"{field}__gte"] = timezone.make_aware(datetime.combine(first, time.min))
    if last is not None and last < date.max:
        lookups[f"{field}__lt"] = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return lookups
