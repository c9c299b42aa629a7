"""The worlds tests stand in: one fixture per concern, registered for every test by tests/conftest.py, built
from the factories in tests/factories.py. A directory's conftest.py names its usual one `world`; a module that
needs another says so itself:

    @pytest.fixture
    def world(records_world):
        return records_world
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import Tier, VersionStatus
from gongkai.organizations.models import UnitKind
from gongkai.publishing import services as publishing_services
from gongkai.reports.models import ReportStatus
from tests.factories import (
    SCHOOL_SCHEMA,
    AnnualReportFactory,
    CatalogDomainFactory,
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    ConsultationCommentFactory,
    ConsultationFactory,
    DomainAssignmentFactory,
    DomainFactory,
    GuidelineFactory,
    StandardItemFactory,
    UnitFactory,
    UserFactory,
    county_tree,
    make_record,
    published_record,
    user_with_role,
)
from tests.reports.samples import balanced


def login(client, user):
    client.force_login(user)
    return client


def county_offices():
    """大祥区 in its tree with its disclosure office (王主任, an auditor and the system administrator there), its
    education and civil-affairs bureaus, and the office of the neighbouring 双清区 with its own 王主任's
    counterpart: the county every back-office world starts from."""
    tree = county_tree()
    county = tree["county"]
    office_unit = UnitFactory(disclosure_office=True, jurisdiction=county, name="大祥区政务公开办", handle="gkb@dxjczw")
    edu = UnitFactory(jurisdiction=county, name="大祥区教育局", handle="jiaoyu@dxjczw")
    civil = UnitFactory(jurisdiction=county, name="大祥区民政局", handle="minzheng@dxjczw")
    other_office_unit = UnitFactory(disclosure_office=True, jurisdiction=tree["other_county"], name="双清区政务公开办",
                                    handle="gkb@sqjczw")
    users = SimpleNamespace(
        office=user_with_role(Role.DISCLOSURE_OFFICE, office_unit, username="office", display_name="王主任"),
        other_office=user_with_role(Role.DISCLOSURE_OFFICE, other_office_unit, username="other_office"),
        auditor=user_with_role(Role.AUDITOR, office_unit, username="auditor"),
        admin=user_with_role(Role.SYSTEM_ADMIN, office_unit, username="sysadmin"),
    )
    return SimpleNamespace(tree=tree, county=county, office_unit=office_unit, edu=edu, civil=civil,
                           other_office_unit=other_office_unit, users=users)


# The back office: catalog, organizations, requests and calendar screens.

@pytest.fixture
def backoffice_world(db):
    """The county's offices, 邵阳市's approver, 教育局's officer and reviewer, and a national standard of two
    domains."""
    world = county_offices()
    city_unit = UnitFactory(disclosure_office=True, jurisdiction=world.tree["city"], name="邵阳市政务公开办",
                            handle="gkb@syjczw")
    world.users.approver = user_with_role(Role.UPPER_APPROVER, city_unit, username="approver", display_name="李审批")
    world.users.officer = user_with_role(Role.INFORMATION_OFFICER, world.edu, username="officer",
                                         display_name="张信息员")
    world.users.reviewer = user_with_role(Role.REVIEWER, world.edu, username="reviewer")
    world.education = DomainFactory(slug="yiwu-jiaoyu", name="义务教育", order=1)
    world.assistance = DomainFactory(slug="shehui-jiuzhu", name="社会救助", order=2)
    g1 = GuidelineFactory(domain=world.education, name="义务教育领域基层政务公开标准指引", issuer="教育部",
                          completeness_note="只采集到部分事项。", official_topics=["政策文件", "招生管理", "校园安全"])
    g2 = GuidelineFactory(domain=world.assistance, name="社会救助领域基层政务公开标准指引", issuer="民政部",
                          completeness="complete")
    StandardItemFactory(guideline=g1, order=1, topic="招生管理", name="招生范围", elements=["学校名称", "招生范围"])
    StandardItemFactory(guideline=g1, order=2, topic="政策文件", name="规范性文件", time_limit="看情况")
    StandardItemFactory(guideline=g2, order=1, topic="最低生活保障", name="低保审批", elements=["申请条件", "低保金"])
    world.guidelines = [g1, g2]
    return world


# The city roll-out: 邵阳市's reference catalog for its counties (issue 14).

@pytest.fixture
def city_world(backoffice_world):
    """The back office's county and, above it, 邵阳市's office (`city_office`) with its published 县（市、区）参考目录
    (the two national domains' items and a local one, 审定 by the city's approver), and the office of another city
    (衡阳市, `stranger`)."""
    from gongkai.catalog import services as catalog_services
    from tests.factories import JurisdictionFactory

    world = backoffice_world
    tree = world.tree
    city_office_unit = UnitFactory(disclosure_office=True, jurisdiction=tree["city"], name="邵阳市人民政府办公室",
                                   handle="gkb@syzw")
    world.users.city_office = user_with_role(Role.DISCLOSURE_OFFICE, city_office_unit, username="city_office",
                                             display_name="市政务公开办")
    other_city = JurisdictionFactory(code="430400000000", name="衡阳市", level="city", parent=tree["province"])
    world.users.stranger = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(disclosure_office=True,
                                                                              jurisdiction=other_city),
                                          username="stranger")
    office = world.users.city_office
    reference = catalog_services.catalog_create(actor=office, jurisdiction=tree["city"], tier=Tier.COUNTY,
                                                title="邵阳市基层政务公开事项参考目录", is_reference=True)
    version = catalog_services.catalog_version_create(actor=office, catalog=reference, label="2020版", year=2020)
    catalog_services.catalog_adopt_standard(actor=office, version=version, domains=[world.education, world.assistance])
    catalog_services.catalog_item_add_local(actor=office, version=version, domain=world.assistance,
                                            topic="临时救助", name="临时救助对象名单", elements=["姓名", "救助金额"])
    catalog_services.catalog_version_submit(actor=office, version=version)
    catalog_services.catalog_version_approve(actor=world.users.approver, version=version, comment="审定。")
    world.reference = reference
    world.reference_version = catalog_services.catalog_version_publish(actor=office, version=version)
    return world


# The catalog's services.

@pytest.fixture
def catalog_world(db):
    """A county with a national standard of two domains (义务教育 with county and township items, 财政预决算
    with a township item), 教育局 answering for 义务教育, and the offices and approvers of county, town and city."""
    tree = county_tree()
    office_unit = UnitFactory(jurisdiction=tree["county"], name="区政务公开办", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=tree["county"], name="区教育局")
    city_unit = UnitFactory(jurisdiction=tree["city"], name="市政务公开办", is_disclosure_office=True)
    town_unit = UnitFactory(jurisdiction=tree["town"], name="罗市镇人民政府", kind=UnitKind.TOWNSHIP)
    education = DomainFactory(slug="yiwu-jiaoyu", name="义务教育", order=5)
    budget = DomainFactory(slug="caizheng-yujuesuan", name="财政预决算", order=6)
    g1 = GuidelineFactory(domain=education)
    g2 = GuidelineFactory(domain=budget)
    StandardItemFactory(guideline=g1, order=1, topic="招生管理", name="招生范围", tiers=["县级"])
    StandardItemFactory(guideline=g1, order=2, topic="招生管理", name="招生计划", tiers=["县级", "乡级"])
    StandardItemFactory(guideline=g1, order=3, topic="教育概况", name="学校名录", tiers=[])
    StandardItemFactory(guideline=g2, order=1, topic="预算", name="部门预算", tiers=["乡级"])
    DomainAssignmentFactory(jurisdiction=tree["county"], domain=education, unit=edu)
    return {
        **tree, "education": education, "budget": budget, "edu": edu, "town_unit": town_unit,
        "office": user_with_role(Role.DISCLOSURE_OFFICE, office_unit),
        "town_office": user_with_role(Role.DISCLOSURE_OFFICE, town_unit),
        "city_approver": user_with_role(Role.UPPER_APPROVER, city_unit),
        "county_approver": user_with_role(Role.UPPER_APPROVER, office_unit),
        "officer": user_with_role(Role.INFORMATION_OFFICER, edu),
        "sysadmin": user_with_role(Role.SYSTEM_ADMIN, office_unit),
    }


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
    """The county's offices and a published catalog: 民政局 answers for the 低保 list (its officer 张信息员 and
    reviewer 李审核), 教育局 for a school list and policy documents (its officer and reviewer); the officer and
    reviewer of 双清区民政局 must be refused."""
    world = county_offices()
    world.other_unit = UnitFactory(jurisdiction=world.tree["other_county"], name="双清区民政局",
                                   handle="minzheng@sqjczw")
    world.items = published_catalog(world.county, {"edu": world.edu, "civil": world.civil})
    world.users.officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="minzheng.officer",
                                         display_name="张信息员")
    world.users.reviewer = user_with_role(Role.REVIEWER, world.civil, username="minzheng.reviewer",
                                          display_name="李审核")
    world.users.edu_officer = user_with_role(Role.INFORMATION_OFFICER, world.edu, username="jiaoyu.officer")
    world.users.edu_reviewer = user_with_role(Role.REVIEWER, world.edu, username="jiaoyu.reviewer")
    world.users.other_officer = user_with_role(Role.INFORMATION_OFFICER, world.other_unit, username="sq.officer")
    world.users.other_reviewer = user_with_role(Role.REVIEWER, world.other_unit, username="sq.reviewer")
    return world


# Publishing's services, oversight and the demo.

class World:
    """A county with a published catalog, an education bureau with its officer and reviewer, the office,
    and a second unit whose people must be refused."""

    def __init__(self):
        self.tree = county_tree()
        county = self.tree["county"]
        self.unit = UnitFactory(jurisdiction=county, name="区教育局", handle="jiaoyu@dxjczw")
        self.other_unit = UnitFactory(jurisdiction=county, name="区民政局", handle="minzheng@dxjczw")
        self.office_unit = UnitFactory(jurisdiction=county, name="区政务公开办", handle="office@dxjczw",
                                       is_disclosure_office=True)
        self.officer = user_with_role(Role.INFORMATION_OFFICER, self.unit)
        self.reviewer = user_with_role(Role.REVIEWER, self.unit)
        self.other_officer = user_with_role(Role.INFORMATION_OFFICER, self.other_unit)
        self.other_reviewer = user_with_role(Role.REVIEWER, self.other_unit)
        self.office = user_with_role(Role.DISCLOSURE_OFFICE, self.office_unit)
        catalog = CatalogFactory(jurisdiction=county)
        self.version = CatalogVersionFactory(catalog=catalog, status=VersionStatus.PUBLISHED)
        self.item = CatalogItemFactory(version=self.version, name="义务教育学校名录", schema=SCHOOL_SCHEMA,
                                       responsible_unit=self.unit)
        self.policy_item = CatalogItemFactory(version=self.version, name="政策文件", responsible_unit=self.unit)
        draft_version = CatalogVersionFactory(catalog=catalog, label="2022版", year=2022)
        self.draft_item = CatalogItemFactory(version=draft_version, name="草稿目录事项")

    def record(self, **kwargs):
        defaults = {
            "actor": self.officer, "unit": self.unit, "items": [self.policy_item],
            "title": "关于做好2021年秋季义务教育招生工作的通知", "formed_on": dt.date(2021, 7, 1),
            "disclosure_attribute": "proactive", "document_number": "大教发〔2021〕12号",
            "body": "<p>各中小学：</p><p>现就秋季招生工作通知如下。</p>",
        }
        defaults.update(kwargs)
        return publishing_services.record_create(**defaults)

    def published(self, **kwargs):
        record = self.record(**kwargs)
        publishing_services.record_submit(actor=self.officer, record=record)
        publishing_services.record_review(actor=self.reviewer, record=record)
        publishing_services.record_approve(actor=self.reviewer, record=record)
        publishing_services.record_publish(actor=self.reviewer, record=record)
        record.refresh_from_db()
        return record


@pytest.fixture
def publishing_world(db):
    return World()


# Channels.

@pytest.fixture
def channels_world(db):
    """The county's offices, 教育局's officer and reviewer, 民政局's officer, and a published record of 教育局
    under an item with three channels."""
    world = county_offices()
    world.users.officer = user_with_role(Role.INFORMATION_OFFICER, world.edu, username="officer",
                                         display_name="张信息员")
    world.users.reviewer = user_with_role(Role.REVIEWER, world.edu, username="reviewer", display_name="李审核")
    world.users.civil_officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="civil_officer")
    world.item = CatalogItemFactory(
        version__catalog__jurisdiction=world.county, topic="招生管理", name="招生范围",
        channels=["政府网站", "两微一端", "社区/企事业单位/村公示栏(电子屏)"],
        schema=[{"name": "学校名称", "type": "text"}, {"name": "招生范围", "type": "text"},
                {"name": "联系电话", "type": "phone"}],
    )
    world.record = published_record(world.edu, items=[world.item])
    return world


# Interaction: messages and responses to public concern.

@pytest.fixture
def interaction_world(db):
    """The county's offices, 教育局's officer and reviewer (who answer its messages), 民政局's officer (another
    unit, refused), and 双清区's office (another jurisdiction, refused)."""
    world = county_offices()
    world.users.officer = user_with_role(Role.INFORMATION_OFFICER, world.edu, username="officer",
                                         display_name="张信息员")
    world.users.reviewer = user_with_role(Role.REVIEWER, world.edu, username="reviewer", display_name="李审核")
    world.users.civil_officer = user_with_role(Role.INFORMATION_OFFICER, world.civil, username="civil_officer")
    return world


