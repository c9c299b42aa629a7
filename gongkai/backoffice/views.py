"""The back office's home: the dashboard of each role and the large-type switch (what every view shares
is in `plumbing.py`). Views parse and render; services and selectors decide."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render

from gongkai.accounts.policies import Action, can, own_units
from gongkai.backoffice.plumbing import backoffice_view
from gongkai.backoffice.views_oversight import fix_link
from gongkai.backoffice.views_requests import urgency
from gongkai.calendars.selectors import missing_next_year_warning
from gongkai.catalog import selectors
from gongkai.catalog.models import VersionStatus
from gongkai.core import clock, preferences
from gongkai.disclosure_requests import selectors as request_selectors
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel, Unit
from gongkai.oversight import selectors as oversight_selectors
from gongkai.publishing import selectors as record_selectors

# --- screens ---------------------------------------------------------------------------------------


def large_type(request):
    """Switch the elder-friendly large type on or off (a cookie; works without JavaScript)."""
    return preferences.toggle(request, preferences.LARGE_TYPE_COOKIE, "/admin/")


@backoffice_view
def dashboard(request):
    user = request.user
    context = {"sections": []}
    if can(user, Action.EDIT_CATALOG):
        context["office"] = _office_dashboard(user)
    if can(user, Action.APPROVE_CATALOG):
        context["awaiting"] = list(selectors.versions_awaiting_approval(user))
    context["todo"] = _todo(user)
    units = own_units(user)
    if units:
        context["own_units"] = units
        context["own_items"] = _items_by_catalog(selectors.published_items_of_units(units))
        if can(user, Action.VIEW_FINDINGS):
            context["unit_oversight"] = _unit_oversight(user, units)
    # Oversight: every unit's score, open findings by rule, overdue tasks and the trend (issue 8).
    if can(user, Action.ASSESS_UNITS):
        context["oversight"] = oversight_selectors.office_overview(user, today=clock.today())
    if can(user, Action.VIEW_AUDIT):
        context["auditor"] = True
    if can(user, Action.MANAGE_STANDARD_CATALOG):
        context["admin"] = _admin_dashboard()
    # Open requests by working days left.
    if can(user, Action.HANDLE_REQUEST):
        context["requests"] = _requests_dashboard(user)
    # From November, warn when next year's working days are not loaded.
    if can(user, Action.WATCH_CALENDAR):
        context["calendar_warning"] = missing_next_year_warning(clock.today())
        context["calendar_manage"] = can(user, Action.MANAGE_CALENDAR)
    return render(request, "backoffice/dashboard.html", context)


def _todo(user) -> dict:
    """Each role's own to-do, first on the page: counts from a fixed number of queries, the first few records."""
    may_draft, may_review = can(user, Action.DRAFT_RECORD), can(user, Action.REVIEW_RECORD)
    oversee = can(user, Action.OVERSEE_RECORDS)
    if not (may_draft or may_review or oversee):
        return {}
    counts = record_selectors.record_todo_counts(user, today=clock.today())
    return {
        "counts": counts,
        "may_draft": may_draft,
        "may_review": may_review,
        "oversee": oversee,
        "to_review": list(record_selectors.records_to_review(user)[:TODO_ROWS]) if counts["to_review"] else [],
        "returned": list(record_selectors.records_returned(user)[:TODO_ROWS]) if counts["returned"] else [],
    }


TODO_ROWS = 8


def _items_by_catalog(items) -> list[tuple]:
    """The unit's items under one heading per catalog (the title is not repeated on every row)."""
    groups: dict = {}
    for item in items:
        groups.setdefault(item.version.catalog, []).append(item)
    return list(groups.items())


def _office_dashboard(user) -> dict:
    catalogs = list(selectors.catalogs_for(user, Action.EDIT_CATALOG).prefetch_related("versions"))
    working = [v for c in catalogs for v in c.versions.all() if v.status != VersionStatus.SUPERSEDED]
    open_versions = [v for v in working if v.status != VersionStatus.PUBLISHED]
    no_unit_by_version = selectors.items_without_unit_counts(open_versions)
    pending = []
    for v in open_versions:
        if v.status in (VersionStatus.DRAFT, VersionStatus.RETURNED):
            missing = no_unit_by_version.get(v.id, 0)
            what = "已被退回，请按审批意见修改后重新报送" if v.status == VersionStatus.RETURNED else "编辑完成后报送上级审批"
            if missing:
                what += f"（尚有 {missing} 个事项未指定责任单位）"
            pending.append((v, what))
        elif v.status == VersionStatus.APPROVED:
            pending.append((v, "已审批通过，待发布"))
        elif v.status == VersionStatus.SUBMITTED:
            pending.append((v, "已报送，等待上级审批"))
    not_handled = selectors.domains_not_handled(working)
    domains_not_applicable = [(v, entry) for v in working for entry in not_handled.get(v.id, [])]
    return {
        "catalogs": catalogs,
        "pending": pending,
        "no_unit": [(v, no_unit_by_version[v.id]) for v in open_versions if no_unit_by_version.get(v.id)],
        "domains_not_applicable": domains_not_applicable,
    }


def _unit_oversight(user, units) -> dict:
    """The unit's own open findings, each with how to fix it and a link to the screen where it does, and its tasks
    coming due (issue 8)."""
    found = oversight_selectors.unit_overview(user, units, today=clock.today())
    found["findings"] = [(finding, rule, fix_link(target)) for finding, rule, target in found["findings"]]
    return found


def _requests_dashboard(user) -> dict:
    """Open requests the user handles, fewest working days left first; the urgent ones (≤5) listed."""
    rows = request_selectors.open_requests(user, today=clock.today())
    urgent = [(r, *urgency(r.workdays_left)) for r in rows if r.workdays_left is not None and r.workdays_left <= 5]
    return {"open": len(rows), "urgent": urgent[:10], "more": max(0, len(urgent) - 10),
            "overdue": sum(1 for r in rows if r.workdays_left is not None and r.workdays_left < 0),
            "due_soon": sum(1 for r in rows if r.workdays_left is not None and 0 <= r.workdays_left <= 5)}


def _admin_dashboard() -> dict:
    guidelines = list(selectors.guidelines_overview())
    levels = dict(Jurisdiction.objects.values_list("level").annotate(n=Count("id")).order_by())
    return {
        "guidelines": guidelines,
        "partial": sum(1 for g in guidelines if g.completeness == "partial"),
        "items": sum(g.item_count for g in guidelines),  # type: ignore[attr-defined]  # annotated by the selector
        "levels": [(label, levels.get(value, 0)) for value, label in JurisdictionLevel.choices],
        "roots": list(Jurisdiction.objects.filter(parent__isnull=True).order_by("code")),
        "units": Unit.objects.count(),
    }
