"""Refusals as a person sees them: the Chinese 403 page, with the policy's own reason."""

import re

import pytest

from tests.browser.conftest import shot
from tests.browser.support import county_world, expect, login, url
from tests.factories import CatalogFactory, CatalogItemFactory, CatalogVersionFactory, DomainFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_refused(page, response, reason: str) -> None:
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权访问", level=1)).to_be_visible()
    expect(page.get_by_text("403", exact=True)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(reason)
    expect(page.get_by_role("link", name="返回工作台")).to_be_visible()


def test_officer_cannot_open_the_catalog_edit_pages_of_another_jurisdiction(page):
    world = county_world(standard=False)
    other = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=world.tree["other_county"],
                                                         title="双清区基层政务公开标准目录"))
    item = CatalogItemFactory(version=other, domain=DomainFactory(slug="yiwu-jiaoyu", name="义务教育"),
                              topic="招生管理", name="招生范围")
    login(page, world.users.officer.username)

    response = page.goto(url(page, f"/admin/items/{item.pk}/edit/"))
    expect_refused(page, response, "您没有权限编辑公开事项目录。如需办理，请联系本级政务公开办。")
    expect(page.get_by_text("招生范围")).to_have_count(0)  # nothing of the item leaks
    shot(page, "30-refused-officer-item-edit")

    response = page.goto(url(page, f"/admin/versions/{other.pk}/adopt/"))
    expect_refused(page, response, "您没有权限编辑公开事项目录。如需办理，请联系本级政务公开办。")
    response = page.goto(url(page, f"/admin/catalogs/{other.catalog.pk}/"))
    expect_refused(page, response, "您没有权限查看公开事项目录。如需办理，请联系本级政务公开办。")
    expect(page.get_by_text("双清区基层政务公开标准目录")).to_have_count(0)


def test_auditor_cannot_open_the_catalog_pages(page):
    world = county_world(standard=False)
    version = CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=world.county, title="大祥区基层政务公开标准目录"))
    login(page, world.users.auditor.username)
    expect(page.get_by_role("heading", name="审计")).to_be_visible()  # the auditor's own dashboard

    reason = "您没有权限查看公开事项目录。如需办理，请联系本级政务公开办。"
    for path in ("/admin/catalogs/", f"/admin/catalogs/{version.catalog.pk}/", f"/admin/versions/{version.pk}/",
                 "/admin/standard/"):
        response = page.goto(url(page, path))
        expect_refused(page, response, reason)
    shot(page, "31-refused-auditor-catalogs")

    page.get_by_role("link", name="返回工作台").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
