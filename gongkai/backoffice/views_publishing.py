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
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import (
    AUTHOR_REVIEW_REFUSED,
    AUTHOR_REVIEW_WARNING,
    Action,
    can,
    jurisdiction_scope,
    own_units,
    review_by_author,
)
from gongkai.backoffice import forms_publishing as forms
from gongkai.backoffice.moves import Screen, Step
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, is_htmx, posted
from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem
from gongkai.core import clock
from gongkai.core.errors import GongkaiError, PermissionRefused, ValidationFailed
from gongkai.core.paging import id_number
from gongkai.exchange import entries_table, record_files
from gongkai.publishing import attachment_text, masking, privacy, selectors, services, workflow
from gongkai.publishing.models import (
    Attachment,
    DisclosureAttribute,
    Entry,
    FindingStatus,
    PrivacyFinding,
    Record,
    RecordStatus,
    TextStatus,
)

# Where a finding stands in the record, and the field that holds it.
FIELD_OF_LOCATION = {"标题": "title", "内容概述": "summary", "正文": "body"}
KIND_LABELS = {**privacy.KIND_LABELS, "unreadable": "无法提取文字", "ocr_pending": "文字识别未完成"}
TEXT_WAITING = (TextStatus.PENDING, TextStatus.RUNNING)
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


def _record(request, pk) -> Record:
    record = get_object_or_404(Record.objects.select_related("unit__jurisdiction", "created_by"), pk=pk)
    guard(request, Action.VIEW_RECORD, record)
    return record


def _record_for(request, pk, action: Action) -> Record:
    record = get_object_or_404(Record.objects.select_related("unit__jurisdiction"), pk=pk)
    guard(request, action, record)
    return record


def _published_items(units):
    return catalog_selectors.published_items_of_units(units)


# --- lists --------------------------------------------------------------------------------------------


@backoffice_view
def records(request):
    """One page, three views: 本单位信息 (officer), 待审核 (reviewer), 辖区监督 (office)."""
    guard(request, Action.VIEW_RECORD)
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


def _privacy_check(request, record: Record, form):
    """检查隐私: the scan of what is typed in the form (not saved) with the record's 明细 and attachments.
    The form is shown again as typed; with htmx only the findings are sent."""
    data = request.POST
    hits, _ = _run(request, services.record_privacy_check, actor=request.user, record=record,
                   title=data.get("title", ""), summary=data.get("summary", ""), body=data.get("body", ""))
    for hit in hits or []:
        hit["kind_label"] = KIND_LABELS.get(hit["kind"], hit["kind"])
    context = {"form": form, "record": record, "editable": record.status in workflow.CHANGEABLE,
               "revising": not workflow.TABLE.is_editable(record.status), "privacy_check": hits or [],
               "privacy_checked": hits is not None, "new_files": bool(request.FILES)}
    template = "backoffice/records/record_form.html"
    if is_htmx(request):
        template += "#privacy-check"
    return render(request, template, context)


@backoffice_view
def record_edit(request, pk):
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    form = forms.RecordForm(posted(request), request.FILES or None, items=_items_for(request.user, record),
                            initial=forms.RecordForm.initial_from(record))
    editable = record.status in workflow.CHANGEABLE
    if request.method == "POST" and request.POST.get("check_privacy"):
        return _privacy_check(request, record, forms.RecordForm(
            request.POST, items=_items_for(request.user, record), initial=forms.RecordForm.initial_from(record),
        ).as_typed())
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
    return render(request, "backoffice/records/record_form.html", {
        "form": form, "record": record, "editable": editable,
        "revising": not workflow.TABLE.is_editable(record.status)})


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


def _submit(*, actor, obj, data):
    return services.record_submit(actor=actor, record=obj, comment=data["comment"].strip())


def _start(*, actor, obj, data):
    return services.record_review(actor=actor, record=obj)


def _approve(*, actor, obj, data):
    return services.record_approve(actor=actor, record=obj, comment=data["comment"].strip())


