"""Forms of the publishing screens. They parse what a person typed and check what a form can check (a
不予公开 record names its ground and next-review date); the services decide everything else (the body is
sanitised there, attachments are judged there by their content)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict

from gongkai.backoffice.widgets import (
    DATETIME_INPUT_FORMATS,
    DateInput,
    DateTimeInput,
    FileInput,
    MultipleFileInput,
)
from gongkai.catalog.elements import TYPE_LABELS, TYPES
from gongkai.core import clock
from gongkai.publishing.models import (
    WITHHOLDING_GROUND_ARTICLES,
    DisclosureAttribute,
    InterpretationKind,
    WithholdingGround,
)


class MultipleFileField(forms.FileField):
    """Several files in one input; an empty input gives an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            if self.required:
                raise forms.ValidationError("请选择文件。")
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _ground_choices():
    return [("", "（请选择）")] + [
        (g.value, f"{g.label}（{WITHHOLDING_GROUND_ARTICLES.get(g, '')}）") for g in WithholdingGround
    ]


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.domain.name} › {obj.topic} › {obj.name}"


class RecordForm(forms.Form):
    items = ItemChoiceField(label="所属目录事项", queryset=None, widget=forms.CheckboxSelectMultiple,
                            error_messages={"required": "请至少选择一个目录事项。"},
                            help_text="只列出本单位在已发布目录中负责的事项。")
    title = forms.CharField(label="标题", max_length=300, error_messages={"required": "请填写标题。"})
    document_number = forms.CharField(label="文号", max_length=100, required=False,
                                      help_text="如 邵放组办字〔2020〕1号；没有文号的可不填。")
    formed_on = forms.DateField(label="形成日期", widget=DateInput(),
                                error_messages={"required": "请填写形成日期。", "invalid": "形成日期格式应为 2026-01-31。"},
                                help_text="《条例》第二十六条：自信息形成或者变更之日起20个工作日内公开。")
    disclosure_attribute = forms.ChoiceField(label="公开属性", choices=DisclosureAttribute.choices,
                                             widget=forms.RadioSelect,
                                             error_messages={"required": "请选择公开属性。"})
    withholding_ground = forms.ChoiceField(label="不予公开理由", required=False, choices=_ground_choices,
                                           help_text="仅在“不予公开”时填写。")
    next_review_on = forms.DateField(label="下次评估日期", required=False,
                                     widget=DateInput(),
                                     error_messages={"invalid": "日期格式应为 2026-01-31。"},
                                     help_text="仅在“不予公开”时填写（《条例》第十八条：定期评估审查不予公开的信息）。")
    body = forms.CharField(label="正文", required=False,
                           widget=forms.Textarea(attrs={"rows": 12, "data-rich-text": ""}),
                           help_text="用编辑框上方的按钮设置标题、列表、表格、链接和加粗；可直接从 Word 或 WPS 复制粘贴，"
                                     "标题、列表、表格和加粗会保留。保存时会清除脚本等不安全内容。")
    keywords = forms.CharField(label="主题词", max_length=300, required=False)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_policy_document = forms.BooleanField(label="这是政策文件（需同步发布政策解读）", required=False)
    interpretation_kind = forms.ChoiceField(label="解读形式", required=False,
                                            choices=[("", "（无）")] + list(InterpretationKind.choices))
    interpretation_title = forms.CharField(label="解读标题", max_length=300, required=False)
    interpretation_body = forms.CharField(label="解读内容", required=False,
                                          widget=forms.Textarea(attrs={"rows": 5, "data-rich-text": "small"}),
                                          help_text="文字或问答解读的内容（问答可写成“问：… 答：…”，问句可加粗）。")
    interpretation_url = forms.URLField(label="视频或图文链接", required=False, assume_scheme="https",
                                        error_messages={"invalid": "请填写以 http:// 或 https:// 开头的网址。"})
    attachments = MultipleFileField(label="附件", required=False,
                                    help_text="PDF、Word、Excel、PNG 或 JPEG；按内容判断类型，含宏的文件会被拒绝。")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items

    def clean(self):
        data = super().clean()
        if data.get("disclosure_attribute") == DisclosureAttribute.WITHHELD:
            if not data.get("withholding_ground"):
                self.add_error("withholding_ground", "不予公开的信息须选择不予公开理由。")
            if not data.get("next_review_on") and "next_review_on" not in self.errors:
                self.add_error("next_review_on", "不予公开的信息须填写下次评估日期。")
        else:
            data["withholding_ground"] = ""
            data["next_review_on"] = None
        kind = data.get("interpretation_kind")
        if kind:
            if not (data.get("interpretation_title") or "").strip():
                self.add_error("interpretation_title", "请填写解读标题。")
            if kind == InterpretationKind.VIDEO_LINK and not data.get("interpretation_url"):
                self.add_error("interpretation_url", "视频解读须填写链接。")
            if kind in (InterpretationKind.TEXT, InterpretationKind.QA) and not (data.get("interpretation_body") or "").strip():
                self.add_error("interpretation_body", "请填写解读内容。")
        limit = getattr(settings, "GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
        for upload in data.get("attachments") or []:
            if upload.size > limit:
                self.add_error("attachments", f"“{upload.name}”过大，上限为 {limit // 1024 // 1024} MB。")
        return data

    def unsaved_file_names(self) -> list[str]:
        """The files chosen for a save that failed: a browser cannot put them back into the picker."""
        if not self.is_bound or not self.errors:
            return []
        return [f.name or "" for f in self.files.getlist(self.add_prefix("attachments"))]

    def as_typed(self) -> RecordForm:
        """The form bound to what was typed but not judged: a privacy check (检查隐私) is no save, so it shows no
        field errors and keeps every value as typed."""
        self._errors = ErrorDict()
        return self

    RECORD_FIELDS = ("title", "document_number", "formed_on", "disclosure_attribute", "withholding_ground",
                     "next_review_on", "body", "keywords", "summary", "is_policy_document")

    def record_values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in self.RECORD_FIELDS}
        for name in ("title", "document_number", "keywords", "summary"):
            values[name] = (values[name] or "").strip()
        return values

    def interpretation_values(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("interpretation_kind"):
            return None
        return {"kind": data["interpretation_kind"], "title": data["interpretation_title"].strip(),
                "body": data.get("interpretation_body") or "", "url": data.get("interpretation_url") or ""}

    @classmethod
    def initial_from(cls, record) -> dict:
        initial = {name: getattr(record, name) for name in cls.RECORD_FIELDS}
        initial["items"] = list(record.items.values_list("pk", flat=True))
        interpretation = record.interpretations.first()
        if interpretation is not None:
            initial.update(interpretation_kind=interpretation.kind, interpretation_title=interpretation.title,
                           interpretation_body=interpretation.body, interpretation_url=interpretation.url)
        return initial


class NothingForm(forms.Form):
    """本期无此类信息: the period it covers."""

    period_start = forms.DateField(label="期间起", widget=DateInput(),
                                   error_messages={"required": "请填写期间起始日期。", "invalid": "日期格式应为 2026-01-31。"})
    period_end = forms.DateField(label="期间止", widget=DateInput(),
                                 error_messages={"required": "请填写期间截止日期。", "invalid": "日期格式应为 2026-01-31。"})
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="如“本季度本单位无新增低保对象”。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = clock.today()
            quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            self.initial.setdefault("period_start", quarter_start)
            self.initial.setdefault("period_end", today)

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            self.add_error("period_end", "期间截止日期不能早于起始日期。")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请写明理由。"})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请写明理由。")
        return reason


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "退回时须写明需要修改的内容。"})


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(label="定时发布时间",
                                        widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS,
                                        error_messages={"required": "请填写发布时间。",
                                                        "invalid": "时间格式应为 2026-01-31 09:00。"})


