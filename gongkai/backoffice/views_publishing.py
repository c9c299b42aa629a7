"""Publishing screens: the officer's records and items, the reviewer's queue, the office's oversight; the
record form, entries (grid and xlsx), the review (privacy scan, masking, overrides, approve, return,
publish or schedule), withdrawal and the histories.

Views parse and render; the policy says who may, `publishing.services` write. Lists are narrowed by the
policy's scopes (`_visible_records`)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action, can, jurisdiction_scope, own_units
from gongkai.backoffice import forms_publishing as forms
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.backoffice.templatetags.backoffice import url_or_path
from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem
from gongkai.core import clock
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import id_number
from gongkai.publishing import services, workflow
from gongkai.publishing.models import (
    Attachment,
    DisclosureAttribute,
    Entry,
    FindingStatus,
    PrivacyFinding,
    Record,
    RecordStatus,
)

# Where a finding stands in the record, and the field that holds it.
FIELD_OF_LOCATION = {"标题": "title", "内容概述": "summary", "正文": "body"}
KIND_LABELS = {"id_number": "身份证号", "mobile": "手机号码", "landline": "固定电话", "bank_card": "银行卡号",
               "address": "详细住址", "sensitive_word": "敏感或错误表述", "unreadable": "无法提取文字"}
QUEUE_STATUSES = (workflow.SUBMITTED, workflow.IN_REVIEW, workflow.APPROVED, workflow.SCHEDULED, workflow.REVISED)


def _run(request, call, success: str | None = None, **kwargs):
    """A service from a button: domain errors become a message on the page. Returns (result, ok)."""
    try:
        result = call(**kwargs)
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, exc.message)
        return None, False
    if success:
        messages.success(request, success)
    return result, True


# --- who sees what ------------------------------------------------------------------------------------


def _guard_any(request, target=None) -> None:
    """Officers, reviewers and offices (for the target's unit or subtree); everyone else is refused."""
    user = request.user
    if any(can(user, a, target) for a in (Action.DRAFT_RECORD, Action.REVIEW_RECORD, Action.OVERSEE_RECORDS)):
        return
    guard(request, Action.DRAFT_RECORD, target)


def _record(request, pk) -> Record:
    record = get_object_or_404(Record.objects.select_related("unit__jurisdiction", "created_by"), pk=pk)
    _guard_any(request, record)
    return record


def _record_for(request, pk, action: Action) -> Record:
    record = get_object_or_404(Record.objects.select_related("unit__jurisdiction"), pk=pk)
    guard(request, action, record)
    return record


def _published_items(units):
    return catalog_selectors.published_items_of_units(units)


def _can(request, action: Action, record: Record) -> bool:
    return can(request.user, action, record)


# --- lists --------------------------------------------------------------------------------------------


@backoffice_view
def records(request):
    """One page, three views: 本单位信息 (officer), 待审核 (reviewer), 辖区监督 (office)."""
    _guard_any(request)
    user = request.user
    views = []
    if can(user, Action.DRAFT_RECORD):
        views.append(("mine", "本单位信息"))
    if can(user, Action.REVIEW_RECORD):
        views.append(("queue", "待审核"))
    if can(user, Action.OVERSEE_RECORDS):
        views.append(("oversight", "辖区监督"))
    if not views:
        guard(request, Action.DRAFT_RECORD)
    current = request.GET.get("view") or views[0][0]
    if current not in dict(views):
        current = views[0][0]
    status_form = forms.StatusFilterForm(request.GET or None, statuses=RecordStatus.choices)
    status = status_form.cleaned_data.get("status") if status_form.is_valid() else ""
    context = {"views": views, "current": current, "status_form": status_form, "status": status}
    base = _visible_records(user)
    if current == "mine":
        units = _member_units(user, Action.DRAFT_RECORD)
        qs = base.filter(unit__in=units)
        items = list(_published_items(units).annotate(
            published=Count("records", filter=Q(records__status__in=workflow.PUBLIC_STATUSES), distinct=True),
            working=Count("records", filter=~Q(records__status__in=[*workflow.PUBLIC_STATUSES, workflow.WITHDRAWN,
                                                                    workflow.ARCHIVED]), distinct=True)))
        context.update(items=items, never_published=sum(1 for i in items if not i.published),
                       can_draft=True)
    elif current == "queue":
        qs = base.filter(unit__in=_member_units(user, Action.REVIEW_RECORD))
        if not status:
            qs = qs.filter(status__in=QUEUE_STATUSES)
    else:
        qs = base.filter(unit__jurisdiction__in=jurisdiction_scope(user, Action.OVERSEE_RECORDS))
    if status:
        qs = qs.filter(status=status)
    context["records"] = list(qs.order_by("-updated_at")[:300])
    return render(request, "backoffice/records/records.html", context)


def _visible_records(user):
    """Like publishing.selectors.records_for (which cannot OR its distinct unit scopes on this Django):
    own units' records for officers and reviewers, the subtree's for an office."""
    own = _member_units(user, Action.DRAFT_RECORD) + _member_units(user, Action.REVIEW_RECORD)
    return (Record.objects.filter(Q(unit__in=own)
                                  | Q(unit__jurisdiction__in=jurisdiction_scope(user, Action.OVERSEE_RECORDS)))
            .select_related("unit__jurisdiction", "created_by").prefetch_related("items"))


def _member_units(user, action: Action) -> list[int]:
    """The units the user acts for in person (not an office's subtree)."""
    return sorted({u.pk for u in own_units(user) if can(user, action, u)})


# --- the record form ----------------------------------------------------------------------------------


def _items_for(user, record: Record | None = None):
    units = [record.unit_id] if record is not None else _member_units(user, Action.DRAFT_RECORD)
    return _published_items(units)


def _save_attachments(request, form, record: Record) -> bool:
    ok = True
    for upload in form.cleaned_data.get("attachments") or []:
        data = upload.read()
        _, done = attempt(form, services.attachment_add, actor=request.user, record=record, name=upload.name,
                          data=data)
        ok = ok and done
    return ok


def _save_interpretation(request, form, record: Record) -> bool:
    values = form.interpretation_values()
    if values is None or not record.is_policy_document:
        return True
    existing = record.interpretations.first()
    if existing is not None and (existing.kind, existing.title, existing.url) == (
            values["kind"], values["title"], values["url"]) and existing.body.strip() == values["body"].strip():
        return True
    _, ok = attempt(form, services.interpretation_create, actor=request.user, record=record, **values)
    return ok


@backoffice_view
def record_create(request):
    guard(request, Action.DRAFT_RECORD)
    units = _member_units(request.user, Action.DRAFT_RECORD)
    items = _items_for(request.user)
    initial = {"disclosure_attribute": DisclosureAttribute.PROACTIVE, "formed_on": clock.today()}
    item_id = id_number(request.GET.get("item"))
    if item_id is not None:
        initial["items"] = [i.pk for i in items.filter(pk=item_id)]
    form = forms.RecordForm(posted(request), request.FILES or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["items"])
        unit = chosen[0].responsible_unit
        if unit is None or unit.pk not in units:
            guard(request, Action.DRAFT_RECORD, unit)
        record, ok = attempt(form, services.record_create, actor=request.user, unit=unit, items=chosen,
                             **form.record_values())
        if ok:
            _save_attachments(request, form, record)
            _save_interpretation(request, form, record)
            if form.non_field_errors():
                messages.error(request, "信息已保存为草稿，但有附件或解读未能保存：" + "；".join(form.non_field_errors()))
            else:
                messages.success(request, f"已保存草稿“{record.title}”（索引号 {record.index_number}）。")
            return redirect("backoffice:record", record.pk)
    return render(request, "backoffice/records/record_form.html", {"form": form, "record": None})


@backoffice_view
def record_edit(request, pk):
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    form = forms.RecordForm(posted(request), request.FILES or None, items=_items_for(request.user, record),
                            initial=forms.RecordForm.initial_from(record))
    editable = record.status in workflow.CHANGEABLE
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.record_update, actor=request.user, record=record,
                        items=list(form.cleaned_data["items"]), **form.record_values())
        if ok:
            record.refresh_from_db()
            ok = _save_attachments(request, form, record) and _save_interpretation(request, form, record)
        if ok:
            messages.success(request, f"已保存“{record.title}”。")
            return redirect("backoffice:record", record.pk)
    elif request.method == "GET" and not editable:
        messages.error(request, f"该信息当前为“{record.get_status_display()}”，不能修改；请审核人退回后再修改。")
    return render(request, "backoffice/records/record_form.html", {"form": form, "record": record,
                                                                    "editable": editable})


