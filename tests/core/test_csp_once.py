"""PolicyOnceCSPMiddleware gives every answer the header django-csp's own middleware builds, and leaves a nonce or
a view's own policy to the library."""

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from gongkai.core.middleware import PolicyOnceCSPMiddleware


def _both(request_factory_path="/", prepare=lambda request, response: None):
    out = []
    for middleware in (CSPMiddleware, PolicyOnceCSPMiddleware):
        request = RequestFactory().get(request_factory_path)
        response = HttpResponse("页面")
        m = middleware(lambda r, response=response: response)
        m.process_request(request)
        prepare(request, response)
        m.process_response(request, response)
        out.append((response.get("Content-Security-Policy"), response.get("Content-Security-Policy-Report-Only"),
                    request))
    return out


def test_the_same_header_as_the_library_built_once():
    (lib, lib_ro, _), (ours, ours_ro, request) = _both()
    assert lib and ours == lib and ours_ro == lib_ro
    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)  # too late to ask for a nonce, as with the library
    assert _both()[1][0] == lib  # second time from the memo


def test_a_changed_policy_builds_a_new_header(settings):
    before = _both()[1][0]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}
    (lib, _, _), (ours, _, _) = _both()
    assert ours == lib != before


def test_a_nonce_or_a_views_own_policy_goes_the_librarys_way():
    def nonce(request, response):
        str(request.csp_nonce)

    (lib, _, _), (ours, _, request) = _both(prepare=nonce)
    assert request._csp_nonce and ours == lib  # the library's (the policy names no NONCE: it adds none)

    def own(request, response):
        response._csp_update = {"img-src": ["https://example.org"]}

    (lib, _, _), (ours, _, _) = _both(prepare=own)
    assert ours == lib and "https://example.org" in ours
