"""What every back-office view shares: who may enter, how refusals and domain errors are shown, how a
form is bound. Every `views_<area>.py` imports it (and nothing from another area's views)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from gongkai.accounts.backends import client_ip
from gongkai.accounts.policies import Action, require
from gongkai.core.errors import GongkaiError, PermissionRefused


def refused(request, exc: PermissionRefused | None = None):
    """The Chinese 403 page, with the policy's own message."""
    return render(request, "403.html", {"message": str(exc) if exc else ""}, status=403)


def backoffice_view(view: Callable) -> Callable:
    """Login required (redirect to the login page), a role required (403), and a PermissionRefused
    raised anywhere below turned into the 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            require(request.user, Action.VIEW_BACKOFFICE, ip_address=client_ip(request))
            return view(request, *args, **kwargs)
        except PermissionRefused as exc:
            return refused(request, exc)

    return wrapper


def guard(request, action: Action, target=None) -> None:
    """Ask the policy; a refusal is left in the audit log and shown as the 403 page."""
    require(request.user, action, target, ip_address=client_ip(request))


def attempt(form, call: Callable, **kwargs):
    """Run a service; a domain error becomes the form's own message (what was typed stays in the
    form). Returns (result, True) or (None, False). Refusals go on to the 403 page."""
    try:
        return call(**kwargs), True
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        form.add_error(None, exc.message)
        return None, False


def posted(request):
    """The POST data for a form on a POST (even an empty one, so that its errors show), else None."""
    return request.POST if request.method == "POST" else None


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"

