"""Who may do what. The one place that decides; every view, command and API call asks it.

Scopes: an information officer or reviewer acts for its own unit; a disclosure office for its unit's
jurisdiction and everything below it; an upper-level approver for the catalogs of the jurisdictions
directly below its own; an auditor reads the audit log and nothing else; a system administrator runs
technical settings (standard catalogs, the jurisdiction tree, accounts) with no content rights."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeAlias

from django.conf import settings
from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role, User
from gongkai.core.audit import record_event
from gongkai.core.errors import PermissionRefused
from gongkai.organizations.models import Jurisdiction, Unit


class Action(StrEnum):
    VIEW_BACKOFFICE = "view_backoffice"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    MANAGE_STANDARD_CATALOG = "manage_standard_catalog"
    LOAD_JURISDICTIONS = "load_jurisdictions"
    VIEW_JURISDICTION = "view_jurisdiction"
    MANAGE_UNITS = "manage_units"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_DOMAIN_ASSIGNMENTS = "manage_domain_assignments"
    VIEW_CATALOG = "view_catalog"
    EDIT_CATALOG = "edit_catalog"
    SUBMIT_CATALOG = "submit_catalog"
    APPROVE_CATALOG = "approve_catalog"
    PUBLISH_CATALOG = "publish_catalog"
    IMPORT_CATALOG = "import_catalog"
    EXPORT_CATALOG = "export_catalog"
    DRAFT_RECORD = "draft_record"
    REVIEW_RECORD = "review_record"
    OVERSEE_RECORDS = "oversee_records"
    HANDLE_REQUEST = "handle_request"
    APPROVE_EXTENSION = "approve_extension"
    SET_REQUEST_CLOCK = "set_request_clock"
    EDIT_ANNUAL_REPORT = "edit_annual_report"
    MANAGE_CALENDAR = "manage_calendar"
    RUN_INSPECTION = "run_inspection"
    SELF_CHECK = "self_check"
    VIEW_FINDINGS = "view_findings"
    ANSWER_FINDING = "answer_finding"
    WAIVE_FINDING = "waive_finding"
    ASSESS_UNITS = "assess_units"
    ISSUE_NOTICE = "issue_notice"
    VIEW_STANDARD_CATALOG = "view_standard_catalog"
    VIEW_RECORD = "view_record"
    MASK_PERSONAL_DATA = "mask_personal_data"
    MASK_IN_REVIEW = "mask_in_review"
    WITHDRAW_RECORD = "withdraw_record"
    SHOW_RECORD_TITLE = "show_record_title"
    RECORD_CHANNELS = "record_channels"
    VIEW_DOMAIN_ASSIGNMENTS = "view_domain_assignments"
    WATCH_CALENDAR = "watch_calendar"
    MANAGE_TASKS = "manage_tasks"
    VIEW_TASKS = "view_tasks"
    REPORT_TASK_PROGRESS = "report_task_progress"
    MANAGE_NEW_MEDIA = "manage_new_media"
    REPORT_NEW_MEDIA_UPDATE = "report_new_media_update"
    EDIT_LETTER_TEMPLATES = "edit_letter_templates"
    SET_STALE_THRESHOLDS = "set_stale_thresholds"
    MANAGE_SOURCE_LISTS = "manage_source_lists"
    MANAGE_CONSULTATIONS = "manage_consultations"
    MODERATE_COMMENTS = "moderate_comments"
    MANAGE_DECISION_LIST = "manage_decision_list"
    ANSWER_MESSAGE = "answer_message"
    MODERATE_MESSAGES = "moderate_messages"
    VIEW_MESSAGES = "view_messages"
    MANAGE_CONCERNS = "manage_concerns"
    MANAGE_BOUNDARIES = "manage_boundaries"
    MAINTAIN_SERVICE_GUIDES = "maintain_service_guides"
    MANAGE_SERVICE_ZONES = "manage_service_zones"
    MANAGE_DISCLOSURE_COLUMN = "manage_disclosure_column"
    ADOPT_REFERENCE_CATALOG = "adopt_reference_catalog"
    VIEW_REFERENCE_CATALOG = "view_reference_catalog"
    VIEW_ADOPTIONS = "view_adoptions"


ACTION_LABELS = {
    Action.VIEW_BACKOFFICE: "进入管理后台",
    Action.VIEW_AUDIT: "查看审计日志",
    Action.EXPORT_AUDIT: "导出审计日志",
    Action.MANAGE_STANDARD_CATALOG: "维护国家标准目录",
    Action.LOAD_JURISDICTIONS: "载入行政区划",
    Action.VIEW_JURISDICTION: "查看行政区划",
    Action.MANAGE_UNITS: "管理单位",
    Action.MANAGE_ACCOUNTS: "管理账号",
    Action.MANAGE_DOMAIN_ASSIGNMENTS: "维护领域责任分工",
    Action.VIEW_CATALOG: "查看公开事项目录",
    Action.EDIT_CATALOG: "编辑公开事项目录",
    Action.SUBMIT_CATALOG: "报送公开事项目录",
    Action.APPROVE_CATALOG: "审批公开事项目录",
    Action.PUBLISH_CATALOG: "发布公开事项目录",
    Action.IMPORT_CATALOG: "导入公开事项目录",
    Action.EXPORT_CATALOG: "导出公开事项目录",
    Action.DRAFT_RECORD: "起草本单位的政府信息",
    Action.REVIEW_RECORD: "审核、发布本单位的政府信息",
    Action.OVERSEE_RECORDS: "监督辖区内的政府信息",
    Action.HANDLE_REQUEST: "办理政府信息公开申请",
    Action.APPROVE_EXTENSION: "批准延期答复",
    Action.SET_REQUEST_CLOCK: "设置答复期限的计算方式",
    Action.EDIT_ANNUAL_REPORT: "编制政府信息公开工作年度报告",
    Action.MANAGE_CALENDAR: "维护工作日历",
    Action.RUN_INSPECTION: "发起监测检查",
    Action.SELF_CHECK: "开展自查",
    Action.VIEW_FINDINGS: "查看监测发现的问题",
    Action.ANSWER_FINDING: "报告问题整改情况",
    Action.WAIVE_FINDING: "核销监测发现的问题",
    Action.ASSESS_UNITS: "考核评分",
    Action.ISSUE_NOTICE: "起草、发布通报",
    Action.VIEW_STANDARD_CATALOG: "查看公开事项目录",  # the national standard catalog, as the staff call it
    Action.VIEW_RECORD: "查看该政府信息",
    Action.MASK_PERSONAL_DATA: "扫描、遮蔽政府信息中的个人信息",
    Action.MASK_IN_REVIEW: "在保密审查中按建议遮盖本单位政府信息中的个人信息",
    Action.WITHDRAW_RECORD: "撤回已发布的政府信息",
    Action.SHOW_RECORD_TITLE: "决定依申请公开信息的标题是否公开列出",
    Action.RECORD_CHANNELS: "登记政府信息的发布渠道和公示栏张贴",
    Action.VIEW_DOMAIN_ASSIGNMENTS: "查看领域责任分工",
    Action.WATCH_CALENDAR: "关注工作日历是否已载入",
    Action.MANAGE_TASKS: "管理工作任务台账",
    Action.VIEW_TASKS: "查看工作任务台账",
    Action.REPORT_TASK_PROGRESS: "报送工作任务进展",
    Action.MANAGE_NEW_MEDIA: "登记、变更、关停政务新媒体账号",
    Action.REPORT_NEW_MEDIA_UPDATE: "登记政务新媒体账号的更新",
    Action.EDIT_LETTER_TEMPLATES: "维护答复书模板",
    Action.SET_STALE_THRESHOLDS: "设置栏目更新时限",
    Action.MANAGE_SOURCE_LISTS: "导入权责清单等事项清单并关联目录事项",
    Action.MANAGE_CONSULTATIONS: "发布、截止征求意见，公布意见采纳情况和听证公告",
    Action.MODERATE_COMMENTS: "审核公众提交的意见",
    Action.MANAGE_DECISION_LIST: "编制、发布重大行政决策事项目录",
    Action.ANSWER_MESSAGE: "答复本单位收到的留言",
    Action.MODERATE_MESSAGES: "转办、审核、公开留言和设置留言答复时限",
    Action.VIEW_MESSAGES: "查看留言",
    Action.MANAGE_CONCERNS: "登记回应关切",
    Action.MANAGE_BOUNDARIES: "上传公开地图的行政区划边界",
    Action.MAINTAIN_SERVICE_GUIDES: "维护办事指南",
    Action.MANAGE_SERVICE_ZONES: "维护政务公开专区",
    Action.MANAGE_DISCLOSURE_COLUMN: "维护政府信息公开指南、制度和高频事项",
    Action.ADOPT_REFERENCE_CATALOG: "采用上级的参考目录",
    Action.VIEW_REFERENCE_CATALOG: "查看公开事项目录",
    Action.VIEW_ADOPTIONS: "查看下级采用参考目录的情况和差异",
}

# Actions a unit's own officer or reviewer does for its unit (target: a unit, or anything with a unit).
UNIT_ACTIONS = {
    Action.DRAFT_RECORD: {Role.INFORMATION_OFFICER},
    Action.REVIEW_RECORD: {Role.REVIEWER},
    # The reviewer, during the confidentiality review, applies the scanner's proposed masking without
    # returning the record (the officer masks a draft through DRAFT_RECORD).
    Action.MASK_IN_REVIEW: {Role.REVIEWER},
    Action.HANDLE_REQUEST: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    Action.EDIT_ANNUAL_REPORT: {Role.REVIEWER},
    Action.SELF_CHECK: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    Action.VIEW_FINDINGS: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    Action.ANSWER_FINDING: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    Action.VIEW_TASKS: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    Action.REPORT_TASK_PROGRESS: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    # The unit running a new-media account reports its updates; the office over it may too.
    Action.REPORT_NEW_MEDIA_UPDATE: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    # The drafting unit consults on its own drafts; its reviewer decides which comments show (the office may too).
    Action.MANAGE_CONSULTATIONS: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    Action.MODERATE_COMMENTS: {Role.REVIEWER},
    # A message to the unit is answered by its officer or reviewer; the office moderates it before it is public.
    Action.ANSWER_MESSAGE: {Role.INFORMATION_OFFICER, Role.REVIEWER},
    # The 办事指南 of an item: its responsible unit's officer or reviewer; the office over it too.
    Action.MAINTAIN_SERVICE_GUIDES: {Role.INFORMATION_OFFICER, Role.REVIEWER},
}
# Actions the disclosure office does over its jurisdiction subtree.
OFFICE_ACTIONS = {
    Action.MANAGE_UNITS, Action.MANAGE_DOMAIN_ASSIGNMENTS, Action.EDIT_CATALOG, Action.SUBMIT_CATALOG,
    Action.PUBLISH_CATALOG, Action.IMPORT_CATALOG, Action.OVERSEE_RECORDS, Action.HANDLE_REQUEST,
    Action.APPROVE_EXTENSION, Action.SET_REQUEST_CLOCK, Action.EDIT_ANNUAL_REPORT, Action.RUN_INSPECTION,
    Action.SELF_CHECK,
    Action.VIEW_FINDINGS, Action.WAIVE_FINDING, Action.ASSESS_UNITS, Action.ISSUE_NOTICE,
    Action.MANAGE_TASKS, Action.VIEW_TASKS, Action.MANAGE_NEW_MEDIA, Action.REPORT_NEW_MEDIA_UPDATE,
    # The reply-letter templates of a jurisdiction (the office's own, and below it: a township's letters are the
    # county office's to set too). Content: the system administrator has none (三员分立).
    Action.EDIT_LETTER_TEMPLATES,
    Action.SET_STALE_THRESHOLDS,
    Action.MANAGE_CONSULTATIONS, Action.MODERATE_COMMENTS, Action.MANAGE_DECISION_LIST,
    Action.MODERATE_MESSAGES, Action.MANAGE_CONCERNS,
    # The shapes of the disclosure map (公开地图): the office, for its jurisdiction and those below it.
    Action.MANAGE_BOUNDARIES,
    # 权责清单, 公共服务事项清单, 负面清单: imported and linked to the catalog by the office that edits the catalog.
    Action.MANAGE_SOURCE_LISTS,
    Action.MAINTAIN_SERVICE_GUIDES, Action.MANAGE_SERVICE_ZONES,
    # The 政府信息公开 column of the jurisdiction (指南 versions, 制度 documents, 高频事项), rules.md §7.7.
    Action.MANAGE_DISCLOSURE_COLUMN,
    # Which jurisdictions below took the office's reference catalog, which version, when, and what they changed.
    Action.VIEW_ADOPTIONS,
}

# Either-or rules: whoever may do one of these actions (each in its own scope) may do the composite one.
EITHER_ACTIONS = {
    # The national standard catalog: everyone who works with catalogs, and the administrator who loads it.
    Action.VIEW_STANDARD_CATALOG: (Action.VIEW_CATALOG, Action.MANAGE_STANDARD_CATALOG),
    # A record: its unit's officer and reviewer, and the offices over the unit's jurisdiction.
    Action.VIEW_RECORD: (Action.DRAFT_RECORD, Action.REVIEW_RECORD, Action.OVERSEE_RECORDS),
    # Privacy findings: the officer who drafts and the reviewer who reviews, both of the record's unit.
    Action.MASK_PERSONAL_DATA: (Action.DRAFT_RECORD, Action.REVIEW_RECORD),
    # The unit's reviewer withdraws; so does the office over its subtree (a leak found by oversight comes
    # down without waiting for the unit).
    Action.WITHDRAW_RECORD: (Action.REVIEW_RECORD, Action.OVERSEE_RECORDS),
    # Whether a 依申请公开 record's title is listed in public: the unit's reviewer or the office.
    Action.SHOW_RECORD_TITLE: (Action.REVIEW_RECORD, Action.OVERSEE_RECORDS),
    # Where a record went out (other channels, notice boards): the unit's officer who drafts it or its reviewer
    # who publishes it. The office reads them (VIEW_RECORD).
    Action.RECORD_CHANNELS: (Action.DRAFT_RECORD, Action.REVIEW_RECORD),
    # The domain-to-unit table of a jurisdiction: whoever may see the jurisdiction, and the administrator.
    Action.VIEW_DOMAIN_ASSIGNMENTS: (Action.VIEW_JURISDICTION, Action.LOAD_JURISDICTIONS),
    # Next year's working days not loaded yet: the administrator who loads them and the offices, whose
    # deadlines (and extensions) depend on them, are told.
    Action.WATCH_CALENDAR: (Action.MANAGE_CALENDAR, Action.APPROVE_EXTENSION),
    # A message: the unit it is addressed to, and the office over its jurisdiction.
    Action.VIEW_MESSAGES: (Action.ANSWER_MESSAGE, Action.MODERATE_MESSAGES),
    # A catalog's read-only screens (its own, or a reference catalog from above): whoever may see the catalog, and
    # the offices below that adopt it. One refusal message for both: the screen is a catalog either way.
    Action.VIEW_REFERENCE_CATALOG: (Action.VIEW_CATALOG, Action.ADOPT_REFERENCE_CATALOG),
}

CONTENT_ROLES = {Role.INFORMATION_OFFICER, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.UPPER_APPROVER}
# 三员分立: the technical roles are given by a system administrator, the content roles by a disclosure
# office in its subtree; nobody gives a role to their own account.
TECHNICAL_ROLES = {Role.SYSTEM_ADMIN, Role.AUDITOR}


class CommandLineOperator:
    """Whoever runs `gongkai …` on the server. They hold the database already, so no policy limits them;
    the audit log names them as 命令行."""

    pk = None
    username = "命令行"
    is_authenticated = True
    is_active = True

    def __str__(self) -> str:
        return self.username


COMMAND_LINE = CommandLineOperator()

# Who acts in a service: a signed-in user, or whoever runs `gongkai …` on the server.
Actor: TypeAlias = User | CommandLineOperator


def acting_user(actor: Actor | None) -> User | None:
    """The user to record as the author of a change (created_by, published_by …): None for the command line."""
    return actor if isinstance(actor, User) and actor.pk else None


def _memberships(user: User) -> list[Membership]:
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit__jurisdiction")) if user.pk else []
        user._membership_cache = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _jurisdictions_for(user: User, role: str) -> list[Jurisdiction]:
    return [m.unit.jurisdiction for m in _memberships(user) if m.role == role]


def _units_for(user: User, role: str) -> list[Unit]:
    return [m.unit for m in _memberships(user) if m.role == role]


def has_role(user, role: str) -> bool:
    return _active(user) and any(m.role == role for m in _memberships(user))


def _office_covers(user: User, jurisdiction: Jurisdiction) -> bool:
    return any(jurisdiction.is_within(j) for j in _jurisdictions_for(user, Role.DISCLOSURE_OFFICE))


def _approver_covers(user: User, jurisdiction: Jurisdiction) -> bool:
    return any(jurisdiction.parent_id == j.id for j in _jurisdictions_for(user, Role.UPPER_APPROVER))


def _office_below(user: User, jurisdiction: Jurisdiction) -> bool:
    """An office of `jurisdiction` or of a jurisdiction below it (the adopters of its reference catalogs)."""
    return any(j.is_within(jurisdiction) for j in _jurisdictions_for(user, Role.DISCLOSURE_OFFICE))


def _approver_of(user: User, jurisdiction: Jurisdiction) -> bool:
    return any(jurisdiction.pk == j.pk for j in _jurisdictions_for(user, Role.UPPER_APPROVER))


def _is_reference(target) -> bool | None:
    """Whether a catalog (or a version or item of one) is a reference catalog; None for other targets."""
    for path in ("is_reference", "catalog.is_reference", "version.catalog.is_reference"):
        obj = target
        try:
            for attr in path.split("."):
                obj = getattr(obj, attr)
        except AttributeError:
            continue
        if isinstance(obj, bool):
            return obj
    return None


def _member_of_jurisdiction(user: User, jurisdiction: Jurisdiction) -> bool:
    return any(
        m.unit.jurisdiction_id == jurisdiction.id for m in _memberships(user) if m.role in CONTENT_ROLES
    )


def _unit_of(target) -> Unit | None:
    """The unit a target belongs to: a unit, or an object with `unit`, `responsible_unit` or
    `assigned_unit`."""
    if isinstance(target, Unit):
        return target
    for attr in ("unit", "responsible_unit", "assigned_unit"):
        unit = getattr(target, attr, None)
        if isinstance(unit, Unit):
            return unit
    return None


def _unit_member(user: User, target, roles: set[Role]) -> bool:
    """A member of the target's unit in one of `roles`; for a jurisdiction target, a member of a unit in it."""
    if target is None:
        return any(m.role in roles for m in _memberships(user))
    if isinstance(target, Jurisdiction):
        return any(m.role in roles and m.unit.jurisdiction_id == target.id for m in _memberships(user))
    unit = _unit_of(target)
    return unit is not None and any(m.role in roles and m.unit_id == unit.id for m in _memberships(user))


