"""Forms of the 政府信息公开 column screens (指南, 制度). They parse; the column services decide."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput, FileInput
from gongkai.columns.services import MAX_BODY, MAX_TITLE


class GuideForm(forms.Form):
    title = forms.CharField(label="标题", max_length=MAX_TITLE)
    body = forms.CharField(label="正文", max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 30}),
                           help_text="以“一、”“二、”开头的单独一行为标题，“（一）”开头的短行为小标题；空一行另起一段。")
    note = forms.CharField(label="修订说明", max_length=200, required=False,
                           help_text="发布后显示在门户网站的版本列表中，如“更新办公地址和联系电话”。")


class RulesDocumentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=MAX_TITLE)
    document_number = forms.CharField(label="文号", max_length=100, required=False, help_text="如 大政办发〔2021〕5号。")
    issued_on = forms.DateField(label="发布日期", widget=DateInput())
    body = forms.CharField(label="正文", max_length=MAX_BODY, required=False, widget=forms.Textarea(attrs={"rows": 16}),
                           help_text="正文和附件至少填写一项；每行为一段。")
    attachment = forms.FileField(label="附件", required=False, widget=FileInput(),
                                 help_text="PDF、Word（doc/docx）、Excel（xls/xlsx）或图片，按文件内容检查类型。")
    remove_attachment = forms.BooleanField(label="删除现有附件", required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["remove_attachment"]
