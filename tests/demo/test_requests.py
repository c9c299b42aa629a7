"""The demo requests build on the demo county and a second run adds nothing."""

import pytest

from gongkai.demo import requests as demo_requests
from gongkai.demo.build import demo_build
from gongkai.disclosure_requests.models import DisclosureRequest, Status

pytestmark = pytest.mark.django_db


def test_demo_requests_build_once():
    demo_build()
    lines = []
    assert demo_requests.build(lines.append) == 7
    statuses = set(DisclosureRequest.objects.values_list("status", flat=True))
    assert {Status.AWAITING_CONFIRMATION, Status.IN_PROGRESS, Status.IN_CONSULTATION, Status.REPLIED,
            Status.ARCHIVED, Status.ABANDONED} <= statuses
    assert DisclosureRequest.objects.filter(events__kind="extension_approved").count() == 1
    assert demo_requests.build(lines.append) == 0
    assert DisclosureRequest.objects.count() == 7
