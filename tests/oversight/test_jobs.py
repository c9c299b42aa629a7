"""An inspection as a background job (django-tasks): started from the back office it is queued, its page shows
rules done of rules to run (htmx polling, a plain reload without JavaScript) and then its result; a job that failed
or was killed leaves an inspection that shows as not finished and can be run again, without duplicate findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai.core import clock
from gongkai.core.errors import PermissionRefused, TransitionNotAllowed
from gongkai.core.models import AuditEvent
from gongkai.oversight import collect
from gongkai.oversight.jobs import inspection_rerun, inspection_start
from gongkai.oversight.models import Finding, Inspection, InspectionStatus
from gongkai.oversight.registry import CHECKS
from gongkai.oversight.services import inspection_execute

TODAY = date(2026, 11, 20)
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def start(world, **kw):
    return inspection_start(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, **kw)


def test_started_inspection_runs_as_a_job_and_counts_every_rule(world):
    inspection = start(world)
    assert inspection.status == InspectionStatus.FINISHED and inspection.job_id
    assert inspection.progress_done == inspection.progress_total == len(CHECKS)
    assert Finding.objects.filter(rule="blank_item", target=str(world.item.key)).exists()


def test_a_queued_inspection_shows_progress_and_polls_then_its_result(client, world):
    client.force_login(world.office)
    with override_settings(TASKS=QUEUE_ONLY):
        response = client.post(reverse("backoffice:oversight_run"),
                               {"jurisdiction": world.tree["county"].pk, "as_of": "2026-11-20"})
    inspection = Inspection.objects.get()
    assert inspection.status == InspectionStatus.QUEUED and inspection.progress_done == 0
    page = client.get(response.url).content.decode()
    assert "排队等待运行" in page and f"0</strong> / {len(CHECKS)} 条规则" in page
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page  # htmx, or a reload without JS
    assert "新发现" not in page
    part = client.get(response.url + "?part=progress", HTTP_HX_REQUEST="true")
    assert part.status_code == 200 and "HX-Refresh" not in part and "<html" not in part.content.decode()
    # The worker runs the job.
    assert inspection_execute(inspection_id=inspection.pk).status == InspectionStatus.FINISHED
    done = client.get(response.url + "?part=progress", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    page = client.get(response.url).content.decode()
    assert "新发现" in page and "义务教育学校名录" in page and "every 2s" not in page
    # A job delivered twice does nothing the second time.
    assert inspection_execute(inspection_id=inspection.pk) is None


def test_a_failing_rule_marks_the_inspection_failed_and_it_reruns(world, monkeypatch):
    original = collect.COLLECTORS["requests"]

    def broken(scope):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setitem(collect.COLLECTORS, "requests", broken)
    inspection = start(world)
    assert inspection.status == InspectionStatus.FAILED and "数据库连接中断" in inspection.error
    assert 0 < inspection.progress_done < inspection.progress_total
    found = Finding.objects.count()
    assert found  # rules done before the failure were kept
    monkeypatch.setitem(collect.COLLECTORS, "requests", original)
    rerun = inspection_rerun(actor=world.office, inspection=inspection)
    assert rerun.pk == inspection.pk and rerun.status == InspectionStatus.FINISHED and not rerun.error
    assert Finding.objects.count() == found  # idempotent: nothing recorded twice
    assert AuditEvent.objects.filter(action="oversight.inspection_rerun").count() == 1


def test_a_killed_job_shows_as_not_finished_and_the_office_reruns_it(client, world):
    with override_settings(TASKS=QUEUE_ONLY):
        inspection = start(world)
    # The worker claimed it, then was killed: nothing moves for longer than the stall limit.
    Inspection.objects.filter(pk=inspection.pk).update(status=InspectionStatus.RUNNING, progress_done=3,
                                                       updated_at=clock.now() - timedelta(hours=2))
    url = reverse("backoffice:oversight_inspection", args=[inspection.pk])
    client.force_login(world.officer)  # sees the self-check list, not this inspection
    assert client.get(url).status_code == 404
    assert client.post(reverse("backoffice:oversight_inspection_rerun", args=[inspection.pk])).status_code == 404
    client.force_login(world.office)
    page = client.get(url).content.decode()
    assert "检查未完成" in page and "重新运行本次检查" in page and "every 2s" not in page
    response = client.post(reverse("backoffice:oversight_inspection_rerun", args=[inspection.pk]))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINISHED and inspection.progress_done == inspection.progress_total


def test_a_running_or_finished_inspection_is_not_rerun_and_strangers_are_refused(world):
    from gongkai.accounts.models import Role
    from tests.factories import UnitFactory, user_with_role

    finished = start(world)
    with pytest.raises(TransitionNotAllowed, match="不能重新运行"):
        inspection_rerun(actor=world.office, inspection=finished)
    with override_settings(TASKS=QUEUE_ONLY):
        queued = start(world)
    with pytest.raises(TransitionNotAllowed):
        inspection_rerun(actor=world.office, inspection=queued)  # alive: its job is still to come
    Inspection.objects.filter(pk=queued.pk).update(updated_at=clock.now() - timedelta(hours=2))
    queued.refresh_from_db()
    stranger = user_with_role(Role.DISCLOSURE_OFFICE, UnitFactory(jurisdiction=world.tree["other_county"],
                                                                  is_disclosure_office=True))
    for actor in (world.officer, stranger):
        with pytest.raises(PermissionRefused):
            inspection_rerun(actor=actor, inspection=queued)


def test_the_progress_poll_makes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    with override_settings(TASKS=QUEUE_ONLY):
        inspection = start(world)
    client.force_login(world.office)
    url = reverse("backoffice:oversight_inspection", args=[inspection.pk]) + "?part=progress"
    with django_assert_max_num_queries(8):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
