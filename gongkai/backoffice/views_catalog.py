"""Catalog screens: the national standard catalog browser, and a jurisdiction's catalogs, versions and
items with their workflow (adopt, localise, submit, approve or return, publish, compare, export, import).

Views parse and render only: the policy says who may, the services write, the selectors read."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action, can, jurisdiction_scope
from gongkai.backoffice import forms
from gongkai.backoffice.moves import Screen, Step
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, is_htmx, posted
from gongkai.catalog import selectors, services, workflow
from gongkai.catalog.models import Catalog, CatalogItem, CatalogVersion, Domain, VersionStatus
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import page_of
from gongkai.exchange import catalog_import
from gongkai.organizations.models import Unit

EXPORT_FORMATS = {"xlsx": "Excel", "docx": "Word", "csv": "CSV"}


# --- the national standard catalog ------------------------------------------------------------------


def _guard_standard(request) -> None:
    guard(request, Action.VIEW_STANDARD_CATALOG)


@backoffice_view
def standard_domains(request):
    _guard_standard(request)
    guidelines = list(selectors.guidelines_overview())
    with_guideline = {g.domain_id for g in guidelines}
    return render(request, "backoffice/catalog/standard_domains.html", {
        "guidelines": guidelines,
        "partial": [g for g in guidelines if g.completeness == "partial"],
        "without_guideline": Domain.objects.exclude(pk__in=with_guideline),
        "search_form": forms.SearchForm(),
    })


@backoffice_view
def standard_domain(request, slug):
    _guard_standard(request)
    domain = get_object_or_404(Domain, slug=slug)
    guideline = domain.current_guideline()
    items = list(guideline.items.order_by("order")) if guideline else []
    captured = {i.topic for i in items}
    missing_topics = [t for t in (guideline.official_topics if guideline else []) if t not in captured]
    return render(request, "backoffice/catalog/standard_domain.html", {
        "domain": domain, "guideline": guideline, "items": items, "missing_topics": missing_topics,
    })


@backoffice_view
def standard_search(request):
    _guard_standard(request)
    form = forms.SearchForm(request.GET or None)
    results = page = None
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["domain"]):
        qs = selectors.standard_items_search(form.cleaned_data["q"], form.cleaned_data["domain"])
        page = page_of(qs, 50, request.GET.get("page"))
        results = page.object_list
    template = "backoffice/catalog/standard_search.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, {"form": form, "results": results, "page": page})


# --- catalogs ---------------------------------------------------------------------------------------


def _catalog(request, pk, action=Action.VIEW_CATALOG) -> Catalog:
    catalog = get_object_or_404(Catalog.objects.select_related("jurisdiction"), pk=pk)
    guard(request, action, catalog)
    return catalog


def _version(request, pk, action=Action.VIEW_REFERENCE_CATALOG) -> CatalogVersion:
    version = get_object_or_404(CatalogVersion.objects.select_related("catalog__jurisdiction"), pk=pk)
    guard(request, action, version.catalog)
    return version


def _item(request, pk, action=Action.EDIT_CATALOG) -> CatalogItem:
    item = get_object_or_404(
        CatalogItem.objects.select_related("version__catalog__jurisdiction", "domain", "standard_item",
                                           "responsible_unit", "responsible_person"), pk=pk)
    guard(request, action, item.version.catalog)
    return item


@backoffice_view
def catalogs(request):
    guard(request, Action.VIEW_CATALOG)
    rows = []
    for catalog in selectors.catalogs_for(request.user).prefetch_related("versions"):
        versions = list(catalog.versions.all())
        published = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
        working = next((v for v in versions if v.status not in (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)),
                       None)
        rows.append({"catalog": catalog, "published": published, "working": working})
    return render(request, "backoffice/catalog/catalogs.html", {
        "rows": rows, "can_create": can(request.user, Action.EDIT_CATALOG),
    })


@backoffice_view
def catalog_create(request):
    guard(request, Action.EDIT_CATALOG)
    form = forms.CatalogCreateForm(posted(request),
                                   jurisdictions=jurisdiction_scope(request.user, Action.EDIT_CATALOG))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        guard(request, Action.EDIT_CATALOG, data["jurisdiction"])
        catalog, ok = attempt(form, services.catalog_create, actor=request.user, jurisdiction=data["jurisdiction"],
                              tier=data["tier"], title=data["title"].strip(),
                              is_reference=data["is_reference"])
        if ok:
            messages.success(request, f"已创建“{catalog.title}”。下一步：创建第一个版本。")
            return redirect("backoffice:catalog", catalog.pk)
    return render(request, "backoffice/catalog/catalog_create.html", {"form": form})


def _reference_context(request, catalog: Catalog, adopt_form=None) -> dict:
    """What a reference catalog's page adds: the adoption form for an office below that may adopt it, and for
    the office that issued it each adopter's adoption and differences."""
    if not catalog.is_reference:
        return {}
    user = request.user
    if adopt_form is None and can(user, Action.ADOPT_REFERENCE_CATALOG, catalog):
        candidates = _adopters_for(user, catalog)
        if candidates.exists():
            adopt_form = forms.ReferenceAdoptForm(prefix="adopt", jurisdictions=candidates,
                                                  adopter_label=catalog.reference_label.removesuffix("参考目录"))
    return {
        "adopt_form": adopt_form,
        "adoptions": (selectors.reference_adoptions(catalog)
                      if can(user, Action.VIEW_ADOPTIONS, catalog) else None),
        "adopter_label": catalog.reference_label.removesuffix("参考目录"),
    }


