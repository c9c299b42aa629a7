"""Request-level protections that every app shares: the client's real address behind trusted proxies,
the upload size limit (413) and the rate limits' 429 answer, staff pages kept out of shared caches, the CSP header
built once."""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.utils.cache import add_never_cache_headers

from gongkai.core import clients
from gongkai.core.error_pages import TooManyRequests, error_response, too_many_requests


class TrustedProxyMiddleware:
    """Behind a proxy listed in GONGKAI_TRUSTED_PROXIES, REMOTE_ADDR becomes the client's own address
    (from X-Forwarded-For) and the scheme follows X-Forwarded-Proto. From anyone else both headers are
    ignored: a visitor cannot choose the address the rate limits and the audit log see, nor claim https.
    First in MIDDLEWARE, before SecurityMiddleware decides on the https redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clients.resolve(request)
        return self.get_response(request)


class RequestLimitsMiddleware:
    """A body larger than GONGKAI_MAX_UPLOAD_BYTES (plus room for the form around the file) is refused
    with the Chinese 413 page before anything reads it; TooManyRequests from any view becomes the 429."""

    FORM_ALLOWANCE = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400)
        if length > settings.GONGKAI_MAX_UPLOAD_BYTES + self.FORM_ALLOWANCE:
            return error_response(request, 413)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TooManyRequests):
            return too_many_requests(request, exception)
        return None


class StaffPagesPrivateMiddleware:
    """Back-office and sign-in answers (STAFF_PREFIXES) are a person's own: unless a view said otherwise,
    no browser history, proxy or shared cache keeps them (Cache-Control: private, no-store). The portal's
    pages say public or private themselves (portal.views.portal_view)."""

    STAFF_PREFIXES = ("/admin/", "/accounts/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.STAFF_PREFIXES) and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


_CSP_RESPONSE_ATTRS = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                       "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")


class PolicyOnceCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the header built once per policy setting instead of on every response: an
    answer without a nonce and without a view's own policy (every page here: none uses either) gets the very
    header the library would build (tests/core/test_csp_once.py), for the cost of a dictionary look-up. Anything
    else (a nonce asked for, a view's csp_update/replace/exempt, DEBUG's error pages) goes the library's way."""

    _built: dict[str, tuple[str, str]] = {}

    def process_response(self, request, response):
        if (getattr(request, "_csp_nonce", None) is not None or settings.DEBUG
                or any(hasattr(response, a) for a in _CSP_RESPONSE_ATTRS)):
            return super().process_response(request, response)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
        key = repr((policy, report_only))
        headers = self._built.get(key)
        if headers is None:
            headers = (build_policy(), build_policy(report_only=True))
            self._built[key] = headers
        for name, value, conf in ((HEADER, headers[0], policy), (HEADER_REPORT_ONLY, headers[1], report_only)):
            prefixes = tuple(conf.get("EXCLUDE_URL_PREFIXES", None) or ())
            if value and name not in response and not request.path_info.startswith(prefixes):
                response[name] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
