"""Reads of consultations: what the public may see (published consultations of a jurisdiction's units,
moderated comments only, never a commenter's name or contact), and what a staff member may handle."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.consultations.models import Comment, CommentStatus, Consultation, DecisionList, Hearing
from gongkai.consultations.workflow import PUBLIC_STATUSES, TABLE, Status
from gongkai.organizations.models import Jurisdiction

# Which policy action each move needs (asked of accounts/policies.py).
MOVE_ACTIONS = {"publish": Action.MANAGE_CONSULTATIONS, "close": Action.MANAGE_CONSULTATIONS,
                "publish_summary": Action.MANAGE_CONSULTATIONS}


def public_consultations(jurisdiction: Jurisdiction) -> QuerySet[Consultation]:
    """Published consultations of the jurisdiction's own active units, newest first."""
    return (Consultation.objects.filter(unit__jurisdiction=jurisdiction, unit__is_active=True,
                                        status__in=PUBLIC_STATUSES, published_at__isnull=False)
            .select_related("unit").defer("draft", "explanation", "summary"))


def open_consultations(jurisdiction: Jurisdiction, today) -> QuerySet[Consultation]:
    return public_consultations(jurisdiction).filter(status=Status.OPEN, closes_on__gte=today).order_by(
        "closes_on", "id")


def closed_consultations(jurisdiction: Jurisdiction, today) -> QuerySet[Consultation]:
    """Closed ones, and open ones whose last day has passed (the office has not pressed 截止 yet)."""
    return public_consultations(jurisdiction).filter(
        Q(status__in=[Status.CLOSED, Status.SUMMARY_PUBLISHED]) | Q(status=Status.OPEN, closes_on__lt=today)
    ).order_by("-closes_on", "-id")


def public_consultation(jurisdiction: Jurisdiction, pk: int) -> Consultation | None:
    return (Consultation.objects.filter(unit__jurisdiction=jurisdiction, unit__is_active=True,
                                        status__in=PUBLIC_STATUSES, published_at__isnull=False, pk=pk)
            .select_related("unit", "decision_item__decision_list").annotate(received=Count("comments")).first())


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Moderated comments, oldest first; only the text, the day and the reply (never name or contact)."""
    return consultation.comments.filter(status=CommentStatus.APPROVED).only(
        "id", "consultation_id", "body", "submitted_at", "reply").order_by("submitted_at", "id")


def public_hearings(consultation: Consultation) -> list[Hearing]:
    return list(consultation.hearings.filter(notice_published_on__isnull=False).order_by("held_on", "id"))


def upcoming_hearings(jurisdiction: Jurisdiction, today) -> QuerySet[Hearing]:
    """Hearings whose notice is published, of the jurisdiction's public consultations, not held yet."""
    return (Hearing.objects.filter(consultation__unit__jurisdiction=jurisdiction, consultation__unit__is_active=True,
                                   consultation__status__in=PUBLIC_STATUSES, consultation__published_at__isnull=False,
                                   notice_published_on__isnull=False, held_on__gte=today)
            .select_related("consultation").only("id", "held_on", "place", "consultation__id", "consultation__title")
            .order_by("held_on", "id"))


def public_decision_lists(jurisdiction: Jurisdiction) -> QuerySet[DecisionList]:
    return DecisionList.objects.filter(jurisdiction=jurisdiction, published_at__isnull=False).order_by("-year")


def public_decision_list(jurisdiction: Jurisdiction, year: int) -> DecisionList | None:
    return public_decision_lists(jurisdiction).filter(year=year).first()


def decision_items_with_consultations(decision_list: DecisionList) -> list:
    """The list's items, each with its published consultations (预公开), in two queries."""
    items = list(decision_list.items.select_related("unit").order_by("order", "id"))
    published = Consultation.objects.filter(decision_item__in=items, status__in=PUBLIC_STATUSES,
                                            published_at__isnull=False).only("id", "title", "decision_item_id")
    by_item: dict[int, list[Consultation]] = {}
    for consultation in published:
        by_item.setdefault(consultation.decision_item_id, []).append(consultation)  # type: ignore[arg-type]
    for item in items:
        item.public_consultations = by_item.get(item.pk, [])  # type: ignore[attr-defined]
    return items


# --- The back office ------------------------------------------------------------------------------------------

def consultations_for(user) -> QuerySet[Consultation]:
    """Consultations the user may handle: its units' own, and the office's subtree; with pending comments."""
    return (Consultation.objects.filter(unit__in=unit_scope(user, Action.MANAGE_CONSULTATIONS))
            .select_related("unit__jurisdiction")
            .annotate(pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
                      received=Count("comments"))
            .defer("draft", "explanation", "summary").order_by("-opens_on", "-id"))


def moves_for(user, consultation: Consultation) -> list[str]:
    return TABLE.moves_for(consultation.status, may=lambda move: can(user, MOVE_ACTIONS[move], consultation))


def decision_lists_for(user) -> QuerySet[DecisionList]:
    return DecisionList.objects.filter(
        jurisdiction__in=jurisdiction_scope(user, Action.MANAGE_DECISION_LIST)).select_related(
        "jurisdiction").annotate(item_count=Count("items")).order_by("-year", "jurisdiction__code")