def _jurisdiction_of(target) -> Jurisdiction | None:
    """The jurisdiction a target belongs to: a jurisdiction, a unit, a catalog, a version or an item."""
    if target is None:
        return None
    if isinstance(target, Jurisdiction):
        return target
    if isinstance(target, Unit):
        return target.jurisdiction
    if isinstance(target, User):
        return target.unit.jurisdiction if target.unit else None
    for path in ("jurisdiction", "unit.jurisdiction", "catalog.jurisdiction", "version.catalog.jurisdiction"):
        obj = target
        try:
            for attr in path.split("."):
                obj = getattr(obj, attr)
        except AttributeError:
            continue
        if isinstance(obj, Jurisdiction):
            return obj
    return None


def grantable_roles(user) -> set[str]:
    """Roles `user` may give to (or take from) an account (三员分立): a system administrator the technical
    roles (administrator, auditor) and never a content role — an administrator who could open an office
    account would hold every content right through it; a disclosure office the content roles, in its
    subtree. Nobody changes the roles of their own account (`role_change_refusal`)."""
    if isinstance(user, CommandLineOperator):
        return {r.value for r in Role}
    if not _active(user):
        return set()
    roles = {m.role for m in _memberships(user)}
    grantable: set[str] = set()
    if Role.SYSTEM_ADMIN in roles:
        grantable |= {r.value for r in TECHNICAL_ROLES}
    if Role.DISCLOSURE_OFFICE in roles:
        grantable |= {r.value for r in CONTENT_ROLES}
    return grantable


