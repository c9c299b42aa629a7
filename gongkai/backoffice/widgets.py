"""Widgets of the back-office forms: a date field and a file picker that speak Chinese whatever language the
officer's browser is set to.

A browser's own date input shows its interface language ("mm/dd/yyyy" in an English Chromium) and, given a value
that is not ISO, shows nothing — the localised `2021/10/08` Django would write by default made every edit lose its
形成日期. So dates are plain text inputs that always carry ISO values, with a Chinese placeholder; what an officer
types is read with the locale's formats (2026-01-31, 2026/1/31, 2026年1月31日). The file picker is a label styled
as a button ("选择文件") over a visually hidden input, and the chosen names are listed beside it by
`backoffice.js`; without JavaScript the browser's own input is shown instead and works as ever."""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
DATE_PLACEHOLDER = "年-月-日，如 2026-01-31"


class DateInput(forms.DateInput):
    """A date typed as text, shown and sent as ISO (`2021-10-08`)."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):  # noqa: A002 — Django's own argument name
        merged = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off",
                  "class": "date-input", "data-date": "", "maxlength": "12", "size": "14"}
        merged.update(attrs or {})
        super().__init__(attrs=merged, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """A date and time typed as text, shown as `2026-01-31 09:00`."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        merged = {"placeholder": "如 2026-01-31 09:00", "autocomplete": "off", "class": "date-input",
                  "maxlength": "19", "size": "18"}
        merged.update(attrs or {})
        super().__init__(attrs=merged, format=format or "%Y-%m-%d %H:%M")


DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M",
                          "%Y年%m月%d日 %H:%M"]


class FileInput(forms.FileInput):
    """One file, chosen through a Chinese button."""

    template_name = "backoffice/widgets/file.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["button_label"] = "选择文件"
        return context


class MultipleFileInput(FileInput):
    allow_multiple_selected = True
