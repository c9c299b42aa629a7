"""A county with an education bureau (officer, reviewer), another bureau, the county's disclosure office,
the neighbouring county's office, an auditor and an administrator; a published record of the bureau."""

from types import SimpleNamespace

import pytest

from gongkai.accounts.models import Role
from gongkai.organizations.models import UnitKind
from tests.channels.factories import published_record
from tests.factories import CatalogItemFactory, UnitFactory, county_tree, user_with_role


@pytest.fixture
def world(db):
    tree = county_tree()
    office_unit = UnitFactory(jurisdiction=tree["county"], name="大祥区政务公开办", kind=UnitKind.GOVERNMENT,
                              handle="gkb@dxjczw", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=tree["county"], name="大祥区教育局", handle="jiaoyu@dxjczw")
    civil = UnitFactory(jurisdiction=tree["county"], name="大祥区民政局", handle="minzheng@dxjczw")
    other_office_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区政务公开办",
                                    kind=UnitKind.GOVERNMENT, handle="gkb@sqjczw", is_disclosure_office=True)
    users = SimpleNamespace(
        officer=user_with_role(Role.INFORMATION_OFFICER, edu, username="officer", display_name="张信息员"),
        reviewer=user_with_role(Role.REVIEWER, edu, username="reviewer", display_name="李审核"),
        civil_officer=user_with_role(Role.INFORMATION_OFFICER, civil, username="civil_officer"),
        office=user_with_role(Role.DISCLOSURE_OFFICE, office_unit, username="office", display_name="王主任"),
        other_office=user_with_role(Role.DISCLOSURE_OFFICE, other_office_unit, username="other_office"),
        auditor=user_with_role(Role.AUDITOR, office_unit, username="auditor"),
        admin=user_with_role(Role.SYSTEM_ADMIN, office_unit, username="sysadmin"),
    )
    item = CatalogItemFactory(
        version__catalog__jurisdiction=tree["county"], topic="招生管理", name="招生范围",
        channels=["政府网站", "两微一端", "社区/企事业单位/村公示栏(电子屏)"],
        schema=[{"name": "学校名称", "type": "text"}, {"name": "招生范围", "type": "text"},
                {"name": "联系电话", "type": "phone"}],
    )
    record = published_record(edu, items=[item])
    return SimpleNamespace(tree=tree, users=users, edu=edu, civil=civil, item=item, record=record)
