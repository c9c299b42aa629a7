"""Oversight screens: the office's findings across its units and its inspections; a unit's own findings, each with
how to fix it and a link to the screen where it does; answering (unit) and waiving (office) a finding. Views
parse and render; the oversight services and selectors decide, and the finding workflow says which moves exist."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.backoffice.forms_oversight import (
    AnswerForm,
    DeductionForm,
    FindingFilterForm,
    InspectionForm,
    NoticeDraftForm,
    NoticeForm,
    ScoreFilterForm,
    SelfCheckForm,
    StaleThresholdForm,
    WaiveForm,
)
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, is_htmx, posted
from gongkai.core import clock
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import id_number, page_of
from gongkai.oversight import jobs, selectors, services, workflow
from gongkai.oversight.models import OPEN_STATES, Finding, InspectionStatus
from gongkai.oversight.registry import CHECKS
from gongkai.oversight.rules import SEVERITY_LABELS

PAGE_SIZE = 50

_FIX_URLS = {"item": ("backoffice:record_create", "新建该事项的信息"),
             "record": ("backoffice:record", "打开该信息"),
             "request": ("backoffice:request", "打开该申请"),
             "new_media": ("backoffice:new_media_account", "打开该账号"),
             "consultation": ("backoffice:consultation", "打开该征求意见"),
             "message": ("backoffice:message", "打开该留言"),
             "concern": ("backoffice:concern", "打开该回应关切")}


def _fix_link(finding: Finding) -> dict | None:
    return fix_link(selectors.fix_target(finding))


def fix_link(target: tuple[str, int] | None) -> dict | None:
    """The screen where a finding's target is fixed (`selectors.fix_target`), as a link."""
    if target is None:
        return None
    kind, pk = target
    name, label = _FIX_URLS[kind]
    url = f"{reverse(name)}?item={pk}" if kind == "item" else reverse(name, args=[pk])
    return {"url": url, "label": label}


def _rule_info(code: str) -> dict:
    check = CHECKS.get(code)
    if check is None:
        return {"code": code, "title": code, "hint": "", "source": ""}
    rule = check.rule
    return {"code": code, "title": rule.title, "hint": rule.hint, "source": rule.source,
            "severity": SEVERITY_LABELS[rule.severity]}


@backoffice_view
def findings(request):
    guard(request, Action.VIEW_FINDINGS)
    user = request.user
    visible = selectors.findings_for(user)
    units = unit_scope(user, Action.VIEW_FINDINGS).order_by("jurisdiction__code", "name")
    form = FindingFilterForm(request.GET or None, rules=[(c, k.rule.title) for c, k in CHECKS.items()], units=units)
    shown = visible
    if form.is_valid():
        data = form.cleaned_data
        if data["rule"]:
            shown = shown.filter(rule=data["rule"])
        if data["unit"]:
            shown = shown.filter(unit=data["unit"])
        state = data["state"] or "open"
    else:
        state = "open"
    shown = {"open": shown.filter(state__in=OPEN_STATES), "all": shown,
             "fixed": shown.filter(state=workflow.FIXED),
             "closed": shown.exclude(state__in=OPEN_STATES)}[state]
    page = page_of(shown.order_by("-severity", "rule", "unit__name", "id"), PAGE_SIZE, request.GET.get("page"))
    is_office = can(user, Action.RUN_INSPECTION)
    context = {
        "page": page, "form": form, "is_office": is_office,
        "by_rule": selectors.open_counts_by_rule(visible),
        "by_unit": selectors.open_counts_by_unit(visible) if is_office else [],
        "inspections": selectors.inspections_for(user).order_by("-id")[:5],
        "inspection_form": InspectionForm(jurisdictions=jurisdiction_scope(user, Action.RUN_INSPECTION),
                                          initial={"as_of": clock.today()}) if is_office else None,
        "self_check_form": SelfCheckForm(units=unit_scope(user, Action.SELF_CHECK))
        if can(user, Action.SELF_CHECK) else None,
    }
    return render(request, "backoffice/oversight/findings.html", context)


@backoffice_view
def inspections(request):
    guard(request, Action.VIEW_FINDINGS)
    page = page_of(selectors.inspections_for(request.user).order_by("-id"), PAGE_SIZE, request.GET.get("page"))
    return render(request, "backoffice/oversight/inspections.html", {"page": page})


