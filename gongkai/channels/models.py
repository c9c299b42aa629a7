"""Channels beyond the portal (公开渠道和载体): where, when and by whom a record was also published, and the
bulletins printed for village and community notice boards, each tied to the revision it shows.

Publishing on the portal, the search index and the feeds is the publishing app's; this app records the
other channels of a catalog item (两微一端, 公示栏, 广播, 政务服务中心 …)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.channels import printed_state
from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import Unit
from gongkai.publishing.models import Record, RecordRevision


class ChannelKind(models.TextChoices):
    """The 13 boxes of the catalog template's channel checklist (catalog 公开渠道和载体), in its order."""

    GOVERNMENT_WEBSITE = "government_website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    NEW_MEDIA = "new_media", _("两微一端")
    PRESS_CONFERENCE = "press_conference", _("发布会/听证会")
    BROADCAST = "broadcast", _("广播电视")
    PRINT_MEDIA = "print_media", _("纸质媒体")
    READING_POINT = "reading_point", _("公开查阅点")
    SERVICE_CENTER = "service_center", _("政务服务中心")
    SERVICE_STATION = "service_station", _("便民服务站")
    DOOR_TO_DOOR = "door_to_door", _("入户/现场")
    NOTICE_BOARD = "notice_board", _("社区/企事业单位/村公示栏(电子屏)")
    TARGETED_PUSH = "targeted_push", _("精准推送")
    OTHER = "other", _("其他")


# Channels whose publication only means something with the place or platform named.
CHANNELS_NEEDING_WHERE = frozenset({
    ChannelKind.NEW_MEDIA, ChannelKind.READING_POINT, ChannelKind.SERVICE_CENTER, ChannelKind.SERVICE_STATION,
    ChannelKind.NOTICE_BOARD, ChannelKind.OTHER, ChannelKind.PRINT_MEDIA, ChannelKind.BROADCAST,
})
# Attribute on a Record object holding the last change of its entries (set by selectors, else computed once).
ENTRIES_CHANGED_AT = "_channels_entries_changed_at"
# The catalog's channel names (exchange.catalog_table.STANDARD_CHANNELS) → kind, to offer an item's own.
KIND_BY_CATALOG_NAME = {str(label): value for value, label in ChannelKind.choices}


