"""A small county with a national standard of two domains, and one account per role."""

from types import SimpleNamespace

import pytest

from gongkai.accounts.models import Role
from gongkai.organizations.models import UnitKind
from tests.factories import (
    DomainFactory,
    GuidelineFactory,
    StandardItemFactory,
    UnitFactory,
    county_tree,
    user_with_role,
)


@pytest.fixture
def world(db):
    tree = county_tree()
    office_unit = UnitFactory(jurisdiction=tree["county"], name="大祥区政务公开办", kind=UnitKind.GOVERNMENT,
                              handle="gkb@dxjczw", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=tree["county"], name="大祥区教育局", handle="jiaoyu@dxjczw")
    civil = UnitFactory(jurisdiction=tree["county"], name="大祥区民政局", handle="minzheng@dxjczw")
    other_office_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区政务公开办",
                                    kind=UnitKind.GOVERNMENT, handle="gkb@sqjczw", is_disclosure_office=True)
    city_unit = UnitFactory(jurisdiction=tree["city"], name="邵阳市政务公开办", kind=UnitKind.GOVERNMENT,
                            handle="gkb@syjczw", is_disclosure_office=True)
    education = DomainFactory(slug="yiwu-jiaoyu", name="义务教育", order=1)
    assistance = DomainFactory(slug="shehui-jiuzhu", name="社会救助", order=2)
    g1 = GuidelineFactory(domain=education, name="义务教育领域基层政务公开标准指引", issuer="教育部",
                          completeness_note="只采集到部分事项。", official_topics=["政策文件", "招生管理", "校园安全"])
    g2 = GuidelineFactory(domain=assistance, name="社会救助领域基层政务公开标准指引", issuer="民政部",
                          completeness="complete")
    StandardItemFactory(guideline=g1, order=1, topic="招生管理", name="招生范围", elements=["学校名称", "招生范围"])
    StandardItemFactory(guideline=g1, order=2, topic="政策文件", name="规范性文件", time_limit="看情况")
    StandardItemFactory(guideline=g2, order=1, topic="最低生活保障", name="低保审批", elements=["申请条件", "低保金"])
    users = SimpleNamespace(
        office=user_with_role(Role.DISCLOSURE_OFFICE, office_unit, username="office", display_name="王主任"),
        other_office=user_with_role(Role.DISCLOSURE_OFFICE, other_office_unit, username="other_office"),
        approver=user_with_role(Role.UPPER_APPROVER, city_unit, username="approver", display_name="李审批"),
        officer=user_with_role(Role.INFORMATION_OFFICER, edu, username="officer", display_name="张信息员"),
        reviewer=user_with_role(Role.REVIEWER, edu, username="reviewer"),
        auditor=user_with_role(Role.AUDITOR, office_unit, username="auditor"),
        admin=user_with_role(Role.SYSTEM_ADMIN, office_unit, username="sysadmin"),
    )
    return SimpleNamespace(tree=tree, users=users, office_unit=office_unit, edu=edu, civil=civil,
                           education=education, assistance=assistance, guidelines=[g1, g2])


def login(client, user):
    client.force_login(user)
    return client
