"""`gongkai requests warn`: units are warned 5 and 2 working days before the due date, once a day."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.disclosure_requests.models import WarningSent
from tests.factories import received_request
from tests.worlds import requests_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def _warn(django_capture_on_commit_callbacks):
    """Mail goes out on commit: run the callbacks at once (no TransactionTestCase needed)."""

    def run(*args):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("requests", "warn", *args, stdout=out)
        return out.getvalue()

    return run


def test_warns_five_and_two_working_days_before_due_once_per_day(_warn):
    world = requests_county()
    request = received_request(world)  # due 2025-03-31 (Mon)
    assert json.loads(_warn("--today", "2025-03-21", "--json"))["warnings"] == []  # 6 left
    data = json.loads(_warn("--today", "2025-03-24", "--json"))  # 5 left
    [row] = data["warnings"]
    assert row["tracking_code"] == request.tracking_code and row["workdays_left"] == 5
    assert row["recipients"] == ["jiaoyu.officer@example.invalid", "jiaoyu.reviewer@example.invalid"]
    assert len(mail.outbox) == 1 and "5个工作日" in mail.outbox[0].subject
    assert "第三十三条" in mail.outbox[0].body
    again = json.loads(_warn("--today", "2025-03-24", "--json"))
    assert again["warnings"][0]["already_sent"] is True
    assert len(mail.outbox) == 1 and WarningSent.objects.count() == 1
    assert "剩余 2 个工作日" in _warn("--today", "2025-03-27")
    assert len(mail.outbox) == 2


def test_unassigned_request_warns_the_disclosure_office(_warn):
    world = requests_county()
    received_request(world, assign=False)
    _warn("--today", "2025-03-27")
    assert mail.outbox[0].to == ["office@example.invalid"]


def test_malformed_today_is_refused_in_chinese(_warn):
    with pytest.raises(CommandError) as exc:
        _warn("--today", "2025-02-30")
    assert "YYYY-MM-DD" in str(exc.value)


def test_recompute_command():
    world = requests_county()
    received_request(world)
    out = StringIO()
    call_command("requests", "recompute", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"changed": 0}
