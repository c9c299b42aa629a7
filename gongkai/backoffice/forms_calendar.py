"""Forms of the working-day calendar screens. They parse what the administrator typed; the calendar
services decide (calendars.services)."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput
from gongkai.calendars.models import SpecialDayKind

DATE_INPUT = DateInput()
SOURCE_HELP = "只录入国务院办公厅正式通知中的日期，例如“国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）”。"


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字。"})
    complete = forms.BooleanField(label="该年放假安排已全部录入（标记为已完整）", required=False,
                                  help_text="只有标记为已完整的年度给出确定的期限；未完整的年度按暂定规则计算。")
    source_notice = forms.CharField(label="依据通知", max_length=200, required=False, help_text=SOURCE_HELP)


class SpecialDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_INPUT,
                           error_messages={"required": "请填写日期。", "invalid": "日期格式应为 YYYY-MM-DD。"})
    kind = forms.ChoiceField(label="类型", choices=SpecialDayKind.choices)
    name = forms.CharField(label="节日名称", max_length=100, required=False, help_text="例如“春节”“国庆节”。")
    year = forms.IntegerField(label="安排年度", min_value=2000, max_value=2100, required=False,
                              help_text="可不填，默认为日期所在年度；跨年的元旦假期属于次年的通知。")
    source_notice = forms.CharField(label="依据通知", max_length=200, required=False, help_text=SOURCE_HELP)


class SpecialDayRemoveForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.HiddenInput, error_messages={"required": "请填写日期。",
                                                       "invalid": "日期格式应为 YYYY-MM-DD。"})
