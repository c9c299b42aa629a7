"""The facts of the interaction rules for an inspection's scope, and their registration with oversight
(`oversight.registry.add_check`, `oversight.collect.add_collector`). One query per collector."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from gongkai.core import clock
from gongkai.interaction import checks, limits, workflow
from gongkai.interaction.models import Concern, Message
from gongkai.oversight.collect import Scope, add_collector
from gongkai.oversight.registry import Check, add_check


def message_facts(scope: Scope) -> list[checks.MessageFacts]:
    """The scope's valid messages (not refused) still waiting, or received within the year the veto looks at:
    one query."""
    since = clock.today() - timedelta(days=limits.VETO_LOOKBACK_DAYS + 1)
    rows = (Message.objects.filter(unit__in=scope.units().values("pk"))
            .filter(Q(status__in=workflow.WAITING) | Q(received_on__gte=since))
            .exclude(status=workflow.REJECTED)
            .only("pk", "subject", "unit_id", "received_on", "due_on", "status", "answered_at")
            .order_by("id"))
    return [checks.MessageFacts(
        id=m.pk, label=m.subject, unit_id=m.unit_id, received_on=m.received_on, due_on=m.due_on,
        is_waiting=m.status in workflow.WAITING,
        answered_on=timezone.localdate(m.answered_at) if m.answered_at else None) for m in rows]


def concern_facts(scope: Scope) -> list[checks.ConcernFacts]:
    """The scope's concerns with their responses' kinds and times (two queries)."""
    now = timezone.localtime(clock.now())
    concerns = (Concern.objects.filter(unit__in=scope.units().values("pk")).prefetch_related("responses")
                .order_by("id"))
    return [checks.ConcernFacts(
        id=c.pk, label=c.title, unit_id=c.unit_id, level=c.level, arose_at=timezone.localtime(c.arose_at),
        responses=tuple((r.kind, timezone.localtime(r.responded_at)) for r in c.responses.all()),
        as_of=now) for c in concerns]


add_collector("messages", message_facts)
add_collector("concerns", concern_facts)
add_check(Check(checks.MESSAGE_OVERDUE, "messages",
                lambda facts, ctx: checks.message_overdue(facts, today=ctx.today),
                lambda fact, ctx: checks.message_overdue_recheck(fact)))
add_check(Check(checks.MESSAGE_UNANSWERED_3_MONTHS, "messages",
                lambda facts, ctx: checks.message_unanswered_3_months(facts, today=ctx.today),
                lambda fact, ctx: checks.message_unanswered_recheck(fact)))
add_check(Check(checks.CONCERN_RESPONSE_LATE, "concerns", lambda facts, ctx: checks.concern_response_late(facts)))
