"""Organisation screens: the jurisdiction tree with its units, units (list, create, edit) and the
domain-to-unit table of a jurisdiction. The policy is asked here because the organisation services sit
below the accounts layer (see gongkai.organizations.services)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.backoffice import forms
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Domain, DomainAssignment
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import id_number
from gongkai.organizations.models import Jurisdiction, Unit


def _visible_jurisdictions(request):
    user = request.user
    if can(user, Action.LOAD_JURISDICTIONS):
        return jurisdiction_scope(user, Action.LOAD_JURISDICTIONS)
    guard(request, Action.VIEW_JURISDICTION)
    return jurisdiction_scope(user, Action.VIEW_JURISDICTION)


@backoffice_view
def jurisdictions(request):
    scope = list(_visible_jurisdictions(request).order_by("path"))
    units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(jurisdiction__in=[j.id for j in scope]).order_by("name"):
        units.setdefault(unit.jurisdiction_id, []).append(unit)
    top = min((j.path.count("/") for j in scope), default=0)
    rows = [{"j": j, "depth": min(j.path.count("/") - top, 6), "units": units.get(j.id, [])} for j in scope]
    return render(request, "backoffice/organizations/jurisdictions.html", {
        "rows": rows, "can_manage_units": can(request.user, Action.MANAGE_UNITS),
    })


@backoffice_view
def jurisdiction_domains(request, pk):
    """The domain-to-unit table: which unit answers for each domain in this jurisdiction."""
    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    guard(request, Action.VIEW_DOMAIN_ASSIGNMENTS, jurisdiction)
    editable = can(request.user, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
    units = list(Unit.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("name"))
    current = {a.domain_id: a.unit for a in DomainAssignment.objects.filter(jurisdiction=jurisdiction)
               .select_related("unit")}
    domains = list(Domain.objects.all())
    errors: list[str] = []
    chosen: dict[int, str] = {d.id: str(current[d.id].pk) if d.id in current else "" for d in domains}
    if request.method == "POST":
        guard(request, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
        by_pk = {str(u.pk): u for u in units}
        wanted = {}
        for d in domains:
            value = request.POST.get(f"domain-{d.id}", "")
            chosen[d.id] = value
            if value and value not in by_pk:
                errors.append(f"“{d.name}”所选单位无效，请重新选择。")
            wanted[d] = by_pk.get(value)
        if not errors:
            try:
                # One table, one save: either every row is written or none.
                with transaction.atomic():
                    changed = 0
                    for d, unit in wanted.items():
                        before = current.get(d.id)
                        if (before.pk if before else None) != (unit.pk if unit else None):
                            catalog_services.domain_assignment_set(
                                actor=request.user, jurisdiction=jurisdiction, domain=d, unit=unit)
                            changed += 1
            except PermissionRefused:
                raise
            except GongkaiError as exc:
                errors.append(exc.message)
            else:
                messages.success(request, f"已保存领域责任分工（修改 {changed} 项）。" if changed else "没有修改任何内容。")
                return redirect("backoffice:jurisdiction_domains", jurisdiction.pk)
    rows = [{"domain": d, "unit": current.get(d.id), "chosen": chosen[d.id]} for d in domains]
    return render(request, "backoffice/organizations/domain_assignments.html", {
        "jurisdiction": jurisdiction, "rows": rows, "units": units, "editable": editable, "errors": errors,
        "unassigned": sum(1 for r in rows if r["unit"] is None),
    })


@backoffice_view
def units(request):
    guard(request, Action.MANAGE_UNITS)
    qs = unit_scope(request.user, Action.MANAGE_UNITS).select_related("jurisdiction").order_by(
        "jurisdiction__path", "-is_disclosure_office", "name")
    jurisdiction = None
    if request.GET.get("jurisdiction"):
        jurisdiction = get_object_or_404(jurisdiction_scope(request.user, Action.MANAGE_UNITS),
                                         pk=id_number(request.GET["jurisdiction"]))
        qs = qs.filter(jurisdiction=jurisdiction)
    return render(request, "backoffice/organizations/units.html", {"units": qs, "jurisdiction": jurisdiction})


@backoffice_view
def unit_create(request):
    from gongkai.organizations import services as org_services

    guard(request, Action.MANAGE_UNITS)
    scope = jurisdiction_scope(request.user, Action.MANAGE_UNITS)
    initial = {"jurisdiction": request.GET.get("jurisdiction")} if request.GET.get("jurisdiction") else {}
    form = forms.UnitForm(posted(request), jurisdictions=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        jurisdiction = data.pop("jurisdiction")
        guard(request, Action.MANAGE_UNITS, jurisdiction)
        unit, ok = attempt(form, org_services.unit_create, actor=request.user, jurisdiction=jurisdiction, **data)
        if ok:
            messages.success(request, f"已创建单位“{unit.name}”。")
            return redirect(f"{_units_url()}?jurisdiction={jurisdiction.pk}")
    return render(request, "backoffice/organizations/unit_form.html", {"form": form, "unit": None})


@backoffice_view
def unit_edit(request, pk):
    from gongkai.organizations import services as org_services

    unit = get_object_or_404(Unit.objects.select_related("jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_UNITS, unit)
    fields = [f for f in forms.UnitForm.base_fields if f not in ("jurisdiction", "handle")]
    form = forms.UnitForm(posted(request), jurisdictions=Jurisdiction.objects.none(), editing=True,
                          initial={f: getattr(unit, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, org_services.unit_update, actor=request.user, unit=unit, **form.cleaned_data)
        if ok:
            messages.success(request, f"已保存单位“{unit.name}”。")
            return redirect(f"{_units_url()}?jurisdiction={unit.jurisdiction_id}")
    return render(request, "backoffice/organizations/unit_form.html", {"form": form, "unit": unit})


def _units_url() -> str:
    return reverse("backoffice:units")