# Requests.

def requests_county():
    """大祥区 with its disclosure office, 教育局 (officer and reviewer, with e-mail addresses for the warnings),
    民政局, and an office of 双清区 that must be refused."""
    tree = county_tree()
    county = tree["county"]
    office_unit = UnitFactory(jurisdiction=county, name="大祥区政务公开办", is_disclosure_office=True,
                              handle="office@dx")
    education = UnitFactory(jurisdiction=county, name="大祥区教育局", handle="jiaoyu@dx")
    civil = UnitFactory(jurisdiction=county, name="大祥区民政局", handle="minzheng@dx")
    other_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区民政局", handle="minzheng@sq")
    return {
        **tree,
        "office_unit": office_unit,
        "education": education,
        "civil": civil,
        "other_unit": other_unit,
        "office": user_with_role(Role.DISCLOSURE_OFFICE, office_unit, email="office@example.invalid"),
        "officer": user_with_role(Role.INFORMATION_OFFICER, education, email="jiaoyu.officer@example.invalid"),
        "reviewer": user_with_role(Role.REVIEWER, education, email="jiaoyu.reviewer@example.invalid"),
        "civil_officer": user_with_role(Role.INFORMATION_OFFICER, civil),
        "stranger": user_with_role(Role.DISCLOSURE_OFFICE, other_unit),
    }