@backoffice_view
def record_nothing(request, item_pk):
    """本期无此类信息 for one item of the officer's unit."""
    item = get_object_or_404(CatalogItem.objects.select_related("domain", "responsible_unit", "version"),
                             pk=item_pk)
    guard(request, Action.DRAFT_RECORD, item.responsible_unit)
    form = forms.NothingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record, ok = attempt(form, services.record_mark_nothing_to_publish, actor=request.user,
                             unit=item.responsible_unit, item=item, period_start=data["period_start"],
                             period_end=data["period_end"], note=data["note"].strip())
        if ok:
            messages.success(request, f"已发布“{record.title}”。")
            return redirect(reverse("backoffice:records") + "?view=mine")
    return render(request, "backoffice/records/nothing.html", {"item": item, "form": form})


# --- one record ---------------------------------------------------------------------------------------


def _record_context(request, record: Record) -> dict:
    user = request.user
    may_draft = can(user, Action.DRAFT_RECORD, record)
    may_review = can(user, Action.REVIEW_RECORD, record)
    findings = list(record.privacy_findings.select_related("attachment", "override", "resolved_by")
                    .order_by("status", "id"))
    editable = record.status in workflow.CHANGEABLE
    for f in findings:
        f.kind_label = KIND_LABELS.get(f.kind, f.kind)
        # The services change content only while the record is a draft or published (a revision).
        f.maskable = editable and f.status == FindingStatus.OPEN and bool(f.proposed_masking) and (
            (f.attachment_id is None and f.location in FIELD_OF_LOCATION and may_draft)
            or (f.attachment_id is not None and (may_draft or may_review)))
    items = list(record.items.select_related("domain"))
    for item in items:
        item.entry_count = record.entries.filter(item=item).count() if item.schema else 0
    return {
        "record": record, "items": items, "list_items": [i for i in items if i.schema],
        "attachments": list(record.attachments.select_related("masked_by")),
        "interpretations": list(record.interpretations.all()),
        "revisions": list(record.revisions.select_related("created_by").order_by("-number")),
        "transitions": list(record.transitions.select_related("actor")),
        "findings": findings, "open_findings": sum(1 for f in findings if f.status == FindingStatus.OPEN),
        "may_draft": may_draft, "may_review": may_review,
        "may_oversee": can(user, Action.OVERSEE_RECORDS, record),
        "editable": editable and may_draft,
        "can_submit": may_draft and record.status == workflow.DRAFT,
        "can_start_review": may_review and record.status == workflow.SUBMITTED,
        "can_decide": may_review and record.status in (workflow.IN_REVIEW, workflow.REVISED),
        "can_return": may_review and record.status in (workflow.SUBMITTED, workflow.IN_REVIEW, workflow.APPROVED),
        "can_publish": may_review and record.status in (workflow.APPROVED, workflow.SCHEDULED),
        "can_unschedule": may_review and record.status == workflow.SCHEDULED,
        "can_withdraw": (may_review or can(user, Action.OVERSEE_RECORDS, record))
        and record.status in (workflow.PUBLISHED, workflow.REVISED, workflow.SCHEDULED),
        "can_archive": may_review and record.status in (workflow.PUBLISHED, workflow.WITHDRAWN),
        "public_url": _public_url(record),
        "channels_url": _url_with_fallback("backoffice:channels_record", record),
        "bulletin_url": _url_with_fallback("backoffice:channels_print", record, "channels/print/"),
        "mask_all_possible": sum(1 for f in findings if f.maskable) > 1,
        "kind_labels": KIND_LABELS,
    }


