"""我要办 on the portal: a jurisdiction's 办事指南 by domain (searchable by name), each guide with the records
of its item, the 办事一本通 as one PDF, the register of 政务公开专区, and the kiosk mode of a touch terminal."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.core import preferences
from gongkai.exchange import service_handbook, stored_files
from gongkai.guides import selectors as guide_selectors
from gongkai.portal import selectors
from gongkai.portal.views import NotPublished, _frame, _jurisdiction, portal_view
from gongkai.publishing.selectors import published_records

RECORDS_SHOWN = 10


@portal_view
def guides(request, code: str):
    jurisdiction = _jurisdiction(code)
    query = (request.GET.get("q") or "").strip()[:50]
    found = list(guide_selectors.public_guides(jurisdiction, query))
    by_domain = [{"domain": d, "guides": list(g)} for d, g in groupby(found, key=lambda g: g.domain)]
    return render(request, "portal/services/list.html", {
        **_frame(jurisdiction, selectors.published_version(jurisdiction)), "by_domain": by_domain, "query": query,
        "count": len(found), "active": "services", "messages": ()})


@portal_view
def guide(request, code: str, pk: str):
    jurisdiction = _jurisdiction(code)
    found = guide_selectors.public_guide(jurisdiction, int(pk))
    if found is None:
        raise NotPublished(f"{jurisdiction.name}没有这份办事指南。")
    version = selectors.published_version(jurisdiction)
    item = (version.items.filter(key=found.item_key).select_related("domain").first() if version else None)
    records = list(published_records(item=item)[:RECORDS_SHOWN]) if item else []
    return render(request, "portal/services/guide.html", {
        **_frame(jurisdiction, version), "guide": found, "item": item, "records": records, "active": "services",
        "messages": ()})


@portal_view
def handbook_pdf(request, code: str):
    jurisdiction = _jurisdiction(code)
    response = HttpResponse(stored_files.handbook_file(jurisdiction), content_type=service_handbook.PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        False, service_handbook.handbook_filename(jurisdiction)) or "inline"
    return response


@portal_view
def zones(request, code: str):
    jurisdiction = _jurisdiction(code)
    return render(request, "portal/services/zones.html", {
        **_frame(jurisdiction, selectors.published_version(jurisdiction)), "zones": guide_selectors.public_zones(jurisdiction),
        "active": "zones", "messages": ()})


def _idle_seconds(request) -> int:
    default = int(getattr(settings, "GONGKAI_KIOSK_IDLE_SECONDS", 120))
    try:
        asked = int(request.GET.get("idle", default))
    except (TypeError, ValueError):
        asked = default
    return max(5, min(asked, 3600))


@never_cache
@require_safe
def kiosk_start(request, code: str):
    """Turn this browser into the touch terminal of a service hall for jurisdiction `code`: large targets,
    no sign-in links, a print button on record pages, and back to the jurisdiction's home page after
    `idle` seconds without a touch (GONGKAI_KIOSK_IDLE_SECONDS, 120 by default)."""
    jurisdiction = selectors.jurisdiction_by_code(code)
    if jurisdiction is None:
        return render(request, "portal/not_found.html", {"message": f"没有找到区划代码为 {code} 的行政区划。",
                                                         "messages": ()}, status=404)
    home = reverse("portal:jurisdiction", kwargs={"code": code})
    return preferences.kiosk_on(HttpResponseRedirect(home), home=home, idle=_idle_seconds(request))


@never_cache
@require_safe
def kiosk_exit(request):
    """Leave kiosk mode (for the staff who set the terminal up; not linked from the kiosk's pages)."""
    return preferences.kiosk_off(HttpResponseRedirect(reverse("portal:home")))
