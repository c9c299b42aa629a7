import hashlib
import hmac
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import UnicodeJSONField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


APPEND_ONLY = "审计日志只能追加，不能修改"
NO_DELETE = "审计日志只能追加，不能删除（保存期不少于六个月，本系统不提供删除）"


def audit_key() -> bytes:
    """The audit chain's HMAC key: `GONGKAI_AUDIT_KEY_FILE` (a file readable by the application only) or
    `GONGKAI_AUDIT_KEY`. Never stored in the database: whoever holds only the database cannot recompute
    the chain."""
    path = getattr(settings, "GONGKAI_AUDIT_KEY_FILE", "")
    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"审计日志密钥文件 {path} 无法读取：{exc}") from exc
    else:
        key = (getattr(settings, "GONGKAI_AUDIT_KEY", "") or "").encode("utf-8")
    if len(key) < 16:
        raise ImproperlyConfigured(
            "审计日志密钥未配置或太短（至少 16 个字符）：请设置 GONGKAI_AUDIT_KEY_FILE（推荐）或 GONGKAI_AUDIT_KEY。")
    return key


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError(APPEND_ONLY)

    def delete(self):
        raise PermissionError(NO_DELETE)

    def _raw_delete(self, using):
        raise PermissionError(NO_DELETE)


class AuditEvent(models.Model):
    """One append-only event. `hash` is a keyed hash (HMAC) of the event's content and the previous
    event's hash, so that editing or deleting any row breaks the chain from that row on, and nobody
    without the key can recompute it (see core.audit.verify_chain and the anchors)."""

    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    data = UnicodeJSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        # Related deletes go through the append-only manager too.
        base_manager_name = "objects"
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(NO_DELETE)

    def content_for_hash(self) -> str:
        payload = {
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_repr": self.target_repr,
            "data": self.data,
            "ip_address": self.ip_address,
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)

    def compute_hash(self, key: bytes | None = None) -> str:
        """HMAC-SHA256 under the audit key of the previous hash and this event's content."""
        message = (self.prev_hash + "\n" + self.content_for_hash()).encode("utf-8")
        return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()