@pytest.fixture
def requests_world(db):
    return requests_county()


@pytest.fixture
def intake_county(db):
    """The county's offices, to send requests to through the portal."""
    world = county_offices()
    return SimpleNamespace(tree=world.tree, county=world.county, office=world.office_unit, edu=world.edu)


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
    old = AnnualReportFactory(unit=unit, year=2020, format="2019", title="大祥区教育局2020年政府信息公开工作年度报告",
                              tables=balanced("2019"), status=ReportStatus.PUBLISHED, published_at=timezone.now(),
                              source="imported")
    new = AnnualReportFactory(unit=unit, year=2025, title="大祥区教育局2025年政府信息公开工作年度报告",
                              tables=balanced(), status=ReportStatus.PUBLISHED, published_at=timezone.now(),
                              section_general="<p>全年新收政府信息公开申请12件。</p>")
    draft = AnnualReportFactory(unit=UnitFactory(jurisdiction=county, name="大祥区民政局"), year=2025,
                                title="大祥区民政局2025年草稿", tables=balanced())
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
    CatalogDomainFactory(version=version, domain=education)
    CatalogDomainFactory(version=version, domain=relief)
    CatalogDomainFactory(version=version, domain=tourism, applies=False, reason="本区无A级旅游景区，不涉及旅游领域事项")

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


