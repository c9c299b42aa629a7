import pytest

from gongkai.accounts.models import Role
from gongkai.organizations.models import UnitKind
from tests.factories import UnitFactory, county_tree, user_with_role


@pytest.fixture
def tree(db):
    return county_tree()


@pytest.fixture
def units(tree):
    return {
        "office": UnitFactory(jurisdiction=tree["county"], name="区政务公开办", handle="gkb@dxjczw",
                              is_disclosure_office=True),
        "fagai": UnitFactory(jurisdiction=tree["county"], name="区发改局", handle="fagai@dxjczw"),
        "town": UnitFactory(jurisdiction=tree["town"], name="罗市镇", handle="lsz@dxjczw", kind=UnitKind.TOWNSHIP),
        "street": UnitFactory(jurisdiction=tree["street"], name="中心路街道", handle="zxljd@dxjczw",
                              kind=UnitKind.STREET),
        "city": UnitFactory(jurisdiction=tree["city"], name="市政务公开办", handle="gkb@sy"),
        "other": UnitFactory(jurisdiction=tree["other_county"], name="双清区发改局", handle="fagai@sqjczw"),
    }


@pytest.fixture
def people(units):
    """One account per role: the office, auditor and administrator in 大祥区, officer and reviewer in
    罗市镇, the approver in 邵阳市."""
    return {
        Role.DISCLOSURE_OFFICE: user_with_role(Role.DISCLOSURE_OFFICE, units["office"], username="office"),
        Role.AUDITOR: user_with_role(Role.AUDITOR, units["office"], username="auditor"),
        Role.SYSTEM_ADMIN: user_with_role(Role.SYSTEM_ADMIN, units["office"], username="admin"),
        Role.INFORMATION_OFFICER: user_with_role(Role.INFORMATION_OFFICER, units["town"], username="officer"),
        Role.REVIEWER: user_with_role(Role.REVIEWER, units["town"], username="reviewer"),
        Role.UPPER_APPROVER: user_with_role(Role.UPPER_APPROVER, units["city"], username="approver"),
    }


@pytest.fixture
def office(people):
    return people[Role.DISCLOSURE_OFFICE]


@pytest.fixture
def auditor(people):
    return people[Role.AUDITOR]


@pytest.fixture
def admin(people):
    return people[Role.SYSTEM_ADMIN]