def _url_with_fallback(name: str, record: Record, tail: str = "channels/") -> str:
    """A page of another engineer's area by name, or its planned path while it is being built."""
    try:
        return reverse(name, args=[record.pk])
    except NoReverseMatch:
        return f"{url_or_path('backoffice:records', '/admin/records/')}{record.pk}/{tail}"


def _public_url(record: Record) -> str | None:
    if not record.is_public:
        return None
    try:
        return reverse("portal:record", kwargs={"code": record.unit.jurisdiction.code,
                                                "ref": record.index_number or str(record.pk)})
    except NoReverseMatch:  # the portal's record page may still be on its way
        return None


@backoffice_view
def record_detail(request, pk):
    record = _record(request, pk)
    return render(request, "backoffice/records/record.html", _record_context(request, record))


@backoffice_view
@require_POST
def record_submit(request, pk):
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    _run(request, services.record_submit, "已提交审核。", actor=request.user, record=record,
         comment=request.POST.get("comment", "").strip())
    return redirect("backoffice:record", record.pk)


@backoffice_view
def record_review(request, pk):  # noqa: C901 — the review's if/elif of actions until the one multi-action pattern replaces it (issue 7)
    """The reviewer's page: the scan with every hit and its proposed masking, overrides, the decision."""
    record = _record_for(request, pk, Action.REVIEW_RECORD)
    action = request.POST.get("action") if request.method == "POST" else None
    return_form = forms.ReturnForm(request.POST if action == "return" else None, prefix="return")
    approve_form = forms.CommentForm(request.POST if action == "approve" else None, prefix="approve")
    schedule_form = forms.ScheduleForm(request.POST if action == "schedule" else None)
    override_form, override_for = forms.ReasonForm(), None
    if action == "start":
        if _run(request, services.record_review, "已开始保密审查，自动扫描已完成。", actor=request.user,
                record=record)[1]:
            return redirect("backoffice:record_review", record.pk)
    elif action == "rescan":
        result, ok = _run(request, services.record_scan, actor=request.user, record=record)
        if ok:
            messages.success(request, f"已重新扫描：新发现 {result['new']} 处，{result['fixed']} 处已不再出现。")
            return redirect("backoffice:record_review", record.pk)
    elif action == "override":
        finding = get_object_or_404(PrivacyFinding, pk=id_number(request.POST.get("finding")), record=record)
        override_form, override_for = forms.ReasonForm(request.POST), finding.pk
        if override_form.is_valid():
            _, ok = attempt(override_form, services.finding_override, actor=request.user, finding=finding,
                            reason=override_form.cleaned_data["reason"])
            if ok:
                messages.success(request, f"已说明理由并保留“{finding.location}”中的该处内容。")
                return redirect(reverse("backoffice:record_review", args=[record.pk]) + "#findings")
    elif action == "approve" and approve_form.is_valid():
        _, ok = attempt(approve_form, services.record_approve, actor=request.user, record=record,
                        comment=approve_form.cleaned_data["comment"].strip())
        if ok:
            messages.success(request, "已审核通过。" if record.status != workflow.REVISED else "修订已审核通过并公开。")
            return redirect("backoffice:record_review", record.pk)
    elif action == "return" and return_form.is_valid():
        _, ok = attempt(return_form, services.record_return, actor=request.user, record=record,
                        comment=return_form.cleaned_data["comment"].strip())
        if ok:
            messages.success(request, "已退回信息员修改。")
            return redirect("backoffice:record", record.pk)
    elif action == "publish":
        result, ok = _run(request, services.record_publish, actor=request.user, record=record)
        if ok:
            messages.success(request, "已发布。")
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("backoffice:record", record.pk)
    elif action == "schedule" and schedule_form.is_valid():
        at = schedule_form.cleaned_data["scheduled_for"]
        if at <= clock.now():
            schedule_form.add_error("scheduled_for", "定时发布时间须晚于现在；要马上发布，请点“立即发布”。")
        else:
            result, ok = attempt(schedule_form, services.record_publish, actor=request.user, record=record, at=at)
            if ok:
                messages.success(request, f"已定于 {timezone.localtime(at):%Y-%m-%d %H:%M} 发布。")
                return redirect("backoffice:record", record.pk)
    elif action == "unschedule":
        if _run(request, services.record_unschedule, "已取消定时发布。", actor=request.user, record=record)[1]:
            return redirect("backoffice:record_review", record.pk)
    elif action == "archive":
        if _run(request, services.record_archive, "已归档。", actor=request.user, record=record)[1]:
            return redirect("backoffice:record", record.pk)
    elif action is not None and action not in ("approve", "return", "schedule"):
        messages.error(request, "未知的操作。")
    record.refresh_from_db()
    context = _record_context(request, record)
    context.update(return_form=return_form, approve_form=approve_form, schedule_form=schedule_form,
                   override_form=override_form, override_for=override_for)
    return render(request, "backoffice/records/review.html", context)


