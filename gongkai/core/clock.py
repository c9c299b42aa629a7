"""The platform's one clock: `now()` (this moment, timezone-aware) and `today()` (the date in the
platform's time zone, TIME_ZONE = Asia/Shanghai: the day a clerk writes on a letter).

Services, selectors and screens ask here, never `date.today()` (ruff DTZ) or `timezone.now()` directly;
pure rule modules take `today` as a parameter. Tests set the clock with the `clock` fixture of
tests/conftest.py (`clock.set(date(2026, 9, 8))`), which lets it run again after the test."""

from __future__ import annotations

from datetime import date, datetime, time

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
