from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, with the Chinese lockout message: the backend tells it until when."""

    error_messages = {
        "invalid_login": _("账号或密码不正确。连续输错 %(threshold)s 次，账号将被锁定 %(minutes)s 分钟。"),
        "inactive": _("该账号已停用，请联系本级政务公开办。"),
        "locked": _("账号已被锁定：连续登录失败次数过多。请于 %(until)s 之后再试，或联系本级政务公开办重置密码。"),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                locked_until = getattr(self.request, "gongkai_locked_until", None)
                if locked_until is not None:
                    until = date_format(timezone.localtime(locked_until), "Y年n月j日 H:i")
                    raise forms.ValidationError(self.error_messages["locked"] % {"until": until}, code="locked")
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"]
            % {"threshold": settings.GONGKAI_LOCKOUT_THRESHOLD, "minutes": settings.GONGKAI_LOCKOUT_MINUTES},
            code="invalid_login",
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("原密码不正确，请重新输入。"),
        "password_unchanged": _("新密码不能与原密码相同。"),
    }

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and "new_password2" not in self.errors and self.user.check_password(new):
            self.add_error("new_password2", forms.ValidationError(
                self.error_messages["password_unchanged"], code="password_unchanged"))
        return cleaned

    def save(self, commit=True):
        raise NotImplementedError("use accounts.services.password_change")