def _return(*, actor, obj, data):
    return services.record_return(actor=actor, record=obj, comment=data["comment"].strip())


def _discard(*, actor, obj, data):
    return services.record_discard_revision(actor=actor, record=obj, comment=data["comment"].strip())


def _publish(*, actor, obj, data):
    return services.record_publish(actor=actor, record=obj)


def _schedule(*, actor, obj, data):
    at = data["scheduled_for"]
    if at <= clock.now():
        raise ValidationFailed("定时发布时间须晚于现在；要马上发布，请点“立即发布”。")
    return services.record_publish(actor=actor, record=obj, at=at)


def _unschedule(*, actor, obj, data):
    return services.record_unschedule(actor=actor, record=obj)


def _withdraw(*, actor, obj, data):
    return services.record_withdraw(actor=actor, record=obj, reason=data["reason"])


def _archive(*, actor, obj, data):
    return services.record_archive(actor=actor, record=obj)


def _mask_as_suggested(*, actor, obj, data):
    return services.record_mask_as_suggested(actor=actor, record=obj)


def _masked(record, result, data) -> str:
    return f"已按建议遮盖 {result.masked} 处，信息仍在保密审查中，可审核通过。"


# The moves of a record. Each step's form sits on one page (the record, the review or its own page) and
# posts to records/<pk>/<step>/; after the move the user goes to the page in AFTER (default: the record).
RECORD = Screen(table=workflow.TABLE, actions=selectors.MOVE_ACTIONS, steps={
    "submit": Step(moves=(workflow.SUBMIT,), make=_submit, page="record", form=forms.CommentForm,
                   done="已提交审核。"),
    "start": Step(moves=(workflow.START_REVIEW,), make=_start, page="review",
                  done="已开始保密审查，自动扫描已完成。"),
    "approve": Step(moves=(workflow.APPROVE, workflow.APPROVE_REVISION), make=_approve, page="review",
                    form=lambda data, **kw: forms.CommentForm(data, prefix="approve", **kw),
                    done=lambda record, result, data: "修订已审核通过并公开。" if record.status == workflow.REVISED
                    else "已审核通过。"),
    "return": Step(moves=(workflow.RETURN,), make=_return, page="review",
                   form=lambda data, **kw: forms.ReturnForm(data, prefix="return", **kw), done="已退回信息员修改。"),
    "discard": Step(moves=(workflow.DISCARD_REVISION,), make=_discard, page="review",
                    form=lambda data, **kw: forms.CommentForm(data, prefix="discard", **kw),
                    done="已放弃修订，公开页面仍为已发布的版本。"),
    "publish": Step(moves=(workflow.PUBLISH,), make=_publish, page="review", done="已发布。"),
    "schedule": Step(moves=(workflow.SCHEDULE,), make=_schedule, page="review", form=forms.ScheduleForm,
                     done=lambda record, result, data:
                     f"已定于 {timezone.localtime(data['scheduled_for']):%Y-%m-%d %H:%M} 发布。"),
    "unschedule": Step(moves=(workflow.UNSCHEDULE,), make=_unschedule, page="review", done="已取消定时发布。"),
    "withdraw": Step(moves=(workflow.WITHDRAW,), make=_withdraw, page="withdraw", form=forms.ReasonForm,
                     done=lambda record, result, data: f"已撤回“{record.title}”，公开页面不再显示。"),
    "archive": Step(moves=(workflow.ARCHIVE,), make=_archive, page="review", done="已归档。"),
    "mask_in_review": Step(moves=(workflow.MASK_AS_SUGGESTED,), make=_mask_as_suggested, page="review", done=_masked),
})
AFTER = {"start": "review", "approve": "review", "unschedule": "review", "mask_in_review": "review"}
PAGE_URLS = {"record": "backoffice:record", "review": "backoffice:record_review", "withdraw": "backoffice:record_withdraw"}


def _buttons(request, record: Record, bound: dict | None = None):
    buttons = RECORD.buttons(selectors.moves_for(request.user, record), bound)
    for button in buttons:
        button.url = reverse(f"backoffice:record_{button.key}", args=[record.pk])
    return buttons


