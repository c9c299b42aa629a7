from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SpecialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class SpecialDay(models.Model):
    """One announced exception to the Monday–Friday rule, with the notice it comes from."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=SpecialDayKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("安排年度"), db_index=True, help_text=_("发布该安排的通知所属年度（跨年的元旦假期属于次年）")
    )
    source_notice = models.CharField(_("依据通知"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("录入人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("特殊日")
        verbose_name_plural = _("特殊日")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"


class CalendarYear(models.Model):
    """A year whose arrangement has been loaded. Only `complete` years give definitive answers; for
    any other year the calendar answers provisionally."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    complete = models.BooleanField(_("已完整载入"), default=False)
    source_notice = models.CharField(_("依据通知"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")

    def __str__(self) -> str:
        return f"{self.year}年{'（已完整）' if self.complete else '（未完整）'}"