def role_combination_refusal(roles) -> str:
    """Why one account may not hold `roles` together ("" if it may): the auditor holds no other role
    (it audits everyone, itself included), and an administrator holds no content role."""
    roles = set(roles)
    if Role.AUDITOR in roles and len(roles) > 1:
        return "审计员不能同时担任其他角色（三员分立）。"
    if Role.SYSTEM_ADMIN in roles and roles & CONTENT_ROLES:
        return "系统管理员不能同时担任信息员、审核员、政务公开办或上级审批人（三员分立）。"
    return ""


def role_change_refusal(actor, account, before, after) -> str:
    """Why `actor` may not change `account`'s roles from `before` to `after` ("" if it may, roles being
    grantable): nobody gives or takes a role of their own account — an administrator making himself
    auditor would audit his own work."""
    if set(before) == set(after) or isinstance(actor, CommandLineOperator):
        return ""
    if getattr(actor, "pk", None) is not None and actor.pk == getattr(account, "pk", None):
        return "不能修改自己账号的角色，请由其他管理人员办理。"
    return ""


def can(user, action: Action | str, target=None) -> bool:  # noqa: C901 — the permission table itself: one branch per kind of target
    """May `user` do `action`, on `target` if given? With no target the answer is about the role alone
    (lists are then narrowed by the scopes below); a target outside every scope — or one that belongs
    to no jurisdiction at all — is refused to everyone but the roles that act everywhere."""
    if isinstance(user, CommandLineOperator):
        return True
    if not _active(user):
        return False
    action = Action(action)
    if action in EITHER_ACTIONS:
        return any(can(user, part, target) for part in EITHER_ACTIONS[action])
    roles = {m.role for m in _memberships(user)}
    jurisdiction = _jurisdiction_of(target)

    def within(covers) -> bool:
        if target is None:
            return True
        return jurisdiction is not None and covers(user, jurisdiction)

    if action in (Action.VIEW_AUDIT, Action.EXPORT_AUDIT):
        return Role.AUDITOR in roles
    if action == Action.VIEW_BACKOFFICE:
        return bool(roles)
    if action in (Action.MANAGE_STANDARD_CATALOG, Action.LOAD_JURISDICTIONS):
        return Role.SYSTEM_ADMIN in roles
    if action == Action.MANAGE_ACCOUNTS:
        as_admin = Role.SYSTEM_ADMIN in roles
        as_office = Role.DISCLOSURE_OFFICE in roles and within(_office_covers)
        if not (as_admin or as_office):
            return False
        if isinstance(target, User):
            # Nobody takes over (by a password reset, say) an account holding a role they could not give
            # there: an office an auditor's, an administrator an office's (三员分立).
            givable = ({r.value for r in TECHNICAL_ROLES} if as_admin else set()) | (
                {r.value for r in CONTENT_ROLES} if as_office else set())
            return set(target.roles) <= givable
        return True
    if action == Action.MANAGE_CALENDAR:
        return Role.SYSTEM_ADMIN in roles
    if action in UNIT_ACTIONS and _unit_member(user, target, UNIT_ACTIONS[action]):
        return True
    if action in OFFICE_ACTIONS:
        return Role.DISCLOSURE_OFFICE in roles and within(_office_covers)
    if action == Action.APPROVE_CATALOG:
        # A reference catalog is 审定 by the level that issues it (a city's coordination group, 邵放组办字〔2020〕1号),
        # or, like every catalog, by the level above.
        if Role.UPPER_APPROVER not in roles:
            return False
        return within(_approver_covers) or (_is_reference(target) is True and within(_approver_of))
    if action == Action.ADOPT_REFERENCE_CATALOG:
        # The offices below the jurisdiction that issues the reference (a county its city's), and the offices over
        # it (a county office making its villages' catalogs from a township's); never a catalog that is no reference.
        return (Role.DISCLOSURE_OFFICE in roles and _is_reference(target) is not False
                and within(lambda u, j: _office_below(u, j) or _office_covers(u, j)))
    if action in (Action.VIEW_CATALOG, Action.EXPORT_CATALOG, Action.VIEW_JURISDICTION):
        if not roles & CONTENT_ROLES:
            return False
        return within(
            lambda u, j: _office_covers(u, j) or _approver_covers(u, j) or _member_of_jurisdiction(u, j)
        )
    return False


