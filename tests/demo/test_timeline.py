"""The demo tells a plausible story in time (issue 10): a 2021版 catalog published in 2021, records published
within their time limits (two deliberately late), last year's annual report published by 31 January and this
year's a draft. Dates are relative to today and reproducible."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.models import CatalogVersion
from gongkai.core import clock
from gongkai.demo import publishing as demo_publishing
from gongkai.demo import reports as demo_reports
from gongkai.demo import requests as demo_requests
from gongkai.demo import timeline
from gongkai.demo.build import demo_build
from gongkai.publishing.models import Record
from gongkai.reports.models import AnnualReport, ReportSource


def test_plan_is_pure_and_lawful():
    assert timeline.report_plan(dt.date(2026, 12, 2)) == timeline.ReportPlan(published_year=2025, draft_year=2026)
    for year in range(2020, 2030):
        day = timeline.report_published_on(year)
        assert day.year == year + 1 and day.month == 1 and day.day <= 31 and day.weekday() < 5
    on_time = timeline.record_published_on("某通知", dt.date(2021, 6, 15))
    assert dt.date(2021, 6, 15) < on_time <= dt.date(2021, 6, 15) + dt.timedelta(days=7) and on_time.weekday() < 5
    for key, (submitted, approved, published) in timeline.CATALOG_DATES.items():
        # 邵阳市's reference catalog was rolled out by the end of October 2020 (邵放组办字〔2020〕1号).
        assert submitted < approved < published and published.year == (2020 if key == ("430500000000", True) else 2021)


@pytest.mark.django_db
def test_the_built_demo_has_no_unlawful_date():
    demo_build()
    log = []
    demo_publishing.build(log.append)
    demo_requests.build(log.append)
    demo_reports.build(log.append)
    timeline.apply()
    local = timezone.localtime
    for version in CatalogVersion.objects.filter(label="2021版", published_at__isnull=False):
        assert local(version.published_at).year == 2021, version
        assert version.submitted_at < version.decided_at < version.published_at
        assert all(t.at.year == 2021 for t in version.transitions.all())
    late = 0
    for record in Record.objects.filter(published_at__isnull=False, formed_on__year=2021):
        published = local(record.published_at).date()
        assert published >= record.formed_on and published.year == 2021, record.title
        assert local(record.public_revision.published_at).date() == published
        late += (published - record.formed_on).days > 28
    assert late == 2
    today = clock.today()
    computed = {r.year: r for r in AnnualReport.objects.filter(source=ReportSource.COMPUTED)}
    assert computed[today.year].published_at is None
    last = computed[today.year - 1]
    assert last.published_at and local(last.published_at).date() <= dt.date(today.year, 1, 31)
    past = AnnualReport.objects.get(year=2020)
    assert local(past.published_at).date() <= dt.date(2021, 1, 31)
