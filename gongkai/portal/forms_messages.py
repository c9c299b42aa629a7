"""The public message form (我要留言) and the query form. They parse what a citizen typed and give Chinese
messages; `interaction.services` decides."""

from __future__ import annotations

import re

from django import forms

from gongkai.interaction.models import QUERY_LENGTH
from gongkai.interaction.services import BODY_MAX, SUBJECT_MAX

REQUIRED = "此项为必填项。"
# Markup is never needed in a message; a tag is refused with a message a person understands (everything shown is
# escaped anyway).
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
MARKUP_REFUSED = "{label}中不能包含网页代码（如 <script>），请删去尖括号中的内容后再提交。"
_PHONE = re.compile(r"^[0-9+\-\s()（）转]{7,40}$")


def _text(label: str, max_length: int, *, required: bool = True, textarea: bool = False,
          **attrs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 8, **attrs}) if textarea else forms.TextInput(attrs=attrs or None)
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget,
                           error_messages={"required": REQUIRED, "max_length": f"{label}最多 {max_length} 个字。"})


class MessageForm(forms.Form):
    unit = forms.TypedChoiceField(label="留言对象", coerce=int, empty_value=None,
                                  error_messages={"required": "请选择留言对象（办理单位）。",
                                                  "invalid_choice": "请从列表中选择留言对象（办理单位）。"})
    subject = _text("标题", SUBJECT_MAX)
    body = _text("留言内容", BODY_MAX, textarea=True)
    writer_name = _text("姓名", 50, autocomplete="name")
    writer_phone = _text("联系电话", 40, required=False, autocomplete="tel")
    writer_email = forms.EmailField(label="电子邮箱", required=False, max_length=254,
                                    error_messages={"invalid": "请填写有效的电子邮箱地址，如 name@example.com。",
                                                    "max_length": "电子邮箱最多 254 个字符。"})
    # Hidden from people by a CSS class: bots fill it in.
    website = forms.CharField(label="请勿填写此项", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "请选择")] + [(u.pk, u.name) for u in units]
        self.fields["writer_phone"].help_text = "请至少填写联系电话或电子邮箱之一。联系方式只用于答复您，不会公开。"
        self.fields["body"].help_text = (f"最多 {BODY_MAX} 个字。留言经审核后与答复一同公开，其中的姓名、证件号码、"
                                         "电话等个人信息会被遮盖；请勿填写他人的个人信息。")

    def _no_markup(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if _MARKUP.search(value):
            raise forms.ValidationError(MARKUP_REFUSED.format(label=self.fields[name].label))
        return value

    def clean_subject(self) -> str:
        return self._no_markup("subject")

    def clean_body(self) -> str:
        return self._no_markup("body")

    def clean_writer_name(self) -> str:
        return self._no_markup("writer_name")

    def clean_writer_phone(self) -> str:
        value = (self.cleaned_data.get("writer_phone") or "").strip()
        if value and not _PHONE.match(value):
            raise forms.ValidationError("联系电话只能包含数字、空格和短横线，如 0739-5123456 或 13812345678。")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("writer_phone") and not data.get("writer_email") and "writer_phone" not in self.errors \
                and "writer_email" not in self.errors:
            self.add_error("writer_phone", "请至少填写联系电话或电子邮箱之一，以便答复您。")
        return data

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class QueryForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=40,
                           help_text=f"提交留言后页面显示的 {QUERY_LENGTH} 位查询码（字母和数字，不区分大小写，短横线可省略）。",
                           error_messages={"required": "请填写查询码。", "max_length": "查询码最多 40 个字符。"},
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))