def require(user, action: Action | str, target=None, *, ip_address: str | None = None) -> None:
    """Raise PermissionRefused (and leave an audit event) unless `user` may do `action` on `target`.

    Call it before opening the service's transaction: a refusal raised inside `transaction.atomic()`
    rolls its own audit event back."""
    if can(user, action, target):
        return
    action = Action(action)
    label = ACTION_LABELS.get(action, str(action))
    record_event(
        actor=user if _active(user) else None,
        actor_name=getattr(user, "username", "") or "anonymous",
        action="permission.refused",
        target=target if hasattr(target, "_meta") else None,
        data={"action": str(action)},
        ip_address=ip_address,
    )
    raise PermissionRefused(f"您没有权限{label}。如需办理，请联系本级政务公开办。")


def require_grantable(user, roles, *, ip_address: str | None = None) -> None:
    """Raise PermissionRefused (and leave an audit event) unless `user` may give every role in `roles`."""
    refused = sorted(set(roles) - grantable_roles(user))
    if not refused:
        return
    record_event(
        actor=user if _active(user) and getattr(user, "pk", None) else None,
        actor_name=getattr(user, "username", "") or "anonymous",
        action="permission.refused",
        data={"action": "grant_roles", "roles": refused},
        ip_address=ip_address,
    )
    labels = "、".join(str(Role(r).label) for r in refused)
    raise PermissionRefused(
        f"您没有权限分配角色：{labels}。审计员和系统管理员由系统管理员设置；信息员、审核员、政务公开办和"
        "上级审批人由本级或上级政务公开办设置（三员分立）。")


