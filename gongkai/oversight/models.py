"""Inspections (dated runs of the monitoring rules) and the findings they keep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import UnicodeJSONField
from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight.checks.items import COLUMN_CLASS_LABELS, EDITABLE_CLASSES
from gongkai.oversight.rules import SEVERITY_LABELS, TARGET_LABELS


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("检查")
    SELF_CHECK = "self_check", _("自查")


class InspectionStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已完成")
    FAILED = "failed", _("未完成")


class Inspection(TimeStampedModel):
    """One dated run of every rule over a jurisdiction's subtree (检查), or over one unit's own items (自查)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="inspections",
                                     verbose_name=_("行政区划"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="self_checks",
                             verbose_name=_("自查单位"))
    kind = models.CharField(_("类型"), max_length=12, choices=InspectionKind.choices, default=InspectionKind.INSPECTION)
    status = models.CharField(_("状态"), max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.RUNNING)
    as_of = models.DateField(_("检查日期"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("发起人"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    rules_run = UnicodeJSONField(_("运行的规则"), default=list, blank=True)
    # {"found": n, "new": n, "resolved": n, "still_open": n, "evaluated": n, "skipped": n, "seconds": s}
    totals = UnicodeJSONField(_("统计"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    # Rules done of rules to run, written after each rule's transaction commits (the page polls it).
    progress_done = models.PositiveIntegerField(_("已完成规则数"), default=0)
    progress_total = models.PositiveIntegerField(_("规则总数"), default=0)
    job_id = models.CharField(_("后台任务"), max_length=64, blank=True)  # the django-tasks result id

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("检查")
        verbose_name_plural = _("检查")

    def __str__(self) -> str:
        what = self.unit.name if self.unit else self.jurisdiction.name
        return f"{what}{self.get_kind_display()}（{self.as_of:%Y年%-m月%-d日}）"

    def is_stalled(self, now) -> bool:
        """Queued or running, yet not a sign of life for longer than `OVERSIGHT_INSPECTION_STALL_MINUTES`: its job
        was killed (or no worker runs); it shows as not finished and may be run again."""
        from datetime import timedelta

        minutes = getattr(settings, "OVERSIGHT_INSPECTION_STALL_MINUTES", 30)
        return self.status in (InspectionStatus.QUEUED, InspectionStatus.RUNNING) \
            and self.updated_at < now - timedelta(minutes=minutes)

    def is_pending(self, now) -> bool:
        """Still to finish, and alive: the page keeps polling."""
        return self.status in (InspectionStatus.QUEUED, InspectionStatus.RUNNING) and not self.is_stalled(now)

    def can_rerun(self, now) -> bool:
        return self.status == InspectionStatus.FAILED or self.is_stalled(now)

    @property
    def percent(self) -> int:
        return int(self.progress_done * 100 / self.progress_total) if self.progress_total else 0


class StaleThreshold(TimeStampedModel):
    """A jurisdiction's own limit of days without an update for a column class (rules.md §7.6: local rules are often
    stricter than 19号). It applies to the jurisdiction and its subtree, unless a nearer jurisdiction sets its own."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="stale_thresholds",
                                     verbose_name=_("行政区划"))
    column_class = models.CharField(_("栏目类别"), max_length=10,
                                    choices=[(k.value, COLUMN_CLASS_LABELS[k]) for k in EDITABLE_CLASSES])
    days = models.PositiveIntegerField(_("未更新天数上限"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("设置人"))

    class Meta:
        ordering = ["jurisdiction", "column_class"]
        verbose_name = _("栏目更新时限")
        verbose_name_plural = _("栏目更新时限")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "column_class"],
                                               name="one_stale_threshold_per_class")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.get_column_class_display()} {self.days}天"


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    FIXED = "fixed", _("单位已整改待确认")
    CONFIRMED = "confirmed", _("已确认整改")
    REOPENED = "reopened", _("复查未整改")
    RESOLVED = "resolved", _("问题已消除")
    WAIVED = "waived", _("已核销")


OPEN_STATES = (FindingState.OPEN, FindingState.FIXED, FindingState.REOPENED)


class Finding(TimeStampedModel):
    """One problem one rule found about one target. Re-running finds the same row (rule + target), so first and
    last seen are kept; when the cause is gone the finding resolves itself."""

    rule = models.CharField(_("规则"), max_length=60, db_index=True)
    severity = models.CharField(_("严重程度"), max_length=10, choices=[(k.value, v) for k, v in SEVERITY_LABELS.items()])
    target_kind = models.CharField(_("对象类型"), max_length=16,
                                   choices=[(k.value, v) for k, v in TARGET_LABELS.items()])
    target = models.CharField(_("对象"), max_length=64)
    label = models.CharField(_("名称"), max_length=300)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="findings",
                                     verbose_name=_("行政区划"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="findings",
                             verbose_name=_("责任单位"))
    evidence = UnicodeJSONField(_("证据"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN)
    first_seen = models.DateField(_("首次发现"))
    last_seen = models.DateField(_("最近发现"))
    resolved_at = models.DateField(_("消除日期"), null=True, blank=True)
    first_inspection = models.ForeignKey(Inspection, null=True, on_delete=models.SET_NULL, related_name="+")
    last_inspection = models.ForeignKey(Inspection, null=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField(_("整改情况"), blank=True)
    waive_reason = models.TextField(_("核销理由"), blank=True)

    class Meta:
        ordering = ["-last_seen", "rule", "id"]
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        constraints = [models.UniqueConstraint(fields=["rule", "target_kind", "target"], name="one_finding_per_target")]
        indexes = [models.Index(fields=["jurisdiction", "state"]), models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.label}：{self.evidence.get('text', self.rule)}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def rule_title(self) -> str:
        from gongkai.oversight.rules import REGISTRY

        rule = REGISTRY.get(self.rule)
        return rule.title if rule else self.rule


class TargetState(models.Model):
    """What the last scan saw of one target for one rule: a fingerprint of its facts and the day time alone may
    change its verdict (the verdict itself is the finding, or its absence). A rescan does not evaluate a target whose fingerprint is unchanged before then."""

    jurisdiction_id = models.BigIntegerField(db_index=True)  # the target's, for loading a subtree's states at once
    unit_id = models.BigIntegerField(null=True, db_index=True)  # the responsible unit's, for proportions in scores
    rule = models.CharField(max_length=60)
    target_kind = models.CharField(max_length=16)
    target = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    recheck_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "target_kind", "target"], name="one_state_per_target")]

    def __str__(self) -> str:
        return f"{self.rule} {self.target_kind}:{self.target}"


class ScanMark(models.Model):
    """The watermark of what one rule read over one scope at its last run (`oversight.watermarks`): a rescan that
    finds the same watermark, no recheck day come and no fix to confirm reads nothing for that rule."""

    rule = models.CharField(max_length=60)
    jurisdiction_id = models.BigIntegerField()
    unit_id = models.BigIntegerField(default=0)  # a self-check's unit; 0 for an inspection of the jurisdiction
    mark = models.CharField(max_length=64)
    as_of = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "jurisdiction_id", "unit_id"], name="one_mark_per_scope")]

    def __str__(self) -> str:
        return f"{self.rule} {self.jurisdiction_id}/{self.unit_id} {self.as_of}"


class ExternalLink(models.Model):
    """The last result of the optional external link checker for one URL of a public body (`external_links`):
    kept so that a URL is not fetched again within OVERSIGHT_LINK_TTL_DAYS. ok None: not judged (robots.txt)."""

    url = models.CharField(max_length=1000, unique=True)
    host = models.CharField(max_length=255, db_index=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    note = models.CharField(max_length=200, blank=True)
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.url} {self.status or '-'}"


class FindingEvent(models.Model):
    """The history of a finding: found, answered by the unit, confirmed or reopened by an inspection, waived."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(max_length=10, choices=FindingState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=FindingState.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["finding", "at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.from_state} → {self.to_state}"


class DeductionSource(models.TextChoices):
    MANUAL = "manual", _("人工评定")
    HIGHER_LEVEL = "higher_level", _("上级检查")
    THIRD_PARTY = "third_party", _("第三方评估")
    PUBLIC_REVIEW = "public_review", _("社会评议")


class Deduction(TimeStampedModel):
    """Points a unit lost on an indicator in a period by a person's judgement or another body's assessment, with
    the document it rests on (rules.md §9: indicators judged by hand, 第三方评估, 社会评议)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deductions", verbose_name=_("单位"))
    scheme = models.CharField(_("考核指标体系"), max_length=40)
    indicator = models.CharField(_("指标"), max_length=80)
    period = models.CharField(_("考核期"), max_length=7, help_text=_("YYYY-MM"))
    points = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("扣分理由"))
    source = models.CharField(_("来源"), max_length=16, choices=DeductionSource.choices, default=DeductionSource.MANUAL)
    document = models.CharField(_("依据文件"), max_length=300, blank=True, help_text=_("如上级通报的文号"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("录入人"))

    class Meta:
        ordering = ["period", "unit", "indicator", "id"]
        verbose_name = _("扣分")
        verbose_name_plural = _("扣分")
        indexes = [models.Index(fields=["scheme", "period"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.period} {self.indicator} −{self.points}"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Notice(TimeStampedModel):
    """A 通报 drafted from an inspection: units ranked, findings per unit, a rectification deadline; edited by the
    office, exported in the 公文 layout (版头, 文号, 标题, 正文, 落款, 日期) and published on the portal."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="notices",
                                     verbose_name=_("行政区划"))
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="notices", verbose_name=_("检查"))
    issuer = models.CharField(_("发文机关"), max_length=100)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送"), max_length=200, blank=True)
    body = models.TextField(_("正文"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    signed_by = models.CharField(_("落款"), max_length=100)
    dated = models.DateField(_("成文日期"))
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-dated", "-id"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.splitlines() if p.strip()]


class TaskState(models.TextChoices):
    OPEN = "open", _("办理中")
    REPORTED = "reported", _("已报告完成待确认")
    CONFIRMED = "confirmed", _("已确认完成")


class Task(TimeStampedModel):
    """One line of a task-breakdown table (工作任务分解表): what is to be done, by which unit (责任单位), with
    which units guiding (指导单位), by when (完成时限). Overdue is derived from the due date, never stored."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="tasks",
                                     verbose_name=_("行政区划"))
    number = models.CharField(_("序号"), max_length=20, blank=True)
    title = models.CharField(_("工作任务"), max_length=500)
    content = models.TextField(_("具体内容"), blank=True)
    source_title = models.CharField(_("文件名称"), max_length=300, blank=True)
    source_number = models.CharField(_("文号"), max_length=100, blank=True)
    responsible_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tasks",
                                         verbose_name=_("责任单位"))
    guiding_units = models.ManyToManyField(Unit, blank=True, related_name="guided_tasks", verbose_name=_("指导单位"))
    due_on = models.DateField(_("完成时限"), null=True, blank=True, help_text=_("空表示长期坚持"))
    due_text = models.CharField(_("完成时限（原文）"), max_length=100, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    confirmed_on = models.DateField(_("确认完成日期"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("确认人"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        indexes = [models.Index(fields=["jurisdiction", "state"]), models.Index(fields=["responsible_unit", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def due_label(self) -> str:
        if self.due_on is None:
            return self.due_text or "长期坚持"
        return f"{self.due_on:%Y年%-m月%-d日}"

    def is_overdue(self, today) -> bool:
        from gongkai.oversight.tasks import is_overdue

        return is_overdue(self.state, self.due_on, today)


def _progress_path(instance: TaskProgress, filename: str) -> str:
    return f"tasks/{instance.task_id}/{filename}"


class TaskProgress(TimeStampedModel):
    """A unit's report on a task: what was done by a date, with a file as evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress", verbose_name=_("工作任务"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送单位"))
    reported_on = models.DateField(_("报送日期"))
    text = models.TextField(_("进展情况"))
    attachment = models.FileField(_("附件"), upload_to=_progress_path, blank=True, max_length=300)
    attachment_name = models.CharField(_("附件名称"), max_length=200, blank=True)
    marks_done = models.BooleanField(_("报告已完成"), default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("报送人"))

    class Meta:
        ordering = ["task", "reported_on", "id"]
        verbose_name = _("工作任务进展")
        verbose_name_plural = _("工作任务进展")

    def __str__(self) -> str:
        return f"{self.task_id} {self.unit} {self.reported_on}"


class TaskReminder(models.Model):
    """A reminder of a task sent to its responsible unit's accounts on a day (idempotence of `gongkai tasks
    remind`, and what the task page shows as sent)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("工作任务"))
    sent_on = models.DateField(_("提醒日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=[("due_soon", _("临期")), ("overdue", _("逾期"))])
    workdays_left = models.SmallIntegerField(_("剩余工作日"), help_text=_("逾期为负数"))
    due_on = models.DateField(_("完成时限"))
    recipients = UnicodeJSONField(_("收件人"), default=list, blank=True)

    class Meta:
        ordering = ["task", "-sent_on"]
        constraints = [models.UniqueConstraint(fields=["task", "sent_on"], name="one_task_reminder_per_day")]
        verbose_name = _("工作任务提醒")
        verbose_name_plural = _("工作任务提醒")

    def __str__(self) -> str:
        return f"{self.task_id} {self.sent_on.isoformat()}"

    @property
    def text(self) -> str:
        if self.kind == "overdue":
            return f"已逾期{-self.workdays_left}个工作日"
        return f"距完成时限还有{self.workdays_left}个工作日"
