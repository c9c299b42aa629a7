from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy

from gongkai.accounts import lockouts, services
from gongkai.accounts.backends import client_ip
from gongkai.accounts.forms import LoginForm, PasswordChangeForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            lockout_threshold=settings.GONGKAI_LOCKOUT_THRESHOLD,
            lockout_minutes=settings.GONGKAI_LOCKOUT_MINUTES,
            idle_minutes=settings.GONGKAI_IDLE_MINUTES,
            **kwargs,
        )
        # Django's LoginView sets site_name to the request's host ("localhost:8000"); the page shows ours.
        context["site_name"] = settings.GONGKAI_SITE_NAME
        return context

    def post(self, request, *args, **kwargs):
        # Refused (429) before the password is hashed: the hash is what a flood would cost us.
        lockouts.check_login_attempt(client_ip(request), request.POST.get("username", "")[:150])
        with lockouts.password_check_slot():
            return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("backoffice:dashboard")

    def form_valid(self, form):
        user = services.password_change(
            actor=self.request.user, new_password=form.cleaned_data["new_password1"],
            ip_address=client_ip(self.request),
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "密码已修改。")
        return redirect(self.get_success_url())
