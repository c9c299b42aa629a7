"""The worlds tests stand in: one fixture per concern, registered for every test (tests/conftest.py).
A directory's conftest.py may name its usual one `world`; a module that needs another says so itself."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import CatalogDomain, Tier, VersionStatus
from gongkai.organizations.models import UnitKind
from gongkai.reports.models import AnnualReport, ReportStatus
from tests.channels.factories import published_record
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    DomainFactory,
    GuidelineFactory,
    StandardItemFactory,
    UnitFactory,
    UserFactory,
    county_tree,
    user_with_role,
)
from tests.portal.records_factories import make_record
from tests.publishing.factories import World
from tests.reports.samples import balanced


def login(client, user):
    client.force_login(user)
    return client


# The back office: catalog, organizations, requests and calendar screens.

@pytest.fixture
def backoffice_world(db):
    """A small county with a national standard of two domains, and one account per role."""
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


# Publishing's back office: records of a published catalog.

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
def records_world(db):
    """A county with a published catalog: 区教育局 answers for a school list, 区民政局 for the 低保 list; one
    account per role, and the officer and reviewer of another unit and of another county."""
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


# Publishing's services, oversight and the demo.

@pytest.fixture
def publishing_world(db):
    return World()


# Channels.

@pytest.fixture
def channels_world(db):
    """A county with an education bureau (officer, reviewer), another bureau, the county's disclosure office,
    the neighbouring county's office, an auditor and an administrator; a published record of the bureau."""
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


# Annual reports.

@pytest.fixture
def reports_world(db):
    """One county for the annual report tests: the disclosure office, the county government (its report is
    the government's kind), the education bureau with a reviewer and an officer, and a bureau of the
    neighbouring county whose reviewer must be refused."""
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


@pytest.fixture
def reports(db):
    """Published annual reports of 大祥区教育局 (2020 in the 2019 layout, 2025) and a draft of 区民政局."""
    county = county_tree()["county"]
    unit = UnitFactory(jurisdiction=county, name="大祥区教育局")
    old = AnnualReport.objects.create(unit=unit, kind="department", year=2020, format="2019",
                                      title="大祥区教育局2020年政府信息公开工作年度报告", tables=balanced("2019"),
                                      status=ReportStatus.PUBLISHED, published_at=timezone.now(), source="imported")
    new = AnnualReport.objects.create(unit=unit, kind="department", year=2025, title="大祥区教育局2025年政府信息公开工作年度报告",
                                      tables=balanced(), status=ReportStatus.PUBLISHED, published_at=timezone.now(),
                                      section_general="<p>全年新收政府信息公开申请12件。</p>")
    draft = AnnualReport.objects.create(unit=UnitFactory(jurisdiction=county, name="大祥区民政局"), kind="department",
                                        year=2025, title="大祥区民政局2025年草稿", tables=balanced())
    return {"old": old, "new": new, "draft": draft}


# The public portal: a published county catalog, then records in every state.

def _at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


