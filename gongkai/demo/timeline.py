"""The demo's story in time, so that no date on a demo page looks unlawful.

The services stamp everything "now" when the demo is built; a county that published its 2021版 catalog today,
its 2021 records five years late and this year's annual report before the year ends would be breaking the
rules the platform enforces. After the demo is built, its dates are moved to a plausible story:

- every 2021版 catalog was submitted, approved and published in mid-2021, the county first, then the town,
  the village reference catalog and the village (each approved by the level above before it was published);
- each 2021 record was published a few days after it was formed (inside the 20 working days of 《条例》
  第二十六条), except two published deliberately late, for oversight to find; interpretations went out
  with their document (三同步);
- last year's annual report was published in January, before the 31 January deadline (第五十条), and this
  year's is a draft; the 2020 report (imported) was published in January 2021.

`plan` is pure (today as a parameter); `apply` writes the dates. The audit log keeps the real times at which
the demo was built: it is append-only and says what happened on this machine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# (submitted, approved, published) of each 2021版 catalog, by (jurisdiction code, village reference?).
CATALOG_DATES = {
    # 邵阳市's reference catalog, 审定 and rolled out city-wide by the end of October 2020 (邵放组办字〔2020〕1号).
    ("430500000000", True): (dt.date(2020, 10, 12), dt.date(2020, 10, 23), dt.date(2020, 10, 30)),
    ("430503000000", False): (dt.date(2021, 6, 18), dt.date(2021, 6, 25), dt.date(2021, 6, 30)),
    ("430503101000", False): (dt.date(2021, 7, 6), dt.date(2021, 7, 12), dt.date(2021, 7, 15)),
    ("430503101000", True): (dt.date(2021, 7, 19), dt.date(2021, 7, 23), dt.date(2021, 7, 26)),
    ("430503101201", False): (dt.date(2021, 7, 28), dt.date(2021, 8, 2), dt.date(2021, 8, 4)),
}
# Records published deliberately late (title → publication day), for oversight to find.
LATE_RECORDS = {
    "大祥区2021年义务教育学校名录": dt.date(2021, 11, 3),
    "大祥区2021年第二季度城乡居民最低生活保障对象名单": dt.date(2021, 9, 28),
}
ON_TIME_DAYS = 3  # calendar days after the formed-on date (then the next weekday)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def record_published_on(title: str, formed_on: dt.date) -> dt.date:
    """The day a demo record went public: a few days after it was formed, or its deliberately late day."""
    return LATE_RECORDS.get(title) or _weekday_on_or_after(formed_on + dt.timedelta(days=ON_TIME_DAYS))


def report_published_on(year: int) -> dt.date:
    """A weekday in the third week of January after the report's year (before the 31 January deadline)."""
    return _weekday_on_or_before(dt.date(year + 1, 1, 20))


@dataclass(frozen=True)
class ReportPlan:
    published_year: int  # last year: published in January of this year
    draft_year: int  # this year: a draft until the year is over


def report_plan(today: dt.date) -> ReportPlan:
    return ReportPlan(published_year=today.year - 1, draft_year=today.year)


def _at(day: dt.date, hour: int = 10):
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def apply() -> int:
    """Move the demo's dates to the story above; returns how many objects were re-dated. Idempotent."""
    from gongkai.catalog.models import CatalogVersion, VersionStatus
    from gongkai.publishing import indexing
    from gongkai.publishing.models import Record, RecordStatus
    from gongkai.reports.models import AnnualReport

    changed = 0
    for version in (CatalogVersion.objects.filter(label__in=["2021版", "2020版"])
                    .select_related("catalog__jurisdiction")):
        dates = CATALOG_DATES.get((version.catalog.jurisdiction.code, version.catalog.is_reference))
        if dates is None or version.published_at is None:
            continue
        submitted, approved, published = (_at(d) for d in dates)
        CatalogVersion.objects.filter(pk=version.pk).update(
            submitted_at=submitted, decided_at=approved, published_at=published)
        by_status: dict[str, dt.datetime] = {VersionStatus.SUBMITTED: submitted, VersionStatus.APPROVED: approved,
                     VersionStatus.PUBLISHED: published}
        for transition in version.transitions.all():
            when = by_status.get(transition.to_status, _at(dates[0], 9))
            type(transition).objects.filter(pk=transition.pk).update(at=when)
        changed += 1

    public = (RecordStatus.PUBLISHED, RecordStatus.REVISED)
    for record in Record.objects.filter(status__in=public, published_at__isnull=False, formed_on__year=2021):
        published = _at(record_published_on(record.title, record.formed_on))
        Record.objects.filter(pk=record.pk).update(published_at=published)
        record.revisions.filter(published_at__isnull=False).update(published_at=published)
        record.interpretations.filter(published_at__isnull=False).update(published_at=published)
        moves = list(record.transitions.order_by("id"))
        for index, move in enumerate(moves):
            # Drafted on the day it was formed; the review moves in the hours before publication.
            when = (_at(record.formed_on, 9) if move.from_status == ""
                    else published - dt.timedelta(minutes=30 * (len(moves) - 1 - index)))
            type(move).objects.filter(pk=move.pk).update(at=when)
        changed += 1
    indexing.records_reindex()

    for report in AnnualReport.objects.filter(published_at__isnull=False):
        AnnualReport.objects.filter(pk=report.pk).update(published_at=_at(report_published_on(report.year)))
        changed += 1
    return changed
