"""Reads of messages and concerns: the back office's lists (scoped by `accounts.policies`), the moves a user
may make, and the public side — published messages only, never the writer's name or contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from gongkai.accounts.policies import Action, can, jurisdiction_scope, unit_scope
from gongkai.interaction import limits, workflow
from gongkai.interaction.models import QUERY_ALPHABET, QUERY_LENGTH, Concern, ConcernResponse, Message
from gongkai.organizations.models import Jurisdiction

MOVE_ACTIONS = {move: (Action.ANSWER_MESSAGE if move in workflow.UNIT_MOVES else Action.MODERATE_MESSAGES)
                for move in workflow.TABLE.move_labels}


def moves_for(user, message: Message) -> list[str]:
    return workflow.TABLE.moves_for(message.status, may=lambda move: can(user, MOVE_ACTIONS[move], message))


def messages_for(user) -> QuerySet[Message]:
    """The messages `user` may see: those addressed to its units, and every message of the jurisdictions its
    office covers."""
    return Message.objects.filter(
        Q(unit__in=unit_scope(user, Action.ANSWER_MESSAGE))
        | Q(jurisdiction__in=jurisdiction_scope(user, Action.MODERATE_MESSAGES))
    ).select_related("unit", "jurisdiction")


def waiting_by_age(user) -> QuerySet[Message]:
    """Unanswered messages, the oldest first (the office's queue)."""
    return messages_for(user).filter(status__in=workflow.WAITING).order_by("received_at", "id")


def to_moderate(user) -> QuerySet[Message]:
    return messages_for(user).filter(status=workflow.ANSWERED).order_by("answered_at", "id")


def days_waiting(message: Message, today: date) -> int:
    return (today - message.received_on).days


def public_messages(jurisdiction: Jurisdiction) -> QuerySet[Message]:
    """Published messages of a jurisdiction, newest first, with only what the public may read."""
    return (Message.objects.filter(jurisdiction=jurisdiction, status=workflow.PUBLISHED)
            .select_related("unit").only("pk", "public_subject", "public_body", "answer", "received_on",
                                         "published_at", "answered_at", "unit__name", "jurisdiction_id")
            .order_by("-published_at", "-id"))


def public_message(jurisdiction: Jurisdiction, pk: int) -> Message | None:
    return public_messages(jurisdiction).filter(pk=pk).first()


@dataclass(frozen=True)
class Tracking:
    code: str
    unit: str
    status: str
    received_on: date
    due_on: date
    answer: str  # shown to the holder of the code once the office has decided
    reason: str
    public_pk: int | None
    jurisdiction_code: str


def normalise_code(raw: str) -> str:
    code = "".join((raw or "").split()).replace("-", "").upper()
    if len(code) != QUERY_LENGTH or any(c not in QUERY_ALPHABET for c in code):
        return ""
    return code


def public_tracking(code: str) -> Tracking | None:
    """What the writer reads with the query code: unit, status, dates; the answer once moderated."""
    code = normalise_code(code)
    message = Message.objects.select_related("unit", "jurisdiction").filter(query_code=code).first() if code else None
    if message is None:
        return None
    decided = message.status in (workflow.PUBLISHED, workflow.CLOSED)
    status = "办理中" if message.status == workflow.ANSWERED else message.status_label
    return Tracking(code=message.query_code, unit=message.unit.name, status=status,
                    received_on=message.received_on, due_on=message.due_on,
                    answer=message.answer if decided else "",
                    reason=message.reason if message.status == workflow.REJECTED else "",
                    public_pk=message.pk if message.status == workflow.PUBLISHED else None,
                    jurisdiction_code=message.jurisdiction.code)


def concerns_for(user) -> QuerySet[Concern]:
    return (Concern.objects.filter(jurisdiction__in=jurisdiction_scope(user, Action.MANAGE_CONCERNS))
            .select_related("unit", "jurisdiction").prefetch_related("responses"))


def public_concerns(jurisdiction: Jurisdiction) -> QuerySet[Concern]:
    """Concerns the office published, each with its responses (two queries)."""
    return (Concern.objects.filter(jurisdiction=jurisdiction, is_public=True).select_related("unit")
            .prefetch_related(Prefetch("responses", queryset=ConcernResponse.objects.order_by("responded_at", "id"))))


def duty_states(concern: Concern) -> list[limits.DutyState]:
    """Each limit of the concern with the response that met it (responses prefetched)."""
    return limits.duty_states(concern.level, concern.arose_at,
                              tuple((r.kind, r.responded_at) for r in concern.responses.all()))
