"""Forms of the task ledger screens. They parse; the oversight task services decide."""

from __future__ import annotations

from django import forms

from gongkai.organizations.models import Jurisdiction, Unit

STATE_CHOICES = [("", "全部"), ("open", "办理中"), ("overdue", "已逾期"), ("reported", "已报告完成待确认"),
                 ("confirmed", "已确认完成")]


class TaskFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", choices=STATE_CHOICES, required=False)
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), required=False, empty_label="全部")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProgressForm(forms.Form):
    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.none(), empty_label=None)
    text = forms.CharField(label="进展情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label="附件", required=False,
                                 help_text="PDF、Word（docx）、Excel（xlsx）或图片（jpg、png）。")
    done = forms.BooleanField(label="报告任务已完成（仅责任单位），请政务公开办确认", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TaskImportForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    file = forms.FileField(label="工作任务分解表", help_text="Excel（xlsx）或 Word（docx），列：序号、工作任务、具体事项、"
                                                      "责任单位、指导单位、完成时限。")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
