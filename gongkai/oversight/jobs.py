"""Background jobs of oversight (django-tasks; the database backend in production, run by `gongkai db_worker`).

A job carries only the inspection's id; everything else is read from the row, so a job delivered twice or after a
restart does no harm (`services.inspection_execute` claims a queued inspection or does nothing).

The back office starts inspections here (`inspection_start`, `inspection_rerun`): the services queue the row, this
module hands it to the worker. Imports run one way, jobs → services."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from gongkai.oversight import services
from gongkai.oversight.models import Inspection


@task()
def run_inspection(inspection_id: int) -> dict | None:
    inspection = services.inspection_execute(inspection_id=inspection_id)
    return dict(inspection.totals) if inspection is not None else None


def _enqueue(inspection: Inspection) -> Inspection:
    result = run_inspection.enqueue(inspection.pk)
    services.inspection_job_recorded(inspection=inspection, job_id=str(result.id))
    inspection.refresh_from_db()
    return inspection


def inspection_start(**kwargs: Any) -> Inspection:
    """The same as `services.inspection_run`, as a background job: the inspection is queued and its page follows
    its progress. With the immediate backend (tests) the job has run when this returns."""
    return _enqueue(services.inspection_queue(**kwargs))


def inspection_rerun(**kwargs: Any) -> Inspection:
    """Run again an inspection that did not finish, as a background job (see `services.inspection_requeue`)."""
    return _enqueue(services.inspection_requeue(**kwargs))
