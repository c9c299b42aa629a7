"""The public comment form of a consultation. It parses what a visitor typed and gives Chinese messages; the
consultations service decides (period, repeats)."""

from __future__ import annotations

import re

from django import forms

from gongkai.consultations.services import COMMENT_MAX, CONTACT_MAX, NAME_MAX

REQUIRED = "此项为必填项。"
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:", re.IGNORECASE)
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, error_messages={
        "required": REQUIRED, "max_length": f"{label}最多 {max_length} 个字。"}, **kwargs)


class CommentForm(forms.Form):
    name = _text("姓名", NAME_MAX, help_text="不公开。", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = _text("联系方式", CONTACT_MAX, help_text="电话号码或电子邮箱，不公开，仅用于必要时与您联系。",
                    widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    body = _text("意见", COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
                 help_text=f"请写明对哪一条的意见和理由，最多 {COMMENT_MAX} 个字。意见经审核后公开显示。")
    # A field people never see: robots fill it in.
    website = forms.CharField(label="请勿填写此项", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"].strip()
        if not (PHONE.match(value) or EMAIL.match(value)):
            raise forms.ValidationError("联系方式请填写电话号码（如 0739-5123456、13800000000）或电子邮箱。")
        return value

    def clean_body(self) -> str:
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(REQUIRED)
        if MARKUP.search(value):
            raise forms.ValidationError("意见中不能包含网页代码（如 <script>），请只填写文字。")
        return value

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