def _record_context(request, record: Record, bound: dict | None = None) -> dict:
    user = request.user
    may_draft = can(user, Action.DRAFT_RECORD, record)
    may_mask = can(user, Action.MASK_PERSONAL_DATA, record)
    findings = list(record.privacy_findings.select_related("attachment", "override", "resolved_by")
                    .order_by("status", "id"))
    editable = record.status in workflow.CHANGEABLE
    for f in findings:
        f.kind_label = KIND_LABELS.get(f.kind, f.kind)  # type: ignore[attr-defined]  # for the template
        # The services change content only while the record is a draft or published (a revision); the
        # record's own text is the officer's, an attachment's public copy either's.
        f.maskable = editable and f.status == FindingStatus.OPEN and bool(f.proposed_masking) and (  # type: ignore[attr-defined]
            (f.attachment_id is None and f.location in FIELD_OF_LOCATION and may_draft)
            or (f.attachment_id is not None and may_mask))
    items = list(record.items.select_related("domain"))
    for item in items:
        item.entry_count = record.entries.filter(item=item).count() if item.schema else 0  # type: ignore[attr-defined]
    transitions = list(record.transitions.select_related("actor"))
    returned = record.status == workflow.DRAFT and transitions and transitions[-1].move == workflow.RETURN
    buttons = _buttons(request, record, bound)
    return {
        "record": record, "items": items, "list_items": [i for i in items if i.schema],
        "publish_by": selectors.record_publish_by(record, clock.today()),
        **_attachments_context(record),
        "interpretations": list(record.interpretations.all()),
        "revisions": list(record.revisions.select_related("created_by").order_by("-number")),
        "transitions": transitions, "return_comment": transitions[-1].comment if returned else "",
        "findings": findings, "open_findings": sum(1 for f in findings if f.status == FindingStatus.OPEN),
        "may_mask_in_review": any(b.move == workflow.MASK_AS_SUGGESTED for b in buttons),
        "scanned": record.status in workflow.SCANNED,
        "may_draft": may_draft, "may_review": can(user, Action.REVIEW_RECORD, record), "may_mask": may_mask,
        "author_review": review_by_author(user, record) or "",
        "author_review_refused": AUTHOR_REVIEW_REFUSED, "author_review_warning": AUTHOR_REVIEW_WARNING,
        "editable": editable and may_draft,
        "buttons": buttons,
        "public_url": _public_url(record),
        "channels_url": reverse("backoffice:channels_record", args=[record.pk]),
        "bulletin_url": reverse("backoffice:channels_print", args=[record.pk]),
        "mask_all_possible": sum(1 for f in findings if f.maskable) > 1,  # type: ignore[attr-defined,misc]
        "kind_labels": KIND_LABELS,
    }


def _attachments_context(record: Record) -> dict:
    """The attachments with where the reading of their text stands (待识别 / 识别中 n/m 页 / 已完成 / 失败)."""
    attachments = list(record.attachments.select_related("masked_by"))
    now = clock.now()
    for a in attachments:
        a.text_stalled = attachment_text.is_stalled(a, now)  # type: ignore[attr-defined]  # for the template
    return {"attachments": attachments,
            "text_pending": any(a.text_status in TEXT_WAITING and not a.text_stalled  # type: ignore[attr-defined]
                                for a in attachments)}


def _public_url(record: Record) -> str | None:
    if not record.is_public:
        return None
    return reverse("portal:record", kwargs={"code": record.unit.jurisdiction.code,
                                            "ref": record.index_number or str(record.pk)})


def _review_context(request, record: Record, bound: dict | None = None, override_form=None,
                    override_for=None) -> dict:
    context = _record_context(request, record, bound)
    context.update(override_form=override_form or forms.ReasonForm(), override_for=override_for,
                   can_rescan=record.status in workflow.UNDER_REVIEW,
                   scheduled=record.status == workflow.SCHEDULED)
    return context


