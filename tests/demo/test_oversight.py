"""The demo's oversight: findings across several units and rules, a self-check, a finding taken through fixed →
confirmed, a higher-level deduction in the scores and a drafted 通报; a second run adds nothing."""

import pytest

from gongkai.core import clock
from gongkai.core.models import AuditEvent
from gongkai.demo import oversight as demo_oversight
from gongkai.demo import publishing as demo_publishing
from gongkai.demo import timeline
from gongkai.demo.build import demo_build
from gongkai.oversight.models import (
    Deduction,
    Finding,
    FindingState,
    Inspection,
    InspectionKind,
    Notice,
    Task,
    TaskProgress,
)

pytestmark = pytest.mark.django_db


def test_demo_oversight_tells_the_whole_loop_once():
    demo_build()
    demo_publishing.build(lambda _line: None)
    timeline.apply()
    lines = []
    assert demo_oversight.build(lines.append) == 5 + 5, lines  # the oversight loop, then 5 tasks
    assert Inspection.objects.filter(kind=InspectionKind.SELF_CHECK).count() == 1
    assert Inspection.objects.filter(kind=InspectionKind.INSPECTION).count() == 2
    open_findings = Finding.objects.filter(state=FindingState.OPEN)
    assert open_findings.values("unit").distinct().count() >= 5
    assert {"blank_item", "late_publication"} <= set(open_findings.values_list("rule", flat=True))
    confirmed = Finding.objects.get(state=FindingState.CONFIRMED)
    assert [e.to_state for e in confirmed.events.order_by("id")] == ["open", "fixed", "confirmed"]
    assert Notice.objects.get().number.startswith("大政务公开办〔")
    assert Deduction.objects.get().source == "higher_level"
    assert demo_oversight.build(lines.append) == 0
    assert Task.objects.count() == 5


def test_demo_task_ledger_comes_through_the_importer_with_one_overdue_and_one_reported():
    demo_build()
    demo_oversight.build(lambda _line: None)
    today = clock.today()
    overdue = [t for t in Task.objects.all() if t.is_overdue(today)]
    assert {t.responsible_unit.name for t in overdue} == {"区教育局", "区民政局"}
    assert TaskProgress.objects.get().task.number == "2"
    assert Task.objects.filter(due_on__isnull=True, due_text="长期坚持").count() == 1
    assert AuditEvent.objects.filter(action="oversight.task_import").count() == 1
