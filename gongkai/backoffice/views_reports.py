"""Annual report screens (政府信息公开工作年度报告): the list with the 第四十九条 deadline watch, a report
(tables, validation, narrative, recompute, publish, files), the 复议/诉讼 register, the import of past
reports (dry run, then all or nothing) and the comparison of two years.

Views parse and render only: the policy says who may, the services write, the selectors read."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.backoffice.widgets import FileInput
from gongkai.core import clock
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.exchange import annual_report_files as files
from gongkai.exchange import annual_report_import as importer
from gongkai.exchange import stored_files
from gongkai.organizations.models import Unit
from gongkai.reports import selectors, services
from gongkai.reports.compare import compare
from gongkai.reports.models import AnnualReport, CaseKind, CaseResult, ReportSource, ReviewLitigationCase

IMPORT_KEY = "annual_report_import"
TYPES = {"docx": files.DOCX_TYPE, "pdf": files.PDF_TYPE}


def _default_year() -> int:
    return clock.today().year - 1


class CreateForm(forms.Form):
    unit = forms.ModelChoiceField(label="报告单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=9999)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class NarrativeForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    section_general = forms.CharField(label="一、总体情况", required=False, widget=forms.Textarea(attrs={"rows": 10}),
                                      help_text="主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况（人民政府还应报告考核、社会评议和责任追究结果）。每行为一段；也可使用 HTML 段落、加粗、列表。")
    section_problems = forms.CharField(label="五、存在的主要问题及改进情况", required=False,
                                       widget=forms.Textarea(attrs={"rows": 6}))
    section_other = forms.CharField(label="六、其他需要报告的事项", required=False,
                                    widget=forms.Textarea(attrs={"rows": 6}),
                                    help_text="如依照国办函〔2020〕109号收取信息处理费的情况。")


class CaseForm(forms.Form):
    unit = forms.ModelChoiceField(label="被申请（被告）单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="统计年度", min_value=2008, max_value=9999)
    kind = forms.ChoiceField(label="类别", choices=CaseKind.choices)
    result = forms.ChoiceField(label="结果", choices=CaseResult.choices)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False, help_text="请勿填写申请人的个人信息。")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label="报告单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=9999, required=False,
                              help_text="不填时从文件标题中识别。")
    file = forms.FileField(label="年度报告文件（.xlsx 或 .docx，2021年版或2019年版格式）", widget=FileInput())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _report(request, pk) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("unit__jurisdiction"), pk=pk)
    guard(request, Action.EDIT_ANNUAL_REPORT, report)
    return report


@backoffice_view
def annual_reports(request):
    guard(request, Action.EDIT_ANNUAL_REPORT)
    units = selectors.units_for(request.user)
    form = CreateForm(posted(request), units=units, initial={"year": _default_year()})
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        report, ok = attempt(form, services.report_create, actor=request.user, unit=unit,
                             year=form.cleaned_data["year"])
        if ok:
            messages.success(request, f"已生成“{report.title}”草稿。请填写正文并检查统计表。")
            return redirect("backoffice:annual_report", report.pk)
    year = _default_year()
    return render(request, "backoffice/reports/list.html", {
        "reports": selectors.reports_for(request.user).order_by("-year", "unit__name"),
        "watch": selectors.deadline_watch(units, year, clock.today()),
        "watch_year": year, "form": form,
    })


@backoffice_view
def annual_report(request, pk):
    report = _report(request, pk)
    editable = not report.is_published
    form = NarrativeForm(posted(request) if editable else None, initial={
        "title": report.title, "section_general": report.section_general,
        "section_problems": report.section_problems, "section_other": report.section_other})
    if request.method == "POST" and editable and form.is_valid():
        _r, ok = attempt(form, services.report_update_narrative, actor=request.user, report=report,
                         **form.cleaned_data)
        if ok:
            messages.success(request, "正文已保存。")
            return redirect("backoffice:annual_report", report.pk)
    problems = services.report_problems(report)
    previous = selectors.previous_report(report)
    return render(request, "backoffice/reports/detail.html", {
        **files.report_context(report), "form": form, "editable": editable,
        "hard": [p for p in problems if p.is_hard], "soft": [p for p in problems if not p.is_hard],
        "previous": previous, "can_recompute": editable and report.source == ReportSource.COMPUTED,
        # 《条例》第四十九条: the year must be over; the publish move is not offered before
        "too_early": services.publish_refusal(report) if editable else "",
    })


@backoffice_view
@require_POST
def annual_report_recompute(request, pk):
    report = _report(request, pk)
    try:
        services.report_recompute(actor=request.user, report=report)
        messages.success(request, "已按平台数据重新统计。")
    except (ValidationFailed, TransitionNotAllowed) as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:annual_report", report.pk)


@backoffice_view
@require_POST
def annual_report_publish(request, pk):
    report = _report(request, pk)
    try:
        report = services.report_publish(actor=request.user, report=report)
        note = f"，有 {len(report.warnings)} 条提示" if report.warnings else ""
        late = "（已超过第四十九条规定的公布期限）" if report.is_late else ""
        messages.success(request, f"年度报告已发布到门户网站{note}{late}。")
    except (ValidationFailed, TransitionNotAllowed) as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:annual_report", report.pk)


@backoffice_view
def annual_report_file(request, pk, fmt):
    if fmt not in TYPES:
        raise Http404
    report = _report(request, pk)
    content = stored_files.report_file(report, fmt)
    response = HttpResponse(content, content_type=TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=files.filename(report, fmt))
    return response


@backoffice_view
def annual_report_compare(request, pk, other):
    report, older = _report(request, pk), _report(request, other)
    if older.year > report.year:
        report, older = older, report
    return render(request, "backoffice/reports/compare.html", {
        "report": report, "older": older, "rows": compare(older.tables, report.tables),
        "same_unit": older.unit_id == report.unit_id,
    })


@backoffice_view
def review_cases(request):
    guard(request, Action.EDIT_ANNUAL_REPORT)
    units = selectors.units_for(request.user)
    form = CaseForm(posted(request), units=units, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        guard(request, Action.EDIT_ANNUAL_REPORT, form.cleaned_data["unit"])
        _case, ok = attempt(form, services.case_create, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, "已登记。")
            return redirect("backoffice:review_cases")
    return render(request, "backoffice/reports/cases.html", {
        "cases": selectors.cases_for(request.user), "form": form, "results": CaseResult.choices,
    })


@backoffice_view
@require_POST
def review_case_result(request, pk):
    case = get_object_or_404(ReviewLitigationCase.objects.select_related("unit"), pk=pk)
    guard(request, Action.EDIT_ANNUAL_REPORT, case)
    try:
        services.case_set_result(actor=request.user, case=case, result=request.POST.get("result", ""))
        messages.success(request, "结果已更新。")
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:review_cases")


@backoffice_view
def annual_report_import(request):
    """Upload → dry run (every problem by table, row and column) → confirm with the kept file → all
    or nothing."""
    guard(request, Action.EDIT_ANNUAL_REPORT)
    units = selectors.units_for(request.user)
    pending = request.session.get(IMPORT_KEY)
    if pending and not default_storage.exists(pending.get("path", "")):
        pending = None
    confirming = request.method == "POST" and request.POST.get("confirm") == "1"
    form = ImportForm(None if confirming else posted(request), request.FILES or None, units=units)
    result = None
    if confirming and pending:
        unit = get_object_or_404(units, pk=pending["unit"])
        guard(request, Action.EDIT_ANNUAL_REPORT, unit)
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
        outcome, ok = attempt(form, importer.run, actor=request.user, unit=unit, data=data,
                              filename=pending["filename"], year=pending["year"])
        if ok:
            _forget(request, pending)
            messages.success(request, f"已导入“{pending['filename']}”。")
            return redirect("backoffice:annual_report", outcome[0].pk)
    elif request.method == "POST" and not confirming and form.is_valid():
        upload, unit = form.cleaned_data["file"], form.cleaned_data["unit"]
        guard(request, Action.EDIT_ANNUAL_REPORT, unit)
        data = upload.read()
        # the file's checks, then what it cannot tell: a report already there, a year not over (第四十九条)
        result = importer.check_target(importer.check(data, upload.name, year=form.cleaned_data["year"]), unit=unit)
        if pending:
            _forget(request, pending)
            pending = None
        if result.ok:
            upload.seek(0)
            path = default_storage.save(f"imports/annual-report-{uuid.uuid4().hex}{Path(upload.name).suffix}", upload)
            pending = {"path": path, "filename": upload.name, "unit": unit.pk, "year": result.year}
            request.session[IMPORT_KEY] = pending
    return render(request, "backoffice/reports/import.html", {
        "form": form, "result": result, "pending": pending if result is not None and result.ok else None,
    })


def _forget(request, pending: dict) -> None:
    default_storage.delete(pending["path"])
    request.session.pop(IMPORT_KEY, None)
