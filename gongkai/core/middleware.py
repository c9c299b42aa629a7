"""Request-level protections that every app shares: the client's real address behind trusted proxies,
the upload size limit (413) and the rate limits' 429 answer, staff pages kept out of shared caches."""

from __future__ import annotations

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