@backoffice_view
def catalog_detail(request, pk):
    catalog = _catalog(request, pk, Action.VIEW_REFERENCE_CATALOG)
    can_edit = can(request.user, Action.EDIT_CATALOG, catalog)
    form = forms.VersionCreateForm(posted(request), versions=catalog.versions.all(),
                                   initial={"based_on": catalog.published_version()})
    if request.method == "POST":
        guard(request, Action.EDIT_CATALOG, catalog)
        if form.is_valid():
            data = form.cleaned_data
            version, ok = attempt(form, services.catalog_version_create, actor=request.user, catalog=catalog,
                                  label=data["label"], year=data["year"], based_on=data["based_on"])
            if ok:
                messages.success(request, f"已创建版本“{version.label}”。")
                if data["based_on"] is None:
                    return redirect("backoffice:version_adopt", version.pk)
                return redirect("backoffice:version", version.pk)
    return render(request, "backoffice/catalog/catalog_detail.html", {
        "catalog": catalog, "versions": selectors.catalog_versions_with_items(catalog), "form": form,
        "can_edit": can_edit, **_reference_context(request, catalog),
    })


def _adopters_for(user, reference: Catalog):
    """The jurisdictions below the reference that `user` may give a catalog taken from it (a county office its
    county, a township office its villages)."""
    return (selectors.adopters_of(reference).filter(pk__in=jurisdiction_scope(user, Action.EDIT_CATALOG).values("pk"))
            .order_by("code"))


@backoffice_view
@require_POST
def reference_adopt(request, pk):
    """Adopt a reference catalog (its published version): a county its city's, a village its township's."""
    reference = _catalog(request, pk, Action.ADOPT_REFERENCE_CATALOG)
    label = reference.reference_label.removesuffix("参考目录")
    form = forms.ReferenceAdoptForm(request.POST, prefix="adopt", jurisdictions=_adopters_for(request.user, reference),
                                    adopter_label=label)
    if form.is_valid():
        data = form.cleaned_data
        version, ok = attempt(form, services.catalog_create_from_reference, actor=request.user,
                              jurisdiction=data["jurisdiction"], reference=reference, label=data["label"],
                              year=data["year"])
        if ok:
            messages.success(request, f"{data['jurisdiction'].name}已采用参考目录，建立“{version}”：请按本地实际"
                                      "修改、补充后报送审批。")
            return redirect("backoffice:version", version.pk)
    return render(request, "backoffice/catalog/catalog_detail.html", {
        "catalog": reference, "versions": selectors.catalog_versions_with_items(reference),
        "form": forms.VersionCreateForm(versions=reference.versions.all()),
        "can_edit": can(request.user, Action.EDIT_CATALOG, reference),
        **_reference_context(request, reference, adopt_form=form),
    }, status=400)


