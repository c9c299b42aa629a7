"""办事服务 screens. 办事指南: the list of the guides the user maintains, a new guide under an item of a
published catalog, editing and deleting one (its unit's officer or reviewer, the office over it). 政务公开专区:
the register, a zone with its 五统一 checklist ticked, the jurisdiction's checklist (the office). Views parse
and render; `guides.services` decides and audits."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.accounts.policies import Action, can, jurisdiction_scope
from gongkai.backoffice.forms_guides import ConfirmForm, ServiceGuideForm, ServiceZoneForm, ZoneChecklistForm
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.catalog.models import CatalogVersion, VersionStatus
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import page_of
from gongkai.guides import selectors, services
from gongkai.guides.models import ServiceGuide, ServiceZone


def _show_problems(form, exc_problems: dict[str, str]) -> None:
    for field, message in exc_problems.items():
        form.add_error(field if field in form.fields else None, message)


def _save_guide(form, call, **kwargs):
    """`attempt`, with a guide's missing elements shown on their own fields."""
    try:
        return call(**kwargs), True
    except services.GuideInvalid as exc:
        _show_problems(form, exc.problems)
        return None, False
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        form.add_error(None, exc.message)
        return None, False


@backoffice_view
def guides(request):
    guard(request, Action.VIEW_BACKOFFICE)
    may_guides = can(request.user, Action.MAINTAIN_SERVICE_GUIDES)
    if not (may_guides or can(request.user, Action.MANAGE_SERVICE_ZONES)):
        guard(request, Action.MAINTAIN_SERVICE_GUIDES)
    query = (request.GET.get("q") or "").strip()[:50]
    listed = selectors.guides_for(request.user)
    if query:
        listed = listed.filter(name__icontains=query)
    page = page_of(listed.order_by("jurisdiction__code", "domain__order", "name", "id"), 50, request.GET.get("page"))
    return render(request, "backoffice/guides/list.html", {
        "page": page, "query": query, "may_guides": may_guides,
        "may_zones": can(request.user, Action.MANAGE_SERVICE_ZONES)})


def _published_versions(user):
    scope = jurisdiction_scope(user, Action.MAINTAIN_SERVICE_GUIDES)
    return CatalogVersion.objects.filter(status=VersionStatus.PUBLISHED, catalog__jurisdiction__in=scope)


