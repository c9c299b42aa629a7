"""Template helpers of the back office: the navigation by role, the user's header line, and the small
renderings shared by the catalog screens (lists, time-limit badges, version status badges)."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from gongkai.accounts.models import Role
from gongkai.accounts.policies import Action, can
from gongkai.core import preferences

register = template.Library()

# (label, url name or (url name, fallback path), actions of which one is enough, path prefix for "current")
NAV: list[tuple[str, str | tuple[str, str], list[Action], str | tuple[str, ...] | None]] = [
    ("工作台", "backoffice:dashboard", [Action.VIEW_BACKOFFICE], None),
    ("标准目录", "backoffice:standard_domains", [Action.VIEW_CATALOG, Action.MANAGE_STANDARD_CATALOG], "standard/"),
    ("公开事项目录", "backoffice:catalogs", [Action.VIEW_CATALOG], ("catalogs/", "versions/", "items/")),
    ("行政区划", "backoffice:jurisdictions", [Action.VIEW_JURISDICTION, Action.LOAD_JURISDICTIONS],
     "jurisdictions/"),
    ("信息发布", ("backoffice:records", "/admin/records/"),
     [Action.DRAFT_RECORD, Action.REVIEW_RECORD, Action.OVERSEE_RECORDS], "records/"),
    ("依申请公开", ("backoffice:requests", "/admin/requests/"), [Action.HANDLE_REQUEST], "requests/"),
    ("年度报告", ("backoffice:annual_reports", "/admin/reports/"), [Action.EDIT_ANNUAL_REPORT], "reports/"),
    ("监测检查", "backoffice:oversight", [Action.VIEW_FINDINGS], "oversight/"),
    ("政务新媒体", "backoffice:new_media_accounts", [Action.REPORT_NEW_MEDIA_UPDATE], "channels/new-media/"),
    ("征求意见", "backoffice:consultations", [Action.MANAGE_CONSULTATIONS], ("consultations/", "consultation-decisions/")),
    ("留言办理", "backoffice:messages", [Action.VIEW_MESSAGES], "messages/"),
    ("回应关切", "backoffice:concerns", [Action.MANAGE_CONCERNS], "concerns/"),
    ("办事服务", "backoffice:guides", [Action.MAINTAIN_SERVICE_GUIDES, Action.MANAGE_SERVICE_ZONES],
     ("services/", "zones/")),
    ("工作日历", ("backoffice:calendar", "/admin/calendar/"), [Action.MANAGE_CALENDAR], "calendar/"),
    ("公开专栏", "backoffice:columns", [Action.MANAGE_DISCLOSURE_COLUMN], "column/"),
    ("单位", "backoffice:units", [Action.MANAGE_UNITS], "units/"),
    ("账号", ("backoffice:accounts", "/admin/accounts/"), [Action.MANAGE_ACCOUNTS], "accounts/"),
    ("审计日志", ("backoffice:audit", "/admin/audit/"), [Action.VIEW_AUDIT], "audit/"),
]


def url_or_path(name: str, fallback: str = "") -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag(takes_context=True)
def backoffice_nav(context) -> list[dict]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    admin_root = url_or_path("backoffice:dashboard", "/admin/")
    current = request.path[len(admin_root):] if request.path.startswith(admin_root) else None
    entries = []
    for label, name, actions, prefix in NAV:
        if not any(can(user, a) for a in actions):
            continue
        url = url_or_path(name[0], name[1]) if isinstance(name, tuple) else url_or_path(name)
        if prefix is None:
            active = current == ""
        else:
            prefixes = prefix if isinstance(prefix, tuple) else (prefix,)
            active = current is not None and current.startswith(prefixes)
        entries.append({"label": label, "url": url, "active": active})
    return entries


@register.simple_tag(takes_context=True)
def bo_url(context, name: str, fallback: str) -> str:
    """The URL of a named page, or a plain path while that page is still being built."""
    return url_or_path(name, fallback)


@register.filter
def role_labels(user) -> str:
    roles = getattr(user, "roles", None) or []
    order = [r.value for r in Role]
    return "、".join(str(Role(r).label) for r in sorted(roles, key=order.index))


@register.filter
def large_type(request) -> bool:
    return preferences.is_on(request, preferences.LARGE_TYPE_COOKIE)


@register.filter
def lines(value) -> str:
    """A list field as one entry per line (the form's textarea format)."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return "\n".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)


@register.filter
def joined(value, sep: str = "、") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return sep.join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


STATUS_CLASSES = {
    "draft": "", "submitted": "warn", "returned": "bad", "approved": "ok", "published": "ok", "superseded": "",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")


# --- time limits ---------------------------------------------------------------------------------

def _rule_text(rule: dict) -> str | None:
    """A short Chinese rendering of a parsed time-limit rule (gongkai.catalog.time_limits), or None when
    the text was not understood. Working days read “20个工作日（信息形成或变更之日起）”."""
    if not isinstance(rule, dict) or not rule or rule.get("kind") in (None, "", "unparsed"):
        return None
    if rule.get("parsed") is False:
        return None
    if rule["kind"] == "working_days" and rule.get("days"):
        event = rule.get("event_label") if rule.get("event", "unspecified") != "unspecified" else ""
        return f"{rule['days']}个工作日" + (f"（{event}之日起）" if event else "")
    try:
        from gongkai.catalog.time_limits import describe

        return describe(rule) or None
    except (ImportError, KeyError, TypeError, ValueError):
        return None


def _parse(text: str) -> dict:
    """Rows stored before the parser existed carry no rule: read the text now (a pure function)."""
    try:
        from gongkai.catalog.time_limits import parse_time_limit
    except ImportError:
        return {}
    try:
        return parse_time_limit(text) or {}
    except Exception:  # noqa: BLE001 — a display must not fail on one odd cell
        return {}


@register.inclusion_tag("backoffice/_time_limit.html")
def time_limit(obj) -> dict:
    rule = getattr(obj, "time_limit_rule", None) or {}
    text = getattr(obj, "time_limit", "") or ""
    if not rule and text.strip():
        rule = _parse(text)
    return {"text": text, "rule_text": _rule_text(rule), "has_text": bool(text.strip())}
