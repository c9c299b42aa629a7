"""Background jobs of oversight (django-tasks; the database backend in production, run by `gongkai db_worker`).

A job carries only the inspection's id; everything else is read from the row, so a job delivered twice or after a
restart does no harm (`services.inspection_execute` claims a queued inspection or does nothing)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_inspection(inspection_id: int) -> dict | None:
    from gongkai.oversight.services import inspection_execute

    inspection = inspection_execute(inspection_id=inspection_id)
    return dict(inspection.totals) if inspection is not None else None
