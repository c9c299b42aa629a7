"""Organisation screens: the jurisdiction tree with its units, units (list, create, edit) and the
domain-to-unit table of a jurisdiction. The policy is asked here because the organisation services sit
below the accounts layer (see gongkai.organizations.services)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.backoffice import forms
from gongkai.backoffice.forms_boundaries import BoundaryForm
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Domain, DomainAssignment
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import id_number
from gongkai.organizations.models import Jurisdiction, JurisdictionBoundary, Unit


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
    bounded = set(JurisdictionBoundary.objects.filter(jurisdiction__in=[j.id for j in scope])
                  .values_list("jurisdiction_id", flat=True))
    for row in rows:
        row["has_boundary"] = row["j"].id in bounded
        row["can_boundary"] = can(request.user, Action.MANAGE_BOUNDARIES, row["j"])
    return render(request, "backoffice/organizations/jurisdictions.html", {
        "rows": rows, "can_manage_units": can(request.user, Action.MANAGE_UNITS),
    })


def _guiding_units(jurisdiction: Jurisdiction) -> list[Unit]:
    """Departments that may guide a domain here: the active units of the jurisdiction and of those above it."""
    codes = [c for c in jurisdiction.path.split("/") if c]
    return list(Unit.objects.filter(jurisdiction__code__in=codes, is_active=True).select_related("jurisdiction")
                .order_by("-jurisdiction__path", "name"))


def _completion_of(text: str, domain: Domain) -> tuple[dict, str]:
    """The completion fields a typed 完成时间 means, or the Chinese problem."""
    from gongkai.oversight.tasks import DueTextError, parse_due

    text = text.strip()
    if not text:
        return {"completion_text": "", "completion_on": None}, ""
    try:
        return {"completion_text": text, "completion_on": parse_due(text)}, ""
    except DueTextError as exc:
        return {}, f"“{domain.name}”：{str(exc).replace('完成时限', '完成时间')}"


@backoffice_view
def jurisdiction_domains(request, pk):
    """The domain-to-unit table: which unit answers for each domain in this jurisdiction, which department
    guides it (主管责任单位/指导单位) and when its catalog work is to be done."""
    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    guard(request, Action.VIEW_DOMAIN_ASSIGNMENTS, jurisdiction)
    editable = can(request.user, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
    units = [u for u in _guiding_units(jurisdiction) if u.jurisdiction_id == jurisdiction.pk]
    guiding_units = _guiding_units(jurisdiction)
    current = {a.domain_id: a for a in DomainAssignment.objects.filter(jurisdiction=jurisdiction)
               .select_related("unit", "guiding_unit")}
    domains = list(Domain.objects.all())
    errors: list[str] = []
    chosen: dict[int, dict[str, str]] = {
        d.id: {"unit": str(current[d.id].unit_id or "") if d.id in current else "",
               "guiding": str(current[d.id].guiding_unit_id or "") if d.id in current else "",
               "completion": current[d.id].completion_text if d.id in current else ""}
        for d in domains}
    if request.method == "POST":
        guard(request, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
        by_pk = {str(u.pk): u for u in units}
        guiding_by_pk = {str(u.pk): u for u in guiding_units}
        changes: dict[Domain, dict] = {}
        for d in domains:
            value = request.POST.get(f"domain-{d.id}", "")
            guiding = request.POST.get(f"guiding-{d.id}", "")
            completion = request.POST.get(f"completion-{d.id}", "")[:100]
            chosen[d.id] = {"unit": value, "guiding": guiding, "completion": completion}
            if value and value not in by_pk:
                errors.append(f"“{d.name}”所选单位无效，请重新选择。")
            if guiding and guiding not in guiding_by_pk:
                errors.append(f"“{d.name}”所选指导单位无效，请重新选择。")
            fields, problem = _completion_of(completion, d)
            if problem:
                errors.append(problem)
            changes[d] = {"unit": by_pk.get(value), "guiding_unit": guiding_by_pk.get(guiding), **fields}
        if not errors:
            try:
                # One table, one save: either every row is written or none.
                changed = catalog_services.domain_assignments_save(
                    actor=request.user, jurisdiction=jurisdiction, changes=changes)
            except PermissionRefused:
                raise
            except GongkaiError as exc:
                errors.append(exc.message)
            else:
                messages.success(request, f"已保存领域责任分工（修改 {changed} 个领域）。" if changed else "没有修改任何内容。")
                return redirect("backoffice:jurisdiction_domains", jurisdiction.pk)
    rows = [{"domain": d, "assignment": current.get(d.id), "unit": getattr(current.get(d.id), "unit", None),
             "chosen": chosen[d.id]} for d in domains]
    return render(request, "backoffice/organizations/domain_assignments.html", {
        "jurisdiction": jurisdiction, "rows": rows, "units": units, "guiding_units": guiding_units,
        "editable": editable, "errors": errors, "unassigned": sum(1 for r in rows if r["unit"] is None),
        "unguided": sum(1 for r in rows if r["assignment"] is None or r["assignment"].guiding_unit_id is None),
    })


@backoffice_view
def jurisdiction_domains_export(request, pk):
    """The table as xlsx, in the layout of the county's 指导责任分工表."""
    from urllib.parse import quote

    from gongkai.exchange.domain_table import write_domain_table

    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    guard(request, Action.VIEW_DOMAIN_ASSIGNMENTS, jurisdiction)
    response = HttpResponse(write_domain_table(jurisdiction), content_type=XLSX)
    name = f"{jurisdiction.name}领域责任分工表.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"domains.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


