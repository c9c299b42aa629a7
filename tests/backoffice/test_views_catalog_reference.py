"""The city office's screens for its reference catalog: the counties' adoption (adopted or not, which version,
when) and each county's differences; the county office adopts it there; the refusals (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Catalog, CatalogVersion
from tests.factories import JurisdictionFactory
from tests.worlds import login


@pytest.fixture
def world(city_world):
    return city_world


def adopt(client, world):
    login(client, world.users.office)
    return client.post(reverse("backoffice:reference_adopt", args=[world.reference.pk]),
                       {"adopt-jurisdiction": world.county.pk, "adopt-label": "2021版", "adopt-year": 2021})


def test_the_county_office_reads_the_reference_and_adopts_it(client, world):
    login(client, world.users.office)
    page = client.get(reverse("backoffice:catalog", args=[world.reference.pk])).content.decode()
    assert "县（市、区）参考目录" in page and "采用参考目录，建立本级目录" in page
    assert "创建新版本" not in page  # not the county's to edit
    assert world.reference.title in client.get(reverse("backoffice:catalogs")).content.decode()
    version_page = client.get(reverse("backoffice:version", args=[world.reference_version.pk]))
    assert version_page.status_code == 200 and "临时救助对象名单" in version_page.content.decode()
    response = adopt(client, world)
    version = CatalogVersion.objects.get(catalog__jurisdiction=world.county)
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:version", args=[version.pk])
    assert version.reference_version == world.reference_version


def test_a_second_adoption_while_one_is_pending_keeps_the_form_and_says_why(client, world):
    adopt(client, world)
    response = client.post(reverse("backoffice:reference_adopt", args=[world.reference.pk]),
                           {"adopt-jurisdiction": world.county.pk, "adopt-label": "2022版", "adopt-year": 2022})
    assert response.status_code == 400
    page = response.content.decode()
    assert "未发布的版本" in page and 'value="2022版"' in page


def test_the_city_office_sees_each_countys_adoption_and_differences(client, world):
    adopt(client, world)
    version = CatalogVersion.objects.get(catalog__jurisdiction=world.county)
    office = world.users.office
    services.catalog_item_delete_local(actor=office, item=version.items.get(name="临时救助对象名单"))
    services.catalog_item_add_local(actor=office, version=version, domain=world.education, topic="学生资助",
                                    name="区级助学金名单")
    services.catalog_item_update(actor=office, item=version.items.get(name="低保审批"), name="城乡低保审批")
    login(client, world.users.city_office)
    page = client.get(reverse("backoffice:catalog", args=[world.reference.pk])).content.decode()
    assert "县（市、区）采用情况" in page
    assert "大祥区" in page and "已采用：2021版" in page and "2020版" in page
    assert "双清区" in page and "尚未采用" in page
    assert "新增 1 个，删除 1 个，修改 1 个" in page
    diff_url = reverse("backoffice:reference_adoption", args=[world.reference.pk, version.pk])
    assert diff_url in page
    diff_page = client.get(diff_url).content.decode()
    assert "区级助学金名单" in diff_page and "临时救助对象名单" in diff_page
    assert "低保审批" in diff_page and "城乡低保审批" in diff_page


def test_the_reference_page_makes_the_same_queries_with_more_counties(client, world):
    login(client, world.users.city_office)
    url = reverse("backoffice:catalog", args=[world.reference.pk])
    adopt(client, world)
    login(client, world.users.city_office)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(3):
        county = JurisdictionFactory(code=f"43052{n}000000", name=f"测试县{n}", level="county",
                                     parent=world.tree["city"])
        services.catalog_create_from_reference(actor=world.users.city_office, jurisdiction=county,
                                               reference=world.reference, label="2021版", year=2021)
    assert count() == few <= 26  # 24 today


@pytest.mark.parametrize("who", ["office", "other_office", "approver", "officer", "stranger", "auditor"])
def test_only_the_city_office_sees_the_adoptions(client, world, who):
    adopt(client, world)
    version = CatalogVersion.objects.get(catalog__jurisdiction=world.county)
    login(client, getattr(world.users, who))
    response = client.get(reverse("backoffice:reference_adoption", args=[world.reference.pk, version.pk]))
    assert response.status_code == 403
    if who == "office":
        page = client.get(reverse("backoffice:catalog", args=[world.reference.pk])).content.decode()
        assert "尚未采用" not in page and "查看差异" not in page


@pytest.mark.parametrize("who", ["stranger", "auditor", "admin"])
def test_another_city_cannot_see_the_reference(client, world, who):
    login(client, getattr(world.users, who))
    assert client.get(reverse("backoffice:catalog", args=[world.reference.pk])).status_code == 403
    assert client.get(reverse("backoffice:version", args=[world.reference_version.pk])).status_code == 403


def test_the_county_office_cannot_edit_the_reference(client, world):
    login(client, world.users.office)
    response = client.post(reverse("backoffice:catalog", args=[world.reference.pk]),
                           {"label": "2021版", "year": 2021})
    assert response.status_code == 403
    item = world.reference_version.items.first()
    assert client.get(reverse("backoffice:item_edit", args=[item.pk])).status_code == 403
    assert world.reference.versions.count() == 1


@pytest.mark.parametrize("who", ["stranger", "approver", "officer"])
def test_others_cannot_adopt(client, world, who):
    login(client, getattr(world.users, who))
    response = client.post(reverse("backoffice:reference_adopt", args=[world.reference.pk]),
                           {"adopt-jurisdiction": world.county.pk, "adopt-label": "2021版", "adopt-year": 2021})
    assert response.status_code == 403
    assert not Catalog.objects.filter(jurisdiction=world.county).exists()


def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("backoffice:catalog", args=[world.reference.pk]),
                reverse("backoffice:reference_adoption", args=[world.reference.pk, world.reference_version.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
