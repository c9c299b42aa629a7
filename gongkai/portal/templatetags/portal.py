"""Small display filters of the public portal."""

from django import template

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
