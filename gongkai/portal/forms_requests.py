"""The public request form (政府信息公开申请表) and the tracking form. They parse what a citizen typed
and give Chinese messages; the service (disclosure_requests.services) decides."""

from __future__ import annotations

from django import forms

from gongkai.disclosure_requests.models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    ApplicantType,
    DeliveryForm,
    IdType,
    ObtainingMethod,
)

REQUIRED = "此项为必填项。"


def _text(label: str, max_length: int, *, required: bool = False, help_text: str = "", **attrs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           error_messages={"required": REQUIRED, "max_length": f"{label}最多 {max_length} 个字。"},
                           widget=forms.TextInput(attrs=attrs) if attrs else None)


class RequestForm(forms.Form):
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices, widget=forms.RadioSelect,
                                       initial=ApplicantType.NATURAL_PERSON,
                                       error_messages={"required": "请选择申请人类型。"})
    # natural person
    applicant_name = _text("姓名", 100, autocomplete="name")
    id_type = forms.ChoiceField(label="证件类型", choices=[("", "请选择")] + list(IdType.choices), required=False)
    id_number = _text("证件号码", 40)
    # organisation
    organisation_name = _text("组织名称", 200, help_text="法人或其他组织申请时填写。")
    credit_code = _text("统一社会信用代码", 18)
    legal_representative = _text("法定代表人或负责人", 100)
    contact_name = _text("联系人", 100)
    # contact
    contact_phone = _text("联系电话", 40, help_text="用于与您确认申请（第三十一条）；请至少填写电话或电子邮箱之一。",
                          autocomplete="tel")
    contact_email = forms.EmailField(label="电子邮箱", required=False,
                                     error_messages={"invalid": "请填写有效的电子邮箱地址。"})
    contact_address = _text("通信地址", 300, autocomplete="street-address")
    postal_code = forms.RegexField(label="邮政编码", regex=r"^\d{6}$", required=False,
                                   error_messages={"invalid": "邮政编码应为 6 位数字。"})
    # what is asked for
    description = forms.CharField(label="所需信息的内容描述", widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=5000,
                                  help_text="请写明所需政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）。",
                                  error_messages={"required": "请描述您需要的政府信息。",
                                                  "max_length": "内容描述最多 5000 个字。"})
    document_number = _text("文件名称、文号", 300)
    purpose = forms.CharField(label="其他说明", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    delivery_form = forms.ChoiceField(label="所需信息的提供形式", choices=DeliveryForm.choices,
                                      initial=DeliveryForm.PAPER, widget=forms.RadioSelect,
                                      error_messages={"required": "请选择提供形式。"})
    obtaining_method = forms.ChoiceField(label="获取信息的方式", choices=ObtainingMethod.choices,
                                         initial=ObtainingMethod.POST, widget=forms.RadioSelect,
                                         error_messages={"required": "请选择获取方式。"})
    # A field people do not see (hidden by CSS class, not by inline style): bots fill it in.
    website = forms.CharField(label="请勿填写此项", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        if kind == ApplicantType.NATURAL_PERSON:
            if not (data.get("applicant_name") or "").strip():
                self.add_error("applicant_name", "请填写申请人姓名。")
            if not (data.get("id_number") or "").strip():
                self.add_error("id_number", "请填写身份证件号码。")
            elif not data.get("id_type"):
                data["id_type"] = IdType.RESIDENT_ID
        elif kind:
            if not (data.get("organisation_name") or "").strip():
                self.add_error("organisation_name", "请填写组织名称。")
            if not (data.get("credit_code") or "").strip():
                self.add_error("credit_code", "请填写统一社会信用代码。")
            if not (data.get("contact_name") or "").strip():
                self.add_error("contact_name", "请填写联系人。")
        if not (data.get("contact_phone") or "").strip() and not data.get("contact_email"):
            self.add_error("contact_phone", "请至少填写联系电话或电子邮箱之一，以便与您确认申请。")
        return data

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def applicant_data(self) -> dict:
        """The cleaned data the service takes (the honeypot removed, text stripped)."""
        data = {k: (v.strip() if isinstance(v, str) else v) for k, v in self.cleaned_data.items() if k != "website"}
        # Only the chosen applicant's section counts: values left in the hidden one are not stored.
        if data.get("applicant_type") == ApplicantType.NATURAL_PERSON:
            data.update(organisation_name="", credit_code="", legal_representative="", contact_name="")
        else:
            data.update(applicant_name="", id_type="", id_number="")
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=40,
                           help_text=f"提交申请后页面显示的 {TRACKING_LENGTH} 位查询码（字母和数字，不区分大小写，如 KMVJ-ER38-JBJZ，短横线可省略）。",
                           error_messages={"required": "请填写查询码。"},
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").upper()
        if len(code) != TRACKING_LENGTH or any(c not in TRACKING_ALPHABET for c in code):
            # The same friendly message as an unknown code: nothing to learn from the difference.
            return ""
        return code
