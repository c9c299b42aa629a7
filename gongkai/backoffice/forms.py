"""Forms of the catalog and organisation screens. They parse what a person typed; the services decide
whether it is allowed and valid. List fields are typed one entry per line."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from gongkai.accounts.models import User
from gongkai.backoffice.widgets import FileInput
from gongkai.catalog import workflow
from gongkai.catalog.models import CatalogVersion, Domain, Tier
from gongkai.core import clock
from gongkai.organizations.models import Jurisdiction, Unit, UnitKind

LIST_HELP = "每行一项。"


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如 低保、招生、学区"}))
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), required=False,
                                    empty_label="全部领域", to_field_name="slug")


class CatalogCreateForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    tier = forms.ChoiceField(label="层级", choices=Tier.choices)
    title = forms.CharField(label="目录名称", required=False, max_length=200,
                            help_text="可不填，系统按“区划名称 + 基层政务公开标准目录”命名。")
    is_reference = forms.BooleanField(
        label="这是供下级采用的参考目录", required=False,
        help_text="县级层级的参考目录供辖区内各县（市、区）采用（如市级汇总审定的目录），村级层级的供村（社区）采用。")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions


class VersionCreateForm(forms.Form):
    label = forms.CharField(label="版本名称", max_length=40, help_text="如“2025版”。")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    based_on = forms.ModelChoiceField(label="基于版本", queryset=CatalogVersion.objects.none(), required=False,
                                      empty_label="（空白版本，不复制任何事项）")

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = versions
        if not self.is_bound:
            year = clock.today().year
            self.initial.setdefault("year", year)
            self.initial.setdefault("label", f"{year}版")


class ReferenceAdoptForm(forms.Form):
    """A catalog taken from a reference catalog: a county's from its city's, a village's from its township's."""

    jurisdiction = forms.ModelChoiceField(label="采用单位", queryset=Jurisdiction.objects.none(), empty_label=None,
                                          error_messages={"required": "请选择采用参考目录的行政区划。",
                                                          "invalid_choice": "所选行政区划不在可选范围内。"})
    label = forms.CharField(label="版本名称", max_length=40, help_text="如“2021版”。",
                            error_messages={"required": "请填写版本名称，如“2021版”。"})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度。", "invalid": "年度须是四位数字。"})

    def __init__(self, *args, jurisdictions, adopter_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        if adopter_label:
            self.fields["jurisdiction"].label = adopter_label
        if not self.is_bound:
            year = clock.today().year
            self.initial.setdefault("year", year)
            self.initial.setdefault("label", f"{year}版")


class AdoptForm(forms.Form):
    domains = forms.ModelMultipleChoiceField(label="采用的领域", queryset=Domain.objects.all(),
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": "请至少选择一个领域。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["domains"] = list(Domain.objects.values_list("pk", flat=True))


class DomainAppliesForm(forms.Form):
    applies = forms.TypedChoiceField(label="本辖区是否涉及该领域", coerce=lambda v: v == "1",
                                     choices=[("1", "涉及"), ("0", "未涉及")], widget=forms.RadioSelect)
    reason = forms.CharField(label="未涉及领域事项说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="标为未涉及时必须填写，如“本区无国有土地上房屋征收项目”。")


class ItemForm(forms.Form):
    topic = forms.CharField(label="一级事项", max_length=200)
    name = forms.CharField(label="二级事项", max_length=300)
    elements = forms.CharField(label="公开内容（要素）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=LIST_HELP)
    basis = forms.CharField(label="公开依据", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=LIST_HELP)
    time_limit = forms.CharField(label="公开时限", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="如“信息形成或者变更之日起20个工作日内”。")
    subject = forms.CharField(label="公开主体", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    channels = forms.CharField(label="公开渠道和载体", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=LIST_HELP)
    audience = forms.CharField(label="公开对象", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="每行一项：全社会 或 特定群体。")
    manner = forms.CharField(label="公开方式", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="每行一项：主动 或 依申请。")
    tiers = forms.CharField(label="公开层级", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="每行一项：县级、乡级、村级。")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsible_unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), required=False,
                                              empty_label="（未指定）")
    responsible_section = forms.CharField(label="责任科室", max_length=100, required=False,
                                          help_text="落实到科（股）室，如“基础教育股”。")
    responsible_person = forms.ModelChoiceField(label="责任人（本单位账号）", queryset=User.objects.none(),
                                                required=False, empty_label="（未选择）",
                                                help_text="从责任单位的账号中选择；单位没有账号时，改填下面的姓名和电话。")
    responsible_person_name = forms.CharField(label="责任人姓名（无账号时）", max_length=50, required=False)
    responsible_person_phone = forms.CharField(label="责任人电话（无账号时）", max_length=40, required=False,
                                               help_text="仅在后台显示，不在门户公开。")

    LIST_FIELDS = ("elements", "basis", "channels", "audience", "manner", "tiers")
    TEXT_FIELDS = ("topic", "name", "time_limit", "subject", "note", "responsible_section",
                   "responsible_person_name", "responsible_person_phone")

    def __init__(self, *args, units, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units
        if persons is None:
            del self.fields["responsible_person"]
        else:
            self.fields["responsible_person"].queryset = persons

    @classmethod
    def initial_from(cls, item) -> dict:
        data = {name: getattr(item, name) for name in cls.TEXT_FIELDS}
        for name in cls.LIST_FIELDS:
            data[name] = "\n".join(str(v.get("name", v)) if isinstance(v, dict) else str(v)
                                   for v in getattr(item, name) or [])
        data["responsible_unit"] = item.responsible_unit_id
        data["responsible_person"] = item.responsible_person_id
        return data

    def values(self) -> dict:
        """The item's fields as the services take them (lists for list fields)."""
        data = self.cleaned_data
        out = {name: data[name].strip() for name in self.TEXT_FIELDS}
        out.update({name: split_lines(data[name]) for name in self.LIST_FIELDS})
        out["responsible_unit"] = data["responsible_unit"]
        if "responsible_person" in self.fields:
            out["responsible_person"] = data["responsible_person"]
        return out

    def changes(self, item) -> dict:
        """Only the fields that differ from the item (so that the audit log names what changed)."""
        out = {}
        for name, value in self.values().items():
            current = getattr(item, name)
            if name in self.LIST_FIELDS:
                current = [str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in current or []]
            if value != current:
                out[name] = value
        return out


