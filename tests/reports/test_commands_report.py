import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UnitFactory, counted_request, county_tree

pytestmark = pytest.mark.django_db


def test_report_annual_json():
    unit = UnitFactory(jurisdiction=county_tree()["county"], handle="jiaoyu@test")
    counted_request(unit, received_on=datetime.date(2025, 2, 3), replied_on=datetime.date(2025, 2, 10))
    out = StringIO()
    call_command("report", "annual", "--unit", "jiaoyu@test", "--year", "2025", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"table2", "table3", "table4"}
    assert data["table3"]["一"]["natural_person"] == 1 and data["table3"]["三(一)"]["total"] == 1
    assert data["problems"] == []


def test_report_annual_unknown_unit():
    with pytest.raises(CommandError, match="没有找到"):
        call_command("report", "annual", "--unit", "nobody", "--year", "2025", "--json")
