"""Forms of the interaction screens: answering, passing on and moderating a message, the answer limit, a concern
and its responses. They parse; `interaction.services` decides."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DATETIME_INPUT_FORMATS, DateTimeInput
from gongkai.interaction import limits
from gongkai.interaction.services import ANSWER_MAX, BODY_MAX, REASON_MAX, SUBJECT_MAX
from gongkai.organizations.models import Unit

REQUIRED = {"required": "此项为必填项。"}


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容", max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 8}),
                             error_messages={**REQUIRED, "max_length": f"答复内容最多 {ANSWER_MAX} 个字。"},
                             help_text="答复经政务公开办审核后与留言一同公开，请勿写入留言人的姓名和联系方式。")


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="转办到", queryset=Unit.objects.none(), empty_label="请选择",
                                  error_messages={**REQUIRED, "invalid_choice": "请从列表中选择单位。"})
    note = forms.CharField(label="转办说明", required=False, max_length=REASON_MAX)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class PublishForm(forms.Form):
    public_subject = forms.CharField(label="公开标题", max_length=SUBJECT_MAX, error_messages=REQUIRED)
    public_body = forms.CharField(label="公开的留言内容", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6}),
                                  error_messages=REQUIRED,
                                  help_text="已按个人信息规则遮盖（姓名、证件号码、电话、地址）；保存时会再次遮盖。")
    answer = forms.CharField(label="答复内容", max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 6}),
                             error_messages=REQUIRED)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=REASON_MAX, error_messages=REQUIRED,
                             widget=forms.Textarea(attrs={"rows": 2}))


class LimitForm(forms.Form):
    working_days = forms.IntegerField(label="答复时限（工作日）", min_value=1, max_value=limits.MAX_ANSWER_WORKING_DAYS,
                                      error_messages={**REQUIRED, "invalid": "请填写整数。",
                                                      "min_value": "答复时限至少 1 个工作日。",
                                                      "max_value": f"答复时限最多 {limits.MAX_ANSWER_WORKING_DAYS} 个工作日。"},
                                      help_text="自收到留言的次日起计算，只用于此后收到的留言。")


class ConcernForm(forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), empty_label="请选择",
                                  error_messages=REQUIRED)
    title = forms.CharField(label="关切事项", max_length=200, error_messages=REQUIRED)
    description = forms.CharField(label="舆情概况", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    arose_at = forms.DateTimeField(label="舆情发生时间", widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS,
                                   error_messages={**REQUIRED, "invalid": "请按 2026-01-31 09:00 的格式填写时间。"})
    level = forms.ChoiceField(label="级别", choices=[(k.value, v) for k, v in limits.LEVEL_LABELS.items()],
                              help_text="一般政务舆情 48 小时内回应；特别重大、重大突发事件 5 小时内发布权威信息，"
                                        "24 小时内举行新闻发布会。")
    is_public = forms.BooleanField(label="在门户网站公开", required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ConcernResponseForm(forms.Form):
    kind = forms.ChoiceField(label="回应方式", choices=[(k.value, v) for k, v in limits.KIND_LABELS.items()])
    responded_at = forms.DateTimeField(label="回应时间", widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS,
                                       error_messages={**REQUIRED, "invalid": "请按 2026-01-31 09:00 的格式填写时间。"})
    channel = forms.CharField(label="发布渠道", max_length=100, error_messages=REQUIRED,
                              help_text="如 区政府门户网站、“大祥发布”微信公众号、区新闻发布厅")
    content = forms.CharField(label="回应内容", widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED)
    link = forms.URLField(label="链接", required=False, max_length=500, assume_scheme="https")
