"""Screens of the lists a catalog is built from: the office imports a 权责清单, 公共服务事项清单 or 负面清单 (dry run,
then all or nothing), sees which entries no catalog item covers and which items are linked to an entry that
disappeared in a re-import, links items to entries (one by one, or by name)."""

from __future__ import annotations

import uuid

from django import forms as django_forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action, jurisdiction_scope
from gongkai.backoffice import forms
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.catalog import list_selectors, list_services
from gongkai.catalog.models import CatalogItem, ListKind, SourceList, SourceListEntry, SourceListLink
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import id_number
from gongkai.exchange import source_list_table
from gongkai.organizations.models import Jurisdiction

IMPORT_KEY = "gongkai_source_list_import"
PAGE = 300
MAX_OPTIONS = 40000


class ListImportForm(forms.XlsxImportForm):
    jurisdiction = django_forms.ModelChoiceField(label="行政区划", queryset=Jurisdiction.objects.none(), empty_label=None)
    kind = django_forms.ChoiceField(label="清单类型", choices=ListKind.choices)
    version_label = django_forms.CharField(label="清单版本", max_length=60, required=False,
                                           help_text="如“2023年版”或发布文件的文号，可不填。")

    field_order = ["jurisdiction", "kind", "version_label", "file"]

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["file"].help_text = ("Excel（.xlsx）文件，须有“事项名称”列，可有序号、事项类型（权力类型）、实施主体、"
                                         "设定依据、事项编码等列。")


def _list(request, pk) -> SourceList:
    source_list = get_object_or_404(SourceList.objects.select_related("jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_SOURCE_LISTS, source_list.jurisdiction)
    return source_list


@backoffice_view
def source_lists(request):
    guard(request, Action.MANAGE_SOURCE_LISTS)
    scope = jurisdiction_scope(request.user, Action.MANAGE_SOURCE_LISTS)
    lists = list_selectors.lists_of(scope.values("pk"))
    rows = []
    for source_list in lists:
        found = list_selectors.coverage(source_list, suggest=False)
        rows.append({"list": source_list, "entries": len(found.rows), "covered": found.covered_count,
                     "uncovered": len(found.uncovered), "removed_links": len(found.removed_links)})
    return render(request, "backoffice/lists/lists.html", {"rows": rows})


@backoffice_view
def source_list_import(request):
    """Upload → dry run (problems by row and column; entries added, found again, gone) → confirm."""
    guard(request, Action.MANAGE_SOURCE_LISTS)
    scope = jurisdiction_scope(request.user, Action.MANAGE_SOURCE_LISTS).order_by("path")
    pending = request.session.get(IMPORT_KEY)
    if not pending or not default_storage.exists(pending.get("path", "")):
        pending = None
    confirming = request.method == "POST" and request.POST.get("confirm") == "1"
    form = ListImportForm(None if confirming else posted(request), request.FILES or None, jurisdictions=scope)
    report = None
    if confirming and pending:
        jurisdiction = get_object_or_404(scope, pk=pending["jurisdiction"])
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
        report, ok = attempt(form, source_list_table.source_list_import, actor=request.user, jurisdiction=jurisdiction,
                             kind=pending["kind"], data=data, filename=pending["filename"],
                             version_label=pending["version_label"], dry_run=False)
        if ok and report.committed:
            _forget(request, pending)
            source_list = SourceList.objects.get(jurisdiction=jurisdiction, kind=pending["kind"])
            messages.success(request, f"已导入“{pending['filename']}”：{len(report.rows)} 个事项（新增 {report.added}，"
                                      f"不再出现 {report.removed}）。")
            return redirect("backoffice:source_list", source_list.pk)
    elif request.method == "POST" and not confirming and form.is_valid():
        jurisdiction = form.cleaned_data["jurisdiction"]
        guard(request, Action.MANAGE_SOURCE_LISTS, jurisdiction)
        upload = form.cleaned_data["file"]
        data = upload.read()
        report, ok = attempt(form, source_list_table.source_list_import, actor=request.user, jurisdiction=jurisdiction,
                             kind=form.cleaned_data["kind"], data=data, filename=upload.name)
        if pending:
            _forget(request, pending)
            pending = None
        if ok and report.ok:
            path = default_storage.save(f"imports/list-{jurisdiction.pk}-{uuid.uuid4().hex}.xlsx", ContentFile(data))
            pending = {"jurisdiction": jurisdiction.pk, "kind": form.cleaned_data["kind"], "path": path,
                       "filename": upload.name, "version_label": form.cleaned_data["version_label"],
                       "jurisdiction_name": jurisdiction.name}
            request.session[IMPORT_KEY] = pending
    return render(request, "backoffice/lists/import.html", {
        "form": form, "report": report, "pending": pending if report is not None and report.ok else None,
    })


def _forget(request, pending: dict) -> None:
    default_storage.delete(pending["path"])
    request.session.pop(IMPORT_KEY, None)


@backoffice_view
def source_list_detail(request, pk):
    source_list = _list(request, pk)
    found = list_selectors.coverage(source_list)
    show = request.GET.get("show", "uncovered")
    rows = (found.uncovered if show == "uncovered" else found.rows)[:PAGE]
    items = [i for i in found.items if i.applicable]
    return render(request, "backoffice/lists/detail.html", {
        "list": source_list, "coverage": found, "rows": rows, "show": show,
        "more": max(0, len(found.uncovered if show == "uncovered" else found.rows) - PAGE),
        # Every item in every row's choice only while the page stays small; else the names that match.
        "items": items if len(rows) * len(items) <= MAX_OPTIONS else [],
    })


@backoffice_view
@require_POST
def source_list_link(request, pk):
    entry = get_object_or_404(SourceListEntry.objects.select_related("source_list__jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_SOURCE_LISTS, entry.source_list.jurisdiction)
    item = CatalogItem.objects.select_related("version__catalog").filter(pk=id_number(request.POST.get("item", ""))).first()
    try:
        if item is None:
            raise GongkaiError("请选择一个目录事项。")
        list_services.source_list_link(actor=request.user, entry=entry, item=item)
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将“{entry.name}”关联到“{item.topic} / {item.name}”。")
    return redirect(_back(request, entry.source_list))


@backoffice_view
@require_POST
def source_list_unlink(request, pk):
    link = get_object_or_404(SourceListLink.objects.select_related("entry__source_list__jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_SOURCE_LISTS, link.entry.source_list.jurisdiction)
    list_services.source_list_unlink(actor=request.user, link=link)
    messages.success(request, f"已取消“{link.entry.name}”的一项关联。")
    return redirect(_back(request, link.entry.source_list))


@backoffice_view
@require_POST
def source_list_link_by_name(request, pk):
    source_list = _list(request, pk)
    linked = list_services.source_list_link_by_name(
        actor=request.user, source_list=source_list, items=list_selectors.current_items(source_list.jurisdiction_id))
    messages.success(request, f"已按名称关联 {linked} 个清单事项，请核对。" if linked else "没有名称足够相近的事项可自动关联。")
    return redirect("backoffice:source_list", source_list.pk)


def _back(request, source_list: SourceList) -> str:
    from django.urls import reverse

    show = "all" if request.POST.get("show") == "all" else "uncovered"
    return f"{reverse('backoffice:source_list', args=[source_list.pk])}?show={show}"