@backoffice_view
def record_withdraw(request, pk):
    record = get_object_or_404(Record.objects.select_related("unit__jurisdiction"), pk=pk)
    if not can(request.user, Action.OVERSEE_RECORDS, record):
        guard(request, Action.REVIEW_RECORD, record)
    form = forms.ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.record_withdraw, actor=request.user, record=record,
                        reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, f"已撤回“{record.title}”，公开页面不再显示。")
            return redirect("backoffice:record", record.pk)
    return render(request, "backoffice/records/withdraw.html", {"record": record, "form": form})


# --- masking ------------------------------------------------------------------------------------------


def _mask_in_field(request, record: Record, findings: list[PrivacyFinding]) -> int:
    """按建议遮蔽 in the record's own text: each hit replaced by its proposed masking (the working copy
    changes through record_update, so the revision history keeps the unmasked text privately), then the
    finding is marked fixed with who did it."""
    changes: dict[str, str] = {}
    done = []
    for finding in findings:
        field = FIELD_OF_LOCATION.get(finding.location)
        if field is None or not finding.proposed_masking:
            continue
        text = changes.get(field, getattr(record, field))
        if finding.text not in text:
            messages.error(request, f"在{finding.location}中找不到“{finding.proposed_masking}”对应的原文，"
                                    "可能已被修改，请编辑正文后重新提交。")
            continue
        changes[field] = text.replace(finding.text, finding.proposed_masking)
        done.append(finding)
    if not changes:
        return 0
    _, ok = _run(request, services.record_update, actor=request.user, record=record,
                 comment="按建议遮蔽：" + "、".join(f"{f.location}{KIND_LABELS.get(f.kind, f.kind)}" for f in done),
                 **changes)
    if not ok:
        return 0
    for finding in done:
        services.finding_fix(actor=request.user, finding=finding,
                             comment=f"按建议遮蔽为“{finding.proposed_masking}”")
    return len(done)


