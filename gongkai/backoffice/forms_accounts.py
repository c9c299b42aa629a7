"""Forms of the account and audit screens: they parse; services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.template.defaultfilters import filesizeformat

from gongkai.accounts import selectors
from gongkai.accounts.models import User
from gongkai.accounts.services import PHONE
from gongkai.backoffice.widgets import DateInput, FileInput
from gongkai.organizations.models import Jurisdiction

STATUS_CHOICES = [
    ("", "全部"),
    ("active", "启用"),
    ("inactive", "已停用"),
    ("locked", "锁定中"),
    ("must_change", "待修改初始密码"),
]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.jurisdiction.name} · {obj.name}"


class AccountFilterForm(forms.Form):
    q = forms.CharField(label="账号、姓名或单位", required=False)
    unit = UnitChoiceField(label="单位", queryset=None, required=False, empty_label="全部单位")
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.assignable_units(user=user)


def _password_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=False, help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class InitialPasswordMixin(forms.Form):
    password1 = _password_field("初始密码", "")
    password2 = _password_field("再次输入初始密码", "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = "".join(str(t) for t in password_validation.password_validators_help_texts())
        self.fields["password1"].help_text = "留空则由系统生成随机密码，保存后只显示一次。" + rules

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1") or "", cleaned.get("password2") or ""
        if p1 != p2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif p1:
            try:
                password_validation.validate_password(p1, self.account_for_password())
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def account_for_password(self):
        """The account the password is for, so that it is not like the account's own name."""
        return None


class AccountCreateForm(InitialPasswordMixin):
    username = forms.CharField(label="账号", max_length=150,
                               help_text="登录用的账号，如 fagai@dxjczw；只能包含字母、数字和 @ . + - _。")
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    unit = UnitChoiceField(label="所属单位", queryset=None, empty_label="请选择单位")
    roles = forms.MultipleChoiceField(label="角色", widget=forms.CheckboxSelectMultiple)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)

    field_order = ["username", "display_name", "unit", "roles", "phone", "password1", "password2"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.assignable_units(user=user)
        self.fields["roles"].choices = selectors.assignable_roles(user=user)
        self.fields["roles"].error_messages["required"] = "请至少选择一个角色。"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("手机号码应为 11 位数字。")
        return phone

    def account_for_password(self):
        data = self.cleaned_data
        return User(username=data.get("username", ""), display_name=data.get("display_name", ""),
                    phone=data.get("phone", ""))


class AccountRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label="角色", widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = selectors.assignable_roles(user=user)


class PasswordResetForm(InitialPasswordMixin):
    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def account_for_password(self):
        return self.account


class AccountImportForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="导入到哪个行政区划", queryset=Jurisdiction.objects.none(), empty_label=None,
                                          help_text="表中的单位须是该区划及其下级的单位。")
    file = forms.FileField(label="账号表（.xlsx）", widget=FileInput(attrs={"accept": ".xlsx"}),
                           help_text="须有「单位名称」和「“互联网+政务服务”一体化平台账号」两列，可选「姓名」「角色」「手机」列。")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["file"].error_messages["required"] = "请选择要上传的文件。"
        self.fields["file"].error_messages["empty"] = "上传的文件是空的。"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件超过 {filesizeformat(limit)} 的上限，请拆分后再上传。")
        return upload


def top_jurisdictions(jurisdictions) -> list[Jurisdiction]:
    """The roots of a set of jurisdictions (an office's own jurisdiction, not every township below)."""
    items = list(jurisdictions.order_by("path"))
    roots: list[Jurisdiction] = []
    for j in items:
        if not any(j.path.startswith(r.path) for r in roots):
            roots.append(j)
    return roots


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="动作", required=False)
    actor = forms.CharField(label="操作人账号", required=False)
    target = forms.CharField(label="对象", required=False, help_text="对象名称、编号或类型")
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部动作")] + selectors.audit_action_choices(user=user)
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = "请输入正确的日期，如 2026-01-31。"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return cleaned

    def filters(self) -> selectors.AuditFilters:
        if not self.is_valid():
            return selectors.AuditFilters()
        data = self.cleaned_data
        return selectors.AuditFilters(
            action=data.get("action") or "", actor=(data.get("actor") or "").strip(),
            target=(data.get("target") or "").strip(), date_from=data.get("date_from"), date_to=data.get("date_to"),
        )