@backoffice_view
def reference_adoption(request, pk, version_pk):
    """What one adopter's version changed of the reference version it took: items added, removed, changed."""
    reference = _catalog(request, pk, Action.VIEW_ADOPTIONS)
    version = get_object_or_404(
        CatalogVersion.objects.select_related("catalog__jurisdiction", "reference_version"),
        pk=version_pk, reference_version__catalog=reference)
    return render(request, "backoffice/catalog/reference_adoption.html", {
        "reference": reference, "version": version, "other": version.reference_version,
        "diff": selectors.adoption_diff(version),
    })


# --- a version ----------------------------------------------------------------------------------------


EXPANDED_UP_TO = 80  # items: a longer version page opens with its domains collapsed


def _version_context(request, version: CatalogVersion) -> dict:
    user = request.user
    catalog = version.catalog
    editable = version.is_editable and can(user, Action.EDIT_CATALOG, catalog)
    only = request.GET.get("filter", "")
    # Find by name and open one domain: query parameters, so the page works without JavaScript.
    query = (request.GET.get("q") or "").strip()[:50]
    chosen = request.GET.get("domain", "")
    sections: list[dict[str, Any]] = []
    domains = []
    for section in selectors.version_sections(version):
        domains.append(section.domain)
        if chosen and section.domain.slug != chosen:
            continue
        rows: list[dict[str, Any]] = []
        for item in section.items:
            if only == "no_unit" and (item.responsible_unit_id or not item.applicable):
                continue
            if only == "changed" and not (item.is_local or selectors.item_differences(item) or not item.applicable):
                continue
            if query and query not in item.name and query not in item.topic:
                continue
            rows.append({"item": item, "differences": selectors.item_differences(item)})
        if (only or query) and not rows:
            continue
        missing = sum(1 for r in rows if r["item"].applicable and not r["item"].responsible_unit_id)
        sections.append({"section": section, "rows": rows, "missing": missing})
    return {
        "version": version, "catalog": catalog, "sections": sections, "filter": only, "query": query,
        "chosen": chosen, "domains": domains, "found": (found := sum(len(s["rows"]) for s in sections)),
        "expand": bool(only or query or chosen) or found <= EXPANDED_UP_TO,
        "summary": selectors.version_localisation_summary(version),
        "transitions": version.transitions.select_related("actor"),
        "editable": editable,
        "buttons": _version_buttons(version, selectors.moves_for(user, version)),
        "return_comment": version.decision_comment if version.status == workflow.RETURNED else "",
        "frozen": version.status in (workflow.PUBLISHED, workflow.SUPERSEDED),
        "can_export": can(user, Action.EXPORT_CATALOG, catalog),
        "can_import": version.is_editable and can(user, Action.IMPORT_CATALOG, catalog),
        "export_formats": EXPORT_FORMATS,
        "others": catalog.versions.exclude(pk=version.pk),
    }


@backoffice_view
def version_detail(request, pk):
    version = _version(request, pk)
    return render(request, "backoffice/catalog/version.html", _version_context(request, version))


@backoffice_view
def version_adopt(request, pk):
    version = _version(request, pk, Action.EDIT_CATALOG)
    form = forms.AdoptForm(posted(request))
    if request.method == "POST" and form.is_valid():
        added, ok = attempt(form, services.catalog_adopt_standard, actor=request.user, version=version,
                            domains=form.cleaned_data["domains"])
        if ok:
            messages.success(request, f"已采用国家标准目录，新增 {added} 个事项。")
            return redirect("backoffice:version", version.pk)
    guidelines = {g.domain_id: g for g in selectors.guidelines_overview()}
    choices = [(choice, guidelines.get(getattr(choice.data["value"], "value", choice.data["value"])))
               for choice in form["domains"]]
    return render(request, "backoffice/catalog/version_adopt.html", {
        "version": version, "form": form, "choices": choices,
    })


