"""Every back-office screen: who may open it, who is refused (403) and that anonymous people are sent to
the login page."""

import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    return catalog, version, version.items.order_by("order").first()


def urls(world, catalog):
    catalog, version, item = catalog
    county = world.tree["county"]
    return {
        "dashboard": reverse("backoffice:dashboard"),
        "standard": reverse("backoffice:standard_domains"),
        "standard_domain": reverse("backoffice:standard_domain", args=["yiwu-jiaoyu"]),
        "standard_search": reverse("backoffice:standard_search") + "?q=招生",
        "catalogs": reverse("backoffice:catalogs"),
        "catalog_create": reverse("backoffice:catalog_create"),
        "catalog": reverse("backoffice:catalog", args=[catalog.pk]),
        "version": reverse("backoffice:version", args=[version.pk]),
        "adopt": reverse("backoffice:version_adopt", args=[version.pk]),
        "domain": reverse("backoffice:version_domain", args=[version.pk, "yiwu-jiaoyu"]),
        "item_add": reverse("backoffice:item_add", args=[version.pk]),
        "item_edit": reverse("backoffice:item_edit", args=[item.pk]),
        "item_applicable": reverse("backoffice:item_applicable", args=[item.pk]),
        "submit": reverse("backoffice:version_submit", args=[version.pk]),
        "decide": reverse("backoffice:version_decide", args=[version.pk]),
        "publish": reverse("backoffice:version_publish", args=[version.pk]),
        "compare": reverse("backoffice:version_compare", args=[version.pk]),
        "import": reverse("backoffice:version_import", args=[version.pk]),
        "jurisdictions": reverse("backoffice:jurisdictions"),
        "domains_table": reverse("backoffice:jurisdiction_domains", args=[county.pk]),
        "units": reverse("backoffice:units"),
        "unit_create": reverse("backoffice:unit_create"),
        "unit_edit": reverse("backoffice:unit_edit", args=[world.edu.pk]),
    }


# Who may open each screen (GET). Everyone else with a role gets 403.
ALLOWED = {
    "dashboard": {"office", "other_office", "approver", "officer", "reviewer", "auditor", "admin"},
    "standard": {"office", "other_office", "approver", "officer", "reviewer", "admin"},
    "standard_domain": {"office", "other_office", "approver", "officer", "reviewer", "admin"},
    "standard_search": {"office", "other_office", "approver", "officer", "reviewer", "admin"},
    "catalogs": {"office", "other_office", "approver", "officer", "reviewer"},
    "catalog_create": {"office", "other_office"},
    "catalog": {"office", "approver", "officer", "reviewer"},
    "version": {"office", "approver", "officer", "reviewer"},
    "adopt": {"office"},
    "domain": {"office"},
    "item_add": {"office"},
    "item_edit": {"office"},
    "item_applicable": {"office"},
    "submit": {"office"},
    "decide": {"approver"},
    "publish": {"office"},
    "compare": {"office", "approver", "officer", "reviewer"},
    "import": {"office"},
    "jurisdictions": {"office", "other_office", "approver", "officer", "reviewer", "admin"},
    "domains_table": {"office", "approver", "officer", "reviewer", "admin"},
    "units": {"office", "other_office"},
    "unit_create": {"office", "other_office"},
    "unit_edit": {"office"},
}
ROLES = ["office", "other_office", "approver", "officer", "reviewer", "auditor", "admin"]


def test_every_screen_has_an_access_rule(world, catalog):
    assert set(urls(world, catalog)) == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_anonymous_is_sent_to_login(client, world, catalog, name):
    url = urls(world, catalog)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_screen_renders_for_allowed_role_and_refuses_others(client, world, catalog, name, role):
    client.force_login(getattr(world.users, role))
    response = client.get(urls(world, catalog)[name])
    if role in ALLOWED[name]:
        assert response.status_code == 200, response.content.decode()[:500]
        assert "<html" in response.content.decode()
    else:
        assert response.status_code == 403
        body = response.content.decode()
        assert "无权访问" in body and "您没有权限" in body


def test_account_without_role_is_refused(client, world):
    from tests.factories import UserFactory

    client.force_login(UserFactory(unit=world.edu))
    response = client.get(reverse("backoffice:dashboard"))
    assert response.status_code == 403
    assert "进入管理后台" in response.content.decode()


def test_office_of_daxiang_cannot_open_shuangqing_catalog(client, world):
    other = world.users.other_office
    catalog = services.catalog_create(actor=other, jurisdiction=world.tree["other_county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=other, catalog=catalog, label="2025版", year=2025)
    client.force_login(world.users.office)
    for url in (reverse("backoffice:catalog", args=[catalog.pk]), reverse("backoffice:version", args=[version.pk]),
                reverse("backoffice:version_adopt", args=[version.pk])):
        assert client.get(url).status_code == 403
    # …and does not see it in its list
    listing = client.get(reverse("backoffice:catalogs")).content.decode()
    assert catalog.title not in listing
    # a POST is refused as well, and nothing is written
    response = client.post(reverse("backoffice:version_adopt", args=[version.pk]),
                           {"domains": [world.education.pk]})
    assert response.status_code == 403
    assert version.items.count() == 0


def test_shell_shows_user_unit_roles_and_nav_by_role(client, world):
    client.force_login(world.users.office)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "王主任" in body and "大祥区政务公开办" in body and "政务公开办" in body
    assert "退出登录" in body
    for label in ("标准目录", "公开事项目录", "行政区划", "单位", "账号"):
        assert f">{label}</a>" in body
    assert ">审计日志</a>" not in body

    client.force_login(world.users.auditor)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert ">审计日志</a>" in body
    assert ">公开事项目录</a>" not in body and ">标准目录</a>" not in body


def test_large_type_switch_sets_a_cookie_and_goes_back(client, world):
    client.force_login(world.users.office)
    response = client.get(reverse("backoffice:large_type") + "?next=/admin/catalogs/")
    assert response.status_code == 302 and response["Location"] == "/admin/catalogs/"
    assert response.cookies["gk_large_type"].value == "1"
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert 'class="backoffice large-type"' in body
    response = client.get(reverse("backoffice:large_type") + "?next=https://evil.example/")
    assert response["Location"] == "/admin/"


def test_dashboards_per_role(client, world, catalog):
    _, version, _ = catalog
    client.force_login(world.users.office)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "政务公开办：公开事项目录" in body and "编辑完成后报送上级审批" in body

    client.force_login(world.users.approver)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "目前没有等待您审批的目录版本" in body
    version.items.update(responsible_unit=world.civil)
    services.catalog_version_submit(actor=world.users.office, version=version)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert reverse("backoffice:version_decide", args=[version.pk]) in body

    client.force_login(world.users.auditor)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "打开审计日志" in body and "公开事项目录" not in body

    client.force_login(world.users.admin)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "系统管理：国家标准目录" in body and "义务教育领域基层政务公开标准指引" in body
    assert "数据不完整" in body and "根区划：湖南省" in body


def test_officer_dashboard_lists_its_units_items_in_the_published_catalog(client, world, catalog):
    _, version, _ = catalog
    office, approver = world.users.office, world.users.approver
    version.items.update(responsible_unit=world.civil)
    edu_item = version.items.get(name="招生范围")
    services.catalog_item_update(actor=office, item=edu_item, responsible_unit=world.edu)
    services.catalog_version_submit(actor=office, version=version)
    services.catalog_version_approve(actor=approver, version=version)
    services.catalog_version_publish(actor=office, version=version)
    client.force_login(world.users.officer)
    body = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "本单位负责的公开事项" in body
    assert "招生范围" in body and "低保审批" not in body