# Consultations (征求意见).

@pytest.fixture
def consultations_world(db):
    """The county's offices, 教育局's officer and reviewer, 民政局's reviewer (another unit), and 教育局's open
    major-decision consultation (2026-09-01 … 2026-10-01) with one comment waiting for moderation."""
    world = county_offices()
    world.users.officer = user_with_role(Role.INFORMATION_OFFICER, world.edu, username="officer",
                                         display_name="张信息员")
    world.users.reviewer = user_with_role(Role.REVIEWER, world.edu, username="reviewer", display_name="李审核")
    world.users.civil_reviewer = user_with_role(Role.REVIEWER, world.civil, username="civil_reviewer")
    world.consultation = ConsultationFactory(unit=world.edu, title="关于征求《大祥区义务教育学校招生入学办法（征求意见稿）》意见的公告")
    world.comment = ConsultationCommentFactory(consultation=world.consultation, body="建议公布学区划分的依据。")
    return world


# The 政府信息公开 column (指南, 制度, 高频事项).

@pytest.fixture
def column_world(portal):
    """The portal's 大祥区 with its office's contact details and account (`office`), an information officer of
    大祥区教育局 (`officer`) and the office of 双清区, another jurisdiction (`other_office`)."""
    office_unit = portal["office"]
    office_unit.address, office_unit.office_hours = "邵阳市大祥区城南路1号", "工作日 8:30—12:00，14:30—17:30"
    office_unit.email = "gkb@dx.example.gov.cn"
    office_unit.save()
    edu_unit = portal["items"][0].responsible_unit
    edu_unit.phone = "0739-5666666"
    edu_unit.save()
    other_unit = UnitFactory(disclosure_office=True, jurisdiction=portal["other_county"], name="双清区政务公开办",
                             handle="gkb@sqjczw")
    return SimpleNamespace(**{
        **portal, "office_unit": office_unit, "edu_unit": edu_unit, "office": portal["publisher"],
        "officer": user_with_role(Role.INFORMATION_OFFICER, edu_unit, username="officer"),
        "other_office": user_with_role(Role.DISCLOSURE_OFFICE, other_unit, username="other_office"),
    })


