"""Forms of the channel screens: a publication on another channel, a bulletin to print, a deletion reason.
They parse; the channels services decide."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput
from gongkai.channels.models import ChannelKind, NewMediaAccount, NewMediaPlatform
from gongkai.channels.services import MAX_COPIES
from gongkai.organizations.models import Unit


class ChannelPublicationForm(forms.Form):
    channel = forms.ChoiceField(label="发布渠道", choices=[("", "请选择")] + list(ChannelKind.choices))
    where = forms.CharField(label="发布位置", required=False, max_length=200,
                            help_text="哪一个公示栏、账号或地点，如 城西社区公示栏、“大祥发布”微信公众号。")
    published_on = forms.DateField(label="发布日期", widget=DateInput())
    done_by = forms.CharField(label="经办人", required=False, max_length=100, help_text="不填则为您本人。")
    link = forms.URLField(label="链接", required=False, max_length=500, assume_scheme="https",
                          help_text="网上渠道（如微信文章）的地址，可不填。")
    account = forms.ModelChoiceField(label="政务新媒体账号", queryset=NewMediaAccount.objects.none(), required=False, empty_label="（不是登记的账号）",
                                     help_text="选“两微一端”时，选择发布的账号：该账号的最近更新日期随之更新。")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, suggested: list[str] | None = None, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if accounts:
            self.fields["account"].queryset = NewMediaAccount.objects.filter(  # type: ignore[attr-defined]
                pk__in=[a.pk for a in accounts])
        else:
            del self.fields["account"]
        if suggested:
            labels = "、".join(str(ChannelKind(c).label) for c in suggested)
            self.fields["channel"].help_text = f"该信息所属事项的目录要求的渠道：{labels}。"


class PrintBulletinForm(forms.Form):
    board = forms.CharField(label="张贴的公示栏", max_length=200,
                            help_text="如 罗市镇新华村村务公开栏、中心路街道城西社区公示栏。")
    copies = forms.IntegerField(label="份数", min_value=1, max_value=MAX_COPIES, initial=1)


class DeletePublicationForm(forms.Form):
    reason = forms.CharField(label="删除理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="例如：登记错了信息或渠道。删除会记入审计日志。")


class NewMediaAccountForm(forms.Form):
    unit = forms.ModelChoiceField(label="主办单位", queryset=Unit.objects.none(), empty_label="请选择")
    platform = forms.ChoiceField(label="平台", choices=[("", "请选择")] + list(NewMediaPlatform.choices))
    name = forms.CharField(label="账号名称", max_length=100, help_text="如 大祥发布")
    account_id = forms.CharField(label="账号ID", max_length=100, required=False, help_text="微信号、微博ID等，可不填。")
    url = forms.URLField(label="账号主页", max_length=500, required=False, assume_scheme="https")
    operator = forms.CharField(label="管理人", max_length=100, help_text="负责日常运维的专人。")
    operator_phone = forms.CharField(label="管理人电话", max_length=40, required=False)
    review_arrangement = forms.CharField(label="审核机制", max_length=300,
                                         help_text="如 三审三校：编辑初审、科室负责人复审、分管领导终审。")
    opened_on = forms.DateField(label="开设日期", widget=DateInput())

    def __init__(self, *args, units=None, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_unit is not None:  # an account keeps its unit; a change of unit is a new registration
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units


class NewMediaCloseForm(forms.Form):
    closed_on = forms.DateField(label="关停日期", widget=DateInput())
    reason = forms.CharField(label="关停原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如 整合到“大祥发布”、长期无更新予以关停。")


class NewMediaUpdateForm(forms.Form):
    updated_on = forms.DateField(label="更新日期", widget=DateInput(), help_text="账号最近一次发布内容的日期。")
    note = forms.CharField(label="备注", max_length=500, required=False, help_text="如 发布的标题，可不填。")
