"""Session rules of the back office: log out after GONGKAI_IDLE_MINUTES without a request; send an
account that must change its password to the change form before anything else."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "gongkai_last_seen"


def mark_seen(request) -> None:
    request.session[LAST_SEEN_KEY] = time.time()


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and time.time() - last > settings.GONGKAI_IDLE_MINUTES * 60:
                # Read by the user_logged_out receiver, which records the logout with its reason.
                request.gongkai_logout_reason = "idle"
                logout(request)
                messages.info(request, _("您已超过 %(n)d 分钟未操作，为保护账号安全已自动退出，请重新登录。")
                              % {"n": settings.GONGKAI_IDLE_MINUTES})
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
            mark_seen(request)
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:password_change")
        return self.get_response(request)
