"""Forms of the task ledger screens. They parse; the oversight task services decide."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import FileInput
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
    attachment = forms.FileField(label="附件", required=False, widget=FileInput(),
                                 help_text="PDF、Word（docx）、Excel（xlsx）或图片（jpg、png）。")
    done = forms.BooleanField(label="报告任务已完成（仅责任单位），请政务公开办确认", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TaskImportForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    file = forms.FileField(label="工作任务分解表", widget=FileInput(), help_text="Excel（xlsx）或 Word（docx），列：序号、工作任务、具体事项、"
                                                      "责任单位、指导单位、完成时限。")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions


class TaskForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    number = forms.CharField(label="序号", max_length=20, required=False)
    title = forms.CharField(label="工作任务", max_length=500)
    content = forms.CharField(label="具体事项", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_title = forms.CharField(label="文件名称", max_length=300, required=False)
    source_number = forms.CharField(label="文号", max_length=100, required=False)
    responsible_unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    guiding_units = forms.ModelMultipleChoiceField(label="指导单位", queryset=Unit.objects.none(), required=False)
    due_text = forms.CharField(label="完成时限", max_length=100,
                               help_text="如“2020年10月底前”“2020年12月31日前”“长期坚持”。")

    def __init__(self, *args, jurisdictions, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["responsible_unit"].queryset = units
        self.fields["guiding_units"].queryset = units

    def clean_due_text(self):
        from gongkai.oversight.tasks import DueTextError, parse_due

        text = self.cleaned_data["due_text"].strip()
        try:
            self.cleaned_data["due_on"] = parse_due(text)
        except DueTextError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text


class TaskEditForm(TaskForm):
    """A task of the ledger as the office corrects it: its jurisdiction stays; the rest as when it was created."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, jurisdictions=Jurisdiction.objects.none(), units=units, **kwargs)
        del self.fields["jurisdiction"]