@backoffice_view
def inspection_run(request):
    """POST: an inspection of a jurisdiction (office) or a self-check of a unit (its own people or the office), started
    as a background job; its page follows the progress."""
    if request.method != "POST":
        return redirect("backoffice:oversight")
    user = request.user
    if "unit" in request.POST:
        form = SelfCheckForm(request.POST, units=unit_scope(user, Action.SELF_CHECK))
        if form.is_valid():
            inspection, ok = attempt(form, jobs.inspection_start, actor=user, jurisdiction=None,
                                     unit=form.cleaned_data["unit"], today=clock.today())
            if ok:
                _started_message(request, inspection)
                return redirect("backoffice:oversight_inspection", inspection.pk)
    else:
        guard(request, Action.RUN_INSPECTION)
        form = InspectionForm(request.POST, jurisdictions=jurisdiction_scope(user, Action.RUN_INSPECTION))
        if form.is_valid():
            inspection, ok = attempt(form, jobs.inspection_start, actor=user,
                                     jurisdiction=form.cleaned_data["jurisdiction"], today=form.cleaned_data["as_of"])
            if ok:
                _started_message(request, inspection)
                return redirect("backoffice:oversight_inspection", inspection.pk)
    for error in form.errors.values():
        messages.error(request, "；".join(error))
    return redirect("backoffice:oversight")


def _started_message(request, inspection) -> None:
    what = inspection.get_kind_display()
    if inspection.status == InspectionStatus.FINISHED:
        messages.success(request, f"{what}完成：发现问题 {inspection.totals.get('found', 0)} 个，"
                                  f"新增 {inspection.totals.get('new', 0)} 个。")
    elif inspection.status == InspectionStatus.FAILED:
        messages.error(request, f"{what}未完成，请查看原因后重新运行。")
    else:
        messages.success(request, f"{what}已开始，在后台运行；本页显示进度，完成后显示结果。")


@backoffice_view
def inspection_rerun(request, pk):
    """POST: run again an inspection that did not finish."""
    inspection = get_object_or_404(selectors.inspections_for(request.user), pk=pk)
    if request.method != "POST":
        return redirect("backoffice:oversight_inspection", pk)
    try:
        inspection = jobs.inspection_rerun(actor=request.user, inspection=inspection)
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        messages.error(request, str(exc))
    else:
        _started_message(request, inspection)
    return redirect("backoffice:oversight_inspection", pk)


@backoffice_view
def inspection_detail(request, pk):
    inspection = get_object_or_404(selectors.inspections_for(request.user), pk=pk)
    now = clock.now()
    state = {"inspection": inspection, "pending": inspection.is_pending(now), "stalled": inspection.is_stalled(now),
             "can_rerun": inspection.can_rerun(now) and (
                 can(request.user, Action.SELF_CHECK, inspection.unit) if inspection.unit_id
                 else can(request.user, Action.RUN_INSPECTION, inspection.jurisdiction))}
    if is_htmx(request) and request.GET.get("part") == "progress":
        response = render(request, "backoffice/oversight/inspection.html#progress", state)
        if not state["pending"]:
            response["HX-Refresh"] = "true"  # finished or failed: the whole page shows the result
        return response
    if inspection.status != InspectionStatus.FINISHED:
        return render(request, "backoffice/oversight/inspection.html", state)
    comparison = selectors.inspection_comparison(inspection)
    return render(request, "backoffice/oversight/inspection.html", {
        **state,
        "notice_form": NoticeDraftForm() if not inspection.unit_id and can(request.user, Action.ISSUE_NOTICE,
                                                                           inspection.jurisdiction) else None,
        "notices": inspection.notices.all(), "previous": selectors.previous_inspection(inspection),
        "new": comparison["new"][:200], "still_open": comparison["still_open"][:200],
        "fixed": comparison["fixed"][:200],
        "counts": {k: v.count() for k, v in comparison.items()},
    })


def _finding(request, pk) -> Finding:
    finding = selectors.findings_for(request.user).filter(pk=pk).first()
    if finding is None:
        raise Http404("没有这个问题，或您无权查看。")
    return finding


def _finding_page(request, finding: Finding, *, answer_form=None, waive_form=None, status=200):
    moves = selectors.finding_moves(request.user, finding)
    return render(request, "backoffice/oversight/finding.html", {
        "finding": finding, "rule": _rule_info(finding.rule), "fix": _fix_link(finding),
        "history": selectors.finding_history(finding), "moves": moves,
        "state_label": workflow.TABLE.status_label(finding.state),
        "answer_form": answer_form or (AnswerForm() if workflow.REPORT_FIXED in moves else None),
        "waive_form": waive_form or (WaiveForm() if workflow.WAIVE in moves else None),
    }, status=status)


