"""The 政府信息公开工作年度报告 (《条例》第四十九、五十条) and the register of 行政复议 / 行政诉讼 cases
caused by disclosure work (table 四)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import UnicodeJSONField
from gongkai.core.models import TimeStampedModel
from gongkai.reports.layout import FORMAT_2019, FORMAT_2021


class ReportKind(models.TextChoices):
    DEPARTMENT = "department", _("政府部门年度报告")
    GOVERNMENT = "government", _("人民政府年度报告")


# 第四十九条: departments publish by 31 January, governments (through their 主管部门) by 31 March.
DUE_MONTH_DAY = {ReportKind.DEPARTMENT: (1, 31), ReportKind.GOVERNMENT: (3, 31)}


class ReportFormat(models.TextChoices):
    F2021 = FORMAT_2021, _("2021年版（国办公开办函〔2021〕30号）")
    F2019 = FORMAT_2019, _("2019年试行版（国办公开办函〔2019〕60号）")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ReportSource(models.TextChoices):
    COMPUTED = "computed", _("由平台数据生成")
    IMPORTED = "imported", _("导入的既往报告")


class AnnualReport(TimeStampedModel):
    """One unit's (or one government's) report for one year. `tables` holds the three tables in the
    shape of reports.layout; a computed draft recomputes them, a published report keeps them frozen."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="annual_reports",
                             verbose_name=_("报告单位"))
    kind = models.CharField(_("报告类别"), max_length=12, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("报告年度"))
    format = models.CharField(_("格式"), max_length=4, choices=ReportFormat.choices, default=FORMAT_2021)
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    source = models.CharField(_("来源"), max_length=10, choices=ReportSource.choices, default=ReportSource.COMPUTED)
    title = models.CharField(_("标题"), max_length=200)
    section_general = models.TextField(_("一、总体情况"), blank=True)
    section_problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    section_other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    tables = UnicodeJSONField(_("统计表"), default=dict)
    computed_at = models.DateTimeField(_("统计时间"), null=True, blank=True)
    warnings = UnicodeJSONField(_("提示"), default=list, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("发布人"))
    source_filename = models.CharField(_("导入文件"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "unit__name"]
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="annual_report_one_per_unit_and_year"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def jurisdiction(self):
        return self.unit.jurisdiction

    @property
    def due_on(self) -> datetime.date:
        month, day = DUE_MONTH_DAY[ReportKind(self.kind)]
        return datetime.date(self.year + 1, month, day)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_late(self) -> bool:
        if self.published_at is None:
            return False
        return self.published_at.date() > self.due_on


class CaseKind(models.TextChoices):
    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")


class CaseResult(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class ReviewLitigationCase(TimeStampedModel):
    """A 行政复议 or 行政诉讼 case caused by disclosure work, counted in table 四 of `year`.
    No personal data: the note names the matter, not the applicant."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="review_cases",
                             verbose_name=_("被申请（被告）单位"))
    year = models.PositiveSmallIntegerField(_("统计年度"))
    kind = models.CharField(_("类别"), max_length=24, choices=CaseKind.choices)
    result = models.CharField(_("结果"), max_length=10, choices=CaseResult.choices, default=CaseResult.PENDING)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True, help_text=_("请勿填写申请人的个人信息"))

    class Meta:
        ordering = ["-year", "unit__name", "id"]
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()
