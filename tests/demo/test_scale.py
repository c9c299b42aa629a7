"""`gongkai demo --scale N` (gongkai/demo/scale.py): generated counties for `make bench`, small here (a few
hundred records a county)."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from gongkai.core.models import AuditEvent
from gongkai.demo import scale
from gongkai.organizations.models import Jurisdiction
from gongkai.portal import selectors_records
from gongkai.publishing.indexing import record_url
from gongkai.publishing.models import Entry, Record
from gongkai.search import services as search

pytestmark = pytest.mark.django_db

SMALL = {"records_per_county": 150, "entries_per_county": 120}


def snapshot(code):
    records = Record.objects.filter(unit__jurisdiction__path__startswith=Jurisdiction.objects.get(code=code).path)
    return (sorted(Jurisdiction.objects.filter(code__startswith=code[:6]).values_list("code", "name")),
            sorted(records.values_list("title", "document_number", "index_number", "disclosure_attribute",
                                       "status", "formed_on")))


class Rollback(Exception):
    pass


def test_two_counties_differ_are_reproducible_and_public_through_the_selector(client):
    try:
        with transaction.atomic():
            scale.scale_build(1, seed=5, index=False, **SMALL)
            alone = snapshot(scale.county_code(1))
            raise Rollback
    except Rollback:
        pass
    assert not Jurisdiction.objects.filter(code__startswith="98").exists()
    result = scale.scale_build(2, seed=5, **SMALL)
    assert len(result.counties) == 2 and result.skipped == 0
    first, second = (snapshot(scale.county_code(n)) for n in (1, 2))
    # Different places, units and titles: not copies of one county.
    assert {n for _c, n in first[0]}.isdisjoint({n for _c, n in second[0]})
    assert {t for t, *_ in first[1]} != {t for t, *_ in second[1]}
    assert 120 <= len(first[1]) <= 180
    attributes = {a for _t, _d, _i, a, _s, _f in first[1] + second[1]}
    assert attributes == {"proactive", "on_request", "withheld"}
    numbers = [d for _t, d, *_ in first[1] if d]
    assert numbers and all(re.fullmatch(r"\w+发〔20\d\d〕\d+号", d) for d in numbers)
    assert len({f.year for *_x, f in first[1]}) >= 5  # dates spread over years
    assert Entry.objects.count() > 100
    # No personal data: names in entries are surnames with 某某, phones the hotline.
    for values in Entry.objects.values_list("values", flat=True)[:200]:
        for value in values.values():
            assert not re.search(r"1[3-9]\d{9}|\d{17}[\dX]", str(value))
    # Every record that was ever published shows its own first revision; a draft has none.
    both = Record.objects.filter(unit__jurisdiction__code__startswith="98")
    assert not both.exclude(status="draft").filter(public_revision__isnull=True).exists()
    assert not both.filter(status="draft", public_revision__isnull=False).exists()
    assert not both.filter(public_revision__isnull=False).exclude(public_revision__record=F("pk")).exists()
    # One audit event per county, not per row.
    assert AuditEvent.objects.filter(action="demo.scale_county").count() == 2
    # The public selector finds them, the portal shows one, the index holds the public ones.
    county = Jurisdiction.objects.get(code=scale.county_code(1))
    public = selectors_records.public_records().filter(unit__jurisdiction__path__startswith=county.path)
    record = public.first()
    assert record is not None
    assert client.get(record_url(record)).status_code == 200
    hit = search.search(record.title, limit=5)
    assert hit.total >= 1

    assert first == alone


def test_the_command_adds_only_missing_counties(capsys):
    call_command("demo", "--scale", "1", "--records-per-county", "60", "--entries-per-county", "20", "--no-index")
    assert "新建 1 个县" in capsys.readouterr().out
    call_command("demo", "--scale", "2", "--records-per-county", "60", "--entries-per-county", "20", "--no-index",
                 "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["counties_generated"] == 1 and out["counties_already_there"] == 1
    assert Jurisdiction.objects.filter(code__startswith="98", level="county").count() == 2


def test_county_codes_run_over_cities():
    assert scale.county_code(1) == "980101000000"
    assert scale.county_code(20) == "980120000000"
    assert scale.county_code(21) == "980201000000"
    assert scale.county_code(100) == "980520000000"
