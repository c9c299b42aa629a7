"""Forms of the oversight screens. They parse; the oversight services decide."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput
from gongkai.organizations.models import Jurisdiction, Unit


class InspectionForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="检查范围", queryset=Jurisdiction.objects.none(), empty_label=None,
                                          help_text="检查该行政区划及其下级全部单位的公开内容。")
    as_of = forms.DateField(label="检查日期", widget=DateInput(), help_text="按这一天判断是否逾期、是否长期未更新。")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions


class SelfCheckForm(forms.Form):
    unit = forms.ModelChoiceField(label="自查单位", queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AnswerForm(forms.Form):
    answer = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="写明做了什么、在哪里可以看到（如已发布的信息标题、索引号）。下次检查时复核。")


class WaiveForm(forms.Form):
    reason = forms.CharField(label="核销理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="例如：该事项由上级统一公开，本级不单独公开。理由记入审计日志。")


class FindingFilterForm(forms.Form):
    rule = forms.ChoiceField(label="问题类型", required=False)
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部单位")
    state = forms.ChoiceField(label="状态", required=False, choices=[("open", "未办结"), ("all", "全部"),
                                                                     ("fixed", "单位已整改待确认"), ("closed", "已办结")])

    def __init__(self, *args, rules, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "全部问题类型")] + rules
        self.fields["unit"].queryset = units


class ScoreFilterForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="考核范围", queryset=Jurisdiction.objects.none(), empty_label=None)
    scheme = forms.ChoiceField(label="考核指标体系")
    period = forms.RegexField(label="考核期", regex=r"^\d{4}-(0[1-9]|1[0-2])$", max_length=7,
                              error_messages={"invalid": "考核期应为 YYYY-MM，如 2026-11。"},
                              help_text="按月，如 2026-11。")

    def __init__(self, *args, jurisdictions, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["scheme"].choices = schemes


class DeductionForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none(), empty_label="请选择")
    indicator = forms.ChoiceField(label="指标")
    points = forms.DecimalField(label="扣分", min_value=0.01, max_digits=6, decimal_places=2)
    source = forms.ChoiceField(label="来源")
    document = forms.CharField(label="依据文件", required=False, max_length=300, help_text="如上级通报的文号。")
    reason = forms.CharField(label="扣分理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, indicators, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["indicator"].choices = indicators
        self.fields["source"].choices = sources


class NoticeDraftForm(forms.Form):
    deadline = forms.DateField(label="整改期限", widget=DateInput(), help_text="各单位完成整改的日期。")
    number = forms.CharField(label="文号", max_length=100, required=False, help_text="如 大政务公开办〔2026〕5号，可以发布前再填。")


class NoticeForm(forms.Form):
    issuer = forms.CharField(label="发文机关", max_length=100)
    number = forms.CharField(label="文号", max_length=100, required=False)
    title = forms.CharField(label="标题", max_length=200)
    addressee = forms.CharField(label="主送", max_length=200, required=False)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 20}),
                           help_text="每段一行；以“一、”开头的为一级标题，以“（一）”开头的为二级标题。")
    deadline = forms.DateField(label="整改期限", required=False, widget=DateInput())
    signed_by = forms.CharField(label="落款", max_length=100)
    dated = forms.DateField(label="成文日期", widget=DateInput())


class StaleThresholdForm(forms.Form):
    """One whole number of days per column class; blank: inherit the nearest ancestor's limit or the national one."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row["column_class"]] = forms.IntegerField(
                label=f"{row['label']}（天）", required=False, min_value=1, max_value=3 * 366,
                initial=row["own"],
                help_text=f"国家默认{row['default']}天；不填则沿用"
                          f"{'国家默认' if row['source'] in ('国家默认', '本级设置') else row['source'] + '的设置'}。",
                error_messages={"invalid": "请填写整数天数。", "min_value": "天数至少为1。",
                                "max_value": "天数不能超过1098天（三年）。"})