def _render_page(request, record: Record, page: str, bound: dict | None = None):
    if page == "review":
        return render(request, "backoffice/records/review.html", _review_context(request, record, bound))
    if page == "withdraw":
        return render(request, "backoffice/records/withdraw.html",
                      {"record": record, "form": (bound or {}).get("withdraw") or forms.ReasonForm()})
    return render(request, "backoffice/records/record.html", _record_context(request, record, bound))


def _make(request, record: Record, key: str):
    """One step of RECORD posted: made (→ the next page) or refused (→ its page, the message on its form)."""
    form, _, ok = RECORD.make(request, obj=record, key=key, allowed=selectors.moves_for(request.user, record))
    if ok:
        return redirect(PAGE_URLS[AFTER.get(key, "record")], record.pk)
    record.refresh_from_db()
    return _render_page(request, record, RECORD.step(key).page, {key: form})


@backoffice_view
def record_detail(request, pk):
    record = _record(request, pk)
    if is_htmx(request) and request.GET.get("part") == "attachments":  # the text reading's progress, polled
        return render(request, "backoffice/records/_attachments.html", {
            "record": record, **_attachments_context(record), "may_mask": can(request.user, Action.MASK_PERSONAL_DATA, record),
            "editable": record.status in workflow.CHANGEABLE and can(request.user, Action.DRAFT_RECORD, record)})
    return render(request, "backoffice/records/record.html", _record_context(request, record))


@backoffice_view
def record_move(request, pk, step):
    """records/<pk>/<step>/: POST makes the step's move; GET shows the page its form is on."""
    record = _record(request, pk)
    this = RECORD.step(step)
    if request.method == "POST":
        return _make(request, record, step)
    if this.page == "record":
        return redirect(PAGE_URLS["record"], record.pk)
    guard(request, RECORD.actions[this.moves[0]], record)
    return _render_page(request, record, this.page)


@backoffice_view
def record_review(request, pk):
    """The reviewer's page: the scan with every hit and its proposed masking, overrides, the decision.
    Its moves post to their own steps (an `action` posted here is taken as the step); rescanning and
    keeping a finding with a reason are not moves of the record."""
    record = _record_for(request, pk, Action.REVIEW_RECORD)
    action = request.POST.get("action") if request.method == "POST" else None
    if action in RECORD.steps:
        return _make(request, record, action)
    if action == "rescan":
        result, ok = _run(request, services.record_scan, actor=request.user, record=record)
        if ok:
            messages.success(request, f"已重新扫描：新发现 {result['new']} 处，{result['fixed']} 处已不再出现。")
            return redirect("backoffice:record_review", record.pk)
    elif action == "override":
        finding = get_object_or_404(PrivacyFinding, pk=id_number(request.POST.get("finding")), record=record)
        override_form = forms.ReasonForm(request.POST)
        if override_form.is_valid():
            _, ok = attempt(override_form, services.finding_override, actor=request.user, finding=finding,
                            reason=override_form.cleaned_data["reason"])
            if ok:
                messages.success(request, f"已说明理由并保留“{finding.location}”中的该处内容。")
                return redirect(reverse("backoffice:record_review", args=[record.pk]) + "#findings")
        record.refresh_from_db()
        return render(request, "backoffice/records/review.html",
                      _review_context(request, record, override_form=override_form, override_for=finding.pk))
    elif action is not None:
        messages.error(request, "未知的操作。")
    record.refresh_from_db()
    return render(request, "backoffice/records/review.html", _review_context(request, record))


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
        with attachment.original.open("rb") as handle:
            data = handle.read()
        masked_bytes = masking.mask_file(data, name=attachment.name).data
    except Exception as exc:  # noqa: BLE001 - any failure is told, nothing is written
        messages.error(request, f"附件“{attachment.name}”自动遮蔽失败：{exc}。请下载原件遮蔽后上传公开文件。")
        return 0
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
    guard(request, Action.MASK_PERSONAL_DATA, record)
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
@require_POST
def attachment_text_requeue(request, pk, attachment_pk):
    """重新识别: read an attachment's text again (after a failure, or a job that stopped)."""
    record = _record(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record)
    _, ok = _run(request, attachment_text.attachment_text_requeue, actor=request.user, attachment=attachment)
    if ok:
        messages.success(request, f"已重新排队识别附件“{attachment.name}”的文字。")
    return redirect(reverse("backoffice:record", args=[record.pk]) + "#h-attachments")


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
def record_document(request, pk, ext):
    """The record as a document (docx or PDF of its working copy, the attribute printed under the date)."""
    if ext not in ("docx", "pdf"):
        raise Http404("没有这种格式。")
    record = _record(request, pk)
    if ext == "docx":
        data, content_type = record_files.record_docx(record), record_files.DOCX_TYPE
    else:
        data, content_type = record_files.record_pdf(record), record_files.PDF_TYPE
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(record_files.record_filename(record, ext))}"
    return response


