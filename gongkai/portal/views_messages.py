"""互动交流 on the portal: published messages with their answers, the message form (no login, no JavaScript
needed), the page after it with the query code, following a message by its code, and the responses to public
concern. The writer's name and contact never appear on any of these pages; the question shown is the copy the
office approved, masked by `publishing.privacy`."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.backends import client_ip
from gongkai.core import clock, throttle
from gongkai.core.errors import GongkaiError
from gongkai.core.paging import page_of
from gongkai.interaction import selectors as interaction
from gongkai.interaction import services as interaction_services
from gongkai.organizations.models import Unit
from gongkai.portal import selectors
from gongkai.portal.forms_messages import MessageForm, QueryForm
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, portal_view
from gongkai.portal.views_requests import _visitor_frame, public_page

SESSION_KEY = "portal_message_submitted"
_SUBMIT = getattr(settings, "PORTAL_MESSAGE_SUBMIT_LIMIT", (5, 3600))
_TRACK = getattr(settings, "PORTAL_MESSAGE_TRACK_LIMIT", (30, 600))
SUBMIT_LIMIT = throttle.Limit("portal_message_submit", _SUBMIT[0], _SUBMIT[1],
                              "同一网络地址提交留言过于频繁，请一小时后再试。")
TRACK_LIMIT = throttle.Limit("portal_message_track", _TRACK[0], _TRACK[1], "查询过于频繁，请十分钟后再试。")
PER_PAGE = 20


def _page_frame(jurisdiction) -> dict:
    return {**_frame(jurisdiction, selectors.published_version(jurisdiction)), "active": "messages", "messages": ()}


def _units(jurisdiction):
    return Unit.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("-is_disclosure_office", "name")


@portal_view
def message_list(request, code: str):
    jurisdiction = _jurisdiction(code)
    page = page_of(interaction.public_messages(jurisdiction), PER_PAGE, request.GET.get("page"))
    return render(request, "portal/messages/list.html", {
        **_page_frame(jurisdiction), "page": page,
        "answer_days": interaction_services.answer_working_days(jurisdiction)})


@portal_view
def message_detail(request, code: str, pk: str):
    jurisdiction = _jurisdiction(code)
    message = interaction.public_message(jurisdiction, int(pk))
    if message is None:
        raise NotPublished("没有找到这条留言，或它尚未公开。")
    return render(request, "portal/messages/detail.html", {**_page_frame(jurisdiction), "message": message})


def _form_page(request, jurisdiction, form, *, limited: str = "", status: int = 200):
    return render(request, "portal/messages/new.html", {
        **_page_frame(jurisdiction), "form": form, "limited": limited,
        "answer_days": interaction_services.answer_working_days(jurisdiction)}, status=status)


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def message_new(request, code: str):
    jurisdiction = _jurisdiction(code)
    units = list(_units(jurisdiction))
    if not units:
        raise NotPublished(f"{jurisdiction.name}尚未设置办理留言的单位。")
    form = MessageForm(request.POST if request.method == "POST" else None, units=units)
    if request.method != "POST":
        return _form_page(request, jurisdiction, form)
    address = client_ip(request) or "unknown"
    # Only stored messages count: a citizen correcting a typo is not held back.
    if throttle.count(SUBMIT_LIMIT, address) >= SUBMIT_LIMIT.count:
        return _form_page(request, jurisdiction, form, limited=SUBMIT_LIMIT.message, status=429)
    if form.is_valid():
        if form.is_bot():
            throttle.hit(SUBMIT_LIMIT, address)
            request.session[SESSION_KEY] = {"code": "", "j": jurisdiction.code}
            return redirect("portal:message_submitted")
        data = form.cleaned_data
        unit = next(u for u in units if u.pk == data["unit"])
        try:
            message = interaction_services.message_submit(
                jurisdiction=jurisdiction, unit=unit, subject=data["subject"], body=data["body"],
                writer_name=data["writer_name"], writer_phone=data["writer_phone"],
                writer_email=data["writer_email"], ip_address=client_ip(request), at=clock.now())
        except GongkaiError as exc:
            form.add_error(None, exc.message)
        else:
            throttle.hit(SUBMIT_LIMIT, address)
            request.session[SESSION_KEY] = {"code": message.query_code, "unit": unit.name, "j": jurisdiction.code,
                                            "due_on": message.due_on.isoformat()}
            return redirect("portal:message_submitted")
    return _form_page(request, jurisdiction, form, status=400)


@public_page
@require_http_methods(["GET", "HEAD"])
def message_submitted(request):
    shown = request.session.pop(SESSION_KEY, None) or {}
    return render(request, "portal/messages/submitted.html", {
        **_visitor_frame(shown.get("j")), "active": "messages", "code": shown.get("code"), "unit": shown.get("unit"),
        "due_on": shown.get("due_on"), "j": shown.get("j"), "messages": ()})


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def message_track(request):
    """POST, not GET: the code never lands in a URL, a browser history or a referrer."""
    form = QueryForm(request.POST if request.method == "POST" else None)
    context = {**_visitor_frame(request.GET.get("j")), "active": "messages", "form": form, "messages": ()}
    if request.method == "POST":
        if throttle.hit(TRACK_LIMIT, client_ip(request) or "unknown") > TRACK_LIMIT.count:
            context["limited"] = TRACK_LIMIT.message
            return render(request, "portal/messages/track.html", context, status=429)
        if form.is_valid():
            result = interaction.public_tracking(form.cleaned_data["code"])
            context["result" if result else "not_found"] = result or True
    return render(request, "portal/messages/track.html", context)


@portal_view
def concern_list(request, code: str):
    jurisdiction = _jurisdiction(code)
    page = page_of(interaction.public_concerns(jurisdiction), PER_PAGE, request.GET.get("page"))
    rows = [{"concern": c, "duties": interaction.duty_states(c)} for c in page.object_list]
    return render(request, "portal/messages/concerns.html", {
        **_page_frame(jurisdiction), "active": "concerns", "page": page, "rows": rows})