@backoffice_view
def version_village_topics(request, pk):
    """A township's (or county's) reference catalog for its villages takes the village topics of county and town
    documents (村务公开, 乡村振兴) as local items naming their source."""
    from django import forms as django_forms

    from gongkai.catalog.services import item_applies_to_tier
    from gongkai.catalog.village_topics import shipped_village_topics

    version = _version(request, pk, Action.EDIT_CATALOG)
    form = django_forms.Form(posted(request))
    if request.method == "POST" and form.is_valid():
        added, ok = attempt(form, services.catalog_adopt_village_topics, actor=request.user, version=version)
        if ok:
            messages.success(request, f"已加入村务公开、乡村振兴等村级事项 {added} 个。")
            return redirect("backoffice:version", version.pk)
    data = shipped_village_topics()
    names = {d["slug"]: d["name"] for d in data["domains"]}
    offered = [r for r in data["items"] if item_applies_to_tier(r["tiers"], version.catalog.tier)]
    sources: dict[tuple[str, str, str], int] = {}
    for row in offered:
        key = (names[row["domain"]], row["source_document"], row["source_url"])
        sources[key] = sources.get(key, 0) + 1
    return render(request, "backoffice/catalog/version_village_topics.html", {
        "version": version, "form": form, "offered": len(offered),
        "sources": [{"domain": d, "document": doc, "url": url, "count": n} for (d, doc, url), n in sources.items()],
    })


@backoffice_view
def version_domain(request, pk, slug):
    """Whether the jurisdiction handles a domain; not handled needs a written reason."""
    version = _version(request, pk, Action.EDIT_CATALOG)
    domain = get_object_or_404(Domain, slug=slug)
    entry = version.domains.filter(domain=domain).first()
    initial = {"applies": "1" if entry is None or entry.applies else "0", "reason": entry.reason if entry else ""}
    form = forms.DomainAppliesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, ok = attempt(form, services.catalog_domain_set_applies, actor=request.user, version=version,
                        domain=domain, applies=data["applies"], reason=data["reason"])
        if ok:
            messages.success(request, f"已将“{domain.name}”标为{'涉及' if data['applies'] else '未涉及'}。")
            return redirect(reverse("backoffice:version", args=[version.pk]) + f"#domain-{domain.slug}")
    return render(request, "backoffice/catalog/version_domain.html", {
        "version": version, "domain": domain, "form": form,
        "item_count": version.items.filter(domain=domain).count(),
    })


def _units_for(version: CatalogVersion, current: Unit | None = None):
    units = Unit.objects.filter(jurisdiction=version.catalog.jurisdiction, is_active=True)
    if current is not None:
        units = units | Unit.objects.filter(pk=current.pk)
    return units.order_by("name").distinct()


def _persons_for(item: CatalogItem):
    """The accounts of the item's responsible unit (and the person already named, even if since moved)."""
    from gongkai.accounts.models import User

    persons = (User.objects.filter(unit_id=item.responsible_unit_id, is_active=True)
               if item.responsible_unit_id is not None else User.objects.none())
    if item.responsible_person_id is not None:
        persons = persons | User.objects.filter(pk=item.responsible_person_id)
    return persons.order_by("username").distinct()


@backoffice_view
def item_edit(request, pk):
    item = _item(request, pk)
    version = item.version
    form = forms.ItemForm(posted(request), units=_units_for(version, item.responsible_unit),
                          persons=_persons_for(item), initial=forms.ItemForm.initial_from(item))
    if request.method == "POST" and form.is_valid():
        changes = form.changes(item)
        if not changes:
            messages.info(request, "没有修改任何内容。")
            return redirect(reverse("backoffice:version", args=[version.pk]) + f"#item-{item.pk}")
        _, ok = attempt(form, services.catalog_item_update, actor=request.user, item=item, **changes)
        if ok:
            messages.success(request, f"已保存“{item.topic} / {item.name}”。")
            return redirect(reverse("backoffice:version", args=[version.pk]) + f"#item-{item.pk}")
    elif request.method == "GET" and not version.is_editable:
        messages.error(request, f"“{version}”当前为“{version.get_status_display()}”，不能修改；请先基于它创建新版本。")
    return render(request, "backoffice/catalog/item_edit.html", {
        "item": item, "version": version, "form": form,
        "differences": selectors.item_differences(item), "editable": version.is_editable,
    })