@backoffice_view
def attachment_public_copy(request, pk, attachment_pk):
    """Upload a masked public copy made by hand; the original stays private."""
    record = _record(request, pk)
    guard(request, Action.MASK_PERSONAL_DATA, record)
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
        "rows": [(e, [(n, e.values.get(n, "")) for n in names]) for e in rows],
        "can_import": may_edit,
        # the office may add columns to the item's schema (views_item_columns)
        "column_form": (forms.EntryColumnForm() if can(request.user, Action.EDIT_CATALOG, item.version.catalog)
                        else None),
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTRY_IMPORT_KEY = "gongkai_entry_import"


@backoffice_view
def entries_template(request, pk, item_pk):
    record = _record(request, pk)
    item = _entry_item(request, record, item_pk)
    response = HttpResponse(entries_table.entries_template(item), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{item.name}-明细模板.xlsx')}"
    return response


@backoffice_view
def entries_import(request, pk, item_pk):
    """Upload → dry run with every problem by row and column → confirm → all or nothing (the checked file
    is kept for the confirmation, so it is not uploaded twice)."""
    record = _record_for(request, pk, Action.DRAFT_RECORD)
    item = _entry_item(request, record, item_pk)
    pending = request.session.get(ENTRY_IMPORT_KEY)
    if not pending or pending.get("record") != record.pk or pending.get("item") != item.pk \
            or not default_storage.exists(pending.get("path", "")):
        pending = None
    confirming = request.method == "POST" and request.POST.get("confirm") == "1"
    form = forms.EntryImportForm(None if confirming else posted(request), request.FILES or None)
    report = None
    if confirming and pending:
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
        report, ok = attempt(form, entries_table.entries_import_xlsx, actor=request.user, item=item, record=record,
                             data=data, replace=pending.get("replace", False), dry_run=False)
        if ok and report.ok:
            _forget(request, pending)
            messages.success(request, f"已导入 {report.created} 条明细。")
            return redirect("backoffice:record_entries", record.pk, item.pk)
    elif request.method == "POST" and not confirming and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        replace = request.POST.get("replace") == "1"
        if pending:
            _forget(request, pending)
            pending = None
        report, ok = attempt(form, entries_table.entries_import_xlsx, actor=request.user, item=item, record=record,
                             data=data, replace=replace, dry_run=True)
        if ok and report.ok:
            path = default_storage.save(f"imports/entries-{record.pk}-{uuid.uuid4().hex}.xlsx", ContentFile(data))
            pending = {"record": record.pk, "item": item.pk, "path": path, "filename": upload.name,
                       "replace": replace}
            request.session[ENTRY_IMPORT_KEY] = pending
    return render(request, "backoffice/records/entries_import.html", {
        "record": record, "item": item, "form": form, "report": report,
        "pending": pending if report is not None and report.ok else None,
    })


def _forget(request, pending: dict) -> None:
    default_storage.delete(pending["path"])
    request.session.pop(ENTRY_IMPORT_KEY, None)

