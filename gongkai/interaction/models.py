"""Participation and interaction (互动交流): messages to the units of a jurisdiction and their answers (留言/咨询),
each jurisdiction's answer limit, and the disclosure office's responses to public concern (回应关切)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel
from gongkai.interaction import limits, workflow
from gongkai.organizations.models import Jurisdiction, Unit

QUERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_LENGTH = 12


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_LENGTH))


class MessageSettings(TimeStampedModel):
    """A jurisdiction's answer limit for messages (without a row: `limits.DEFAULT_ANSWER_WORKING_DAYS`)."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="message_settings",
                                        verbose_name=_("行政区划"))
    answer_working_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"),
                                                           default=limits.DEFAULT_ANSWER_WORKING_DAYS)

    class Meta:
        verbose_name = _("留言答复时限")
        verbose_name_plural = _("留言答复时限")

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}留言答复时限{self.answer_working_days}个工作日"


class Message(TimeStampedModel):
    """A citizen's message to a unit, and its answer. The writer's name and contact are private: no public page
    shows them; the public question is the masked copy the office approved."""

    query_code = models.CharField(_("查询码"), max_length=QUERY_LENGTH, unique=True, default=new_query_code,
                                  editable=False)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="messages",
                                     verbose_name=_("行政区划"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="messages", verbose_name=_("办理单位"))
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("留言内容"))
    writer_name = models.CharField(_("姓名"), max_length=50)
    writer_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    writer_email = models.EmailField(_("电子邮箱"), blank=True)
    ip_address = models.GenericIPAddressField(_("提交地址"), null=True, blank=True)
    received_at = models.DateTimeField(_("收到时间"))
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"))
    status = models.CharField(_("状态"), max_length=12, choices=list(workflow.STATUS_LABELS.items()),
                              default=workflow.PENDING, db_index=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("答复人"))
    public_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_body = models.TextField(_("公开的留言内容"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("审核人"))
    reason = models.CharField(_("理由"), max_length=500, blank=True,
                              help_text=_("不予受理、答复不公开或退回修改的理由"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        indexes = [models.Index(fields=["jurisdiction", "status", "received_at"]),
                   models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"留言“{self.subject}”"

    def audit_label(self) -> str:
        return f"留言 {self.query_code}"

    @property
    def status_label(self) -> str:
        return workflow.TABLE.status_label(self.status)

    @property
    def is_waiting(self) -> bool:
        return self.status in workflow.WAITING


class Concern(TimeStampedModel):
    """A matter of public concern (政务舆情) the disclosure office recorded, and its responses."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="concerns",
                                     verbose_name=_("行政区划"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("责任单位"))
    title = models.CharField(_("关切事项"), max_length=200)
    description = models.TextField(_("舆情概况"), blank=True)
    arose_at = models.DateTimeField(_("舆情发生时间"))
    level = models.CharField(_("级别"), max_length=20, choices=[(k.value, v) for k, v in limits.LEVEL_LABELS.items()],
                             default=limits.ConcernLevel.GENERAL)
    is_public = models.BooleanField(_("在门户网站公开"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("登记人"))

    class Meta:
        ordering = ["-arose_at", "-id"]
        verbose_name = _("回应关切")
        verbose_name_plural = _("回应关切")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"回应关切 {self.pk}"


class ConcernResponse(TimeStampedModel):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="responses",
                                verbose_name=_("回应关切"))
    kind = models.CharField(_("回应方式"), max_length=30,
                            choices=[(k.value, v) for k, v in limits.KIND_LABELS.items()])
    responded_at = models.DateTimeField(_("回应时间"))
    channel = models.CharField(_("发布渠道"), max_length=100, help_text=_("如 区政府门户网站、“大祥发布”微信公众号"))
    content = models.TextField(_("回应内容"))
    link = models.URLField(_("链接"), blank=True, max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("登记人"))

    class Meta:
        ordering = ["concern", "responded_at", "id"]
        verbose_name = _("回应")
        verbose_name_plural = _("回应")

    def audit_label(self) -> str:
        return f"回应关切 {self.concern_id} 的回应"