# --- Reviewer ≠ author -----------------------------------------------------------------------------

class AuthorReview(StrEnum):
    """What happens when the account that drafted or last changed a record would review or approve it
    (`GONGKAI_REVIEWER_NOT_AUTHOR`): refused, or let through with a flag stored on the record's history.
    Never silently allowed."""

    REFUSE = "refuse"
    WARN = "warn"


AUTHOR_REVIEW_REFUSED = ("您起草或最后修改了这条信息，不能由您本人进行保密审查或审核通过（起草与审核分离）。"
                         "请由本单位其他审核员办理。")
AUTHOR_REVIEW_WARNING = "您起草或最后修改了这条信息：由您本人审核将在信息的办理记录中标注“起草人本人审核”。"


def author_review_mode() -> AuthorReview:
    value = str(getattr(settings, "GONGKAI_REVIEWER_NOT_AUTHOR", "") or AuthorReview.REFUSE).strip().lower()
    return AuthorReview.WARN if value == AuthorReview.WARN else AuthorReview.REFUSE


def review_by_author(user, target) -> AuthorReview | None:
    """None when `user` is not an author of `target` (an object with `author_ids()`); else what the setting
    says to do. The command line is nobody's author."""
    if isinstance(user, CommandLineOperator) or not getattr(user, "pk", None):
        return None
    authors = target.author_ids() if hasattr(target, "author_ids") else set()
    return author_review_mode() if user.pk in authors else None


