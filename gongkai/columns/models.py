"""A jurisdiction's 政府信息公开 column beyond the catalog (rules.md §7.7): the 政府信息公开指南 in versions, the
政府信息公开制度 documents, the items marked 高频事项 and the daily view counters the portal learns them from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import Jurisdiction


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class GuideVersion(TimeStampedModel):
    """One version of a jurisdiction's 政府信息公开指南 (《条例》第十二条). At most one draft at a time; a
    published version is never changed again: the portal shows the latest published one, the older ones stay
    listed."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="guide_versions",
                                     verbose_name=_("行政区划"))
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=10, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["jurisdiction", "-number"]
        verbose_name = _("政府信息公开指南版本")
        verbose_name_plural = _("政府信息公开指南版本")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "number"], name="guide_version_number_unique"),
            models.UniqueConstraint(fields=["jurisdiction"], condition=models.Q(status="draft"),
                                    name="guide_one_draft_per_jurisdiction"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


def _rules_path(instance: RulesDocument, filename: str) -> str:
    return f"columns/rules/{instance.jurisdiction.code}/{filename}"


class RulesDocument(TimeStampedModel):
    """A document of the jurisdiction's 政府信息公开制度 (e.g. 保密审查制度, 依申请公开办理制度), published by its
    disclosure office: title, 文号, date, text and/or an attachment. Taking it down hides it from the portal."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="rules_documents",
                                     verbose_name=_("行政区划"))
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("发布日期"))
    body = models.TextField(_("正文"), blank=True)
    attachment = models.FileField(_("附件"), upload_to=_rules_path, blank=True, max_length=300)
    attachment_name = models.CharField(_("附件名称"), max_length=200, blank=True)
    is_public = models.BooleanField(_("在门户公开"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["jurisdiction", "-issued_on", "-id"]
        verbose_name = _("政府信息公开制度")
        verbose_name_plural = _("政府信息公开制度")

    def __str__(self) -> str:
        return self.title


class HighFrequencyItem(TimeStampedModel):
    """A catalog item the disclosure office marks as 高频事项 (seed 002: 突出公开群众最需要的高频事项). Keyed by the
    item's stable `key`, so the mark survives a new catalog version."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="high_frequency_items",
                                     verbose_name=_("行政区划"))
    item_key = models.UUIDField(_("事项标识"))
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("高频事项")
        verbose_name_plural = _("高频事项")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "item_key"], name="high_frequency_item_unique"),
        ]

    def __str__(self) -> str:
        return str(self.item_key)


class ItemViewDay(models.Model):
    """How often an item's page was read, and how often a search named it, on one day: one row per item and
    day, bumped in place (never a row per view), so the table grows with items × days only."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    item_key = models.UUIDField()
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "item_key", "day"], name="item_view_day_unique"),
        ]
        indexes = [models.Index(fields=["jurisdiction", "day"], name="item_view_day_recent")]

    def __str__(self) -> str:
        return f"{self.item_key} {self.day}: {self.views}/{self.searches}"
