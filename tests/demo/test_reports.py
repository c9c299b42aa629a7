"""The demo's annual reports: last year's report of 大祥区 balances and is published, this year's is a draft; a 2020 report
in the 2019 layout comes in through the importer; a second run adds nothing."""

import pytest

from gongkai.accounts.models import User
from gongkai.core.errors import TransitionNotAllowed
from gongkai.demo import publishing as demo_publishing
from gongkai.demo import reports as demo_reports
from gongkai.demo import requests as demo_requests
from gongkai.demo.build import demo_build
from gongkai.reports import services, validation
from gongkai.reports.models import AnnualReport, ReportSource

pytestmark = pytest.mark.django_db


def test_demo_reports_build_once():
    """Last year's report published in January, this year's drafted and refused publication (第四十九条)."""
    demo_build()
    demo_publishing.build(lambda _line: None)
    demo_requests.build(lambda _line: None)
    lines = []
    created = demo_reports.build(lines.append)
    assert created >= 3, lines
    computed = AnnualReport.objects.filter(source=ReportSource.COMPUTED).order_by("year")
    last, current = list(computed)
    assert last.is_published and not current.is_published, lines  # this year's report waits for the year's end
    assert validation.hard(validation.validate(last.tables)) == []
    assert current.title.startswith("大祥区人民政府") and current.kind == "government"
    assert validation.hard(validation.validate(current.tables)) == []
    assert current.tables["table4"]["review"]["total"] == 1
    # 《条例》第四十九条: this year's report cannot be published before the year is over
    assert f"{current.year}年度尚未结束" in services.publish_refusal(current)
    with pytest.raises(TransitionNotAllowed, match="第四十九条"):
        services.report_publish(actor=User.objects.get(username="dx.office"), report=current)
    assert services.publish_refusal(last) == "" and last.published_at.year == last.year + 1
    assert not any(w["rule"] == 10 for w in AnnualReport.objects.get(year=2020).warnings)  # 采购总金额 is no fee
    past = AnnualReport.objects.get(year=2020)
    assert past.format == "2019" and past.source == ReportSource.IMPORTED and past.is_published
    assert demo_reports.build(lines.append) == 0
    assert AnnualReport.objects.count() == 3
