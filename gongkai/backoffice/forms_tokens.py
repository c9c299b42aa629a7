"""The form of the API token screen: it parses; accounts.tokens decides."""

from __future__ import annotations

from django import forms

from gongkai.accounts import tokens


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
