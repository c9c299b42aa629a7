"""The working-day calendar screens (system administrator only, Action.MANAGE_CALENDAR): the years
loaded (complete or provisional), a year's special days with their source notices, a month grid, and
the two writes — mark a year, add or correct (or remove) a day — each through calendars.services,
which records the source notice and the audit event."""

from __future__ import annotations

import calendar as pycalendar

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action
from gongkai.backoffice.forms_calendar import CalendarYearForm, SpecialDayForm, SpecialDayRemoveForm
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.calendars import selectors, services
from gongkai.calendars.domain import DayKind
from gongkai.calendars.models import CalendarYear, SpecialDay
from gongkai.core import clock

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
MIN_YEAR, MAX_YEAR = 2000, 2100


def _years_overview() -> list[dict]:
    """Every year the table knows of: a CalendarYear row or special days, with counts."""
    rows = {y.year: y for y in CalendarYear.objects.all()}
    counts: dict[int, dict[str, int]] = {}
    for entry in SpecialDay.objects.values("year", "kind").annotate(n=Count("id")).order_by():
        counts.setdefault(entry["year"], {})[entry["kind"]] = entry["n"]
    years = sorted(set(rows) | set(counts), reverse=True)
    return [{
        "year": y,
        "complete": bool(rows.get(y) and rows[y].complete),
        "source_notice": rows[y].source_notice if y in rows else "",
        "holidays": counts.get(y, {}).get(DayKind.HOLIDAY, 0),
        "workdays": counts.get(y, {}).get(DayKind.WORKDAY, 0),
    } for y in years]


@backoffice_view
def calendar_years(request):
    guard(request, Action.MANAGE_CALENDAR)
    form = CalendarYearForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        obj, ok = attempt(form, services.calendar_year_set, actor=request.user, year=data["year"],
                          complete=data["complete"], source_notice=data["source_notice"])
        if ok:
            state = "已完整" if obj.complete else "未完整（按暂定规则计算）"
            messages.success(request, f"{obj.year}年已记录为{state}。")
            return redirect("backoffice:calendar_year", obj.year)
    today = clock.today()
    return render(request, "backoffice/calendar/years.html", {
        "years": _years_overview(), "form": form, "today": today,
        "warning": selectors.missing_next_year_warning(today),
    })


def _month_grid(cal, year: int, month: int) -> dict:
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days: list[dict | None] = []
        for d in week:
            if d.month != month:
                days.append(None)
                continue
            answer = cal.explain_day(d)
            special = cal.special_day(d)
            if special is not None and special.kind == DayKind.WORKDAY:
                kind, label = "makeup", "调休上班"
            elif special is not None:
                kind, label = "holiday", "放假"
            elif not answer.workday and d.weekday() < 5:
                kind, label = "holiday", "放假（暂定）"
            elif not answer.workday:
                kind, label = "rest", "休息日"
            else:
                kind, label = "work", "工作日"
            days.append({"date": d, "kind": kind, "label": label, "reason": answer.reason,
                         "provisional": answer.provisional})
        weeks.append(days)
    return {"month": month, "weeks": weeks}


def _year_context(year: int, form: SpecialDayForm | None = None, year_form: CalendarYearForm | None = None):
    cal = selectors.workday_calendar()
    row = CalendarYear.objects.filter(year=year).first()
    days = SpecialDay.objects.filter(year=year).select_related("created_by") | SpecialDay.objects.filter(
        date__year=year).select_related("created_by")
    return {
        "year": year, "row": row, "complete": bool(row and row.complete),
        "days": days.order_by("date").distinct(),
        "months": [_month_grid(cal, year, m) for m in range(1, 13)],
        "weekdays": WEEKDAYS,
        "form": form or SpecialDayForm(initial={"year": year}),
        "year_form": year_form or CalendarYearForm(initial={
            "year": year, "complete": bool(row and row.complete), "source_notice": row.source_notice if row else ""}),
        "warning": selectors.missing_next_year_warning(clock.today()),
        "previous": year - 1 if year > MIN_YEAR else None, "next": year + 1 if year < MAX_YEAR else None,
    }


@backoffice_view
def calendar_year(request, year: int):
    guard(request, Action.MANAGE_CALENDAR)
    if not MIN_YEAR <= year <= MAX_YEAR:
        messages.error(request, f"年度应在{MIN_YEAR}至{MAX_YEAR}之间。")
        return redirect("backoffice:calendar")
    form = SpecialDayForm(posted(request), initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row, ok = attempt(form, services.special_day_set, actor=request.user, date=data["date"],
                          kind=data["kind"], name=data["name"], source_notice=data["source_notice"],
                          year=data["year"])
        if ok:
            messages.success(request, f"已保存：{row}。")
            return redirect("backoffice:calendar_year", row.year)
    return render(request, "backoffice/calendar/year.html", _year_context(year, form=form))


@backoffice_view
@require_POST
def calendar_day_remove(request, year: int):
    guard(request, Action.MANAGE_CALENDAR)
    form = SpecialDayRemoveForm(request.POST)
    if form.is_valid():
        _, ok = attempt(form, services.special_day_remove, actor=request.user, date=form.cleaned_data["date"])
        if ok:
            messages.success(request, f"已删除 {form.cleaned_data['date']:%Y-%m-%d} 的特殊日，该日恢复按星期一至星期五规则计算。")
            return redirect("backoffice:calendar_year", year)
    for error in [e for errs in form.errors.values() for e in errs]:
        messages.error(request, str(error))
    return redirect("backoffice:calendar_year", year)
