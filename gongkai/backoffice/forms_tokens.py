"""The form of the API token screen: it parses; accounts.tokens decides."""

from __future__ import annotations

from django import forms

from gongkai.accounts import lockouts, tokens


class TokenCreateForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=100,
                           help_text="写明用途或对接的系统，如：一体化政务服务平台。",
                           error_messages={"required": "请填写令牌名称。",
                                           "max_length": "令牌名称不能超过 100 个字。"})
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=tokens.MAX_DAYS, initial=tokens.DEFAULT_DAYS,
                              help_text=f"1 至 {tokens.MAX_DAYS} 天；到期后令牌自动失效。",
                              error_messages={"required": "请填写有效天数。", "invalid": "有效天数应为整数。",
                                              "min_value": f"有效期应为 1 至 {tokens.MAX_DAYS} 天。",
                                              "max_value": f"有效期应为 1 至 {tokens.MAX_DAYS} 天。"})
    # A token outlives the session that made it (up to a year, and a password change): whoever creates one
    # proves again that they are the person logged in, as for a password change. A wrong password counts as a
    # failed login from that address (accounts.lockouts), so the form is no way round the login limits.
    password = forms.CharField(label="您的登录密码", strip=False, widget=forms.PasswordInput(attrs={
                                   "autocomplete": "current-password"}),
                               help_text="创建令牌前请再次输入您本人的登录密码，以确认是本人操作。",
                               error_messages={"required": "请输入您的登录密码。"})

    def __init__(self, *args, actor, address: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.address = actor, address

    def clean_password(self):
        password = self.cleaned_data["password"]
        lockouts.check_login_attempt(self.address, self.actor.username)  # too many: the 429 page
        if not self.actor.check_password(password):
            lockouts.record_failure(self.address)
            raise forms.ValidationError("登录密码不正确，请重新输入。", code="password_incorrect")
        return password
