from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core import clock
from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import Unit


class Role(models.TextChoices):
    INFORMATION_OFFICER = "information_officer", _("信息员")
    REVIEWER = "reviewer", _("审核员")
    DISCLOSURE_OFFICE = "disclosure_office", _("政务公开办")
    UPPER_APPROVER = "upper_approver", _("上级审批人")
    AUDITOR = "auditor", _("审计员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")


class User(AbstractUser):
    """A person's login. Belongs to one unit; what it may do comes from its memberships (roles)."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("所属单位")
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=False)
    failed_login_count = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def roles(self) -> set[str]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = set(self.memberships.values_list("role", flat=True)) if self.pk else set()
            self._roles_cache = cached
        return cached

    @property
    def audit_label(self) -> str:
        """How the audit log names the account: its login name, not the person's name."""
        return self.username

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > clock.now())


class Membership(TimeStampedModel):
    """A role an account holds in a unit. The scope of the role follows from the unit: its own items for
    officers and reviewers, the unit's jurisdiction subtree for the disclosure office, the child
    jurisdictions for the upper-level approver."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("账号"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("单位"))
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A named access token of an account for the staff API (Authorization: Bearer …), used by the integrated
    government service platform. Only its SHA-256 digest is kept: the token itself is shown once, when it is
    created. It acts with exactly its owner's rights, until it expires or is revoked (accounts.tokens)."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("账号"))
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, help_text=_("令牌开头几位，用于辨认"))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("创建人"))
    expires_at = models.DateTimeField(_("有效期至"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口访问令牌")
        verbose_name_plural = _("接口访问令牌")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def audit_label(self) -> str:
        return f"{self.owner.username} 的令牌 {self.name}"