class EntryForm(forms.Form):
    """One entry: a text input per element of the item's schema; the service checks the types."""

    def __init__(self, *args, schema: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        for i, field in enumerate(schema):
            kind = field.get("type", "text")
            label = field.get("name", f"要素{i + 1}")
            if kind == "choice" and field.get("choices"):
                self.fields[f"f{i}"] = forms.ChoiceField(
                    label=label, required=False, choices=[("", "（请选择）")] + [(c, c) for c in field["choices"]])
            else:
                self.fields[f"f{i}"] = forms.CharField(label=label, required=False, max_length=2000,
                                                       widget=DateInput() if kind == "date" else forms.TextInput())
            if field.get("required"):
                self.fields[f"f{i}"].label = label
                self.fields[f"f{i}"].widget.attrs["aria-required"] = "true"

    @classmethod
    def initial_from(cls, schema: list[dict], values: dict) -> dict:
        return {f"f{i}": values.get(field.get("name"), "") for i, field in enumerate(schema)}

    def values(self) -> dict:
        out = {}
        for i, field in enumerate(self.schema):
            value = self.cleaned_data.get(f"f{i}")
            if value not in (None, ""):
                out[field["name"]] = value.strip() if isinstance(value, str) else value
        return out


class EntryImportForm(forms.Form):
    file = forms.FileField(label="明细表格（.xlsx）", widget=FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": "请选择要上传的 .xlsx 文件。"},
                           help_text="请先下载模板，按模板的列填写，每行一条明细。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "GONGKAI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大，上限为 {limit // 1024 // 1024} MB。")
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只能上传 .xlsx 文件。")
        return upload


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部")] + list(statuses)


class PublicCopyForm(forms.Form):
    file = forms.FileField(label="遮蔽后的公开文件", widget=FileInput(),
                           error_messages={"required": "请选择遮蔽后的文件。"})
    note = forms.CharField(label="遮蔽说明", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "请说明遮蔽了哪些内容。"},
                           help_text="如“遮蔽身份证号中间8位和手机号中间4位”。")


class EntryColumnForm(forms.Form):
    """One column added to an item's entry schema from the entries screen (the office)."""

    name = forms.CharField(label="列名", max_length=30, error_messages={"required": "请填写列名。"},
                           help_text="如 姓名、学校、资助金额。")
    type = forms.ChoiceField(label="类型", choices=[], initial="text")
    required = forms.BooleanField(label="每条明细必须填写此列", required=False)
    choices = forms.CharField(label="可选值", required=False, max_length=500,
                              help_text="仅“选项”类型填写，用顿号或逗号分隔，如 小学、初中。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(t, TYPE_LABELS[t]) for t in TYPES]

    def column(self) -> dict:
        data = self.cleaned_data
        choices = [c.strip() for c in re.split(r"[、,，;；\s]+", data.get("choices") or "") if c.strip()]
        return {"name": data["name"].strip(), "type": data["type"], "required": data["required"], "choices": choices}
