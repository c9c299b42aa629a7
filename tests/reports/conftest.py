"""One county for the annual report tests: the disclosure office, the county government (its report is
the government's kind), the education bureau with a reviewer and an officer, and a bureau of the
neighbouring county whose reviewer must be refused."""

import pytest

from gongkai.accounts.models import Role
from gongkai.organizations.models import UnitKind
from tests.factories import UnitFactory, county_tree, user_with_role


@pytest.fixture
def world(db):
    tree = county_tree()
    county = tree["county"]
    office_unit = UnitFactory(jurisdiction=county, name="大祥区政务公开办", kind=UnitKind.OTHER, is_disclosure_office=True)
    gov = UnitFactory(jurisdiction=county, name="大祥区人民政府", kind=UnitKind.GOVERNMENT, handle="gov@dx")
    edu = UnitFactory(jurisdiction=county, name="大祥区教育局", handle="jiaoyu@dx")
    other = UnitFactory(jurisdiction=tree["other_county"], name="双清区教育局")
    return {
        **tree, "gov": gov, "edu": edu, "other": other,
        "office": user_with_role(Role.DISCLOSURE_OFFICE, office_unit),
        "reviewer": user_with_role(Role.REVIEWER, edu),
        "officer": user_with_role(Role.INFORMATION_OFFICER, edu),
        "stranger": user_with_role(Role.REVIEWER, other),
    }