class LocalItemForm(ItemForm):
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), empty_label=None)

    field_order = ["domain"]


class ItemApplicableForm(forms.Form):
    applicable = forms.TypedChoiceField(label="本辖区是否适用该事项", coerce=lambda v: v == "1",
                                        choices=[("1", "适用"), ("0", "不适用")], widget=forms.RadioSelect)
    reason = forms.CharField(label="不适用说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="标为不适用时必须填写理由。")


class CommentForm(forms.Form):
    comment = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审批结论", widget=forms.RadioSelect, choices=[
        (move, workflow.TABLE.label(move)) for move in (workflow.APPROVE, workflow.RETURN)])
    comment = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="退回修改时必须写明需要修改的内容。")


class CompareForm(forms.Form):
    other = forms.ModelChoiceField(label="与哪个版本比较", queryset=CatalogVersion.objects.none(), empty_label=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = versions


class XlsxImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件", widget=FileInput(), help_text="Excel（.xlsx）文件，格式与本系统导出的表格相同。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大（{upload.size // 1024 // 1024} MB），上限为 {limit // 1024 // 1024} MB。")
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError("只能导入 .xlsx 文件。")
        return upload


class ImportForm(forms.Form):
    file = forms.FileField(label="目录文件", widget=FileInput(),
                           help_text="Excel（.xlsx）、Word（.docx）或 CSV 文件，格式与本系统导出的文件或国家标准目录表格相同。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大（{upload.size // 1024 // 1024} MB），上限为 {limit // 1024 // 1024} MB。")
        if Path(upload.name).suffix.lower() not in (".xlsx", ".docx", ".csv"):
            raise forms.ValidationError("只能导入 .xlsx、.docx 或 .csv 文件。")
        return upload


class UnitForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label="所属行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(label="单位类别", choices=UnitKind.choices)
    handle = forms.CharField(label="平台账号", max_length=64, help_text="如 fagai@dxjczw，创建后不能修改。")
    is_disclosure_office = forms.BooleanField(label="本级政务公开办", required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=100, required=False)
    email = forms.EmailField(label="电子邮箱", max_length=100, required=False,
                             error_messages={"invalid": "请填写有效的电子邮箱地址，如 gkb@example.gov.cn。"},
                             help_text="单位的公务邮箱；政务公开办的邮箱显示在门户网站各页的“咨询与建议”中。")
    responsible_leader = forms.CharField(label="责任领导", max_length=50, required=False,
                                         help_text="分管政务公开工作的领导姓名。")
    responsible_leader_title = forms.CharField(label="责任领导职务", max_length=50, required=False,
                                               help_text="如“分管副局长”。")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, jurisdictions, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        if editing:
            # Where a unit sits and its handle are identity, not details: they are not edited here.
            del self.fields["jurisdiction"]
            del self.fields["handle"]
