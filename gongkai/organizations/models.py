from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class JurisdictionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


class Jurisdiction(TimeStampedModel):
    """An administrative division keyed by its 12-digit statistical division code (统计用区划代码)."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级")
    )
    # Codes from the root down, "/"-separated and ending with "/": a subtree is one prefix query.
    path = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(_("类别"), max_length=20, blank=True, help_text=_("镇、乡、街道、村、社区等"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{12}$"), name="jurisdiction_code_12_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)

    def is_within(self, other: "Jurisdiction") -> bool:
        """True when self is `other` or lies in its subtree."""
        return self.path.startswith(other.path)

    def subtree(self) -> "models.QuerySet[Jurisdiction]":
        return Jurisdiction.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list["Jurisdiction"]:
        codes = [c for c in self.path.split("/") if c and c != self.code]
        by_code = {j.code: j for j in Jurisdiction.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    TOWNSHIP = "township", _("乡镇人民政府")
    STREET = "street", _("街道办事处")
    VILLAGE = "village", _("村民委员会")
    COMMUNITY = "community", _("居民委员会（社区）")
    OTHER = "other", _("其他单位")


class Unit(TimeStampedModel):
    """A body that produces and publishes information: a department, a township government or street
    office, a village or community committee."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="units", verbose_name=_("所属行政区划")
    )
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类别"), max_length=20, choices=UnitKind.choices)
    handle = models.CharField(_("平台账号"), max_length=64, unique=True, help_text=_("如 fagai@dxjczw"))
    is_disclosure_office = models.BooleanField(_("政务公开办"), default=False)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    # The unit's public mailbox (a disclosure office's is shown on the portal's pages), never a person's.
    email = models.EmailField(_("电子邮箱"), max_length=100, blank=True)
    # 明确责任领导: the leader in charge of the unit's disclosure work, e.g. 张三 · 分管副局长.
    responsible_leader = models.CharField(_("责任领导"), max_length=50, blank=True)
    responsible_leader_title = models.CharField(_("责任领导职务"), max_length=50, blank=True,
                                                help_text=_("如 分管副局长"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["jurisdiction__code", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_name_unique_in_jurisdiction"),
        ]

    def __str__(self) -> str:
        return self.name


class JurisdictionBoundary(TimeStampedModel):
    """A jurisdiction's shape for the disclosure map (公开地图): geometry only, checked by
    `organizations.boundaries.boundary_parse` (Polygon / MultiPolygon features, WGS 84 degrees)."""

    jurisdiction = models.OneToOneField(
        Jurisdiction, on_delete=models.CASCADE, related_name="boundary", verbose_name=_("行政区划")
    )
    geojson = models.JSONField(_("边界（GeoJSON）"))
    file_name = models.CharField(_("上传文件名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"), default=0)

    class Meta:
        verbose_name = _("行政区划边界")
        verbose_name_plural = _("行政区划边界")

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}的边界"
