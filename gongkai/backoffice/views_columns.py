"""The 政府信息公开 column screens (rules.md §7.7): the office drafts its 政府信息公开指南 from the generated text,
edits and publishes it as a new version; publishes, edits and takes down its 制度 documents; marks the catalog's
高频事项 (with the views and searches the portal counted). Scope: Action.MANAGE_DISCLOSURE_COLUMN (the disclosure
office over its subtree)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action, jurisdiction_scope
from gongkai.backoffice.forms_columns import GuideForm, RulesDocumentForm
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.catalog import selectors as catalog_selectors
from gongkai.columns import guide_text
from gongkai.columns import selectors as column_selectors
from gongkai.columns import services as column_services
from gongkai.columns.models import GuideStatus, GuideVersion, RulesDocument
from gongkai.core import clock
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.organizations.models import Jurisdiction

ACTION = Action.MANAGE_DISCLOSURE_COLUMN


def _jurisdiction(request, pk: int) -> Jurisdiction:
    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    guard(request, ACTION, jurisdiction)
    return jurisdiction


def _run(request, call, success: str, **kwargs) -> bool:
    """Run a service from a button: its domain error becomes a message on the page it returns to."""
    try:
        call(actor=request.user, **kwargs)
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@backoffice_view
def columns(request):
    guard(request, ACTION)
    scope = list(jurisdiction_scope(request.user, ACTION).order_by("path")[:500])
    top = min((j.path.count("/") for j in scope), default=0)
    return render(request, "backoffice/columns/index.html", {
        "rows": [{"j": j, "depth": min(j.path.count("/") - top, 4)} for j in scope]})


# --- 指南 --------------------------------------------------------------------------------------------------------

@backoffice_view
def guide(request, pk: int):
    jurisdiction = _jurisdiction(request, pk)
    if request.method == "POST":
        from_current = request.POST.get("source") == "current"
        try:
            draft = column_services.guide_draft_create(actor=request.user, jurisdiction=jurisdiction,
                                                       from_current=from_current)
        except PermissionRefused:
            raise
        except GongkaiError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:column_guide", jurisdiction.pk)
        messages.success(request, f"已新建第{draft.number}版草稿，请核对修改后发布。")
        return redirect("backoffice:column_guide_edit", draft.pk)
    published = column_selectors.published_guides(jurisdiction)
    return render(request, "backoffice/columns/guide.html", {
        "jurisdiction": jurisdiction, "draft": column_selectors.guide_draft(jurisdiction),
        "current": published[0] if published else None, "published": published})


def _draft(request, pk: int) -> GuideVersion:
    version = get_object_or_404(GuideVersion.objects.select_related("jurisdiction"), pk=pk)
    guard(request, ACTION, version.jurisdiction)
    return version


@backoffice_view
def guide_edit(request, pk: int):
    version = _draft(request, pk)
    if version.status != GuideStatus.DRAFT:
        messages.error(request, f"第{version.number}版指南已发布，不能再修改；请新建草稿。")
        return redirect("backoffice:column_guide", version.jurisdiction_id)
    form = GuideForm(posted(request), initial={"title": version.title, "body": version.body, "note": version.note})
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, column_services.guide_draft_update, actor=request.user, version=version,
                        **form.cleaned_data)
        if ok:
            messages.success(request, f"已保存第{version.number}版草稿。")
            return redirect("backoffice:column_guide_edit", version.pk)
    preview = guide_text.blocks(form.data.get("body", "") if form.is_bound else version.body)
    return render(request, "backoffice/columns/guide_edit.html", {
        "form": form, "version": version, "jurisdiction": version.jurisdiction, "preview": preview})


@backoffice_view
@require_POST
def guide_publish(request, pk: int):
    version = _draft(request, pk)
    _run(request, column_services.guide_publish, f"已发布第{version.number}版政府信息公开指南。", version=version)
    return redirect("backoffice:column_guide", version.jurisdiction_id)


@backoffice_view
@require_POST
def guide_discard(request, pk: int):
    version = _draft(request, pk)
    _run(request, column_services.guide_draft_discard, f"已删除第{version.number}版草稿。", version=version)
    return redirect("backoffice:column_guide", version.jurisdiction_id)


# --- 制度 --------------------------------------------------------------------------------------------------------

@backoffice_view
def rules(request, pk: int):
    jurisdiction = _jurisdiction(request, pk)
    return render(request, "backoffice/columns/rules.html", {
        "jurisdiction": jurisdiction, "documents": list(column_selectors.rules_documents(jurisdiction))})


@backoffice_view
def rules_create(request, pk: int):
    jurisdiction = _jurisdiction(request, pk)
    form = RulesDocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document, ok = attempt(form, column_services.rules_document_create, actor=request.user,
                               jurisdiction=jurisdiction, **form.cleaned_data)
        if ok:
            messages.success(request, f"已发布“{document.title}”。")
            return redirect("backoffice:column_rules", jurisdiction.pk)
    return render(request, "backoffice/columns/rules_form.html", {
        "form": form, "jurisdiction": jurisdiction, "document": None})


def _document(request, pk: int) -> RulesDocument:
    document = get_object_or_404(RulesDocument.objects.select_related("jurisdiction"), pk=pk)
    guard(request, ACTION, document.jurisdiction)
    return document


@backoffice_view
def rules_edit(request, pk: int):
    document = _document(request, pk)
    initial = {"title": document.title, "document_number": document.document_number,
               "issued_on": document.issued_on, "body": document.body}
    form = RulesDocumentForm(posted(request), request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, column_services.rules_document_update, actor=request.user, document=document,
                        **form.cleaned_data)
        if ok:
            messages.success(request, f"已保存“{form.cleaned_data['title']}”。")
            return redirect("backoffice:column_rules", document.jurisdiction_id)
    return render(request, "backoffice/columns/rules_form.html", {
        "form": form, "jurisdiction": document.jurisdiction, "document": document})


@backoffice_view
@require_POST
def rules_visibility(request, pk: int):
    document = _document(request, pk)
    public = request.POST.get("public") == "1"
    _run(request, column_services.rules_document_set_public,
         f"已{'重新公开' if public else '撤下'}“{document.title}”。", document=document, is_public=public)
    return redirect("backoffice:column_rules", document.jurisdiction_id)


# --- 高频事项 ----------------------------------------------------------------------------------------------------

@backoffice_view
def high_frequency(request, pk: int):
    jurisdiction = _jurisdiction(request, pk)
    version = catalog_selectors.published_version(jurisdiction)
    if request.method == "POST":
        keys = request.POST.getlist("item")
        try:
            added, removed = column_services.high_frequency_set(actor=request.user, jurisdiction=jurisdiction,
                                                                item_keys=keys)
        except PermissionRefused:
            raise
        except (GongkaiError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "所选事项无效，请刷新页面后重新选择。"))
        else:
            messages.success(request, f"已保存高频事项（新增 {added} 项，取消 {removed} 项）。"
                             if added or removed else "没有修改任何内容。")
        return redirect("backoffice:column_high_frequency", jurisdiction.pk)
    rows = column_selectors.item_choices(version, clock.today()) if version else []
    return render(request, "backoffice/columns/high_frequency.html", {
        "jurisdiction": jurisdiction, "version": version, "rows": rows,
        "days": column_selectors.LEARNING_DAYS, "marked": sum(1 for r in rows if r["marked"])})
