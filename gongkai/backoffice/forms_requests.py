"""Forms of the request screens (依申请公开). They parse what an officer typed; the services in
disclosure_requests.services decide whether it is allowed and valid. Dates are typed explicitly (an
officer often records a letter that arrived days ago): they default to today."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput, MultipleFileInput
from gongkai.core import clock
from gongkai.disclosure_requests.models import (
    ApplicantType,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    IntakeChannel,
    ObtainingMethod,
    ReplyType,
    Stage,
    WithholdingGround,
)
from gongkai.disclosure_requests.reply_types import FIELD_LABELS, REPLY_TYPES
from gongkai.organizations.models import Unit

DATE_INPUT = DateInput()
DATE_ERRORS = {"required": "请填写日期。", "invalid": "日期格式应为 YYYY-MM-DD，例如 2026-03-02。"}


def date_field(label: str = "日期", *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, error_messages=DATE_ERRORS,
                           help_text=help_text)


class DatedForm(forms.Form):
    """An action with a date (default today) and a note."""

    date = date_field()
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", clock.today())


class FilterForm(forms.Form):
    stage = forms.ChoiceField(label="办理环节", required=False, choices=[("", "全部环节")] + list(Stage.choices))
    unit = forms.ModelChoiceField(label="承办单位", required=False, queryset=Unit.objects.none(), empty_label="全部单位")
    show = forms.ChoiceField(label="范围", required=False, choices=[("open", "在办"), ("all", "全部（含已答复、已归档）")])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RegisterForm(forms.Form):
    """A request received by letter, in person, fax or e-mail, typed in by the officer."""

    receiving_unit = forms.ModelChoiceField(label="受理机关", queryset=Unit.objects.none(), empty_label=None)
    intake_channel = forms.ChoiceField(label="申请渠道", choices=[c for c in IntakeChannel.choices if c[0] != IntakeChannel.ONLINE])
    addressed_to_office = forms.BooleanField(label="信函寄给政府信息公开工作机构", required=False, initial=True,
                                             help_text="需签收的信函未寄给公开工作机构的，按平常信函处理（须双方确认）。")
    submitted_on = date_field("提交日期", help_text="当面提交的为提交之日；信函为寄出日期（不清楚可填到达日期）。")
    arrived_on = date_field("到达（签收）日期", required=False, help_text="信函、传真、电子邮件到达之日。")
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    applicant_name = forms.CharField(label="姓名", max_length=100, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=[("", "—")] + list(IdType.choices), required=False)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    organisation_name = forms.CharField(label="组织名称", max_length=200, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    legal_representative = forms.CharField(label="法定代表人或负责人", max_length=100, required=False)
    contact_name = forms.CharField(label="联系人", max_length=100, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=40, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False,
                                     error_messages={"invalid": "请填写有效的电子邮箱地址。"})
    contact_address = forms.CharField(label="通信地址", max_length=300, required=False)
    postal_code = forms.RegexField(label="邮政编码", regex=r"^\d{6}$", required=False,
                                   error_messages={"invalid": "邮政编码应为 6 位数字。"})
    description = forms.CharField(label="所需信息的内容描述", widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": "请填写所需信息的内容描述。"})
    document_number = forms.CharField(label="文件名称、文号", max_length=300, required=False)
    purpose = forms.CharField(label="其他说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delivery_form = forms.ChoiceField(label="提供形式", choices=DeliveryForm.choices)
    obtaining_method = forms.ChoiceField(label="获取方式", choices=ObtainingMethod.choices)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = units
        if not self.is_bound:
            self.initial.setdefault("submitted_on", clock.today())
            self.initial.setdefault("arrived_on", clock.today())

    APPLICANT_FIELDS = ("applicant_type", "applicant_name", "id_type", "id_number", "organisation_name",
                        "credit_code", "legal_representative", "contact_name", "contact_phone", "contact_email",
                        "contact_address", "postal_code", "description", "document_number", "purpose",
                        "delivery_form", "obtaining_method")

    def applicant_data(self) -> dict:
        return {k: (v.strip() if isinstance(v, str) else v) for k, v in self.cleaned_data.items()
                if k in self.APPLICANT_FIELDS}


class ConfirmForm(DatedForm):
    method = forms.CharField(label="确认方式", max_length=100, required=False,
                             help_text="如“电话确认”“电子邮件回复”。")
    contact_made = forms.BooleanField(label="此前无法联系申请人，本日取得联系（国办公开办函〔2015〕207号）",
                                      required=False)


class AssignForm(DatedForm):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), empty_label="请选择",
                                  error_messages={"required": "请选择承办单位。"})

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CorrectionForm(DatedForm):
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            help_text="一次性写明需要补正的全部事项（第三十条）。")
    period_workdays = forms.IntegerField(label="补正期限（工作日）", required=False, min_value=1, max_value=60,
                                         help_text="不填为 15 个工作日。",
                                         error_messages={"min_value": "补正期限至少为 1 个工作日。",
                                                         "invalid": "请填写整数。"})


PARTY_KINDS = [("third_party", "第三方（第三十二条）"), ("agency", "其他行政机关（第三十四条）")]
OUTCOMES = [("consent", "同意公开"), ("objection", "不同意公开"), ("silence", "逾期未答复")]


class ConsultationSentForm(DatedForm):
    party_kind = forms.ChoiceField(label="征求意见对象", choices=PARTY_KINDS)
    party_name = forms.CharField(label="名称", max_length=200, required=False)


class ConsultationReceivedForm(DatedForm):
    party_name = forms.CharField(label="名称", max_length=200, required=False, help_text="多个征求意见时填写。")


class ConsultationRepliedForm(DatedForm):
    outcome = forms.ChoiceField(label="结果", choices=OUTCOMES)
    party_name = forms.CharField(label="名称", max_length=200, required=False, help_text="多个征求意见时填写。")


class ExtensionForm(forms.Form):
    decided_on = date_field("延期决定日期")
    notice_on = date_field("告知申请人日期", help_text="须不晚于原答复期限（第三十三条第二款）。")
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20,
                              error_messages={"required": "请填写延长的工作日数。",
                                              "min_value": "延长的工作日数至少为 1。",
                                              "max_value": "延长期限最长不得超过 20 个工作日（第三十三条第二款）。"})
    reason = forms.CharField(label="延期理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("decided_on", clock.today())
            self.initial.setdefault("notice_on", clock.today())


class LaterDeadlineForm(forms.Form):
    """第三十五条: a reasonable later deadline for a large or repeated request, notified to the applicant."""

    date = date_field("告知申请人日期")
    due = date_field("延迟答复的期限")
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="申请人说明的理由，以及无法在法定期限内答复的原因。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", clock.today())


FEE_METHODS = [("per_item", "按件计收（国办函〔2020〕109号第四条：同一申请人每自然月累计，超过10件的累进计收）"),
               ("per_page", "按量计收（第五条：本申请超过30页的累进计收）")]


class FeeNoticeForm(DatedForm):
    """收费通知 (信息处理费, 国办函〔2020〕109号): one method per application, never both."""

    date = date_field("收费通知日期", help_text="申请人自收到通知次日起 20 个工作日内缴费。")
    method = forms.ChoiceField(label="计收方式", choices=FEE_METHODS, widget=forms.RadioSelect,
                               error_messages={"required": "请选择计收方式：按件计收或按量计收。"})
    quantity = forms.IntegerField(label="本申请的件数或页数", min_value=1,
                                  help_text="按件：本申请拆分后的件数；按量：提供信息的页数。金额由系统按累进标准计算。",
                                  error_messages={"required": "请填写件数或页数。", "invalid": "件数或页数应为整数。",
                                                  "min_value": "件数或页数至少为 1。"})


class FeePaidForm(forms.Form):
    date = date_field("缴费日期")
    receipt_number = forms.CharField(label="缴款票据号码", max_length=100, required=False,
                                     help_text="非税收入缴款票据的号码。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", clock.today())


class FeePeriodEndedForm(DatedForm):
    date = date_field("处理日期", help_text="须在缴费期限届满之后。")


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d] or []
        return [single(data, initial)] if data else []


class ReplyForm(forms.Form):
    type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices, widget=forms.RadioSelect,
                             error_messages={"required": "请选择答复类型。"})
    withholding_ground = forms.ChoiceField(label="不予公开的理由类别", required=False,
                                           choices=[("", "—")] + list(WithholdingGround.choices))
    reasons = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    information = forms.CharField(label="提供的信息或获取的方式、途径和时间", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    how_to_obtain = forms.CharField(label="获取信息的方式和途径", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsible_agency = forms.CharField(label="负责公开该信息的机关", max_length=200, required=False)
    responsible_agency_contact = forms.CharField(label="该机关的联系方式", max_length=200, required=False)
    special_law = forms.CharField(label="依照的法律、行政法规", max_length=300, required=False)
    letter_number = forms.CharField(label="文书编号", max_length=100, required=False)
    letter_date = date_field("答复日期")
    attachments = MultipleFileField(label="附件（经区分处理的文件，可多选）", required=False)
    attachments_redacted = forms.BooleanField(label="附件已经区分处理（遮盖不予公开的部分）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("letter_date", clock.today())


def reply_type_guide() -> list[dict]:
    """For the type chooser: each type with its article, report row and the fields it requires."""
    return [{"value": t.value, "label": info.label, "article": info.article, "row": info.row,
             "required": [FIELD_LABELS.get(f, f) for f in info.required]} for t, info in REPLY_TYPES.items()]


class DeliveryRecordForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    delivered_on = date_field("送达日期")
    recipient = forms.CharField(label="签收人", max_length=100, error_messages={"required": "请填写签收人。"})
    proof = forms.CharField(label="送达凭证", max_length=300, required=False, help_text="如邮件单号、回执编号。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("delivered_on", clock.today())


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题。"})
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 14}),
                           error_messages={"required": "请填写正文。"},
                           help_text="可用的占位：{{ applicant }}（申请人名称）、{{ received_on }}（收到申请之日）、"
                                     "{{ request.tracking_code }}、{{ request.description }}、{{ reply.article }}、"
                                     "{{ reply.reasons }}、{{ reply.information }}、{{ reply.how_to_obtain }}、"
                                     "{{ reply.responsible_agency }}、{{ agency }}、{{ letter_date }}；"
                                     "附件：{% for a in attachments %}{{ a.name }}{% endfor %}。"
                                     "依据条款、理由、救济途径和日期由系统附在正文之后。")


FEE_PAUSE_CHOICES = [
    ("inherit", "沿用上级行政区划的设置（均未设置的，等待缴费期间不计入答复期限）"),
    ("pause", "等待缴费期间不计入答复期限：发出收费通知的次日起至缴费之日（含当日）中止计算"),
    ("count", "等待缴费期间计入答复期限：发出收费通知后答复期限照常计算"),
]
FEE_PAUSE_VALUES = {"inherit": None, "pause": True, "count": False}


class ClockSettingForm(forms.Form):
    """rules.md §3.4 edge rule 3: whether waiting for a fee's payment is counted in the answer period."""

    fee_pause = forms.ChoiceField(label="等待申请人缴费的期间", choices=FEE_PAUSE_CHOICES, widget=forms.RadioSelect,
                                  error_messages={"required": "请选择一种计算方式。",
                                                  "invalid_choice": "请选择列出的计算方式之一。"},
                                  help_text="只对此后发出的收费通知生效；已发出收费通知的申请仍按发出时的设置计算。")

    def fee_pause_value(self) -> bool | None:
        return FEE_PAUSE_VALUES[self.cleaned_data["fee_pause"]]