# Object storage: a real S3 server on loopback (moto's server mode), the storages switched to it.

@pytest.fixture
def s3_storage(settings, monkeypatch):
    """moto's S3 server on a free loopback port, a private bucket in it, and STORAGES built from the same
    environment a deployment sets (S3_BUCKET, S3_ENDPOINT_URL, …; gongkai.settings.env.storages_from_env). Yields
    the bucket's name and a boto3 client to look into it. Skips when moto's server is not installed."""
    import socket

    server_module = pytest.importorskip("moto.server", reason="moto[server] 未安装：跳过对象存储测试")
    boto3 = pytest.importorskip("boto3", reason="boto3 未安装：跳过对象存储测试")
    from gongkai.settings.env import storages_from_env

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    environment = {"S3_BUCKET": "gongkai-test", "S3_ENDPOINT_URL": endpoint, "S3_ACCESS_KEY_ID": "test-key",
                   "S3_SECRET_ACCESS_KEY": "test-secret", "S3_REGION": "us-east-1", "S3_ADDRESSING_STYLE": "path"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("STORAGE_BACKEND", raising=False)
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test-key",
                          aws_secret_access_key="test-secret", region_name="us-east-1")
    client.create_bucket(Bucket="gongkai-test")
    settings.STORAGES = storages_from_env()
    try:
        yield SimpleNamespace(bucket="gongkai-test", client=client, endpoint=endpoint)
    finally:
        server.stop()