def require_not_author(user, target, *, ip_address: str | None = None) -> bool:
    """Raise PermissionRefused (and leave an audit event) when the author would review or approve `target`
    and the setting refuses it; return True when it is let through but must be flagged."""
    mode = review_by_author(user, target)
    if mode is None:
        return False
    if mode == AuthorReview.WARN:
        return True
    record_event(
        actor=user if _active(user) else None,
        actor_name=getattr(user, "username", "") or "anonymous",
        action="permission.refused",
        target=target if hasattr(target, "_meta") else None,
        data={"action": "review_own_record"},
        ip_address=ip_address,
    )
    raise PermissionRefused(AUTHOR_REVIEW_REFUSED)


# --- Scopes for selectors -------------------------------------------------------------------------

def jurisdiction_scope(user, action: Action | str = Action.VIEW_JURISDICTION) -> QuerySet[Jurisdiction]:  # noqa: C901 — one branch per role's reach (subtree, children, everywhere)
    """Jurisdictions the user may act on for `action` (subtree for offices, children for approvers)."""
    if isinstance(user, CommandLineOperator):
        return Jurisdiction.objects.all()
    if not _active(user):
        return Jurisdiction.objects.none()
    action = Action(action)
    if action in EITHER_ACTIONS:
        either = Q(pk__in=[])
        for part in EITHER_ACTIONS[action]:
            either |= Q(pk__in=jurisdiction_scope(user, part).values("pk"))
        return Jurisdiction.objects.filter(either)
    roles = {m.role for m in _memberships(user)}
    if action in (Action.LOAD_JURISDICTIONS, Action.MANAGE_STANDARD_CATALOG) and Role.SYSTEM_ADMIN in roles:
        return Jurisdiction.objects.all()
    if action == Action.MANAGE_ACCOUNTS and Role.SYSTEM_ADMIN in roles:
        return Jurisdiction.objects.all()
    q = Q(pk__in=[])
    office = Q()
    for j in _jurisdictions_for(user, Role.DISCLOSURE_OFFICE):
        office |= Q(path__startswith=j.path)
    approver = Q(parent__in=[j.id for j in _jurisdictions_for(user, Role.UPPER_APPROVER)])
    own = Q(pk__in=[m.unit.jurisdiction_id for m in _memberships(user) if m.role in CONTENT_ROLES])
    if action == Action.MANAGE_CALENDAR and Role.SYSTEM_ADMIN in roles:
        return Jurisdiction.objects.all()
    if action in UNIT_ACTIONS:
        own = Q(pk__in=[m.unit.jurisdiction_id for m in _memberships(user) if m.role in UNIT_ACTIONS[action]])
    if action == Action.APPROVE_CATALOG:
        q = approver
    elif action == Action.ADOPT_REFERENCE_CATALOG:
        above: set[str] = set()
        for j in _jurisdictions_for(user, Role.DISCLOSURE_OFFICE):
            above.update(c for c in j.path.split("/") if c)
        q = Q(code__in=sorted(above)) | (office if office else Q(pk__in=[]))
    elif action in (Action.VIEW_CATALOG, Action.EXPORT_CATALOG, Action.VIEW_JURISDICTION):
        q = (office if office else Q(pk__in=[])) | approver | own
    elif action in OFFICE_ACTIONS and action in UNIT_ACTIONS:
        q = (office if office else Q(pk__in=[])) | own
    elif action in UNIT_ACTIONS:
        q = own
    elif action in OFFICE_ACTIONS or action == Action.MANAGE_ACCOUNTS:
        q = office if office else Q(pk__in=[])
    return Jurisdiction.objects.filter(q).distinct()


