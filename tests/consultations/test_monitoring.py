"""The consultations' rules run in every inspection of the office: planted cases found, near misses not."""

from datetime import date

import pytest

from gongkai.consultations.workflow import Status
from gongkai.oversight import services as oversight_services
from gongkai.oversight.models import Finding
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_inspection_flags_an_early_close_and_a_missing_summary(world, django_assert_max_num_queries):
    closed_early = ConsultationFactory(unit=world.edu, title="提前截止的征求意见", status=Status.CLOSED,
                                       closed_on=date(2026, 9, 10))
    no_summary = ConsultationFactory(unit=world.civil, title="未公布采纳情况的征求意见", status=Status.CLOSED,
                                     closed_on=date(2026, 10, 1))
    ConsultationFactory(unit=world.civil, title="草稿", status=Status.DRAFT, closes_on=date(2026, 9, 2),
                        published_at=None)  # a draft is not watched
    inspection = oversight_services.inspection_run(
        actor=world.users.office, jurisdiction=world.county, today=date(2026, 11, 5),
        rules=["consultation_period_short", "consultation_summary_missing"])
    found = {(f.rule, f.target) for f in Finding.objects.filter(first_inspection=inspection)}
    assert found == {("consultation_period_short", str(closed_early.pk)),
                     ("consultation_summary_missing", str(closed_early.pk)),
                     ("consultation_summary_missing", str(no_summary.pk))}
    assert Finding.objects.get(rule="consultation_period_short").target_kind == "consultation"


def test_the_open_consultation_is_a_near_miss(world):
    inspection = oversight_services.inspection_run(
        actor=world.users.office, jurisdiction=world.county, today=date(2026, 9, 20),
        rules=["consultation_period_short", "consultation_summary_missing"])
    assert not Finding.objects.filter(first_inspection=inspection).exists()
