"""办事服务 (我要办) next to the disclosure (我要看): the 办事指南 of a catalog item, and the 政务公开专区 of
a jurisdiction's service halls with their 五统一 checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Domain
from gongkai.guides import elements
from gongkai.organizations.models import Jurisdiction, Unit


class OnlineMode(models.TextChoices):
    FULL = elements.ONLINE_FULL, _("全程网办")
    PARTIAL = elements.ONLINE_PARTIAL, _("部分网办")
    NONE = elements.ONLINE_NONE, _("不能网办")


class ServiceGuide(models.Model):
    """The 办事指南 of a matter handled under a catalog item. Tied to the item by its stable `key`, so a
    guide lives on when the next catalog version is published; its unit is the item's responsible unit."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="service_guides",
                                     verbose_name=_("行政区划"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="service_guides",
                             verbose_name=_("责任单位"))
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("领域"))
    item_key = models.UUIDField(_("目录事项"), db_index=True)
    item_name = models.CharField(_("公开事项名称"), max_length=300)
    name = models.CharField(_("事项名称"), max_length=200)
    basis = models.TextField(_("设定依据"))
    conditions = models.TextField(_("受理条件"))
    materials = models.TextField(_("申请材料"))
    procedure = models.TextField(_("办理流程"))
    time_limit = models.CharField(_("办理时限"), max_length=200)
    fees = models.CharField(_("收费标准"), max_length=200)
    place = models.CharField(_("办理地点"), max_length=200)
    phone = models.CharField(_("咨询电话"), max_length=40)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    online_mode = models.CharField(_("网办属性"), max_length=10, choices=OnlineMode.choices)
    online_url = models.URLField(_("网上办理链接"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain__order", "name", "id"]
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")
        indexes = [models.Index(fields=["jurisdiction", "item_key"], name="guide_jurisdiction_item")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"办事指南 #{self.pk}（{self.name}）"


class ZoneChecklist(models.Model):
    """A jurisdiction's own wording of the 专区's 五统一 (when it has none: elements.DEFAULT_FIVE_UNIFIED)."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="zone_checklist",
                                        verbose_name=_("行政区划"))
    items = models.JSONField(_("建设要求"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("专区“五统一”清单")
        verbose_name_plural = _("专区“五统一”清单")

    def __str__(self) -> str:
        return f"{self.jurisdiction}专区建设要求"


class ServiceZone(models.Model):
    """A 政务公开专区 in a service hall (政务服务中心, 便民服务中心): where it is, when it is open, what it
    offers, who runs it, and how it meets each item of the jurisdiction's checklist."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="service_zones",
                                     verbose_name=_("行政区划"))
    name = models.CharField(_("专区名称"), max_length=100)
    place = models.CharField(_("所在场所"), max_length=200)
    address = models.CharField(_("地址"), max_length=200)
    hours = models.CharField(_("开放时间"), max_length=200)
    equipment = models.TextField(_("设施设备"), blank=True)
    person_in_charge = models.CharField(_("负责人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=40)
    # {label: {"done": bool, "note": str}} for the labels of the jurisdiction's checklist.
    checks = models.JSONField(_("“五统一”落实情况"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "name", "id"]
        verbose_name = _("政务公开专区")
        verbose_name_plural = _("政务公开专区")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"政务公开专区 #{self.pk}（{self.name}）"