def _mask_attachment(request, record: Record, attachment: Attachment, findings: list[PrivacyFinding]) -> int:
    """A masked public copy of an attachment through the masking module; the original stays private."""
    try:
        from gongkai.publishing import masking
    except ImportError:
        masking = None
    mask_file = getattr(masking, "mask_file", None) if masking else None
    if mask_file is None:
        messages.error(request, f"暂不能自动遮蔽附件“{attachment.name}”，请下载原件遮蔽后上传公开文件。")
        return 0
    try:
        with attachment.original.open("rb") as handle:
            data = handle.read()
        masked = mask_file(data, name=attachment.name)
    except Exception as exc:  # noqa: BLE001 - any failure is told, nothing is written
        messages.error(request, f"附件“{attachment.name}”自动遮蔽失败：{exc}。请下载原件遮蔽后上传公开文件。")
        return 0
    if isinstance(masked, tuple):
        masked = masked[0]
    masked_bytes = getattr(masked, "data", masked)
    note = "按建议遮蔽：" + "、".join(f"{f.location}{KIND_LABELS.get(f.kind, f.kind)}→{f.proposed_masking}"
                                    for f in findings)
    _, ok = _run(request, services.attachment_replace_public_copy, actor=request.user, attachment=attachment,
                 data=masked_bytes, note=note[:2000])
    if not ok:
        return 0
    for finding in findings:
        services.finding_fix(actor=request.user, finding=finding, comment="附件公开文件已遮蔽")
    return len(findings)


