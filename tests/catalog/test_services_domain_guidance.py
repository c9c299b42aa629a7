"""The domain table's guiding departments and completion dates (catalog.services.domain_assignments_save)."""

from datetime import date

import pytest

from gongkai.catalog.models import DomainAssignment
from gongkai.catalog.services import domain_assignment_set, domain_assignments_save
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_township_is_guided_by_a_county_department(world):
    """The county department guides the township's domain; a row with only guidance has no responsible unit."""
    changed = domain_assignments_save(actor=world["office"], jurisdiction=world["town"], changes={
        world["education"]: {"guiding_unit": world["edu"], "completion_text": " 2020年9月底前 ",
                             "completion_on": date(2020, 9, 30)}})
    assert changed == 1
    row = DomainAssignment.objects.get(jurisdiction=world["town"])
    assert (row.unit, row.guiding_unit, row.completion_text) == (None, world["edu"], "2020年9月底前")
    event = AuditEvent.objects.get(action="domain_assignments.saved")
    assert event.data["changes"]["yiwu-jiaoyu"]["completion_on"] == [None, "2020-09-30"]
    # the same again changes nothing and leaves no event
    assert domain_assignments_save(actor=world["office"], jurisdiction=world["town"], changes={
        world["education"]: {"guiding_unit": world["edu"]}}) == 0
    assert AuditEvent.objects.filter(action="domain_assignments.saved").count() == 1


def test_a_guiding_department_below_or_beside_the_jurisdiction_is_refused(world):
    town_dept = UnitFactory(jurisdiction=world["town"], name="罗市镇某站")
    other = UnitFactory(jurisdiction=world["other_county"], name="双清区教育局")
    retired = UnitFactory(jurisdiction=world["county"], name="区旧局", is_active=False)
    for unit, text in ((town_dept, "不是大祥区或其上级的单位"), (other, "不是大祥区或其上级的单位"), (retired, "已停用")):
        with pytest.raises(ValidationFailed, match=text):
            domain_assignments_save(actor=world["office"], jurisdiction=world["county"],
                                    changes={world["budget"]: {"guiding_unit": unit}})
    assert not DomainAssignment.objects.filter(domain=world["budget"]).exists()


def test_clearing_the_responsible_unit_keeps_the_guidance_and_an_empty_row_goes(world):
    county = world["county"]
    domain_assignments_save(actor=world["office"], jurisdiction=county,
                            changes={world["education"]: {"guiding_unit": world["edu"]}})
    domain_assignment_set(actor=world["office"], jurisdiction=county, domain=world["education"], unit=None)
    row = DomainAssignment.objects.get(jurisdiction=county, domain=world["education"])
    assert row.unit is None and row.guiding_unit == world["edu"]
    domain_assignments_save(actor=world["office"], jurisdiction=county,
                            changes={world["education"]: {"guiding_unit": None}})
    assert not DomainAssignment.objects.filter(jurisdiction=county).exists()


def test_only_the_office_over_the_jurisdiction_saves(world):
    for actor in (world["officer"], world["town_office"], world["city_approver"]):
        with pytest.raises(PermissionRefused):
            domain_assignments_save(actor=actor, jurisdiction=world["county"],
                                    changes={world["education"]: {"guiding_unit": world["edu"]}})
