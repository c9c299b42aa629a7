"""The demo's annual reports: the demo year's report of 大祥区 balances and is published; a 2020 report
in the 2019 layout comes in through the importer; a second run adds nothing."""

import pytest

from gongkai.exchange import demo_reports
from gongkai.exchange.demo import demo_build
from gongkai.reports import validation
from gongkai.reports.models import AnnualReport, ReportSource

pytestmark = pytest.mark.django_db


def test_demo_reports_build_once():
    demo_build()
    for name in ("demo_publishing", "demo_requests"):  # others' demo data, when it is there
        try:
            module = __import__(f"gongkai.exchange.{name}", fromlist=["build"])
            module.build(lambda _line: None)
        except ImportError:
            pass
    lines = []
    created = demo_reports.build(lines.append)
    assert created >= 3, lines
    current = AnnualReport.objects.get(source=ReportSource.COMPUTED)
    assert current.is_published, lines
    assert current.title.startswith("大祥区人民政府") and current.kind == "government"
    assert validation.hard(validation.validate(current.tables)) == []
    assert current.tables["table4"]["review"]["total"] == 1
    past = AnnualReport.objects.get(year=2020)
    assert past.format == "2019" and past.source == ReportSource.IMPORTED and past.is_published
    assert demo_reports.build(lines.append) == 0
    assert AnnualReport.objects.count() == 2
