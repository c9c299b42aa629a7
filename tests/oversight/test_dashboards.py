"""Oversight on the role dashboards (issue 8): the office sees every unit's score, open findings by rule, overdue
tasks and the trend; a unit sees its own findings, each with how to fix it and a link to the screen where it
does, and its tasks coming due; nobody sees another unit's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from gongkai.core import clock
from gongkai.oversight import task_services
from gongkai.oversight.models import Finding
from gongkai.oversight.registry import CHECKS
from gongkai.oversight.services import inspection_run


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def scanned(world):
    other = world.item.__class__.objects.create(version=world.version, domain=world.item.domain, order=77,
                                                topic="民政", name="低保对象名单", responsible_unit=world.other_unit)
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=clock.today())
    today, county = clock.today(), world.tree["county"]
    for title, unit, due in (("梳理教育领域事项", world.unit, today - timedelta(days=9)),
                             ("编制民政领域目录", world.other_unit, today - timedelta(days=3)),
                             ("更新学校名录", world.unit, today + timedelta(days=1))):
        task_services.task_create(actor=world.office, jurisdiction=county, draft=task_services.TaskDraft(
            title=title, responsible_unit=unit, due_on=due))
    world.other_item = other
    return world


def test_office_dashboard_shows_scores_findings_by_rule_overdue_tasks_and_trend(client, scanned):
    client.force_login(scanned.office)
    response = client.get(reverse("backoffice:dashboard"))
    text = _text(response)
    overview = response.context["oversight"]
    assert "监测与考核" in text and "得分最低的单位" in text
    assert {unit.name for _, unit, _ in overview["lowest"]} >= {"区教育局", "区民政局"}
    blank = Finding.objects.filter(rule="blank_item", state="open").count()
    assert {"rule": "blank_item", "title": CHECKS["blank_item"].rule.title, "n": blank} in overview["by_rule"]
    assert f"{CHECKS['blank_item'].rule.title} ： {blank} 个" in text and "2026年" in text
    assert overview["overdue_count"] == 2 and "梳理教育领域事项" in text and "编制民政领域目录" in text
    assert "逾期工作任务 2" in text
    assert len(overview["trend"]) == 6 and overview["trend"][-1]["open_findings"] == Finding.objects.filter(
        state="open").count()
    assert overview["trend"][0]["open_findings"] == 0  # five months ago nothing had been found yet


def test_unit_dashboard_shows_its_own_findings_with_fix_hint_and_link_and_its_tasks(client, scanned):
    client.force_login(scanned.officer)
    response = client.get(reverse("backoffice:dashboard"))
    html, text = response.content.decode(), _text(response)
    assert "本单位待整改的问题" in text and "义务教育学校名录" in text and "低保对象名单" not in text
    assert "怎么改：" + CHECKS["blank_item"].rule.hint in text
    mine = Finding.objects.get(rule="blank_item", target=str(scanned.item.key))
    assert reverse("backoffice:oversight_finding", args=[mine.pk]) in html
    assert f"{reverse('backoffice:record_create')}?item={scanned.item.pk}" in html
    assert "梳理教育领域事项" in text and "更新学校名录" in text and "编制民政领域目录" not in text
    assert "临期和逾期任务 2" in text
    # the office's overview is not the unit's
    assert "oversight" not in response.context or response.context["oversight"] is None
    assert "监测与考核" not in text and "得分最低的单位" not in text


def test_another_units_officer_does_not_see_these_findings(client, scanned):
    client.force_login(scanned.other_officer)
    text = _text(client.get(reverse("backoffice:dashboard")))
    assert "低保对象名单" in text and "义务教育学校名录" not in text
    assert "编制民政领域目录" in text and "梳理教育领域事项" not in text
