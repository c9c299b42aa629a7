"""Session rules of the back office: log out after GONGKAI_IDLE_MINUTES without a request; send an
account that must change its password to the change form before anything else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

_LAST_SEEN = "gongkai_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(_LAST_SEEN)
            if last is not None and now - last > settings.GONGKAI_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "您已超过 %d 分钟未操作，请重新登录。" % settings.GONGKAI_IDLE_MINUTES)
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            request.session[_LAST_SEEN] = now
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
