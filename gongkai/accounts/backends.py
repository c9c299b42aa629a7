"""Authentication with lockout: after GONGKAI_LOCKOUT_THRESHOLD failures in a row an account is locked
for GONGKAI_LOCKOUT_MINUTES; every failure and lockout is an audit event (a success is recorded by the
user_logged_in receiver in accounts.signals, once the session exists).

When the account is locked the backend leaves `request.gongkai_locked_until`, so that the login form can
say until when."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction

from gongkai.accounts import lockouts
from gongkai.accounts.models import User
from gongkai.core import clock
from gongkai.core.audit import record_event


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class LockoutModelBackend(ModelBackend):
    """The password is hashed outside any transaction: argon2 costs about a second of CPU, and a transaction
    open that long would hold SQLite's write lock (every other writer waits, then fails with "database is
    locked" — a login flood became 500s) and on PostgreSQL the account's row lock. The outcome is then
    written in a short transaction that re-reads the account under lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        ip = client_ip(request)
        user = User.objects.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle for names
            with transaction.atomic():
                record_event(actor_name=username[:150], action="login.failed", data={"reason": "unknown_user"},
                             ip_address=ip)
                lockouts.record_failure(ip)
            return None
        # The password is not even checked while the account is locked: a locked account cannot be probed.
        if self._refused_while_locked(request, user, ip):
            return None
        password_ok = user.check_password(password)
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            now = clock.now()
            if self._refused_while_locked(request, user, ip):  # locked while the password was checked
                return None
            if password_ok and not self.user_can_authenticate(user):
                record_event(actor=user, action="login.failed", target=user, data={"reason": "inactive"},
                             ip_address=ip)
                return None
            if password_ok:
                if user.failed_login_count or user.locked_until:
                    user.failed_login_count = 0
                    user.locked_until = None
                    user.save(update_fields=["failed_login_count", "locked_until"])
                return user
            lockouts.record_failure(ip)
            user.failed_login_count += 1
            fields = ["failed_login_count"]
            record_event(actor=user, action="login.failed", target=user,
                         data={"reason": "wrong_password", "failed_login_count": user.failed_login_count},
                         ip_address=ip)
            if user.failed_login_count >= settings.GONGKAI_LOCKOUT_THRESHOLD:
                user.locked_until = now + timedelta(minutes=settings.GONGKAI_LOCKOUT_MINUTES)
                user.failed_login_count = 0
                fields.append("locked_until")
                record_event(actor=user, action="login.locked", target=user,
                             data={"locked_until": user.locked_until.isoformat(),
                                   "minutes": settings.GONGKAI_LOCKOUT_MINUTES}, ip_address=ip)
                if request is not None:
                    request.gongkai_locked_until = user.locked_until
            user.save(update_fields=fields)
            return None

    @staticmethod
    def _refused_while_locked(request, user: User, ip: str | None) -> bool:
        if not (user.locked_until and user.locked_until > clock.now()):
            return False
        record_event(actor=user, action="login.refused_locked", target=user,
                     data={"locked_until": user.locked_until.isoformat()}, ip_address=ip)
        if request is not None:
            request.gongkai_locked_until = user.locked_until
        return True
