"""The oversight bench (`make bench`) runs on a small generated county: the unchanged rescan reads only the facts of
the collectors without a watermark (public_links) and evaluates no target."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.oversight.bench import generate_county, scan_benchmarks
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


def test_unchanged_rescan_does_no_per_target_work_for_data_driven_rules():
    for _ in range(4):
        DomainFactory()
    county = generate_county(300)
    full, again = scan_benchmarks(county, label="small", today=date(2026, 11, 20))
    assert full["evaluated"] > 300 and full["found"] > 0
    assert again["evaluated"] == 0 and again["collectors_read"] == ["public_links"]
    assert again["read"] == full["facts"]["public_links"]
    assert again["rules_unchanged"] >= 10
