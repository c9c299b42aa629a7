"""What the 政府信息公开 column shows: the guide's facts (from the jurisdiction's units and the fee rules), its
current and older versions, the public 制度 documents and the 高频事项. Each function is a fixed number of
queries, whatever the size of the tables (the view counters are read for the last LEARNING_DAYS only)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.urls import reverse

from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem, CatalogVersion
from gongkai.columns.guide_text import Contact, GuideFacts
from gongkai.columns.models import GuideStatus, GuideVersion, HighFrequencyItem, ItemViewDay, RulesDocument
from gongkai.organizations.models import Jurisdiction, Unit

LEARNING_DAYS = 30
HIGH_FREQUENCY_LIMIT = 8


def answering_office(jurisdiction: Jurisdiction) -> Unit | None:
    """The disclosure office answering for the jurisdiction: its own, else the nearest one above. One query
    (the chain comes from the materialised path)."""
    codes = [c for c in jurisdiction.path.split("/") if c]
    offices = {u.jurisdiction.code: u for u in Unit.objects.filter(
        jurisdiction__code__in=codes, is_disclosure_office=True, is_active=True).select_related("jurisdiction")
        .order_by("-id")}
    return next((offices[c] for c in reversed(codes) if c in offices), None)


def _contact(unit: Unit) -> Contact:
    return Contact(name=unit.name, address=unit.address, phone=unit.phone, office_hours=unit.office_hours,
                   email=unit.email)


def guide_facts(jurisdiction: Jurisdiction) -> GuideFacts:
    """The data the generated guide is written from: the answering office, the jurisdiction's active units with
    their contact details, and the addresses of the request entrance, the catalog and the annual reports."""
    office = answering_office(jurisdiction)
    units = Unit.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("-is_disclosure_office", "name")
    code = {"code": jurisdiction.code}
    return GuideFacts(
        jurisdiction=jurisdiction.name,
        office=_contact(office) if office else None,
        units=[_contact(u) for u in units],
        request_url=_address(reverse("portal:request_new", kwargs=code)),
        catalog_url=_address(reverse("portal:catalog", kwargs=code)),
        reports_url=_address(reverse("portal:annual_reports", kwargs=code)),
    )


# --- the guide -----------------------------------------------------------------------------------------------

def guide_versions(jurisdiction: Jurisdiction) -> QuerySet[GuideVersion]:
    return GuideVersion.objects.filter(jurisdiction=jurisdiction).order_by("-number")


def guide_draft(jurisdiction: Jurisdiction) -> GuideVersion | None:
    return guide_versions(jurisdiction).filter(status=GuideStatus.DRAFT).first()


def published_guides(jurisdiction: Jurisdiction) -> list[GuideVersion]:
    """Published versions, newest first: the first is the current guide."""
    return list(guide_versions(jurisdiction).filter(status=GuideStatus.PUBLISHED)
                .order_by("-published_at", "-number"))


def published_guide(jurisdiction: Jurisdiction, number: int) -> GuideVersion | None:
    return guide_versions(jurisdiction).filter(status=GuideStatus.PUBLISHED, number=number).first()


def jurisdictions_with_guides() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(guide_versions__status=GuideStatus.PUBLISHED).distinct().order_by("code")


# --- 制度 ------------------------------------------------------------------------------------------------------

def rules_documents(jurisdiction: Jurisdiction) -> QuerySet[RulesDocument]:
    """Every document of the jurisdiction (the back office's list)."""
    return RulesDocument.objects.filter(jurisdiction=jurisdiction).order_by("-issued_on", "-id")


def public_rules_documents(jurisdiction: Jurisdiction) -> QuerySet[RulesDocument]:
    return rules_documents(jurisdiction).filter(is_public=True)


def public_rules_document(jurisdiction: Jurisdiction, pk: int) -> RulesDocument | None:
    return public_rules_documents(jurisdiction).filter(pk=pk).first()


def jurisdictions_with_rules() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(rules_documents__is_public=True).distinct().order_by("code")


# --- 高频事项 --------------------------------------------------------------------------------------------------

def marked_keys(jurisdiction: Jurisdiction) -> set:
    return set(HighFrequencyItem.objects.filter(jurisdiction=jurisdiction).values_list("item_key", flat=True))


def item_counts(jurisdiction: Jurisdiction, today: date, days: int = LEARNING_DAYS) -> dict:
    """Views and searches per item key over the last `days` days: {key: (views, searches)}."""
    rows = (ItemViewDay.objects.filter(jurisdiction=jurisdiction, day__gt=today - timedelta(days=days))
            .values("item_key").annotate(v=Sum("views"), s=Sum("searches")).order_by())
    return {r["item_key"]: (r["v"] or 0, r["s"] or 0) for r in rows}


def high_frequency_items(version: CatalogVersion, today: date, limit: int = HIGH_FREQUENCY_LIMIT) -> list[dict]:
    """The items that lead the jurisdiction's home: those its office marked, then those read and searched most in
    the last LEARNING_DAYS days (a search counts as much as a view), only items of the published version that the
    catalog promises. Each: {"item", "marked", "views"}. Three queries at most."""
    jurisdiction = version.catalog.jurisdiction
    marked = marked_keys(jurisdiction)
    learned = sorted(((v + s, key) for key, (v, s) in item_counts(jurisdiction, today).items()
                      if key not in marked and v + s > 0), key=lambda t: (-t[0], str(t[1])))
    wanted = list(marked) + [key for _, key in learned[: limit * 2]]
    if not wanted:
        return []
    items = {i.key: i for i in catalog_selectors.effective_items(version).filter(key__in=wanted)
             .select_related("domain")}
    scores = dict((key, n) for n, key in learned)
    chosen = sorted((items[k] for k in marked if k in items), key=lambda i: (i.domain.order, i.order))
    out = [{"item": i, "marked": True, "views": 0} for i in chosen]
    for _, key in learned:
        if len(out) >= limit:
            break
        if key in items:
            out.append({"item": items[key], "marked": False, "views": scores[key]})
    return out[: max(limit, len(chosen))]


def item_choices(version: CatalogVersion, today: date) -> list[dict]:
    """Every item the published version promises, with whether it is marked and its views and searches of the last
    LEARNING_DAYS days: the back office's 高频事项 screen. Three queries."""
    jurisdiction = version.catalog.jurisdiction
    marked = marked_keys(jurisdiction)
    counts = item_counts(jurisdiction, today)
    items = catalog_selectors.effective_items(version).select_related("domain").order_by("domain__order", "order")
    return [{"item": i, "marked": i.key in marked, "views": counts.get(i.key, (0, 0))[0],
             "searches": counts.get(i.key, (0, 0))[1]} for i in items]


def items_named(version: CatalogVersion, query: str, limit: int = 3) -> list[CatalogItem]:
    """Items of the version whose name contains the query (what a search is counted for)."""
    return list(catalog_selectors.effective_items(version).filter(name__contains=query)
                .order_by("domain__order", "order")[:limit])




def _address(path: str) -> str:
    """The full web address a printed guide can carry when the site's public address is configured
    (`GONGKAI_PUBLIC_BASE_URL`), else the site path."""
    base = settings.GONGKAI_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else path
