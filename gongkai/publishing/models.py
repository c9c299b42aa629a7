"""Government information (政府信息) filed under catalog items: records, their revisions and history,
attachments (original kept private, public copy masked where needed), entries (明细), policy
interpretations (政策解读) and the privacy findings of the review.

The workflow lives in `publishing.workflow` (a table); services in `publishing.services` enforce it."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogItem
from gongkai.core.fields import UnicodeJSONField
from gongkai.core.models import TimeStampedModel
from gongkai.core.storage import private_storage as _private_storage
from gongkai.organizations.models import Unit
from gongkai.publishing import workflow
from gongkai.publishing.privacy import KIND_LABELS
from gongkai.publishing.sanitising import sanitise_html

# Attachment files (originals under records/, public copies under public/) live in the `private` storage: never
# served directly; a public copy is streamed by the portal's view only while the record is public. The callable is
# what migrations name.


def private_storage():
    return _private_storage


class DisclosureAttribute(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


# The attribute as it is printed on the document itself (seed 002: "在文件上标注"; 国办公开办函〔2019〕61号 practice):
# the wording of the 附注 under the date of a 公文.
ATTRIBUTE_MARKS = {
    DisclosureAttribute.PROACTIVE: "此件主动公开",
    DisclosureAttribute.ON_REQUEST: "此件依申请公开",
    DisclosureAttribute.WITHHELD: "此件不予公开",
}


class WithholdingGround(models.TextChoices):
    """rules.md §1: the same codes as the annual report's rows 三(三)1–8."""

    STATE_SECRET = "state_secret", _("属于国家秘密")
    PROHIBITED_BY_LAW = "prohibited_by_law", _("其他法律行政法规禁止公开")
    THREE_SECURITIES_ONE_STABILITY = "three_securities_one_stability", _("危及“三安全一稳定”")
    THIRD_PARTY_RIGHTS = "third_party_rights", _("保护第三方合法权益")
    INTERNAL_AFFAIRS = "internal_affairs", _("属于三类内部事务信息")
    PROCESS_INFORMATION = "process_information", _("属于四类过程性信息")
    LAW_ENFORCEMENT_FILES = "law_enforcement_files", _("属于行政执法案卷")
    ADMINISTRATIVE_QUERY = "administrative_query", _("属于行政查询事项")


# The article each ground rests on (rules.md §1), shown next to the choice.
WITHHOLDING_GROUND_ARTICLES = {
    WithholdingGround.STATE_SECRET: "《条例》第十四条",
    WithholdingGround.PROHIBITED_BY_LAW: "《条例》第十四条",
    WithholdingGround.THREE_SECURITIES_ONE_STABILITY: "《条例》第十四条",
    WithholdingGround.THIRD_PARTY_RIGHTS: "《条例》第十五条",
    WithholdingGround.INTERNAL_AFFAIRS: "《条例》第十六条第一款",
    WithholdingGround.PROCESS_INFORMATION: "《条例》第十六条第二款",
    WithholdingGround.LAW_ENFORCEMENT_FILES: "《条例》第十六条第二款",
    WithholdingGround.ADMINISTRATIVE_QUERY: "年度报告模板三(三)8",
}
# Row of the annual report's table 三(三) for each ground.
WITHHOLDING_GROUND_ROWS = {g.value: i for i, g in enumerate(WithholdingGround, start=1)}


class RecordStatus(models.TextChoices):
    DRAFT = workflow.DRAFT, _("草稿")
    SUBMITTED = workflow.SUBMITTED, _("已提交待审查")
    IN_REVIEW = workflow.IN_REVIEW, _("保密审查中")
    APPROVED = workflow.APPROVED, _("已审核待发布")
    SCHEDULED = workflow.SCHEDULED, _("已定时待发布")
    PUBLISHED = workflow.PUBLISHED, _("已发布")
    REVISED = workflow.REVISED, _("已发布（修订待审核）")
    WITHDRAWN = workflow.WITHDRAWN, _("已撤回")
    ARCHIVED = workflow.ARCHIVED, _("已归档")


