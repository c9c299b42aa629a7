"""Every date field of every back-office form shows an ISO value (a browser or a person reading `2021/10/08`
in a date box saw nothing and lost the date on every edit), reads the ways an officer writes a date, and is
labelled in Chinese; file pickers are Chinese buttons."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms

import gongkai.backoffice
from gongkai.backoffice.widgets import DateInput, FileInput


def backoffice_date_fields():
    found = []
    for info in pkgutil.iter_modules(gongkai.backoffice.__path__):
        if not (info.name.startswith("forms") or info.name.startswith("views")):
            continue
        module = importlib.import_module(f"gongkai.backoffice.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.Form) and cls.__module__ == module.__name__:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.DateField | forms.DateTimeField | forms.FileField):
                        found.append(pytest.param(field, id=f"{info.name}.{name}.{field_name}"))
    return found


FIELDS = backoffice_date_fields()


def test_the_walk_finds_the_known_date_fields():
    ids = {p.id for p in FIELDS}
    assert {"forms_publishing.RecordForm.formed_on", "forms_publishing.RecordForm.next_review_on",
            "forms_requests.DatedForm.date", "forms_channels.ChannelPublicationForm.published_on",
            "forms_publishing.RecordForm.attachments"} <= ids


@pytest.mark.parametrize("field", FIELDS)
def test_every_date_field_shows_iso_and_every_file_field_a_chinese_button(field):
    if isinstance(field, forms.FileField):
        assert isinstance(field.widget, FileInput)
        assert "选择文件" in field.widget.render("f", None, attrs={"id": "id_f"})
        return
    if isinstance(field.widget, forms.HiddenInput):
        return
    assert isinstance(field.widget, DateInput | forms.DateTimeInput)
    if isinstance(field, forms.DateTimeField):
        html = field.widget.render("d", datetime.datetime(2021, 10, 8, 9, 30))
        assert 'value="2021-10-08 09:30"' in html
        assert field.clean("2021-10-08 09:30") is not None
        return
    html = field.widget.render("d", datetime.date(2021, 10, 8))
    assert 'value="2021-10-08"' in html
    assert 'type="text"' in html and "2026-01-31" in html  # a Chinese placeholder, never mm/dd/yyyy
    for typed in ("2021-10-08", "2021/10/08", "2021/10/8", "2021年10月8日", "20211008"):
        assert field.clean(typed) == datetime.date(2021, 10, 8)
