"""The consultations' rules join every inspection: checks in `oversight.registry`, their facts in
`oversight.collect` (one query per scope). Loaded by `apps.ConsultationsConfig.ready`."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from gongkai.consultations import checks
from gongkai.consultations.models import Consultation
from gongkai.consultations.workflow import PUBLIC_STATUSES
from gongkai.oversight import collect, registry


def consultation_facts(scope: collect.Scope) -> list[checks.ConsultationFacts]:
    """The scope's published consultations: one query."""
    days = int(getattr(settings, "GONGKAI_CONSULTATION_SUMMARY_DAYS", checks.SUMMARY_DAYS))
    rows = Consultation.objects.filter(status__in=PUBLIC_STATUSES, published_at__isnull=False,
                                       unit__in=scope.units().values("pk")).only(
        "id", "title", "unit_id", "kind", "opens_on", "closes_on", "closed_on", "shorter_reason",
        "summary_published_at").order_by("id")
    return [checks.ConsultationFacts(
        id=c.pk, label=c.title, unit_id=c.unit_id, kind=c.kind, opens_on=c.opens_on, closes_on=c.closes_on,
        closed_on=c.closed_on, shorter_reason=c.shorter_reason,
        summary_published_on=timezone.localdate(c.summary_published_at) if c.summary_published_at else None,
        summary_days=days) for c in rows]


collect.add_collector("consultations", consultation_facts)
registry.add_check(registry.Check(
    checks.CONSULTATION_PERIOD_SHORT, "consultations",
    lambda facts, ctx: checks.consultation_period_short(facts, calendar=ctx.calendar)))
registry.add_check(registry.Check(
    checks.CONSULTATION_SUMMARY_MISSING, "consultations",
    lambda facts, ctx: checks.consultation_summary_missing(facts, today=ctx.today),
    lambda fact, ctx: checks.summary_recheck_on(fact)))