@pytest.fixture
def portal(db):
    """大祥区 with a published county catalog (two domains with items, one domain not handled), a
    published township and street catalog, an approving account at 邵阳市 carrying personal data that
    must never be shown."""
    tree = county_tree()
    county, city = tree["county"], tree["city"]
    office = UnitFactory(jurisdiction=county, name="大祥区人民政府办公室", is_disclosure_office=True,
                         handle="office@dxjczw", phone="0739-5555555")
    edu_unit = UnitFactory(jurisdiction=county, name="大祥区教育局", handle="jiaoyu@dxjczw")
    approver = UserFactory(unit=UnitFactory(jurisdiction=city, name="邵阳市人民政府办公室", handle="sp@sys"),
                           username="shenpi_zhang", display_name="张审批", email="zhang.shenpi@example.com",
                           phone="13812345678")
    education = DomainFactory(slug="yiwu-jiaoyu", name="义务教育", full_name="义务教育领域", order=1)
    relief = DomainFactory(slug="shehui-jiuzhu", name="社会救助", order=2)
    tourism = DomainFactory(slug="lvyou", name="旅游", order=3)
    catalog = CatalogFactory(jurisdiction=county, title="大祥区基层政务公开标准目录")
    version = CatalogVersionFactory(catalog=catalog, label="2021版", year=2021, status="published",
                                    published_at=_at(2021, 6, 30), decided_at=_at(2021, 6, 20), decided_by=approver)
    common = {"version": version, "audience": ["全社会"], "manner": ["主动"], "tiers": ["县级"]}
    items = [
        CatalogItemFactory(domain=education, topic="招生管理", name="招生范围", order=1,
                           elements=["学校名称", "学区范围"], basis=["《中华人民共和国义务教育法》"],
                           time_limit="信息形成或者变更之日起20个工作日内", subject="区教育局",
                           channels=["政府网站", "公开查阅点"], responsible_unit=edu_unit, **common),
        CatalogItemFactory(domain=education, topic="招生管理", name="招生计划", order=2, elements=["招生人数"],
                           time_limit="每年6月前", subject="区教育局", channels=["政府网站"], **common),
        CatalogItemFactory(domain=education, topic="学校管理", name="义务教育学校名录", order=3,
                           elements=["学校名称", "学校地址"], subject="区教育局", channels=["政府网站"], **common),
        CatalogItemFactory(domain=education, topic="学校管理", name="民办学校收费", order=4, applicable=False,
                           not_applicable_reason="本区无民办义务教育学校", **common),
        CatalogItemFactory(domain=relief, topic="低保", name="低保对象认定条件", order=5, elements=["认定条件"],
                           subject="区民政局", channels=["政府网站", "村公示栏"], **common),
    ]
    CatalogDomain.objects.create(version=version, domain=education)
    CatalogDomain.objects.create(version=version, domain=relief)
    CatalogDomain.objects.create(version=version, domain=tourism, applies=False, reason="本区无A级旅游景区，不涉及旅游领域事项")

    town_version = CatalogVersionFactory(
        catalog=CatalogFactory(jurisdiction=tree["town"], tier=Tier.TOWNSHIP, title="罗市镇基层政务公开标准目录"),
        label="2021版", status="published", published_at=_at(2021, 7, 10))
    CatalogItemFactory(version=town_version, domain=relief, topic="低保", name="罗市镇低保名单公示")
    street_version = CatalogVersionFactory(
        catalog=CatalogFactory(jurisdiction=tree["street"], tier=Tier.TOWNSHIP, title="中心路街道基层政务公开标准目录"),
        label="2021版", status="published", published_at=_at(2021, 7, 12))
    CatalogItemFactory(version=street_version, domain=relief, topic="低保", name="中心路街道低保名单公示")

    publisher = user_with_role(Role.DISCLOSURE_OFFICE, office)
    return {**tree, "catalog": catalog, "version": version, "items": items, "education": education, "relief": relief,
            "tourism": tourism, "office": office, "approver": approver, "publisher": publisher,
            "town_version": town_version}


@pytest.fixture
def records(portal):
    """Records of 大祥区教育局 under 招生范围 (义务教育) and 低保对象认定条件 (社会救助): one public, and one in
    each state or attribute that must never show."""
    edu_unit = portal["items"][0].responsible_unit
    admission, relief = portal["items"][0], portal["items"][4]
    public = make_record(edu_unit, [admission], title="关于强化学区划分管理的通知",
                         body="<p>各学校：现就强化学区划分管理通知如下。</p>", summary="学区划分", keywords="学区 招生")
    relief_public = make_record(edu_unit, [relief], title="城乡低保金发放情况公示",
                                body="<p>2024年城乡低保金发放情况。</p>")
    hidden = {
        "draft": make_record(edu_unit, [admission], title="学区草稿隐藏信息", status="draft", public=False),
        "submitted": make_record(edu_unit, [admission], title="学区待审隐藏信息", status="submitted", public=False),
        "approved": make_record(edu_unit, [admission], title="学区待发布隐藏信息", status="approved", public=False),
        "scheduled": make_record(edu_unit, [admission], title="学区定时隐藏信息", status="scheduled", public=False),
        "withheld": make_record(edu_unit, [admission], title="学区不予公开隐藏信息", status="published",
                                attribute="withheld"),
        "on_request": make_record(edu_unit, [admission], title="学区依申请公开隐藏信息", status="published",
                                  attribute="on_request"),
        "withdrawn": make_record(edu_unit, [admission], title="学区已撤回隐藏信息", status="withdrawn"),
        "archived": make_record(edu_unit, [admission], title="学区已归档隐藏信息", status="archived"),
    }
    return {**portal, "unit": edu_unit, "public": public, "relief_public": relief_public, "hidden": hidden}


# Requests sent through the portal.

@pytest.fixture
def intake_county(db):
    """A county with a disclosure office and one department, to send requests to."""
    tree = county_tree()
    office = UnitFactory(jurisdiction=tree["county"], name="大祥区政务公开办", kind=UnitKind.GOVERNMENT,
                         handle="gkb@dxjczw", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=tree["county"], name="大祥区教育局", handle="jiaoyu@dxjczw")
    return SimpleNamespace(tree=tree, county=tree["county"], office=office, edu=edu)


# Accounts: a county's units and one account per role.

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
