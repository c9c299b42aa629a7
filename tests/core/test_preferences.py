"""Reading preferences in a cookie and the safe `next` every switch goes back to."""

import pytest
from django.test import RequestFactory

from gongkai.core import preferences


@pytest.mark.parametrize(("target", "expected"), [
    ("/j/430503000000/catalog/", "/j/430503000000/catalog/"),
    ("/search/?q=学区", "/search/?q=学区"),
    ("https://evil.example/", "/home/"),
    ("//evil.example/", "/home/"),
    ("http://testserver/ok/", "http://testserver/ok/"),
    ("", "/home/"),
])
def test_safe_next_keeps_only_this_site(target, expected):
    request = RequestFactory().get("/x/", {"next": target})
    assert preferences.safe_next(request, "/home/") == expected


def test_toggle_switches_the_cookie_on_then_off():
    factory = RequestFactory()
    on = preferences.toggle(factory.get("/", {"next": "/a/"}), preferences.ELDER_MODE_COOKIE, "/")
    assert on["Location"] == "/a/" and on.cookies["gk_elder"].value == "1"
    assert on.cookies["gk_elder"]["samesite"] == "Lax" and on.cookies["gk_elder"]["max-age"] == preferences.KEEP_SECONDS
    request = factory.get("/", {"next": "/a/"})
    request.COOKIES["gk_elder"] = "1"
    assert preferences.is_on(request, preferences.ELDER_MODE_COOKIE)
    off = preferences.toggle(request, preferences.ELDER_MODE_COOKIE, "/")
    assert off.cookies["gk_elder"].value == "" and off.cookies["gk_elder"]["max-age"] == 0
    assert not preferences.is_on(None, preferences.ELDER_MODE_COOKIE)
