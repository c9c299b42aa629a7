import pytest

from tests.factories import CatalogFactory, CatalogItemFactory, CatalogVersionFactory, county_tree

pytestmark = pytest.mark.django_db


def test_openapi_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/v1/jurisdictions/{code}/catalog" in spec["paths"]


def test_only_published_catalog_is_served(client):
    tree = county_tree()
    catalog = CatalogFactory(jurisdiction=tree["county"])
    draft = CatalogVersionFactory(catalog=catalog, label="2022版", year=2022, status="draft")
    CatalogItemFactory(version=draft, name="草稿事项")
    assert client.get(f"/api/v1/jurisdictions/{tree['county'].code}/catalog").status_code == 404
    published = CatalogVersionFactory(catalog=catalog, label="2021版", year=2021, status="published")
    CatalogItemFactory(version=published, name="已发布事项")
    data = client.get(f"/api/v1/jurisdictions/{tree['county'].code}/catalog").json()
    names = [i["name"] for d in data["domains"] for i in d["items"]]
    assert names == ["已发布事项"] and data["version"] == "2021版"


def test_unknown_jurisdiction_is_404(client):
    assert client.get("/api/v1/jurisdictions/999999999999/catalog").status_code == 404
