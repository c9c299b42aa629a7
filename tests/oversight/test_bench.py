"""The oversight bench (`make bench`) runs on a small generated county: the unchanged rescan reads only the facts of
the collectors without a watermark (public_links, new_media_accounts) and evaluates no target."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.oversight.bench import generate_county, scan_benchmarks
from gongkai.oversight.collect import COLLECTORS
from gongkai.oversight.watermarks import SOURCES
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


def test_unchanged_rescan_does_no_per_target_work_for_data_driven_rules():
    for _ in range(4):
        DomainFactory()
    county = generate_county(300)
    full, again = scan_benchmarks(county, label="small", today=date(2026, 11, 20))
    assert full["evaluated"] > 300 and full["found"] > 0
    unmarked = [name for name in COLLECTORS if name not in SOURCES]  # public_links, new_media_accounts
    assert again["evaluated"] == 0 and sorted(again["collectors_read"]) == sorted(unmarked)
    assert again["read"] == sum(full["facts"][name] for name in unmarked)
    assert again["rules_unchanged"] >= 10
