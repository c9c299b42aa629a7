"""The audit log, for the auditor only: list with filters, one event, export (CSV, xlsx), and the check of
the hash chain. Everyone else gets the 403 page and leaves a permission.refused event."""

from __future__ import annotations

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts import selectors
from gongkai.accounts.backends import client_ip
from gongkai.accounts.policies import Action
from gongkai.backoffice.forms_accounts import AuditFilterForm
from gongkai.backoffice.plumbing import backoffice_view, guard
from gongkai.core import clock
from gongkai.core.audit import ChainReport, anchor_file, read_anchors, record_event, verify_chain
from gongkai.core.paging import page_of
from gongkai.exchange import audit_log

PAGE_SIZE = 50


def _filtered(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    events = selectors.audit_event_list(user=request.user, filters=form.filters())
    return form, events


@backoffice_view
def audit_list(request):
    guard(request, Action.VIEW_AUDIT)
    form, events = _filtered(request)
    page = page_of(events, PAGE_SIZE, request.GET.get("page"))
    for event in page.object_list:
        event.label = selectors.audit_action_label(event.action)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "backoffice/audit/list.html", {"form": form, "page": page, "query": query.urlencode()})


@backoffice_view
def audit_detail(request, pk: int):
    guard(request, Action.VIEW_AUDIT)
    event = selectors.audit_event_get(user=request.user, event_id=pk)
    if event is None:
        raise Http404("没有这条审计事件。")
    return render(request, "backoffice/audit/detail.html", {"event": event, "label": selectors.audit_action_label(event.action),
                                                          "hash_ok": event.compute_hash() == event.hash})


@backoffice_view
def audit_export(request, fmt: str):
    guard(request, Action.EXPORT_AUDIT)
    form, events = _filtered(request)
    filters = form.filters()
    record_event(actor=request.user, action="audit.exported", ip_address=client_ip(request),
                 data={"format": fmt, "filters": {k: str(v) for k, v in vars(filters).items() if v}})
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M%S")
    events = events.order_by("id").iterator(chunk_size=2000)
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(audit_log.csv_lines(events, selectors.audit_action_label),
                                         content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            audit_log.xlsx_bytes(events, selectors.audit_action_label),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.{fmt}"'
    return response


@backoffice_view
def audit_verify(request):
    guard(request, Action.VIEW_AUDIT)
    try:
        anchors = read_anchors(anchor_file())
    except (ValueError, OSError) as exc:
        report = ChainReport(False, 0, None, str(exc))
    else:
        report = verify_chain(anchors=anchors)
    broken_exists = bool(report.first_broken_id) and selectors.audit_event_get(
        user=request.user, event_id=report.first_broken_id) is not None
    return render(request, "backoffice/audit/verify.html",
                  {"report": report, "checked_at": clock.now(), "broken_exists": broken_exists})
