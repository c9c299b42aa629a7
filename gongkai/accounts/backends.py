"""Authentication with lockout: after GONGKAI_LOCKOUT_THRESHOLD failures in a row an account is locked
for GONGKAI_LOCKOUT_MINUTES; every login, failure and lockout is an audit event."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.core.audit import record_event


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        ip = request.META.get("REMOTE_ADDR") if request is not None else None
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=username).first()
            if user is None:
                User().set_password(password)  # same cost as a real check: no timing oracle for names
                record_event(actor_name=username[:150], action="login.failed", data={"reason": "unknown_user"},
                             ip_address=ip)
                return None
            now = timezone.now()
            if user.locked_until and user.locked_until > now:
                record_event(actor=user, action="login.refused_locked", target=user, ip_address=ip)
                if request is not None:
                    request.gongkai_locked_until = user.locked_until
                return None
            if user.check_password(password) and self.user_can_authenticate(user):
                user.failed_login_count = 0
                user.locked_until = None
                user.save(update_fields=["failed_login_count", "locked_until"])
                return user
            user.failed_login_count += 1
            fields = ["failed_login_count"]
            record_event(actor=user, action="login.failed", target=user,
                         data={"failed_login_count": user.failed_login_count}, ip_address=ip)
            if user.failed_login_count >= settings.GONGKAI_LOCKOUT_THRESHOLD:
                user.locked_until = now + timedelta(minutes=settings.GONGKAI_LOCKOUT_MINUTES)
                user.failed_login_count = 0
                fields.append("locked_until")
                record_event(actor=user, action="login.locked", target=user,
                             data={"locked_until": user.locked_until.isoformat()}, ip_address=ip)
                if request is not None:
                    request.gongkai_locked_until = user.locked_until
            user.save(update_fields=fields)
            return None