@backoffice_view
def guide_new(request):
    guard(request, Action.MAINTAIN_SERVICE_GUIDES)
    items = selectors.items_for_guides(request.user, _published_versions(request.user))
    initial = {"online_mode": "partial"}
    if request.GET.get("item"):
        initial["item"] = items.filter(key=request.GET["item"]).values_list("pk", flat=True).first()
    form = ServiceGuideForm(posted(request), items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        guide, ok = _save_guide(form, services.service_guide_create, actor=request.user,
                            item=form.cleaned_data["item"], **form.values())
        if ok:
            messages.success(request, f"已新增办事指南“{guide.name}”。")
            return redirect("backoffice:guide", guide.pk)
    return render(request, "backoffice/guides/form.html", {"form": form, "guide": None},
                  status=400 if form.errors else 200)


def _guide(request, pk) -> ServiceGuide:
    guide = get_object_or_404(ServiceGuide.objects.select_related("jurisdiction", "unit", "domain"), pk=pk)
    guard(request, Action.MAINTAIN_SERVICE_GUIDES, guide)
    return guide


@backoffice_view
def guide_edit(request, pk):
    guide = _guide(request, pk)
    form = ServiceGuideForm(posted(request), initial={f: getattr(guide, f) for f in services.GUIDE_FIELDS})
    if request.method == "POST" and form.is_valid():
        _, ok = _save_guide(form, services.service_guide_change, actor=request.user,
                        guide=guide, **form.values())
        if ok:
            messages.success(request, "已保存办事指南。")
            return redirect("backoffice:guide", guide.pk)
    return render(request, "backoffice/guides/form.html", {"form": form, "guide": guide,
                                                            "delete_form": ConfirmForm()},
                  status=400 if form.errors else 200)


@backoffice_view
def guide_delete(request, pk):
    guide = _guide(request, pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.service_guide_delete, actor=request.user, guide=guide)
        if ok:
            messages.success(request, f"已删除办事指南“{guide.name}”。")
            return redirect("backoffice:guides")
    return render(request, "backoffice/guides/delete.html", {"form": form, "guide": guide},
                  status=400 if form.errors else 200)


# --- 政务公开专区 ----------------------------------------------------------------------------------

def _scope(request):
    return jurisdiction_scope(request.user, Action.MANAGE_SERVICE_ZONES).order_by("code")


@backoffice_view
def zones(request):
    guard(request, Action.MANAGE_SERVICE_ZONES)
    listed = selectors.zones_for(request.user).order_by("jurisdiction__code", "name", "id")
    return render(request, "backoffice/guides/zones.html", {"zones": page_of(listed, 50, request.GET.get("page"))})


@backoffice_view
def zone_new(request):
    guard(request, Action.MANAGE_SERVICE_ZONES)
    scope = _scope(request)
    chosen = scope.filter(pk=request.POST.get("jurisdiction") or request.GET.get("j") or 0).first() or scope.first()
    checklist = selectors.checklist_of(chosen) if chosen else []
    form = ServiceZoneForm(posted(request), jurisdictions=scope, checklist=checklist,
                           initial={"jurisdiction": chosen.pk if chosen else None})
    if request.method == "POST" and form.is_valid():
        zone, ok = attempt(form, services.service_zone_create, actor=request.user,
                           jurisdiction=form.cleaned_data["jurisdiction"], **form.values())
        if ok:
            messages.success(request, f"已登记{zone.name}。")
            return redirect("backoffice:zone", zone.pk)
    return render(request, "backoffice/guides/zone_form.html", {"form": form, "zone": None},
                  status=400 if form.errors else 200)


def _zone(request, pk) -> ServiceZone:
    zone = get_object_or_404(ServiceZone.objects.select_related("jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_SERVICE_ZONES, zone)
    return zone


@backoffice_view
def zone_edit(request, pk):
    zone = _zone(request, pk)
    form = ServiceZoneForm(posted(request), checklist=selectors.checklist_of(zone.jurisdiction), checks=zone.checks,
                           initial={f: getattr(zone, f) for f in services.ZONE_FIELDS})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.service_zone_change, actor=request.user, zone=zone, **form.values())
        if ok:
            messages.success(request, "已保存专区信息。")
            return redirect("backoffice:zone", zone.pk)
    return render(request, "backoffice/guides/zone_form.html", {"form": form, "zone": zone,
                                                                 "delete_form": ConfirmForm()},
                  status=400 if form.errors else 200)


@backoffice_view
def zone_delete(request, pk):
    zone = _zone(request, pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.service_zone_delete, actor=request.user, zone=zone)
        if ok:
            messages.success(request, f"已删除{zone.name}。")
            return redirect("backoffice:zones")
    return render(request, "backoffice/guides/zone_delete.html", {"form": form, "zone": zone},
                  status=400 if form.errors else 200)


@backoffice_view
def zone_checklist(request):
    guard(request, Action.MANAGE_SERVICE_ZONES)
    scope = _scope(request)
    chosen = scope.filter(pk=request.POST.get("jurisdiction") or request.GET.get("j") or 0).first() or scope.first()
    form = ZoneChecklistForm(posted(request), jurisdictions=scope, initial={
        "jurisdiction": chosen.pk if chosen else None,
        "lines": "\n".join(selectors.checklist_of(chosen)) if chosen else ""})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.zone_checklist_set, actor=request.user,
                        jurisdiction=form.cleaned_data["jurisdiction"],
                        lines=form.cleaned_data["lines"].splitlines())
        if ok:
            messages.success(request, "已保存专区建设要求。")
            return redirect("backoffice:zones")
    return render(request, "backoffice/guides/zone_checklist.html", {"form": form},
                  status=400 if form.errors else 200)
