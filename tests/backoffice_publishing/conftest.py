"""A county with a published catalog: 区教育局 answers for a school list, 区民政局 for the 低保 list; one
account per role, and the officer and reviewer of another unit and of another county."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from gongkai.accounts.models import Role
from gongkai.catalog.models import VersionStatus
from gongkai.organizations.models import UnitKind
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    DomainFactory,
    UnitFactory,
    county_tree,
    user_with_role,
)

DIBAO_SCHEMA = [
    {"name": "姓名", "type": "text", "required": True},
    {"name": "身份证号", "type": "text", "required": False},
    {"name": "家庭人口", "type": "number", "required": False},
    {"name": "保障金额", "type": "money", "required": True},
]


def published_catalog(jurisdiction, units):
    """A published county catalog: 低保 list (民政局), school list and policy documents (教育局)."""
    assistance = DomainFactory(slug="shehui-jiuzhu", name="社会救助", order=2)
    education = DomainFactory(slug="yiwu-jiaoyu", name="义务教育", order=1)
    catalog = CatalogFactory(jurisdiction=jurisdiction, title="大祥区基层政务公开事项目录")
    version = CatalogVersionFactory(catalog=catalog, status=VersionStatus.PUBLISHED)
    dibao = CatalogItemFactory(version=version, domain=assistance, topic="最低生活保障", name="城乡低保对象名单",
                               elements=["姓名", "身份证号", "家庭人口", "保障金额"], schema=DIBAO_SCHEMA,
                               responsible_unit=units["civil"], order=1)
    schools = CatalogItemFactory(version=version, domain=education, topic="学校信息", name="学校名录",
                                 elements=["学校名称", "地址"],
                                 schema=[{"name": "学校名称", "type": "text", "required": True},
                                         {"name": "地址", "type": "address", "required": False}],
                                 responsible_unit=units["edu"], order=1)
    policy = CatalogItemFactory(version=version, domain=education, topic="政策文件", name="规范性文件",
                                responsible_unit=units["edu"], order=2)
    draft = CatalogVersionFactory(catalog=catalog, label="2026版", year=2026, status=VersionStatus.DRAFT)
    unpublished = CatalogItemFactory(version=draft, domain=education, topic="政策文件", name="草稿中的事项",
                                     responsible_unit=units["edu"], order=3)
    return SimpleNamespace(catalog=catalog, version=version, dibao=dibao, schools=schools, policy=policy,
                           unpublished=unpublished)


@pytest.fixture
def world(db):
    cache.clear()
    tree = county_tree()
    county = tree["county"]
    office_unit = UnitFactory(jurisdiction=county, name="大祥区政务公开办", kind=UnitKind.GOVERNMENT,
                              handle="gkb@dxjczw", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=county, name="区教育局", handle="jiaoyu@dxjczw")
    civil = UnitFactory(jurisdiction=county, name="区民政局", handle="minzheng@dxjczw")
    other_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区民政局", handle="minzheng@sqjczw")
    other_office_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区政务公开办",
                                    kind=UnitKind.GOVERNMENT, handle="gkb@sqjczw", is_disclosure_office=True)
    items = published_catalog(county, {"edu": edu, "civil": civil})
    users = SimpleNamespace(
        officer=user_with_role(Role.INFORMATION_OFFICER, civil, username="minzheng.officer", display_name="张信息员"),
        reviewer=user_with_role(Role.REVIEWER, civil, username="minzheng.reviewer", display_name="李审核"),
        edu_officer=user_with_role(Role.INFORMATION_OFFICER, edu, username="jiaoyu.officer"),
        edu_reviewer=user_with_role(Role.REVIEWER, edu, username="jiaoyu.reviewer"),
        other_officer=user_with_role(Role.INFORMATION_OFFICER, other_unit, username="sq.officer"),
        other_reviewer=user_with_role(Role.REVIEWER, other_unit, username="sq.reviewer"),
        office=user_with_role(Role.DISCLOSURE_OFFICE, office_unit, username="dx.office", display_name="王主任"),
        other_office=user_with_role(Role.DISCLOSURE_OFFICE, other_office_unit, username="sq.office"),
        auditor=user_with_role(Role.AUDITOR, office_unit, username="dx.auditor"),
        admin=user_with_role(Role.SYSTEM_ADMIN, office_unit, username="dx.admin"),
    )
    return SimpleNamespace(tree=tree, county=county, office_unit=office_unit, edu=edu, civil=civil,
                           other_unit=other_unit, items=items, users=users)
