"""Forms of the channel screens: a publication on another channel, a bulletin to print, a deletion reason.
They parse; the channels services decide."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.widgets import DateInput
from gongkai.channels.models import ChannelKind
from gongkai.channels.services import MAX_COPIES


class ChannelPublicationForm(forms.Form):
    channel = forms.ChoiceField(label="发布渠道", choices=[("", "请选择")] + list(ChannelKind.choices))
    where = forms.CharField(label="发布位置", required=False, max_length=200,
                            help_text="哪一个公示栏、账号或地点，如 城西社区公示栏、“大祥发布”微信公众号。")
    published_on = forms.DateField(label="发布日期", widget=DateInput())
    done_by = forms.CharField(label="经办人", required=False, max_length=100, help_text="不填则为您本人。")
    link = forms.URLField(label="链接", required=False, max_length=500, assume_scheme="https",
                          help_text="网上渠道（如微信文章）的地址，可不填。")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, suggested: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
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