class ReportCategory(models.TextChoices):
    """Annual report table 二 (主动公开政府信息情况)."""

    REGULATION = "regulation", _("规章")
    NORMATIVE_DOCUMENT = "normative_document", _("行政规范性文件")
    NORMATIVE_DOCUMENT_REPEALED = "normative_document_repealed", _("废止的行政规范性文件")
    LICENSING_DECISION = "licensing_decision", _("行政许可")
    PENALTY_DECISION = "penalty_decision", _("行政处罚")
    ENFORCEMENT_DECISION = "enforcement_decision", _("行政强制")
    FEE = "fee", _("行政事业性收费")
    OTHER = "other", _("其他")


# Public records' lasting conditions (the time-dependent ones, published_at <= now and an active unit, are
# checked on each row): the condition of the partial indexes of the public lists.
PUBLIC_RECORD_CONDITION = models.Q(status__in=sorted(workflow.PUBLIC_STATUSES), disclosure_attribute=DisclosureAttribute.PROACTIVE,
                                   public_revision__isnull=False, published_at__isnull=False)


class Record(TimeStampedModel):
    """One piece of government information, filed under items of a published catalog.

    The fields hold the working copy; `public_revision` is the version the public sees, which stays the
    last approved one while a published record is being revised."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="records", verbose_name=_("制作单位"))
    items = models.ManyToManyField(CatalogItem, related_name="records", verbose_name=_("目录事项"))
    title = models.CharField(_("标题"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    body = models.TextField(_("正文"), blank=True)
    formed_on = models.DateField(_("形成日期"))
    keywords = models.CharField(_("主题词"), max_length=300, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    index_number = models.CharField(_("索引号"), max_length=100, unique=True)
    index_year = models.PositiveIntegerField(_("索引年度"))
    index_sequence = models.PositiveIntegerField(_("索引顺序号"))
    disclosure_attribute = models.CharField(_("公开属性"), max_length=12, choices=DisclosureAttribute.choices)
    withholding_ground = models.CharField(
        _("不予公开理由"), max_length=40, choices=WithholdingGround.choices, blank=True
    )
    next_review_on = models.DateField(_("下次评估日期"), null=True, blank=True)
    show_title_publicly = models.BooleanField(_("在公开目录中显示标题"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    changed_at = models.DateTimeField(_("最近修订时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    is_nothing_to_publish = models.BooleanField(_("本期无此类信息"), default=False)
    period_start = models.DateField(_("期间起"), null=True, blank=True)
    period_end = models.DateField(_("期间止"), null=True, blank=True)
    is_policy_document = models.BooleanField(_("政策文件"), default=False)
    report_category = models.CharField(
        _("年度报告统计类别"), max_length=40, choices=ReportCategory.choices, blank=True
    )
    fee_amount_yuan = models.DecimalField(_("收费金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    public_revision = models.ForeignKey(
        "RecordRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("公开版本"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("起草人"),
    )
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("最后修改人"),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        constraints = [
            models.UniqueConstraint(fields=["unit", "index_year", "index_sequence"], name="record_index_sequence_unique"),
            models.CheckConstraint(
                condition=~models.Q(disclosure_attribute="withheld")
                | (~models.Q(withholding_ground="") & models.Q(next_review_on__isnull=False)),
                name="withheld_record_needs_ground_and_review_date",
            ),
            models.CheckConstraint(
                condition=models.Q(disclosure_attribute="withheld") | models.Q(withholding_ground=""),
                name="only_withheld_record_has_ground",
            ),
        ]
        indexes = [
            # (No index on status and attribute: at a province's scale SQLite's planner took it over the partial
            # index below for the public lists, sorting half a million rows for a page of 20.)
            # The public lists (publishing.selectors.published_records), newest first: walked in order and
            # left after a page.
            models.Index(fields=["-published_at", "-id"], name="record_public_recent",
                         condition=PUBLIC_RECORD_CONDITION),
            models.Index(fields=["unit", "-published_at", "-id"], name="record_public_unit_recent",
                         condition=PUBLIC_RECORD_CONDITION),
            # PostgreSQL has two more, covering an item page's probes by id (migration 0007): record_public_by_id
            # and record_titles_shown_by_id.
        ]

    def __str__(self) -> str:
        return self.title

    def author_ids(self) -> set[int]:
        """The accounts that drafted the record or last changed its content: neither may review or approve
        it (accounts.policies.review_by_author)."""
        return {pk for pk in (self.created_by_id, self.last_changed_by_id) if pk}

    @property
    def is_public(self) -> bool:
        return self.status in workflow.PUBLIC_STATUSES and self.disclosure_attribute == DisclosureAttribute.PROACTIVE

    @property
    def attribute_mark(self) -> str:
        """此件主动公开 / 此件依申请公开 / 此件不予公开: what the record's documents print."""
        return ATTRIBUTE_MARKS.get(DisclosureAttribute(self.disclosure_attribute), "") if self.disclosure_attribute else ""

    @property
    def jurisdiction(self):
        return self.unit.jurisdiction