@backoffice_view
def item_add(request, pk):
    version = _version(request, pk, Action.EDIT_CATALOG)
    initial = {}
    if request.GET.get("domain"):
        initial["domain"] = Domain.objects.filter(slug=request.GET["domain"]).first()
    form = forms.LocalItemForm(posted(request), units=_units_for(version), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if values["responsible_unit"] is None:
            del values["responsible_unit"]  # the service takes the domain's responsible unit
        item, ok = attempt(form, services.catalog_item_add_local, actor=request.user, version=version,
                           domain=form.cleaned_data["domain"], **values)
        if ok:
            messages.success(request, f"已新增本地事项“{item.topic} / {item.name}”。")
            return redirect(reverse("backoffice:version", args=[version.pk]) + f"#item-{item.pk}")
    return render(request, "backoffice/catalog/item_add.html", {"version": version, "form": form})


@backoffice_view
def item_applicable(request, pk):
    item = _item(request, pk)
    form = forms.ItemApplicableForm(posted(request), initial={
        "applicable": "1" if item.applicable else "0", "reason": item.not_applicable_reason})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, ok = attempt(form, services.catalog_item_set_applicable, actor=request.user, item=item,
                        applicable=data["applicable"], reason=data["reason"])
        if ok:
            messages.success(request, f"已将“{item.name}”标为{'适用' if data['applicable'] else '不适用'}。")
            return redirect(reverse("backoffice:version", args=[item.version_id]) + f"#item-{item.pk}")
    return render(request, "backoffice/catalog/item_applicable.html", {"item": item, "version": item.version,
                                                                        "form": form})


@backoffice_view
@require_POST
def item_delete(request, pk):
    item = _item(request, pk)
    version_id = item.version_id
    try:
        services.catalog_item_delete_local(actor=request.user, item=item)
        messages.success(request, f"已删除本地事项“{item.topic} / {item.name}”。")
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:version", version_id)


# --- workflow -----------------------------------------------------------------------------------------


def _submit(*, actor, obj, data):
    return services.catalog_version_submit(actor=actor, version=obj, comment=data["comment"].strip())


def _decide(*, actor, obj, data):
    service = services.catalog_version_approve if data["decision"] == workflow.APPROVE \
        else services.catalog_version_return
    return service(actor=actor, version=obj, comment=data["comment"])


def _publish(*, actor, obj, data):
    return services.catalog_version_publish(actor=actor, version=obj)


# The moves of a version: each step has its own page (GET shows it, POST makes the move).
VERSION = Screen(table=workflow.TABLE, actions=selectors.MOVE_ACTIONS, steps={
    "submit": Step(moves=(workflow.SUBMIT,), make=_submit, page="submit", form=forms.CommentForm,
                   done=lambda version, result, data: f"“{version}”已报送上级审批。"),
    "decide": Step(moves=(workflow.APPROVE, workflow.RETURN), make=_decide, page="decide", form=forms.DecisionForm,
                   done=lambda version, result, data: f"“{version}”已{workflow.TABLE.label(data['decision'])}。"),
    "publish": Step(moves=(workflow.PUBLISH,), make=_publish, page="publish",
                    done=lambda version, result, data: f"“{version}”已发布，公开门户将显示该版本。"),
})


def _version_buttons(version: CatalogVersion, allowed: list[str]):
    buttons = VERSION.buttons(allowed)
    for button in buttons:
        button.url = reverse(f"backoffice:version_{button.key}", args=[version.pk])
        if len(button.step.moves) > 1:
            button.url += f"?move={button.move}"
    return buttons


def _step_context(version: CatalogVersion, step: str) -> dict:
    if step == "submit":
        return {"problems": services.submission_problems(version),
                "summary": selectors.version_localisation_summary(version)}
    if step == "decide":
        return {"summary": selectors.version_localisation_summary(version), "previous": version.based_on}
    return {"previous": version.catalog.published_version()}


@backoffice_view
def version_move(request, pk, step):
    """A move of a version (报送, 审批, 发布): its page on GET, the move on POST; a refusal stays on the page."""
    version = _version(request, pk)
    this = VERSION.step(step)
    if request.method == "POST":
        form, _, ok = VERSION.make(request, obj=version, key=step, allowed=selectors.moves_for(request.user, version),
                                   target=version.catalog)
        if ok:
            return redirect("backoffice:version", version.pk)
    else:
        guard(request, VERSION.actions[this.moves[0]], version.catalog)
        chosen = request.GET.get("move")
        form = this.form(None, initial={"decision": chosen} if chosen in this.moves else None)
    return render(request, f"backoffice/catalog/version_{this.page}.html", {
        "version": version, "form": form, **_step_context(version, step)})


@backoffice_view
def version_compare(request, pk):
    version = _version(request, pk)
    others = version.catalog.versions.exclude(pk=version.pk)
    initial = {"other": version.based_on_id or (others.first().pk if others.exists() else None)}
    form = forms.CompareForm(request.GET or None, versions=others, initial=initial)
    diff = other = None
    if form.is_valid():
        other = form.cleaned_data["other"]
    elif not request.GET and initial["other"]:
        other = others.get(pk=initial["other"])
    if other is not None:
        diff = selectors.version_diff(other, version)
    return render(request, "backoffice/catalog/version_compare.html", {
        "version": version, "other": other, "form": form, "diff": diff,
    })


# --- files ---------------------------------------------------------------------------------------------


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}


