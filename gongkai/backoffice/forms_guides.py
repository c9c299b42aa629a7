"""Forms of the 办事服务 screens. They parse; `guides.services` decides (required elements, links)."""

from __future__ import annotations

from django import forms

from gongkai.catalog.models import CatalogItem
from gongkai.guides.models import OnlineMode
from gongkai.organizations.models import Jurisdiction

_TEXT = {"rows": 4}


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.version.catalog.jurisdiction.name} · {obj.domain.name} / {obj.topic} / {obj.name}"


class ServiceGuideForm(forms.Form):
    item = ItemChoice(label="公开事项", queryset=CatalogItem.objects.none(), empty_label="请选择",
                      help_text="办事指南挂在已发布目录的哪一个事项下；只列出本单位负责的事项。")
    name = forms.CharField(label="事项名称", max_length=200)
    basis = forms.CharField(label="设定依据", widget=forms.Textarea(attrs=_TEXT), max_length=5000)
    conditions = forms.CharField(label="受理条件", widget=forms.Textarea(attrs=_TEXT), max_length=5000)
    materials = forms.CharField(label="申请材料", widget=forms.Textarea(attrs=_TEXT), max_length=5000)
    procedure = forms.CharField(label="办理流程", widget=forms.Textarea(attrs=_TEXT), max_length=5000)
    time_limit = forms.CharField(label="办理时限", max_length=200, help_text="如 法定20个工作日，承诺5个工作日。")
    fees = forms.CharField(label="收费标准", max_length=200, help_text="不收费的填“不收费”。")
    place = forms.CharField(label="办理地点", max_length=200)
    phone = forms.CharField(label="咨询电话", max_length=40)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    online_mode = forms.ChoiceField(label="网办属性", choices=OnlineMode.choices, widget=forms.RadioSelect)
    online_url = forms.CharField(label="网上办理链接", max_length=500, required=False,
                                 help_text="政务服务平台上该事项的办理地址；不能网办的可不填。")

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is None:
            del self.fields["item"]
        else:
            self.fields["item"].queryset = items

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "item"}


class ServiceZoneForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    name = forms.CharField(label="专区名称", max_length=100, help_text="如 大祥区政务服务中心政务公开专区。")
    place = forms.CharField(label="所在场所", max_length=200, help_text="如 区政务服务中心一楼大厅东侧。")
    address = forms.CharField(label="地址", max_length=200)
    hours = forms.CharField(label="开放时间", max_length=200)
    equipment = forms.CharField(label="设施设备", required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="如 政府信息查询电脑2台、自助查询机1台、资料架、休息座椅。")
    person_in_charge = forms.CharField(label="负责人", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=40)

    def __init__(self, *args, jurisdictions=None, checklist: list[str] | tuple[str, ...] = (), checks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if jurisdictions is None:
            del self.fields["jurisdiction"]
        else:
            self.fields["jurisdiction"].queryset = jurisdictions  # type: ignore[attr-defined]
        self.checklist = list(checklist)
        checks = checks or {}
        for n, label in enumerate(self.checklist):
            got = checks.get(label) or {}
            self.fields[f"check_{n}"] = forms.BooleanField(label=f"已落实：{label}", required=False,
                                                           initial=bool(got.get("done")))
            self.fields[f"note_{n}"] = forms.CharField(label=f"{label}：说明", required=False, max_length=200,
                                                       initial=got.get("note", ""))

    def values(self) -> dict:
        data = self.cleaned_data
        checks = {label: {"done": data.get(f"check_{n}", False), "note": data.get(f"note_{n}", "")}
                  for n, label in enumerate(self.checklist)}
        return {**{k: v for k, v in data.items() if k in (
            "name", "place", "address", "hours", "equipment", "person_in_charge", "phone")}, "checks": checks}


class ZoneChecklistForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    lines = forms.CharField(label="专区建设要求（每行一项）", widget=forms.Textarea(attrs={"rows": 6}), max_length=2000,
                            help_text="默认为“五统一”：统一标识、统一设备、统一资料、统一功能、统一管理；可按本省的表述修改。")

    def __init__(self, *args, jurisdictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label="确认删除", required=True)