DOMAINS_IMPORT_KEY = "gongkai_domains_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@backoffice_view
def jurisdiction_domains_import(request, pk):
    """Upload → dry run (every problem by row and column, every change shown) → confirm → all or nothing.
    The checked file waits in storage for the confirmation."""
    from gongkai.exchange.domain_table import domain_table_import

    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    guard(request, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
    pending = request.session.get(DOMAINS_IMPORT_KEY)
    if not pending or pending.get("jurisdiction") != jurisdiction.pk or not default_storage.exists(pending.get("path", "")):
        pending = None
    confirming = request.method == "POST" and request.POST.get("confirm") == "1"
    form = forms.XlsxImportForm(None if confirming else posted(request), request.FILES or None)
    report = None
    if confirming and pending:
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
        report, ok = attempt(form, domain_table_import, actor=request.user, jurisdiction=jurisdiction, data=data,
                             dry_run=False)
        if ok and report.committed:
            default_storage.delete(pending["path"])
            request.session.pop(DOMAINS_IMPORT_KEY, None)
            messages.success(request, f"已导入“{pending['filename']}”：修改 {report.changed} 个领域。")
            return redirect("backoffice:jurisdiction_domains", jurisdiction.pk)
    elif request.method == "POST" and not confirming and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report, ok = attempt(form, domain_table_import, actor=request.user, jurisdiction=jurisdiction, data=data)
        if pending:
            default_storage.delete(pending["path"])
            request.session.pop(DOMAINS_IMPORT_KEY, None)
            pending = None
        if ok and report.ok:
            path = default_storage.save(f"imports/domains-{jurisdiction.pk}-{uuid.uuid4().hex}.xlsx", ContentFile(data))
            pending = {"jurisdiction": jurisdiction.pk, "path": path, "filename": upload.name}
            request.session[DOMAINS_IMPORT_KEY] = pending
    return render(request, "backoffice/organizations/domain_import.html", {
        "jurisdiction": jurisdiction, "form": form, "report": report,
        "pending": pending if report is not None and report.ok else None,
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


@backoffice_view
def jurisdiction_boundary(request, pk):
    """The jurisdiction's shape on the public disclosure map (公开地图): upload a GeoJSON file, or remove it
    (the map then draws the place as a tile)."""
    from gongkai.organizations import services as org_services

    jurisdiction = get_object_or_404(Jurisdiction.objects.select_related("parent"), pk=pk)
    guard(request, Action.MANAGE_BOUNDARIES, jurisdiction)
    boundary = JurisdictionBoundary.objects.filter(jurisdiction=jurisdiction).first()
    removing = request.method == "POST" and request.POST.get("remove") == "1"
    form = BoundaryForm(None if removing else posted(request), request.FILES or None)
    if removing:
        org_services.boundary_remove(actor=request.user, jurisdiction=jurisdiction)
        messages.success(request, f"已删除{jurisdiction.name}的地图边界。")
        return redirect("backoffice:jurisdiction_boundary", jurisdiction.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _, ok = attempt(form, org_services.boundary_set, actor=request.user, jurisdiction=jurisdiction,
                        content=upload.read(), file_name=upload.name)
        if ok:
            messages.success(request, f"已上传{jurisdiction.name}的地图边界。")
            return redirect("backoffice:jurisdiction_boundary", jurisdiction.pk)
    county = jurisdiction.parent if jurisdiction.parent and jurisdiction.level != "county" else jurisdiction
    return render(request, "backoffice/organizations/boundary.html", {
        "jurisdiction": jurisdiction, "boundary": boundary, "form": form, "map_of": county,
        "features": len(boundary.geojson.get("features", [])) if boundary else 0,
    })
