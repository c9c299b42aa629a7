"""依申请公开: requests, their event log, replies, letters' templates, delivery and warnings.

Personal data (applicant name, identity document, contact) lives only on DisclosureRequest and is never shown on a
public page: the public tracking page shows the code, status, stage and due date only."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import UnicodeJSONField
from gongkai.core.models import TimeStampedModel
from gongkai.disclosure_requests import receipt, reply_types, workflow

# No 0/O, 1/I/L: a code read over the phone is not misheard.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 12


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class ApplicantType(models.TextChoices):
    """The columns of the annual report's table 三."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORGANISATION = "other_organisation", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PASS = "hk_macao_pass", _("港澳居民来往内地通行证")
    TAIWAN_PASS = "taiwan_pass", _("台湾居民来往大陆通行证")
    BUSINESS_LICENCE = "business_licence", _("营业执照")
    OTHER = "other", _("其他有效证件")


class DeliveryForm(models.TextChoices):
    """所需信息的提供形式."""

    PAPER = "paper", _("纸质")
    EMAIL = "email", _("电子邮件")
    DISC = "disc", _("光盘")
    VIEWING = "viewing", _("当面查阅、抄录")
    OTHER = "other", _("其他")


class ObtainingMethod(models.TextChoices):
    """获取信息的方式."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICK_UP = "pick_up", _("当面领取")
    ONLINE = "online", _("网上获取")
    OTHER = "other", _("其他")


def _choices(name: str, enum, labels) -> Any:
    """The Django choices of a pure module's enum, with that module's labels (one enum and one set of labels
    per concept). Built at run time, so the type checker sees Any (members are not known to it)."""
    return models.TextChoices(name, [(member.name, (member.value, labels[member])) for member in enum])  # type: ignore[call-overload]  # (value, label) pairs: valid, not in the stubs


# 第三十一条: how the request came in (receipt.py decides the receipt day from it).
IntakeChannel = _choices("IntakeChannel", receipt.IntakeChannel, receipt.INTAKE_CHANNEL_LABELS)
# The lifecycle (workflow.py owns `status`; `stage` is workflow.stage_for(status)).
Status = _choices("Status", workflow.Status, workflow.STATUS_LABELS)
Stage = _choices("Stage", workflow.Stage, workflow.STAGE_LABELS)
OPEN_STATUSES = workflow.OPEN_STATUSES


class DisclosureRequest(TimeStampedModel):
    tracking_code = models.CharField(_("查询码"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code,
                                     editable=False)
    jurisdiction = models.ForeignKey("organizations.Jurisdiction", on_delete=models.PROTECT,
                                     related_name="disclosure_requests", verbose_name=_("行政区划"))
    receiving_unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+",
                                       null=True, blank=True, verbose_name=_("受理机关"),
                                       help_text=_("申请所向的行政机关（其政府信息公开工作机构）"))
    assigned_unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="assigned_requests", verbose_name=_("承办单位"))

    # Applicant (personal data).
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名"), max_length=100, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    organisation_name = models.CharField(_("组织名称"), max_length=200, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=100, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    contact_address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # The information asked for.
    description = models.TextField(_("所需信息的内容描述"))
    document_number = models.CharField(_("文件名称、文号"), max_length=300, blank=True)
    purpose = models.TextField(_("其他说明"), blank=True)
    delivery_form = models.CharField(_("提供形式"), max_length=10, choices=DeliveryForm.choices,
                                     default=DeliveryForm.PAPER)
    obtaining_method = models.CharField(_("获取方式"), max_length=10, choices=ObtainingMethod.choices,
                                        default=ObtainingMethod.POST)

    # Receipt (第三十一条).
    intake_channel = models.CharField(_("申请渠道"), max_length=20, choices=IntakeChannel.choices)
    addressed_to_office = models.BooleanField(_("寄给政府信息公开工作机构"), default=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到达（签收）时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("双方确认时间"), null=True, blank=True)
    confirmation_method = models.CharField(_("确认方式"), max_length=100, blank=True)
    contact_made_at = models.DateTimeField(_("取得联系时间"), null=True, blank=True)
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True)
    receipt_explanation = models.TextField(_("收到申请之日的依据"), blank=True)

    # Progress.
    stage = models.CharField(_("办理环节"), max_length=12, choices=Stage.choices, default=Stage.REGISTERED)
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices,
                              default=Status.AWAITING_CONFIRMATION, db_index=True)
    # The clock, recomputed from the event log on every change (deadlines.answer_deadline).
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    due_missing_years = UnicodeJSONField(_("缺少的日历年度"), default=list, blank=True)
    clock_warnings = UnicodeJSONField(_("期限提示"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("登记人"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        indexes = [models.Index(fields=["jurisdiction", "status"])]

    def __str__(self) -> str:
        return f"申请 {self.tracking_code}"

    @property
    def applicant_display(self) -> str:
        """Name only (the reply letter's addressee)."""
        if self.applicant_type == ApplicantType.NATURAL_PERSON:
            return self.applicant_name
        return self.organisation_name or self.applicant_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# The log's kinds (workflow.EventKind, workflow.EVENT_LABELS: one enum, one set of labels).
EventKind = _choices("EventKind", workflow.EventKind, workflow.EVENT_LABELS)


class RequestEvent(models.Model):
    """One entry of a request's log. The clocks are a pure function of these (kind, date) entries."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("申请"))
    kind = models.CharField(_("事件"), max_length=30, choices=EventKind.choices)
    date = models.DateField(_("日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("经办人"))
    actor_name = models.CharField(_("经办人名称"), max_length=150, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = UnicodeJSONField(_("数据"), default=dict, blank=True)
    # Extension (第三十三条第二款): approved by the head of the 政府信息公开工作机构.
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("批准人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date.isoformat()}"


# 答复类型 (reply_types.ReplyType with reply_types.REPLY_TYPE_LABELS: one enum, one set of labels).
ReplyType = _choices("ReplyType", reply_types.ReplyType, reply_types.REPLY_TYPE_LABELS)
WithholdingGround = _choices("WithholdingGround", reply_types.WithholdingGround,
                             {g: label for g, (_row, label, _article) in reply_types.WITHHOLDING_GROUNDS.items()})


class Reply(TimeStampedModel):
    """The answer (答复书/告知书). One per request; deemed abandonment is a reply too (rows 三(六)1/2)."""

    request = models.OneToOneField(DisclosureRequest, on_delete=models.CASCADE, related_name="reply", verbose_name=_("申请"))
    type = models.CharField(_("答复类型"), max_length=30, choices=ReplyType.choices)
    withholding_ground = models.CharField(_("不予公开的理由类别"), max_length=30, choices=WithholdingGround.choices,
                                          blank=True)
    report_row = models.CharField(_("年度报告行"), max_length=10, db_index=True)
    article = models.CharField(_("依据条款"), max_length=200, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    information = models.TextField(_("提供的信息或获取方式"), blank=True,
                                   help_text=_("予以公开：提供的信息，或获取的方式、途径和时间"))
    how_to_obtain = models.TextField(_("获取方式和途径"), blank=True)
    responsible_agency = models.CharField(_("负责公开的机关"), max_length=200, blank=True)
    responsible_agency_contact = models.CharField(_("该机关的联系方式"), max_length=200, blank=True)
    special_law = models.CharField(_("依照的法律、行政法规"), max_length=300, blank=True)
    remedies = models.TextField(_("救济途径"), blank=True)
    letter_number = models.CharField(_("文书编号"), max_length=100, blank=True)
    letter_date = models.DateField(_("答复日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("答复人"))

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.letter_number}".strip()


class ReplyAttachment(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("答复"))
    name = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="requests/attachments/%Y/")
    redacted = models.BooleanField(_("已区分处理（遮盖）"), default=False)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")

    def __str__(self) -> str:
        return self.name


class DeliveryMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    IN_PERSON = "in_person", _("当面送达")
    ONLINE = "online", _("网上送达")
    OTHER = "other", _("其他")


class DeliveryRecord(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("答复"))
    method = models.CharField(_("送达方式"), max_length=12, choices=DeliveryMethod.choices)
    delivered_on = models.DateField(_("送达日期"))
    recipient = models.CharField(_("签收人"), max_length=100)
    proof = models.CharField(_("送达凭证"), max_length=300, blank=True, help_text=_("如邮件单号、回执编号"))
    proof_file = models.FileField(_("凭证文件"), upload_to="requests/delivery/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.delivered_on.isoformat()}"


class ReplyTemplate(models.Model):
    """Editable letter text per reply type and jurisdiction (Django template syntax in the sandbox of
    letter_templates; context: plain values only). A letter uses the row of the nearest jurisdiction up the
    tree from its agency's, then the installation's row (no jurisdiction), then the default shipped in
    data/reply_templates.json (selectors.reply_template_for)."""

    jurisdiction = models.ForeignKey("organizations.Jurisdiction", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="reply_templates", verbose_name=_("行政区划"),
                                     help_text=_("空：本安装的默认模板"))
    reply_type = models.CharField(_("答复类型"), max_length=30, choices=ReplyType.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("修改人"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["reply_type"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "reply_type"], name="one_reply_template_per_jurisdiction"),
            # NULLs are distinct in a unique constraint: the installation's own row needs its own.
            models.UniqueConstraint(fields=["reply_type"], condition=models.Q(jurisdiction__isnull=True),
                                    name="one_installation_reply_template"),
        ]
        verbose_name = _("答复书模板")
        verbose_name_plural = _("答复书模板")

    def __str__(self) -> str:
        owner = self.jurisdiction.name if self.jurisdiction is not None else "系统默认"
        return f"{owner}：{self.get_reply_type_display()}"


class ClockSetting(TimeStampedModel):
    """How a jurisdiction counts the answer clock where the national text leaves it open (rules.md §3.4 edge rule
    3): whether waiting for a fee's payment is left out. A jurisdiction without a row takes its nearest ancestor's
    setting, and the national default (left out) where none has one (selectors.fee_pause_for). The setting in
    force when a fee notice is sent is kept in that notice's log entry: changing it later does not move the
    deadlines of requests already waiting for payment."""

    jurisdiction = models.OneToOneField("organizations.Jurisdiction", on_delete=models.CASCADE,
                                        related_name="request_clock_setting", verbose_name=_("行政区划"))
    fee_pause = models.BooleanField(_("等待缴费期间不计入答复期限"), default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("修改人"))

    class Meta:
        verbose_name = _("答复期限计算设置")
        verbose_name_plural = _("答复期限计算设置")

    def __str__(self) -> str:
        return f"{self.jurisdiction}：{'等待缴费期间不计入' if self.fee_pause else '等待缴费期间计入'}"


class WarningSent(models.Model):
    """A due-date warning sent for a request on a day (idempotence of `gongkai requests warn`)."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="warnings_sent")
    sent_on = models.DateField(_("发送日期"))
    workdays_left = models.PositiveSmallIntegerField(_("剩余工作日"))
    due_on = models.DateField(_("答复期限"))
    recipients = UnicodeJSONField(_("收件人"), default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "sent_on"], name="one_warning_per_request_per_day")]
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")

    def __str__(self) -> str:
        return f"{self.request} {self.sent_on.isoformat()}"
