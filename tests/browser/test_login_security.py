"""Login security as a person meets it: the lockout after five wrong passwords, the forced change of an
imported account's initial password, and the password policy's Chinese message."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.accounts.services import AccountRow, accounts_import
from tests.browser.conftest import shot
from tests.browser.support import DASHBOARD, county_world, expect, login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = "账号或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。"
PASSWORD_PAGE = re.compile(r"/accounts/password/$")


def test_five_wrong_passwords_lock_the_account_and_say_until_when(page):
    world = county_world(standard=False)
    office = world.users.office
    for attempt in range(1, 5):
        login(page, office.username, f"Wrong-Password-{attempt}", expect_dashboard=False)
        expect(page.get_by_role("alert")).to_have_text(WRONG)
    login(page, office.username, "Wrong-Password-5", expect_dashboard=False)
    office.refresh_from_db()
    until = date_format(timezone.localtime(office.locked_until), "Y年n月j日 H:i")
    # The page names the platform, not the host it was reached at.
    expect(page.get_by_role("heading", level=1)).to_have_text(settings.GONGKAI_SITE_NAME)
    expect(page).to_have_title(f"登录 · {settings.GONGKAI_SITE_NAME}")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("账号已被锁定：连续登录失败次数过多。")
    expect(alert).to_contain_text(f"请于 {until} 之后再试，或联系本级政务公开办重置密码。")
    expect(page.get_by_label("账号")).to_have_value(office.username)  # what was typed is kept
    shot(page, "20-login-locked")

    # Locked means locked: the right password does not get in either, and says the same.
    login(page, office.username, expect_dashboard=False)
    expect(page.get_by_role("alert")).to_contain_text(f"请于 {until} 之后再试")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_imported_account_must_change_its_password_before_anything_else(page):
    world = county_world(standard=False)
    result = accounts_import(actor=COMMAND_LINE, jurisdiction=world.county, dry_run=False, rows=[
        AccountRow(sheet="账号", row=2, unit_name="区教育局", username="jiaoyu.new", display_name="刘新", roles="信息员"),
    ])
    initial = result.created[0].password

    login(page, "jiaoyu.new", initial, expect_dashboard=False)
    expect(page).to_have_url(PASSWORD_PAGE)
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(page.get_by_text("首次登录或密码被重置后，须先修改初始密码才能继续使用。")).to_be_visible()

    # Nowhere else to go: the dashboard, a catalog screen, the portal's back-office links all lead back.
    for path in ("/admin/", "/admin/catalogs/", "/admin/standard/"):
        page.goto(url(page, path))
        expect(page).to_have_url(PASSWORD_PAGE)
        expect(page.get_by_role("heading", name="修改密码")).to_be_visible()

    # A new password that breaks the policy: the Chinese reason, and still on the form.
    page.get_by_label("旧密码").fill(initial)
    page.get_by_label("新密码", exact=True).fill("abcdefghijk")
    page.get_by_label("新密码确认").fill("abcdefghijk")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("alert")).to_have_text("密码须至少包含小写字母、大写字母、数字、符号中的 3 类。")
    expect(page).to_have_url(PASSWORD_PAGE)
    shot(page, "21-password-too-simple")

    page.get_by_label("旧密码").fill(initial)
    page.get_by_label("新密码", exact=True).fill("abc1")
    page.get_by_label("新密码确认").fill("abc1")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("alert").first).to_have_text("密码太短，至少须 10 个字符。")

    page.goto(url(page, "/admin/"))
    expect(page).to_have_url(PASSWORD_PAGE)  # a refused change lets nobody through

    page.get_by_label("旧密码").fill(initial)
    page.get_by_label("新密码", exact=True).fill("Shaoyang-2021-jy")
    page.get_by_label("新密码确认").fill("Shaoyang-2021-jy")
    page.get_by_role("button", name="保存新密码").click()
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_text("密码已修改。")).to_be_visible()
    page.goto(url(page, "/admin/catalogs/"))
    expect(page.get_by_role("heading", name="公开事项目录", level=1)).to_be_visible()