@backoffice_view
@require_POST
def record_mask(request, pk):
    """按建议遮蔽: one finding (finding=…) or every open finding that can be masked (all=1)."""
    record = _record(request, pk)
    if not can(request.user, Action.DRAFT_RECORD, record):
        guard(request, Action.REVIEW_RECORD, record)
    open_qs = record.privacy_findings.filter(status=FindingStatus.OPEN).select_related("attachment")
    if request.POST.get("all") == "1":
        findings = list(open_qs)
    else:
        findings = [get_object_or_404(open_qs, pk=id_number(request.POST.get("finding")))]
    masked = 0
    text_findings = [f for f in findings if f.attachment_id is None]
    if text_findings:
        if not can(request.user, Action.DRAFT_RECORD, record):
            messages.error(request, "正文由信息员修改：请退回信息员按建议遮蔽，或说明理由后保留。")
        else:
            masked += _mask_in_field(request, record, text_findings)
    by_attachment: dict[int, list[PrivacyFinding]] = {}
    for f in findings:
        if f.attachment_id is not None and f.location != f"附件“{f.attachment.name}”文件名":
            by_attachment.setdefault(f.attachment_id, []).append(f)
    for attachment_findings in by_attachment.values():
        masked += _mask_attachment(request, record, attachment_findings[0].attachment, attachment_findings)
    if masked:
        messages.success(request, f"已按建议遮蔽 {masked} 处。")
    if request.POST.get("next") == "review" and can(request.user, Action.REVIEW_RECORD, record):
        return redirect(reverse("backoffice:record_review", args=[record.pk]) + "#findings")
    return redirect(reverse("backoffice:record", args=[record.pk]) + "#findings")


# --- attachments --------------------------------------------------------------------------------------


@backoffice_view
def attachment_file(request, pk, attachment_pk):
    """The private original (or, with ?public=1, the public copy) for the unit's own staff and the office."""
    record = _record(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record)
    source = attachment.public_file if request.GET.get("public") == "1" and attachment.public_file \
        else attachment.original
    try:
        handle = source.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@backoffice_view
def attachment_public_copy(request, pk, attachment_pk):
    """Upload a masked public copy made by hand; the original stays private."""
    record = _record(request, pk)
    if not can(request.user, Action.DRAFT_RECORD, record):
        guard(request, Action.REVIEW_RECORD, record)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record)
    form = forms.PublicCopyForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _, ok = attempt(form, services.attachment_replace_public_copy, actor=request.user, attachment=attachment,
                        data=upload.read(), note=form.cleaned_data["note"], name=attachment.name)
        if ok:
            for finding in record.privacy_findings.filter(attachment=attachment, status=FindingStatus.OPEN):
                services.finding_fix(actor=request.user, finding=finding, comment="已上传遮蔽后的公开文件")
            messages.success(request, f"已替换“{attachment.name}”的公开文件，原件仍保密保存。")
            return redirect("backoffice:record", record.pk)
    return render(request, "backoffice/records/public_copy.html", {"record": record, "attachment": attachment,
                                                                   "form": form})


@backoffice_view
@require_POST
def attachment_remove(request, pk, attachment_pk):
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record)
    _run(request, services.attachment_remove, f"已删除附件“{attachment.name}”。", actor=request.user,
         attachment=attachment)
    return redirect("backoffice:record", record.pk)


# --- entries ------------------------------------------------------------------------------------------


def _entry_item(request, record: Record, item_pk) -> CatalogItem:
    item = get_object_or_404(record.items.select_related("domain"), pk=item_pk)
    if not item.schema:
        raise Http404("该事项没有要素字段")
    return item


@backoffice_view
def entries(request, pk, item_pk):
    """The grid: one row per entry, one column per element; add below."""
    record = _record(request, pk)
    item = _entry_item(request, record, item_pk)
    may_edit = can(request.user, Action.DRAFT_RECORD, record) and record.status in (
        workflow.CHANGEABLE)
    form = forms.EntryForm(posted(request), schema=item.schema)
    if request.method == "POST":
        guard(request, Action.DRAFT_RECORD, record)
        if form.is_valid():
            _, ok = attempt(form, services.entry_create, actor=request.user, item=item, record=record,
                            values=form.values())
            if ok:
                messages.success(request, "已新增一条明细。")
                return redirect("backoffice:record_entries", record.pk, item.pk)
    rows = list(record.entries.filter(item=item).order_by("order", "id"))
    names = [f.get("name") for f in item.schema]
    return render(request, "backoffice/records/entries.html", {
        "record": record, "item": item, "form": form, "names": names, "may_edit": may_edit,
        "rows": [(e, [e.values.get(n, "") for n in names]) for e in rows],
        "can_import": may_edit and _entries_table() is not None,
    })