class RecordRevision(models.Model):
    """Every version of a record's public content. The public page shows `Record.public_revision` and the
    time it changed."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    body = models.TextField(_("正文"), blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    keywords = models.CharField(_("主题词"), max_length=300, blank=True)
    # [{"id": 3, "name": "名单.xlsx", "kind": "xlsx", "sha256": "…"}]
    attachments = UnicodeJSONField(_("附件清单"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        ordering = ["record", "number"]
        verbose_name = _("政府信息版本")
        verbose_name_plural = _("政府信息版本")
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="record_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


class RecordTransition(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=RecordStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=RecordStatus.choices)
    move = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    comment = models.TextField(blank=True)
    # The move was a review or approval by the record's own author, let through because the setting
    # GONGKAI_REVIEWER_NOT_AUTHOR is "warn" (flagged on the record's history, never silent).
    by_author = models.BooleanField(_("起草人本人审核"), default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "at", "id"]

    def __str__(self) -> str:
        return f"{self.record}: {self.from_status} → {self.to_status}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOC = "doc", "Word 97-2003 (doc)"
    DOCX = "docx", "Word (docx)"
    XLS = "xls", "Excel 97-2003 (xls)"
    XLSX = "xlsx", "Excel (xlsx)"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"


def _original_path(instance, filename):
    return f"records/{instance.record_id}/{filename}"


def _public_path(instance, filename):
    return f"public/{instance.record_id}/{filename}"


class TextStatus(models.TextChoices):
    """Where the background job (publishing.attachment_text) stands in reading an attachment's text."""

    PENDING = "pending", _("待识别")
    RUNNING = "running", _("识别中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Attachment(TimeStampedModel):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    original = models.FileField(_("原件"), storage=private_storage, upload_to=_original_path, max_length=300)
    # Also outside MEDIA_ROOT: public copies are served only by the portal's view, and only while the
    # record is public (publishing.selectors.public_attachment).
    public_file = models.FileField(_("公开文件"), storage=private_storage, upload_to=_public_path, max_length=300,
                                   blank=True)
    public_sha256 = models.CharField(max_length=64, blank=True)
    is_masked = models.BooleanField(_("公开文件已遮盖"), default=False)
    masked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("遮盖人"))
    masked_at = models.DateTimeField(_("遮盖时间"), null=True, blank=True)
    masking_note = models.TextField(_("遮盖说明"), blank=True)
    order = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    # The text of the file the review scans (the public copy where there is one), read by a background job: OCR of
    # a scanned page takes seconds. `text_sha256` is the digest of the file it was read from; a new public copy
    # makes it stale and queues the job again.
    text_status = models.CharField(_("文字识别"), max_length=8, choices=TextStatus.choices, default=TextStatus.PENDING)
    text_pages_done = models.PositiveIntegerField(_("已识别页数"), default=0)
    text_pages_total = models.PositiveIntegerField(_("总页数"), default=0)
    text_sha256 = models.CharField(max_length=64, blank=True)
    text_data = UnicodeJSONField(_("提取的文字"), default=dict, blank=True)
    text_error = models.CharField(_("识别失败原因"), max_length=500, blank=True)
    text_started_at = models.DateTimeField(_("开始识别时间"), null=True, blank=True)
    text_finished_at = models.DateTimeField(_("识别完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["record", "order", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self):
        return self.record.unit


class Entry(TimeStampedModel):
    """One row of an item's list (明细): a value per element of the item's schema, keyed by element name.
    Filed under a record (visible when the record is), always tied to the item whose schema it follows."""

    item = models.ForeignKey(CatalogItem, on_delete=models.PROTECT, related_name="entries", verbose_name=_("目录事项"))
    record = models.ForeignKey(Record, null=True, blank=True, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="entries", verbose_name=_("填报单位"))
    values = UnicodeJSONField(_("要素值"), default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("明细")
        verbose_name_plural = _("明细")

    def __str__(self) -> str:
        first = next(iter(self.values.values()), "") if self.values else ""
        return str(first) or f"明细{self.pk}"

    @property
    def audit_label(self) -> str:
        """How the audit log names the entry: by id and its item, never by its values (personal data)."""
        return f"明细 #{self.pk}（{self.item.name}）"


class InterpretationKind(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图文解读")
    QA = "qa", _("问答解读")
    VIDEO_LINK = "video_link", _("视频解读")


class Interpretation(TimeStampedModel):
    """政策解读 of a policy document (rules.md §8, 三同步)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="interpretations")
    kind = models.CharField(_("解读形式"), max_length=12, choices=InterpretationKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.URLField(_("链接"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["record", "id"]
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self):
        return self.record.unit

    @property
    def body_html(self) -> str:
        """The body as the public page shows it: sanitised HTML (what interpretation_create stores); an old
        plain-text body keeps its paragraphs."""
        body = self.body or ""
        if _HTML_TAG.search(body):
            return sanitise_html(body)
        return linebreaks(body, autoescape=True)


_HTML_TAG = re.compile(r"<(p|br|h[1-6]|strong|b|em|i|u|ul|ol|li|table|div|span|a|blockquote)[\s/>]", re.I)


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    FIXED = "fixed", _("已修改")
    OVERRIDDEN = "overridden", _("已说明保留")


class PrivacyFinding(models.Model):
    """One hit of the privacy scanner (publishing.scanning, over the rules of publishing.privacy) on a
    record's body, title or attachment. Approval waits until every finding is fixed or overridden with a
    written reason."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="privacy_findings")
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="privacy_findings")
    kind = models.CharField(_("类型"), max_length=30)  # id_number, mobile, landline, bank_card, address, …
    location = models.CharField(_("位置"), max_length=300, help_text=_("如 正文、附件“名单.xlsx”第3行C列"))
    text = models.CharField(_("命中内容"), max_length=500)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    proposed_masking = models.CharField(_("建议遮盖"), max_length=500, blank=True)
    status = models.CharField(_("处理状态"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["record", "id"]
        verbose_name = _("隐私审查发现")
        verbose_name_plural = _("隐私审查发现")

    def __str__(self) -> str:
        return f"{KIND_LABELS.get(self.kind, self.kind)}：{self.text}"

    @property
    def unit(self):
        return self.record.unit


class ReviewOverride(models.Model):
    """A reviewer's written reason to keep a finding as it is (an audit event too)."""

    finding = models.OneToOneField(PrivacyFinding, on_delete=models.CASCADE, related_name="override")
    reason = models.TextField(_("保留理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审查保留说明")
        verbose_name_plural = _("审查保留说明")

    def __str__(self) -> str:
        return self.reason[:50]
