"""依申请公开 on the portal: the request form (per jurisdiction), the page after submitting it, and the
tracking page. No login, no JavaScript needed. These pages are never cached (they carry a CSRF token
or one applicant's answer) and never show who applied: the tracking page shows code, agency, stage,
status and dates only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.accounts.backends import client_ip
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.disclosure_requests import selectors as request_selectors
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import ApplicantType
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.portal import selectors
from gongkai.portal.forms_requests import RequestForm, TrackForm
from gongkai.portal.views import NotPublished, _frame, _jurisdiction

SESSION_KEY = "portal_request_submitted"
PERSON_FIELDS = ("applicant_name", "id_type", "id_number")
ORGANISATION_FIELDS = ("organisation_name", "credit_code", "legal_representative", "contact_name")
CONTACT_FIELDS = ("contact_phone", "contact_email", "contact_address", "postal_code")
INFORMATION_FIELDS = ("description", "document_number", "purpose", "delivery_form", "obtaining_method")

# (how many, per how many seconds) per IP address.
SUBMIT_LIMIT = getattr(settings, "PORTAL_REQUEST_SUBMIT_LIMIT", (5, 3600))
TRACK_LIMIT = getattr(settings, "PORTAL_REQUEST_TRACK_LIMIT", (30, 600))
SUBMIT_LIMITED = "同一网络地址提交申请过于频繁，请一小时后再试。如需提交多项申请，也可以通过信函、传真或当面提交。"
TRACK_LIMITED = "查询过于频繁，请十分钟后再试。"


def _rate_key(scope: str, request) -> str:
    return f"portal:rate:{scope}:{client_ip(request) or 'unknown'}"


def rate_reached(scope: str, request, limit: tuple[int, int]) -> bool:
    """Has the caller's IP used up its allowance (without counting this call)?"""
    return (cache.get(_rate_key(scope, request)) or 0) >= limit[0]


def rate_limited(scope: str, request, limit: tuple[int, int]) -> bool:
    """Count one attempt for the caller's IP; True once the limit is exceeded (cache-based, fixed window)."""
    count, seconds = limit
    key = _rate_key(scope, request)
    cache.add(key, 0, seconds)
    try:
        current = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        current = 1
    return current > count


def public_page(view: Callable) -> Callable:
    """NotPublished becomes the portal's Chinese 404 page; nothing here is cached anywhere."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotPublished as exc:
            return render(request, "portal/not_found.html", {"message": exc.message, "messages": ()}, status=404)

    return never_cache(wrapper)


def _visitor_frame(code: str | None) -> dict:
    """The header and navigation of the jurisdiction the visitor came from (`?j=`), when it has a portal."""
    jurisdiction = Jurisdiction.objects.filter(code=code).first() if code else None
    if jurisdiction is None:
        return {}
    return _frame(jurisdiction, selectors.published_version(jurisdiction))


@public_page
@require_http_methods(["GET", "HEAD"])
def request_choose(request):
    offices = Unit.objects.filter(is_disclosure_office=True, is_active=True).select_related(
        "jurisdiction").order_by("jurisdiction__code", "id")
    return render(request, "portal/requests/choose.html", {
        **_visitor_frame(request.GET.get("j")), "offices": offices, "active": "requests", "messages": ()})


def _form_context(form, jurisdiction, office, limited: str = "") -> dict:
    chosen = (form.data.get("applicant_type") if form.is_bound else form.initial.get("applicant_type")) \
        or form.fields["applicant_type"].initial
    return {
        **_frame(jurisdiction, selectors.published_version(jurisdiction)), "active": "requests",
        "form": form, "office_name": office.name, "limited": limited, "messages": (),
        "is_person": chosen == ApplicantType.NATURAL_PERSON,
        "person_fields": [form[n] for n in PERSON_FIELDS],
        "organisation_fields": [form[n] for n in ORGANISATION_FIELDS],
        "contact_fields": [form[n] for n in CONTACT_FIELDS],
        "information_fields": [form[n] for n in INFORMATION_FIELDS],
    }


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request, code: str):
    jurisdiction = _jurisdiction(code)
    office = selectors.disclosure_office(jurisdiction)
    if office is None:
        raise NotPublished(f"{jurisdiction.name}尚未设置政府信息公开工作机构，暂不能在网上受理申请。")
    if request.method == "POST" and "choose_type" in request.POST:
        # Without JavaScript the applicant type is chosen by a button: the form comes back with the chosen
        # section and what was typed, without complaining about what is not filled in yet.
        typed = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "choose_type")}
        form = RequestForm(initial=typed)
        return render(request, "portal/requests/new.html", _form_context(form, jurisdiction, office))
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # Only stored submissions count: a citizen correcting a typo is not held back.
        if rate_reached("submit", request, SUBMIT_LIMIT):
            return render(request, "portal/requests/new.html",
                          _form_context(form, jurisdiction, office, SUBMIT_LIMITED), status=429)
        if form.is_valid():
            if form.is_bot():
                rate_limited("submit", request, SUBMIT_LIMIT)
                request.session[SESSION_KEY] = {"code": "", "office": office.name, "j": jurisdiction.code}
                return redirect("portal:request_submitted")
            try:
                submitted = request_services.request_submit_online(
                    jurisdiction=jurisdiction, receiving_unit=office, submitted_at=clock.now(),
                    data=form.applicant_data(), ip_address=client_ip(request))
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            else:
                rate_limited("submit", request, SUBMIT_LIMIT)
                request.session[SESSION_KEY] = {"code": submitted.tracking_code, "office": office.name,
                                                "j": jurisdiction.code}
                return redirect("portal:request_submitted")
    return render(request, "portal/requests/new.html", _form_context(form, jurisdiction, office),
                  status=400 if form.errors else 200)


@public_page
@require_http_methods(["GET", "HEAD"])
def request_submitted(request):
    shown = request.session.pop(SESSION_KEY, None) or {}
    return render(request, "portal/requests/submitted.html", {
        **_visitor_frame(shown.get("j")), "active": "requests", "code": shown.get("code"),
        "office_name": shown.get("office"), "messages": ()})


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_track(request):
    """POST, not GET: the code never lands in a URL, a browser history or a referrer."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    context = {**_visitor_frame(request.GET.get("j")), "active": "requests", "form": form, "messages": ()}
    if request.method == "POST":
        if rate_limited("track", request, TRACK_LIMIT):
            context["limited"] = TRACK_LIMITED
            return render(request, "portal/requests/track.html", context, status=429)
        if form.is_valid():
            result = request_selectors.public_tracking(form.cleaned_data["code"]) if form.cleaned_data["code"] else None
            if result is None:
                context["not_found"] = True
            else:
                context["result"] = result
    return render(request, "portal/requests/track.html", context)
