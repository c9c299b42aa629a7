"""Reading preferences a visitor keeps in a cookie, switched by a plain link (no JavaScript, no login):
the back office's 大字版, the public portal's 长者模式 (适老化) and its kiosk mode (触摸查询机). Also the one safe `next` check every
"go back where you were" redirect uses: only a path on this site, never another host (no open redirect)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

LARGE_TYPE_COOKIE = "gk_large_type"
ELDER_MODE_COOKIE = "gk_elder"
# Kiosk mode of a service hall's touch terminal: "<home path>|<idle seconds>" (see portal.views_services).
KIOSK_COOKIE = "gk_kiosk"
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


def kiosk_of(request: HttpRequest | None) -> dict | None:
    """The kiosk mode this browser is in ({"home": path, "idle": seconds}), or None."""
    value = request.COOKIES.get(KIOSK_COOKIE, "") if request is not None else ""
    home, _sep, idle = value.rpartition("|")
    if not home.startswith("/") or home.startswith("//") or not idle.isdigit():
        return None
    return {"home": home, "idle": int(idle)}


def kiosk_on(response: HttpResponseRedirect, *, home: str, idle: int) -> HttpResponseRedirect:
    """Put this browser in kiosk mode: `home` is where it returns after `idle` seconds untouched."""
    response.set_cookie(KIOSK_COOKIE, f"{home}|{int(idle)}", max_age=KEEP_SECONDS, samesite="Lax", httponly=True)
    response["Cache-Control"] = "no-store"
    return response


def kiosk_off(response: HttpResponseRedirect) -> HttpResponseRedirect:
    response.delete_cookie(KIOSK_COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    return response
