import pytest

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import Catalog, CatalogItem, Domain, Tier
from gongkai.catalog.services import (
    catalog_adopt_standard,
    catalog_create,
    catalog_domain_set_applies,
    catalog_item_add_local,
    catalog_item_set_applicable,
    catalog_version_create,
)
from gongkai.catalog.standard import standard_catalog_load
from tests.factories import JurisdictionFactory

ADOPTED = ("yiwu-jiaoyu", "zhongda-jianshe-xiangmu", "weisheng-jiankang")


@pytest.fixture
def standard(db):
    """Every domain, and the national rows of three of them (shipped data)."""
    for slug in ADOPTED:
        standard_catalog_load(slug=slug)
    return {d.slug: d for d in Domain.objects.all()}


@pytest.fixture
def county(db):
    return JurisdictionFactory(code="430503000000", name="大祥区")


@pytest.fixture
def draft(standard, county):
    """大祥区's county catalog, draft 2021版: three domains adopted from the national rows, one local item
    with a platform channel and a named specific group, one item not applicable, one domain not
    handled (税收管理, with its reason)."""
    catalog = catalog_create(actor=COMMAND_LINE, jurisdiction=county, tier=Tier.COUNTY)
    version = catalog_version_create(actor=COMMAND_LINE, catalog=catalog, label="2021版", year=2021)
    catalog_adopt_standard(actor=COMMAND_LINE, version=version, domains=[standard[s] for s in ADOPTED])
    catalog_item_add_local(
        actor=COMMAND_LINE, version=version, domain=standard["zhongda-jianshe-xiangmu"], topic="批准服务信息",
        name="办理过程信息（本地）", elements=["事项名称", "办理时间、地点"], basis=["《政府信息公开条例》第十九条、第二十条"],
        time_limit="及时公开", subject="区发展和改革局",
        channels=["其他:投资项目在线审批监管平台", "政府网站", "其他"], audience=["特定群体（项目单位）"],
        manner=["依申请"], tiers=["县级", "乡、村级"],
    )
    item = version.items.filter(domain=standard["yiwu-jiaoyu"]).order_by("order").last()
    catalog_item_set_applicable(actor=COMMAND_LINE, item=item, applicable=False, reason="本区无此类学校")
    catalog_domain_set_applies(actor=COMMAND_LINE, version=version, domain=standard["shuishou-guanli"],
                               applies=False, reason="税收管理由税务部门垂直管理，本级政府不涉及。")
    return version


def item_count(version=None) -> int:
    qs = CatalogItem.objects.all()
    return qs.filter(version=version).count() if version is not None else qs.count()


@pytest.fixture
def other_catalog(standard):
    """An empty draft of another county, to import into."""
    jurisdiction = JurisdictionFactory(code="430502000000", name="双清区")
    catalog = catalog_create(actor=COMMAND_LINE, jurisdiction=jurisdiction, tier=Tier.COUNTY)
    return catalog_version_create(actor=COMMAND_LINE, catalog=catalog, label="2021版", year=2021)


__all__ = ["Catalog", "item_count"]