def unit_scope(user, action: Action | str = Action.MANAGE_UNITS) -> QuerySet[Unit]:
    """Units the user may act for: for a unit action, its own units (plus, where the office may also do
    it, every unit of the office's subtree); otherwise the units of `jurisdiction_scope`."""
    if isinstance(user, CommandLineOperator):
        return Unit.objects.all()
    if not _active(user):
        return Unit.objects.none()
    action = Action(action)
    if action in EITHER_ACTIONS:
        either = Q(pk__in=[])
        for part in EITHER_ACTIONS[action]:
            either |= Q(pk__in=unit_scope(user, part).values("pk"))
        return Unit.objects.filter(either)
    if action in UNIT_ACTIONS:
        own = Q(pk__in=[m.unit_id for m in _memberships(user) if m.role in UNIT_ACTIONS[action]])
        office = Q(pk__in=[])
        if action in OFFICE_ACTIONS:
            for j in _jurisdictions_for(user, Role.DISCLOSURE_OFFICE):
                office |= Q(jurisdiction__path__startswith=j.path)
        return Unit.objects.filter(own | office).distinct()
    return Unit.objects.filter(jurisdiction__in=jurisdiction_scope(user, action))


def approver_jurisdictions(user) -> list[Jurisdiction]:
    """The jurisdictions a user is the upper-level approver at: their own reference catalogs are theirs to 审定."""
    if isinstance(user, CommandLineOperator) or not _active(user):
        return []
    return _jurisdictions_for(user, Role.UPPER_APPROVER)


def own_units(user) -> list[Unit]:
    """The units whose own items an officer or reviewer acts for."""
    return [m.unit for m in _memberships(user) if m.role in (Role.INFORMATION_OFFICER, Role.REVIEWER)]
