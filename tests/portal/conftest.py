import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog.models import CatalogDomain, Tier
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    DomainFactory,
    UnitFactory,
    UserFactory,
    county_tree,
    user_with_role,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Test databases reuse ids after each rollback, so a stale page could match a new stamp.
    cache.clear()
    yield
    cache.clear()


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
