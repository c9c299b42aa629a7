"""Forms of the consultation screens. They parse; the consultations services decide."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput
from gongkai.consultations.models import DecisionItem
from gongkai.consultations.periods import KIND_LABELS
from gongkai.organizations.models import Jurisdiction, Unit


class ConsultationForm(forms.Form):
    unit = forms.ModelChoiceField(label="起草单位", queryset=Unit.objects.none(), empty_label="请选择")
    title = forms.CharField(label="标题", max_length=300,
                            help_text="如 关于征求《大祥区城区停车管理办法（征求意见稿）》意见的公告")
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择")] + [(k.value, v) for k, v in KIND_LABELS.items()],
                             help_text="重大行政决策征求意见不少于30日；行政规范性文件不少于7个工作日。")
    decision_item = forms.ModelChoiceField(label="目录中的决策事项", queryset=DecisionItem.objects.none(),
                                           required=False, empty_label="（不在重大行政决策事项目录中）")
    draft = forms.CharField(label="征求意见稿", widget=forms.Textarea(attrs={"rows": 10}))
    explanation = forms.CharField(label="起草说明", widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="起草背景、依据、主要内容和需要说明的问题。")
    how_to_comment = forms.CharField(label="其他提交意见的方式", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text="如 信函寄至……、电子邮箱……；网上提交意见总是可以。")
    opens_on = forms.DateField(label="发布日期", widget=DateInput())
    closes_on = forms.DateField(label="截止日期", widget=DateInput(), help_text="最后一天仍可提交意见。")
    shorter_reason = forms.CharField(label="缩短期限的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text="征求意见期短于法定期限时必须填写，并随征求意见稿一并公布。")

    def __init__(self, *args, units=None, items=None, fixed_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_unit:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
        self.fields["decision_item"].queryset = items if items is not None else DecisionItem.objects.none()

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "unit"}


class ModerateForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "显示"), ("reject", "不予显示")])
    reply = forms.CharField(label="答复", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    summary = forms.CharField(label="意见采纳情况", widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="采纳了哪些意见、如何修改；未采纳的意见及理由。")
    adopted_count = forms.IntegerField(label="采纳的意见条数", min_value=0)
    other_comment_count = forms.IntegerField(label="其他渠道收到的意见条数", min_value=0, initial=0,
                                             help_text="信函、电子邮件、座谈会等收到的意见，网上意见自动计入。")


class HearingForm(forms.Form):
    held_on = forms.DateField(label="举行日期", widget=DateInput(), help_text="听证公告须至少提前7日发布。")
    place = forms.CharField(label="地点", max_length=200)
    notice = forms.CharField(label="听证公告", widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="听证事项、参加人遴选办法、报名方式和时间。")
    participants = forms.CharField(label="参加人名单", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionListForm(forms.Form):
    jurisdiction: forms.ModelChoiceField = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(),
                                                                  empty_label="请选择")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions


class DecisionItemForm(forms.Form):
    title = forms.CharField(label="决策事项", max_length=300)
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), empty_label="请选择")
    planned = forms.CharField(label="计划完成时间", max_length=100, required=False, help_text="如 2026年第三季度")
    public_participation = forms.BooleanField(label="公开征求意见", required=False, initial=True)
    hearing = forms.BooleanField(label="举行听证", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
