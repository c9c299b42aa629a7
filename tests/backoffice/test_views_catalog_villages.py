"""A township's reference catalog gives its villages and communities their own catalogs."""

import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Catalog, Tier
from gongkai.organizations.models import JurisdictionLevel
from tests.factories import JurisdictionFactory
from tests.worlds import login


@pytest.fixture
def reference(world):
    office = world.users.office
    ref = services.catalog_create(actor=office, jurisdiction=world.tree["town"], tier=Tier.VILLAGE,
                                  is_reference=True)
    version = services.catalog_version_create(actor=office, catalog=ref, label="2021版", year=2021)
    services.catalog_item_add_local(actor=office, version=version, domain=world.assistance, topic="村务公开",
                                    name="低保评议结果", elements=["评议时间", "评议结果"])
    version.status = "published"
    version.save(update_fields=["status"])
    return ref


@pytest.fixture
def village(world):
    return JurisdictionFactory(code="430503101201", name="和平村", level=JurisdictionLevel.VILLAGE,
                               parent=world.tree["town"])


def test_office_creates_a_village_catalog_from_the_reference(client, world, reference, village):
    login(client, world.users.office)
    page = client.get(reverse("backoffice:catalog", args=[reference.pk])).content.decode()
    assert "采用参考目录，建立本级目录" in page and "和平村" in page
    response = client.post(reverse("backoffice:reference_adopt", args=[reference.pk]),
                           {"adopt-jurisdiction": village.pk, "adopt-label": "2021版", "adopt-year": 2021})
    assert response.status_code == 302
    catalog = Catalog.objects.get(jurisdiction=village, tier=Tier.VILLAGE, is_reference=False)
    assert list(catalog.versions.get().items.values_list("name", flat=True)) == ["低保评议结果"]


def test_a_village_outside_the_scope_is_refused_with_the_form_kept(client, world, reference, village):
    login(client, world.users.office)
    response = client.post(reverse("backoffice:reference_adopt", args=[reference.pk]),
                           {"adopt-jurisdiction": 999999, "adopt-label": "2021版", "adopt-year": 2021})
    assert response.status_code == 400
    page = response.content.decode()
    assert "所选行政区划不在可选范围内" in page and 'value="2021版"' in page
    assert not Catalog.objects.filter(tier=Tier.VILLAGE, is_reference=False).exists()


@pytest.mark.parametrize("who", ["officer", "auditor", "admin", "other_office", "approver"])
def test_roles_without_the_right_are_refused(client, world, reference, village, who):
    login(client, getattr(world.users, who))
    response = client.post(reverse("backoffice:reference_adopt", args=[reference.pk]),
                           {"adopt-jurisdiction": village.pk, "adopt-label": "2021版", "adopt-year": 2021})
    assert response.status_code == 403
    assert not Catalog.objects.filter(tier=Tier.VILLAGE, is_reference=False).exists()


def test_anonymous_is_sent_to_login(client, reference):
    response = client.post(reverse("backoffice:reference_adopt", args=[reference.pk]), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
