"""Factories shared by the whole suite. Add an area's own factories in tests/<app>/factories.py."""

import factory

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    CatalogVersion,
    Completeness,
    Domain,
    Guideline,
    StandardItem,
    Tier,
)
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel, Unit, UnitKind

PASSWORD = "Gongkai-Test-2026"


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"43{n:010d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = JurisdictionLevel.COUNTY
    parent = None


def county_tree():
    """邵阳市 > 大祥区 > 罗市镇, 中心路街道: enough of the real tree for scope tests."""
    province = JurisdictionFactory(code="430000000000", name="湖南省", level=JurisdictionLevel.PROVINCE)
    city = JurisdictionFactory(code="430500000000", name="邵阳市", level=JurisdictionLevel.CITY, parent=province)
    county = JurisdictionFactory(code="430503000000", name="大祥区", level=JurisdictionLevel.COUNTY, parent=city)
    town = JurisdictionFactory(code="430503100000", name="罗市镇", level=JurisdictionLevel.TOWNSHIP, parent=county)
    street = JurisdictionFactory(code="430503001000", name="中心路街道", level=JurisdictionLevel.TOWNSHIP, parent=county)
    other_county = JurisdictionFactory(code="430502000000", name="双清区", level=JurisdictionLevel.COUNTY, parent=city)
    return {"province": province, "city": city, "county": county, "town": town, "street": street,
            "other_county": other_county}


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT
    handle = factory.Sequence(lambda n: f"unit{n}@test")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.save()
        for role in extracted or []:
            Membership.objects.get_or_create(user=obj, unit=obj.unit, role=role)


def user_with_role(role: str, unit: Unit, **kwargs) -> User:
    return UserFactory(unit=unit, roles=[role], **kwargs)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.Sequence(lambda n: f"领域{n}")
    order = factory.Sequence(lambda n: n)


class GuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guideline

    domain = factory.SubFactory(DomainFactory)
    name = factory.LazyAttribute(lambda o: f"{o.domain.name}领域基层政务公开标准指引")
    issuer = "测试部"
    year = "2019"
    completeness = Completeness.PARTIAL


class StandardItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardItem

    guideline = factory.SubFactory(GuidelineFactory)
    order = factory.Sequence(lambda n: n + 1)
    topic = "政策文件"
    name = factory.Sequence(lambda n: f"事项{n}")
    elements = ["名称", "内容"]
    basis = ["《中华人民共和国政府信息公开条例》"]
    time_limit = "信息形成或者变更之日起20个工作日内"
    subject = "县级主管部门"
    channels = ["政府网站"]
    audience = ["全社会"]
    manner = ["主动"]
    tiers = ["县级"]


class CatalogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Catalog

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    tier = Tier.COUNTY
    title = factory.LazyAttribute(lambda o: f"{o.jurisdiction.name}基层政务公开事项目录")


class CatalogVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogVersion

    catalog = factory.SubFactory(CatalogFactory)
    label = "2021版"
    year = 2021


class CatalogItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogItem

    version = factory.SubFactory(CatalogVersionFactory)
    domain = factory.SubFactory(DomainFactory)
    order = factory.Sequence(lambda n: n + 1)
    topic = "政策文件"
    name = factory.Sequence(lambda n: f"本地事项{n}")


ALL_ROLES = [r.value for r in Role]


# A request's applicant (obviously invented: 张某某, a checksum-valid made-up ID number).

def resident_id(body17: str) -> str:
    """A checksum-valid (invented) resident ID number from 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]
    return body17 + check


APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张某某",
    "id_type": "resident_id",
    "id_number": resident_id("43050319900101123"),
    "contact_phone": "13800000000",
    "contact_email": "zhangmoumou@example.invalid",
    "contact_address": "湖南省邵阳市大祥区某某路1号",
    "postal_code": "422000",
    "description": "请公开2026年大祥区义务教育学校招生范围划分的文件",
    "document_number": "",
    "purpose": "",
    "delivery_form": "paper",
    "obtaining_method": "post",
}