@backoffice_view
def entry_edit(request, pk, item_pk, entry_pk):
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    item = _entry_item(request, record, item_pk)
    entry = get_object_or_404(Entry, pk=entry_pk, record=record, item=item)
    form = forms.EntryForm(posted(request), schema=item.schema,
                           initial=forms.EntryForm.initial_from(item.schema, entry.values))
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.entry_update, actor=request.user, entry=entry, values=form.values())
        if ok:
            messages.success(request, "已保存明细。")
            return redirect("backoffice:record_entries", record.pk, item.pk)
    return render(request, "backoffice/records/entry_edit.html", {"record": record, "item": item, "entry": entry,
                                                                  "form": form})


@backoffice_view
@require_POST
def entry_delete(request, pk, item_pk, entry_pk):
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    item = _entry_item(request, record, item_pk)
    entry = get_object_or_404(Entry, pk=entry_pk, record=record, item=item)
    _run(request, services.entry_delete, "已删除一条明细。", actor=request.user, entry=entry)
    return redirect("backoffice:record_entries", record.pk, item.pk)


def _entries_table():
    try:
        from gongkai.exchange import entries_table
    except ImportError:
        return None
    if not all(hasattr(entries_table, n) for n in ("entries_template", "entries_import_xlsx")):
        return None
    return entries_table


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTRY_IMPORT_KEY = "gongkai_entry_import"


@backoffice_view
def entries_template(request, pk, item_pk):
    record = _record(request, pk)
    item = _entry_item(request, record, item_pk)
    table = _entries_table()
    if table is None:
        messages.error(request, "明细模板功能尚未就绪，请稍后再试。")
        return redirect("backoffice:record_entries", record.pk, item.pk)
    response = HttpResponse(table.entries_template(item), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{item.name}-明细模板.xlsx')}"
    return response


@backoffice_view
def entries_import(request, pk, item_pk):
    """Upload → dry run with every problem by row and column → confirm → all or nothing (the checked file
    is kept for the confirmation, so it is not uploaded twice)."""
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    item = _entry_item(request, record, item_pk)
    table = _entries_table()
    pending = request.session.get(ENTRY_IMPORT_KEY)
    if not pending or pending.get("record") != record.pk or pending.get("item") != item.pk \
            or not default_storage.exists(pending.get("path", "")):
        pending = None
    confirming = request.method == "POST" and request.POST.get("confirm") == "1"
    form = forms.EntryImportForm(None if confirming else posted(request), request.FILES or None)
    report = None
    if table is not None and confirming and pending:
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
        report, ok = attempt(form, table.entries_import_xlsx, actor=request.user, item=item, record=record,
                             data=data, replace=pending.get("replace", False), dry_run=False)
        if ok and report.ok:
            _forget(request, pending)
            messages.success(request, f"已导入 {report.created} 条明细。")
            return redirect("backoffice:record_entries", record.pk, item.pk)
    elif table is not None and request.method == "POST" and not confirming and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        replace = request.POST.get("replace") == "1"
        if pending:
            _forget(request, pending)
            pending = None
        report, ok = attempt(form, table.entries_import_xlsx, actor=request.user, item=item, record=record,
                             data=data, replace=replace, dry_run=True)
        if ok and report.ok:
            path = default_storage.save(f"imports/entries-{record.pk}-{uuid.uuid4().hex}.xlsx", ContentFile(data))
            pending = {"record": record.pk, "item": item.pk, "path": path, "filename": upload.name,
                       "replace": replace}
            request.session[ENTRY_IMPORT_KEY] = pending
    return render(request, "backoffice/records/entries_import.html", {
        "record": record, "item": item, "form": form, "report": report, "ready": table is not None,
        "pending": pending if report is not None and report.ok else None,
    })


def _forget(request, pending: dict) -> None:
    default_storage.delete(pending["path"])
    request.session.pop(ENTRY_IMPORT_KEY, None)