@backoffice_view
def finding_detail(request, pk):
    return _finding_page(request, _finding(request, pk))


@backoffice_view
def finding_move(request, pk, move):
    """POST one of the moves the table allows this user: 报告已整改 (the unit) or 核销 (the office)."""
    finding = _finding(request, pk)
    if request.method != "POST":
        return redirect("backoffice:oversight_finding", finding.pk)
    needs = selectors.FINDING_MOVE_ACTIONS.get(move)
    if needs is None:
        raise Http404("没有这项操作。")
    if move not in selectors.finding_moves(request.user, finding):
        guard(request, needs, finding)
        messages.error(request, f"该问题当前为“{workflow.TABLE.status_label(finding.state)}”，"
                                f"不能{workflow.TABLE.label(move)}。")
        return redirect("backoffice:oversight_finding", finding.pk)
    if move == workflow.REPORT_FIXED:
        form = AnswerForm(posted(request))
        if form.is_valid():
            _, ok = attempt(form, services.finding_report_fixed, actor=request.user, finding=finding,
                            answer=form.cleaned_data["answer"])
            if ok:
                messages.success(request, "已报告整改情况，下次检查时复核。")
                return redirect("backoffice:oversight_finding", finding.pk)
        return _finding_page(request, finding, answer_form=form, status=400)
    form = WaiveForm(posted(request))
    if form.is_valid():
        _, ok = attempt(form, services.finding_waive, actor=request.user, finding=finding,
                        reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, "已核销该问题。")
            return redirect("backoffice:oversight_finding", finding.pk)
    return _finding_page(request, finding, waive_form=form, status=400)




def _month(day) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@backoffice_view
def scores(request):
    """Each unit's score for a month under a scheme, ranked, each point lost linked to its findings; the trend of
    the months before; recording a deduction (manual judgement, higher-level inspection, third-party assessment)."""
    from gongkai.oversight.models import DeductionSource
    from gongkai.oversight.schemes import DEFAULT_SCHEME, schemes

    guard(request, Action.ASSESS_UNITS)
    user = request.user
    scope = jurisdiction_scope(user, Action.ASSESS_UNITS).order_by("code")
    shipped = schemes()
    top = scope.first()
    form = ScoreFilterForm(request.GET or {"jurisdiction": top.pk if top else None, "scheme": DEFAULT_SCHEME,
                                           "period": _month(clock.today())},
                           jurisdictions=scope, schemes=[(c, s.title) for c, s in shipped.items()])
    context = {"form": form, "ranked": [], "trend": []}
    if form.is_valid():
        data = form.cleaned_data
        jurisdiction, code, period = data["jurisdiction"], data["scheme"], data["period"]
        chosen, ranked = selectors.unit_scores(jurisdiction, code, period)
        months = selectors.months_up_to(period, 6)
        history = {m: {unit.pk: s for _, unit, s in found}
                   for m, found in selectors.unit_scores_over(jurisdiction, code, months)[1].items()}
        leaves = [leaf for leaf in chosen.leaves() if leaf.kind == "manual" or leaf.kind == "deduction"]
        deduction_form = DeductionForm(
            posted(request), units=unit_scope(user, Action.ASSESS_UNITS).filter(
                jurisdiction__path__startswith=jurisdiction.path).order_by("name"),
            indicators=[(leaf.code, f"{leaf.title}（{leaf.points:g}分）") for leaf in leaves],
            sources=list(DeductionSource.choices))
        if request.method == "POST" and deduction_form.is_valid():
            d = deduction_form.cleaned_data
            _, ok = attempt(deduction_form, services.deduction_record, actor=user, unit=d["unit"], scheme=code,
                            indicator=d["indicator"], period=period, points=d["points"], reason=d["reason"],
                            source=d["source"], document=d["document"])
            if ok:
                messages.success(request, f"已录入{d['unit'].name}的扣分。")
                return redirect(request.get_full_path())
        context.update({
            "scheme": chosen, "period": period, "ranked": ranked, "months": months,
            "trend": [(unit, [history[m].get(unit.pk) for m in months]) for _, unit, _ in ranked],
            "deduction_form": deduction_form,
        })
    return render(request, "backoffice/oversight/scores.html", context)


