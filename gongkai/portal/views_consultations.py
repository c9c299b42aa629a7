"""征求意见 on the portal: the open and closed consultations of a jurisdiction, one consultation with its draft,
explanation, moderated comments, hearing notices and feedback summary, the comment form (no login, no JavaScript
needed, rate-limited per address, CSRF), and the yearly 重大行政决策事项目录. A commenter's name and contact are
never shown; a comment shows only once moderated."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.backends import client_ip
from gongkai.calendars.selectors import workday_calendar
from gongkai.consultations import periods
from gongkai.consultations import selectors as consultation_selectors
from gongkai.consultations import services as consultation_services
from gongkai.core import clock, throttle
from gongkai.core.errors import GongkaiError
from gongkai.core.paging import page_of
from gongkai.portal import selectors
from gongkai.portal.forms_consultations import CommentForm
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, portal_view
from gongkai.portal.views_requests import public_page

COMMENT_LIMITED = "同一网络地址提交意见过于频繁，请一小时后再试。"


def comment_limit() -> throttle.Limit:
    count, seconds = getattr(settings, "PORTAL_COMMENT_LIMIT", (5, 3600))
    return throttle.Limit("consultation_comment", count, seconds, COMMENT_LIMITED)


def _context(jurisdiction) -> dict:
    return {**_frame(jurisdiction, selectors.published_version(jurisdiction)), "active": "consultations",
            "messages": ()}


@portal_view
def consultations(request, code: str):
    jurisdiction = _jurisdiction(code)
    today = clock.today()
    closed = page_of(consultation_selectors.closed_consultations(jurisdiction, today), 20, request.GET.get("page"))
    return render(request, "portal/consultations/list.html", {
        **_context(jurisdiction), "open": list(consultation_selectors.open_consultations(jurisdiction, today)[:50]),
        "page": closed, "decision_lists": list(consultation_selectors.public_decision_lists(jurisdiction)[:10]),
        "hearings": list(consultation_selectors.upcoming_hearings(jurisdiction, today)[:20]), "today": today})


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request, code: str, pk: str):
    jurisdiction = _jurisdiction(code)
    found = consultation_selectors.public_consultation(jurisdiction, int(pk))
    if found is None:
        raise NotPublished(f"{jurisdiction.name}没有这项已发布的征求意见。")
    today = clock.today()
    accepting = found.accepts_comments(today)
    form = CommentForm(request.POST if request.method == "POST" and accepting else None)
    limited = ""
    status = 200
    if request.method == "POST":
        if not accepting:
            limited, status = "该征求意见已截止，不能再提交意见。", 400
        elif throttle.count(comment_limit(), client_ip(request) or "unknown") >= comment_limit().count:
            limited, status = COMMENT_LIMITED, 429
        elif form.is_valid():
            if not form.is_bot():
                try:
                    consultation_services.comment_submit(
                        consultation=found, name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                        body=form.cleaned_data["body"], ip_address=client_ip(request), today=today)
                except GongkaiError as exc:
                    form.add_error(None, exc.message)
            if not form.errors:
                throttle.hit(comment_limit(), client_ip(request) or "unknown")
                return redirect(f"{request.path}?sent=1#comment-form")
        status = 400 if status == 200 else status
    verdict = periods.period(found.kind, found.opens_on, found.closes_on, workday_calendar())
    return render(request, "portal/consultations/detail.html", {
        **_context(jurisdiction), "consultation": found, "period": verdict, "accepting": accepting,
        "comments": list(consultation_selectors.public_comments(found)[:200]),
        "hearings": consultation_selectors.public_hearings(found), "form": form, "limited": limited,
        "sent": request.GET.get("sent") == "1" and request.method != "POST",
        "received": (found.received or 0) + found.other_comment_count,  # type: ignore[attr-defined]
        "summary_public": found.summary_published_at is not None,
    }, status=status)


@portal_view
def decision_list(request, code: str, year: str):
    jurisdiction = _jurisdiction(code)
    found = consultation_selectors.public_decision_list(jurisdiction, int(year))
    if found is None:
        raise NotPublished(f"{jurisdiction.name}没有发布{year}年度的重大行政决策事项目录。")
    return render(request, "portal/consultations/decision_list.html", {
        **_context(jurisdiction), "decision_list": found,
        "items": consultation_selectors.decision_items_with_consultations(found)})
