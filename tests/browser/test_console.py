"""No errors in the browser console (a Content-Security-Policy violation shows up there) on the pages
everyone passes through."""

import pytest

from tests.browser.support import county_world, expect, login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_and_dashboard_have_no_console_errors(page):
    world = county_world(standard=False)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error"
            else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    page.goto(url(page, "/accounts/login/"))
    expect(page.get_by_text("工作人员登录")).to_be_visible()
    page.wait_for_load_state("load")  # the deferred htmx has run
    login(page, world.users.office.username)
    page.wait_for_load_state("load")

    assert errors == []
