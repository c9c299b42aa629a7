"""Reading preferences a visitor keeps in a cookie, switched by a plain link (no JavaScript, no login):
the back office's 大字版 and the public portal's 长者模式 (适老化). Also the one safe `next` check every
"go back where you were" redirect uses: only a path on this site, never another host (no open redirect)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

LARGE_TYPE_COOKIE = "gk_large_type"
ELDER_MODE_COOKIE = "gk_elder"
KEEP_SECONDS = 365 * 24 * 3600


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` parameter when it points into this site, else `default`."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def is_on(request: HttpRequest | None, cookie: str) -> bool:
    return request is not None and request.COOKIES.get(cookie) == "1"


def toggle(request: HttpRequest, cookie: str, default_next: str) -> HttpResponseRedirect:
    """Switch the preference `cookie` on or off and go back to the safe `next` (else `default_next`)."""
    response = HttpResponseRedirect(safe_next(request, default_next))
    if is_on(request, cookie):
        response.delete_cookie(cookie, samesite="Lax")
    else:
        response.set_cookie(cookie, "1", max_age=KEEP_SECONDS, samesite="Lax", httponly=True)
    response["Cache-Control"] = "no-store"
    return response
