"""Small display filters of the public portal."""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from gongkai.core import preferences

register = template.Library()


@register.filter
def grouped_code(code: str) -> str:
    """A tracking code as people copy it: KMVJER38JBJZ → KMVJ-ER38-JBJZ (tracking accepts either form)."""
    code = (code or "").replace("-", "").strip()
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@register.filter
def kiosk(request) -> dict | None:
    """The kiosk mode of a service hall's terminal ({"home", "idle"}), see portal.views_services.kiosk_start."""
    return preferences.kiosk_of(request)


@register.filter
def elder_mode(request) -> bool:
    """The visitor reads the portal in 长者模式 (its cookie; see portal.views.elder_mode)."""
    return preferences.is_on(request, preferences.ELDER_MODE_COOKIE)


@register.simple_tag
def frame_url(name: str, *args) -> str:
    """`{% url name args %}` for the addresses every portal page repeats in its header, crumbs and footer (about 20 a
    page): each reversed once per process and kept (they depend only on the URLconf, the script prefix and the
    arguments), instead of again on every page: about 0.5 ms a page."""
    return _reversed(get_urlconf(), get_script_prefix(), name, tuple(str(a) for a in args))


@functools.lru_cache(maxsize=16384)
def _reversed(urlconf, prefix: str, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args)