# --- notices (通报) -----------------------------------------------------------------------------------------


@backoffice_view
def notices(request):
    guard(request, Action.ISSUE_NOTICE)
    page = page_of(selectors.notices_for(request.user).select_related("jurisdiction"), PAGE_SIZE,
                   request.GET.get("page"))
    return render(request, "backoffice/oversight/notices.html", {"page": page})


@backoffice_view
def notice_draft(request, pk):
    inspection = get_object_or_404(selectors.inspections_for(request.user), pk=pk)
    if request.method != "POST":
        return redirect("backoffice:oversight_inspection", inspection.pk)
    guard(request, Action.ISSUE_NOTICE, inspection.jurisdiction)
    form = NoticeDraftForm(request.POST)
    if form.is_valid():
        notice, ok = attempt(form, services.notice_draft, actor=request.user, inspection=inspection,
                             deadline=form.cleaned_data["deadline"], number=form.cleaned_data["number"])
        if ok:
            messages.success(request, "已根据本次检查起草通报，请修改后发布。")
            return redirect("backoffice:oversight_notice", notice.pk)
    for errors in form.errors.values():
        messages.error(request, "；".join(errors))
    return redirect("backoffice:oversight_inspection", inspection.pk)


def _notice(request, pk):
    notice = selectors.notices_for(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404("没有这份通报，或您无权查看。")
    return notice


@backoffice_view
def notice_detail(request, pk):
    notice = _notice(request, pk)
    editable = workflow.NOTICE_TABLE.is_editable(notice.status)
    form = NoticeForm(posted(request) if editable else None,
                      initial={name: getattr(notice, name) for name in services.NOTICE_FIELDS})
    if request.method == "POST" and editable and form.is_valid():
        _, ok = attempt(form, services.notice_update, actor=request.user, notice=notice, **form.cleaned_data)
        if ok:
            messages.success(request, "已保存通报。")
            return redirect("backoffice:oversight_notice", notice.pk)
    moves = selectors.notice_moves(request.user, notice)
    return render(request, "backoffice/oversight/notice.html", {
        "notice": notice, "form": form if editable else None, "moves": moves,
        "status_label": workflow.NOTICE_TABLE.status_label(notice.status),
    }, status=400 if request.method == "POST" else 200)


@backoffice_view
def notice_publish(request, pk):
    notice = _notice(request, pk)
    if request.method == "POST":
        try:
            services.notice_publish(actor=request.user, notice=notice)
        except PermissionRefused:
            raise
        except GongkaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "通报已发布到门户网站。")
    return redirect("backoffice:oversight_notice", notice.pk)


@backoffice_view
def notice_download(request, pk, fmt):
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    from gongkai.exchange import notices as files

    notice = _notice(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("没有这种格式。")
    data = files.notice_docx(notice) if fmt == "docx" else files.notice_pdf(notice)
    response = HttpResponse(data, content_type=files.DOCX_TYPE if fmt == "docx" else files.PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, files.notice_filename(notice, fmt))
    return response


@backoffice_view
def stale_thresholds(request):
    """The disclosure office's own limits of days without an update per column class, over its jurisdictions."""
    guard(request, Action.SET_STALE_THRESHOLDS)
    jurisdictions = jurisdiction_scope(request.user, Action.SET_STALE_THRESHOLDS).order_by("path")
    wanted = id_number(request.GET.get("jurisdiction") or request.POST.get("jurisdiction"))
    jurisdiction = get_object_or_404(jurisdictions, pk=wanted) if wanted else jurisdictions.first()
    if jurisdiction is None:
        raise Http404("没有可设置的行政区划。")
    rows = selectors.stale_threshold_table(jurisdiction)
    form = StaleThresholdForm(posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        changed, ok = attempt(form, services.stale_thresholds_set, actor=request.user, jurisdiction=jurisdiction,
                              days={row["column_class"]: form.cleaned_data.get(row["column_class"]) for row in rows})
        if ok:
            messages.success(request, f"已保存{len(changed)}项栏目更新时限；下次检查按新时限判断。" if changed
                             else "没有修改。")
            return redirect(f"{reverse('backoffice:oversight_thresholds')}?jurisdiction={jurisdiction.pk}")
    return render(request, "backoffice/oversight/thresholds.html", {
        "jurisdiction": jurisdiction, "jurisdictions": jurisdictions, "rows": rows, "form": form,
    }, status=400 if form.errors else 200)
