"""Consultations on draft decisions and normative documents (征求意见), their comments, hearings, and the yearly
list of major decisions (重大行政决策事项目录). What is public is asked of `selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.consultations.periods import KIND_LABELS, Kind
from gongkai.consultations.workflow import STATUS_LABELS, Status
from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import Jurisdiction, Unit


class DecisionList(TimeStampedModel):
    """A jurisdiction's list of the year's major decisions open to public participation (重大行政决策事项目录,
    713号 第三条), published once a year."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="decision_lists",
                                     verbose_name=_("行政区划"))
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.TextField(_("说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("重大行政决策事项目录")
        verbose_name_plural = _("重大行政决策事项目录")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="one_decision_list_a_year")]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}{self.year}年度重大行政决策事项目录"

    @property
    def audit_label(self) -> str:
        return f"{self.year}年度重大行政决策事项目录"


class DecisionItem(TimeStampedModel):
    """One decision in the list: what, which unit drafts it, when, and whether the public is consulted or a
    hearing held."""

    decision_list = models.ForeignKey(DecisionList, on_delete=models.CASCADE, related_name="items",
                                      verbose_name=_("目录"))
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("决策事项"), max_length=300)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="decision_items",
                             verbose_name=_("承办单位"))
    planned = models.CharField(_("计划完成时间"), max_length=100, blank=True, help_text=_("如 2026年第三季度"))
    public_participation = models.BooleanField(_("公开征求意见"), default=True)
    hearing = models.BooleanField(_("举行听证"), default=False)

    class Meta:
        ordering = ["decision_list", "order", "id"]
        verbose_name = _("重大行政决策事项")
        verbose_name_plural = _("重大行政决策事项")

    def __str__(self) -> str:
        return self.title


class Consultation(TimeStampedModel):
    """A draft published for comment: its text and explanation (起草说明), its kind and period, then the
    feedback summary (意见采纳情况). Status moves by `workflow.TABLE`."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consultations",
                             verbose_name=_("起草单位"))
    decision_item = models.ForeignKey(DecisionItem, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="consultations", verbose_name=_("目录中的决策事项"))
    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(_("类别"), max_length=24, choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    draft = models.TextField(_("征求意见稿"))
    explanation = models.TextField(_("起草说明"))
    how_to_comment = models.TextField(_("其他提交意见的方式"), blank=True,
                                      help_text=_("如 信函寄至……、电子邮箱……；网上留言总是可以。"))
    opens_on = models.DateField(_("发布日期"))
    closes_on = models.DateField(_("截止日期"), help_text=_("最后一天仍可提交意见"))
    shorter_reason = models.TextField(_("缩短期限的理由"), blank=True)
    status = models.CharField(_("状态"), max_length=20, default=Status.DRAFT,
                              choices=[(s.value, v) for s, v in STATUS_LABELS.items()])
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_on = models.DateField(_("实际截止日期"), null=True, blank=True)
    summary = models.TextField(_("意见采纳情况"), blank=True)
    adopted_count = models.PositiveIntegerField(_("采纳的意见条数"), default=0)
    other_comment_count = models.PositiveIntegerField(_("其他渠道收到的意见条数"), default=0)
    summary_published_at = models.DateTimeField(_("采纳情况发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        indexes = [models.Index(fields=["unit", "status", "-opens_on"], name="consultation_unit_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[Kind(self.kind)]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    def accepts_comments(self, today) -> bool:
        return self.status == Status.OPEN and self.opens_on <= today <= self.closes_on


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已显示")
    REJECTED = "rejected", _("不予显示")


class Comment(models.Model):
    """A comment sent on the portal. Name and contact are private (never on a public page); the text shows
    only once moderated."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments",
                                     verbose_name=_("征求意见"))
    name = models.CharField(_("姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    body = models.TextField(_("意见"))
    digest = models.CharField(max_length=64)
    status = models.CharField(_("状态"), max_length=12, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    submitted_at = models.DateTimeField(_("提交时间"))
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    reply = models.TextField(_("答复"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        indexes = [models.Index(fields=["consultation", "status"], name="comment_consultation_status")]
        constraints = [models.UniqueConstraint(fields=["consultation", "digest"], name="one_comment_per_text")]

    def __str__(self) -> str:
        return f"意见 {self.pk}"

    @property
    def audit_label(self) -> str:
        # Never the name or contact: the comment by its number and consultation.
        return f"意见 {self.pk}（{self.consultation_id}号征求意见）"


class Hearing(TimeStampedModel):
    """A hearing (听证会) on a consultation's draft: its notice published at least 7 days before it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="hearings",
                                     verbose_name=_("征求意见"))
    held_on = models.DateField(_("举行日期"))
    place = models.CharField(_("地点"), max_length=200)
    notice = models.TextField(_("听证公告"), help_text=_("听证事项、参加人遴选办法、报名方式等"))
    participants = models.TextField(_("参加人名单"), blank=True, help_text=_("遴选后公布；可稍后填写"))
    notice_published_on = models.DateField(_("公告发布日期"), null=True, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("听证会")
        verbose_name_plural = _("听证会")

    def __str__(self) -> str:
        return f"{self.consultation.title}听证会"

    @property
    def audit_label(self) -> str:
        return f"听证会 {self.held_on:%Y-%m-%d}"
