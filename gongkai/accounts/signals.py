"""Audit events for the session: a login once it has succeeded, a logout (by the person or by the idle
timeout). Failures and lockouts are recorded by the authentication backend."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from gongkai.accounts.backends import client_ip
from gongkai.accounts.middleware import mark_seen
from gongkai.core.audit import record_event


@receiver(user_logged_in, dispatch_uid="gongkai.accounts.login_succeeded")
def login_succeeded(sender, request, user, **kwargs):
    record_event(actor=user, action="login.succeeded", target=user, ip_address=client_ip(request))
    if request is not None and hasattr(request, "session"):
        mark_seen(request)


@receiver(user_logged_out, dispatch_uid="gongkai.accounts.logged_out")
def logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "gongkai_logout_reason", "user")
    record_event(actor=user, action="logout", target=user, data={"reason": reason}, ip_address=client_ip(request))
