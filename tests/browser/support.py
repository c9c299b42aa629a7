"""What the browser tests share: a small 大祥区 built in the database, and logging in and out the way a
person does (the login form, the 退出登录 button)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from gongkai.accounts.models import Role
from gongkai.catalog.models import Domain, DomainAssignment
from gongkai.catalog.standard import standard_catalog_load
from gongkai.organizations.models import UnitKind
from tests.factories import PASSWORD, UnitFactory, county_tree, user_with_role

# Without Playwright the browser tests are skipped, not errors of collection.
expect = pytest.importorskip("playwright.sync_api").expect

DASHBOARD = re.compile(r"/admin/$")
LOGIN = re.compile(r"/accounts/login/")


def county_world(*, standard: bool = True) -> SimpleNamespace:
    """邵阳市 › 大祥区 with its disclosure office and three bureaus (with the national standard: each
    answering for one domain), a bureau of 双清区 and the city's office; one account per role the tests
    need, all with PASSWORD."""
    # The portal caches whole pages under keys made of ids; a flushed database reuses them.
    cache.clear()
    if standard:
        standard_catalog_load()
    tree = county_tree()
    county, city = tree["county"], tree["city"]
    office_unit = UnitFactory(jurisdiction=county, name="大祥区人民政府办公室", kind=UnitKind.GOVERNMENT,
                              handle="zwgk@dxjczw", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=county, name="区教育局", handle="jiaoyu@dxjczw")
    civil = UnitFactory(jurisdiction=county, name="区民政局", handle="minzheng@dxjczw")
    expropriation = UnitFactory(jurisdiction=county, name="区征收办", handle="zhengshou@dxjczw")
    other_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区教育局", handle="jiaoyu@sqjczw")
    city_unit = UnitFactory(jurisdiction=city, name="邵阳市人民政府办公室", kind=UnitKind.GOVERNMENT,
                            handle="zwgk@syzw", is_disclosure_office=True)
    if standard:
        # Every domain the journey adopts has its unit: a domain later marked 未涉及 still needs one
        # for its items before the version can be submitted (see the journey's docstring).
        for slug, unit in (("yiwu-jiaoyu", edu), ("shehui-jiuzhu", civil),
                           ("guoyou-tudi-fangwu-zhengshou", expropriation)):
            DomainAssignment.objects.create(jurisdiction=county, domain=Domain.objects.get(slug=slug), unit=unit)
    users = SimpleNamespace(
        office=user_with_role(Role.DISCLOSURE_OFFICE, office_unit, username="dx.office", display_name="王主任"),
        approver=user_with_role(Role.UPPER_APPROVER, city_unit, username="sy.approver", display_name="李审批"),
        officer=user_with_role(Role.INFORMATION_OFFICER, edu, username="jiaoyu.officer", display_name="张信息员"),
        other_officer=user_with_role(Role.INFORMATION_OFFICER, other_unit, username="sq.officer"),
        auditor=user_with_role(Role.AUDITOR, office_unit, username="dx.auditor", display_name="赵审计"),
    )
    return SimpleNamespace(tree=tree, county=county, city=city, office_unit=office_unit, edu=edu, civil=civil,
                           users=users)


def url(page, path: str) -> str:
    return page.base_url + path


def login(page, username: str, password: str = PASSWORD, *, expect_dashboard: bool = True) -> None:
    page.goto(url(page, "/accounts/login/"))
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if expect_dashboard:
        expect(page).to_have_url(DASHBOARD)
        expect(page.get_by_role("heading", name="工作台", level=1)).to_be_visible()


def logout(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(LOGIN)
    expect(page.get_by_text("工作人员登录")).to_be_visible()