@backoffice_view
def version_export(request, pk, fmt):
    version = _version(request, pk, Action.EXPORT_CATALOG)
    if fmt not in EXPORT_FORMATS:
        raise Http404("不支持的格式")
    from gongkai.exchange.catalog_export import export_filename
    from gongkai.exchange.stored_files import catalog_file

    # The office's own file: the xlsx carries the responsible sections and persons (never the portal's).
    response = HttpResponse(catalog_file(version, fmt, internal=True), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(export_filename(version, fmt))}"
    return response


IMPORT_KEY = "gongkai_catalog_import"


@backoffice_view
def version_import(request, pk):
    """Upload → dry run with every problem by sheet, row and column → confirm (the checked file is kept
    for the confirmation, so it is not uploaded twice) → all or nothing."""
    version = _version(request, pk, Action.IMPORT_CATALOG)
    pending = request.session.get(IMPORT_KEY)
    if not pending or pending.get("version") != version.pk or not default_storage.exists(pending.get("path", "")):
        pending = None
    confirming = request.method == "POST" and request.POST.get("confirm") == "1"
    form = forms.ImportForm(None if confirming else posted(request), request.FILES or None)
    report = None
    if confirming and pending:
        with default_storage.open(pending["path"], "rb") as stored:
            report, ok = attempt(form, catalog_import.catalog_import, actor=request.user, version=version, file=stored,
                                 filename=pending["filename"], dry_run=False)
        if ok and report.committed:
            _forget_import(request, pending)
            messages.success(request, f"已导入“{pending['filename']}”：{report.items} 个事项。")
            return redirect("backoffice:version", version.pk)
    elif request.method == "POST" and not confirming and form.is_valid():
        upload = form.cleaned_data["file"]
        report, ok = attempt(form, catalog_import.catalog_import, actor=request.user, version=version, file=upload,
                             filename=upload.name, dry_run=True)
        if pending:
            _forget_import(request, pending)
            pending = None
        if ok and report.ok:
            upload.seek(0)
            path = default_storage.save(f"imports/catalog-{version.pk}-{uuid.uuid4().hex}{Path(upload.name).suffix}",
                                        upload)
            pending = {"version": version.pk, "path": path, "filename": upload.name}
            request.session[IMPORT_KEY] = pending
    return render(request, "backoffice/catalog/version_import.html", {
        "version": version, "form": form, "report": report,
        "editable": version.is_editable, "pending": pending if report is not None and report.ok else None,
    })


def _forget_import(request, pending: dict) -> None:
    default_storage.delete(pending["path"])
    request.session.pop(IMPORT_KEY, None)