class NewMediaPlatform(models.TextChoices):
    """Platforms of government new media (政务新媒体: 两微一端 and the short-video platforms counties use)."""

    WECHAT_OFFICIAL = "wechat_official", _("微信公众号")
    WECHAT_CHANNELS = "wechat_channels", _("微信视频号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    KUAISHOU = "kuaishou", _("快手")
    APP = "app", _("移动客户端")
    MINI_PROGRAM = "mini_program", _("小程序")
    OTHER = "other", _("其他")


class NewMediaAccount(TimeStampedModel):
    """A government new-media account (政务新媒体) in the jurisdiction's register: which unit runs it, who
    manages it (专人管理), how its posts are reviewed, when it opened or closed, and the day it was last
    updated — oversight flags an open account silent for more than two weeks (rules §7.4)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="new_media_accounts",
                             verbose_name=_("主办单位"))
    platform = models.CharField(_("平台"), max_length=20, choices=NewMediaPlatform.choices)
    name = models.CharField(_("账号名称"), max_length=100, help_text=_("如 大祥发布"))
    account_id = models.CharField(_("账号ID"), max_length=100, blank=True, help_text=_("微信号、微博ID等，可不填"))
    url = models.URLField(_("账号主页"), max_length=500, blank=True)
    operator = models.CharField(_("管理人"), max_length=100, help_text=_("负责日常运维的专人"))
    operator_phone = models.CharField(_("管理人电话"), max_length=40, blank=True)
    review_arrangement = models.CharField(
        _("审核机制"), max_length=300, help_text=_("如 三审三校：编辑初审、科室负责人复审、分管领导终审"))
    opened_on = models.DateField(_("开设日期"))
    closed_on = models.DateField(_("关停日期"), null=True, blank=True)
    closed_reason = models.CharField(_("关停原因"), max_length=300, blank=True)
    last_update_on = models.DateField(_("最近更新日期"), null=True, blank=True)

    class Meta:
        ordering = ["unit__jurisdiction__code", "unit__name", "platform", "name"]
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        constraints = [models.UniqueConstraint(
            fields=["platform", "name"], condition=models.Q(closed_on__isnull=True),
            name="new_media_account_open_name_unique")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}“{self.name}”"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ChannelPublication(TimeStampedModel):
    """A record published on one more channel: which, where (which village's board, which account), when
    and by whom. `revision` is the public revision at the time it was recorded."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="channel_publications",
                               verbose_name=_("政府信息"))
    revision = models.ForeignKey(RecordRevision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="channel_publications", verbose_name=_("发布的版本"))
    channel = models.CharField(_("渠道"), max_length=24, choices=ChannelKind.choices)
    where = models.CharField(_("发布位置"), max_length=200, blank=True,
                             help_text=_("如 城西社区公示栏、“大祥发布”微信公众号、区政务服务中心一楼查阅点"))
    published_on = models.DateField(_("发布日期"))
    done_by = models.CharField(_("经办人"), max_length=100)
    link = models.URLField(_("链接"), blank=True, max_length=500)
    note = models.TextField(_("备注"), blank=True)
    account = models.ForeignKey(NewMediaAccount, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="publications", verbose_name=_("政务新媒体账号"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("登记人"))

    class Meta:
        ordering = ["record", "-published_on", "-id"]
        verbose_name = _("渠道发布记录")
        verbose_name_plural = _("渠道发布记录")
        indexes = [models.Index(fields=["record", "channel"])]

    def __str__(self) -> str:
        where = f"（{self.where}）" if self.where else ""
        return f"{self.record}：{self.get_channel_display()}{where} {self.published_on:%Y-%m-%d}"

    @property
    def unit(self):
        return self.record.unit


class PrintedCopy(models.Model):
    """A bulletin printed for a notice board: the revision it shows, for which board, when, by whom.

    `state` (and `out_of_date`) compare the printed revision with the record's public one; load the copy
    with `record__public_revision` (selectors do)."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="printed_copies",
                               verbose_name=_("政府信息"))
    revision = models.ForeignKey(RecordRevision, on_delete=models.PROTECT, related_name="printed_copies",
                                 verbose_name=_("打印的版本"))
    revision_number = models.PositiveIntegerField(_("版本号"))
    board = models.CharField(_("公示栏"), max_length=200, help_text=_("如 罗市镇新华村村务公开栏"))
    board_key = models.CharField(max_length=200, editable=False, db_index=True)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    public_url = models.URLField(_("网上原文地址"), max_length=500)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    printed_at = models.DateTimeField(_("打印时间"))
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("打印人"))
    printed_by_name = models.CharField(_("打印人"), max_length=150, blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="replaces", verbose_name=_("更换为"))

    class Meta:
        ordering = ["record", "-printed_at", "-id"]
        verbose_name = _("纸质公告")
        verbose_name_plural = _("纸质公告")
        indexes = [models.Index(fields=["record", "board_key"])]

    def __str__(self) -> str:
        return f"{self.record}（第{self.revision_number}版，{self.board}）"

    def save(self, *args, **kwargs):
        self.board_key = printed_state.board_key(self.board)
        super().save(*args, **kwargs)

    @property
    def unit(self):
        return self.record.unit

    @property
    def state(self) -> printed_state.CopyState:
        return printed_state.copy_state(
            printed_revision_id=self.revision_id,
            public_revision_id=self.record.public_revision_id,
            record_is_public=self.record.is_public,
            replaced=self.replaced_by_id is not None,
            entries_changed=self.entries_changed_after_printing,
        )

    @property
    def entries_changed_after_printing(self) -> bool:
        """Entries are edited in place, not revised: compare their last change with the print time. The
        latest change is cached on the record object (selectors preload it for lists)."""
        if not hasattr(self.record, ENTRIES_CHANGED_AT):
            latest = self.record.entries.aggregate(latest=models.Max("updated_at"))["latest"]
            setattr(self.record, ENTRIES_CHANGED_AT, latest)
        latest = getattr(self.record, ENTRIES_CHANGED_AT)
        return latest is not None and latest > self.printed_at

    @property
    def out_of_date(self) -> bool:
        """A record changed (or withdrawn) after printing makes its printed copies out of date."""
        return printed_state.is_out_of_date(self.state)

    @property
    def state_label(self) -> str:
        return printed_state.STATE_LABELS[self.state]

    @property
    def needs_action(self) -> bool:
        return printed_state.needs_action(self.state)

    @property
    def advice(self) -> str:
        return printed_state.STATE_ADVICE[self.state]
