"""The oversight screens: the office runs an inspection and sees every unit's findings; a unit sees its own, with
the fix hint and link, and answers them; the users who must be refused are."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.oversight.models import Finding, FindingState, Inspection
from gongkai.oversight.services import inspection_run
from tests.factories import CatalogItemFactory

TODAY = date(2026, 11, 20)


@pytest.fixture
def world(publishing_world):
    return publishing_world


@pytest.fixture
def scanned(world):
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY)
    other = CatalogItemFactory(version=world.version, domain=world.item.domain, order=77,
                               topic="民政", name="低保对象名单", responsible_unit=world.other_unit)
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY)
    world.other_item = other
    return world


def finding_of(world, item):
    return Finding.objects.get(rule="blank_item", target=str(item.key))


def test_office_runs_an_inspection_from_the_screen(client, world):
    client.force_login(world.office)
    page = client.get(reverse("backoffice:oversight"))
    assert page.status_code == 200 and "开展检查" in page.content.decode()
    response = client.post(reverse("backoffice:oversight_run"),
                           {"jurisdiction": world.tree["county"].pk, "as_of": "2026-11-20"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == reverse("backoffice:oversight_inspection",
                                                                    args=[inspection.pk])
    detail = client.get(response.url).content.decode()
    assert "义务教育学校名录" in detail and "新发现" in detail


def test_office_sees_every_units_findings_with_counts(client, scanned):
    client.force_login(scanned.office)
    html = client.get(reverse("backoffice:oversight")).content.decode()
    assert "区教育局" in html and "区民政局" in html and "空白栏目" in html


def test_officer_sees_only_own_units_findings_and_no_inspection_form(client, scanned):
    client.force_login(scanned.officer)
    html = client.get(reverse("backoffice:oversight")).content.decode()
    assert "义务教育学校名录" in html and "低保对象名单" not in html
    assert "开始检查" not in html and "开始自查" in html
    other = finding_of(scanned, scanned.other_item)
    assert client.get(reverse("backoffice:oversight_finding", args=[other.pk])).status_code == 404


def test_officer_answers_a_finding_and_the_form_keeps_an_empty_answer_refused(client, scanned):
    client.force_login(scanned.officer)
    finding = finding_of(scanned, scanned.item)
    page = client.get(reverse("backoffice:oversight_finding", args=[finding.pk])).content.decode()
    assert "如何整改" in page and f"?item={scanned.item.pk}" in page and "报告已整改" in page and "核销" not in page
    url = reverse("backoffice:oversight_finding_move", args=[finding.pk, "report_fixed"])
    bad = client.post(url, {"answer": ""})
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()
    assert client.post(url, {"answer": "已发布学校名录"}).status_code == 302
    finding.refresh_from_db()
    assert finding.state == FindingState.FIXED and finding.answer == "已发布学校名录"


def test_officer_cannot_waive_and_another_units_officer_cannot_answer(client, scanned):
    finding = finding_of(scanned, scanned.item)
    client.force_login(scanned.officer)
    response = client.post(reverse("backoffice:oversight_finding_move", args=[finding.pk, "waive"]),
                           {"reason": "我说不算"})
    assert response.status_code == 403
    client.force_login(scanned.other_officer)
    response = client.post(reverse("backoffice:oversight_finding_move", args=[finding.pk, "report_fixed"]),
                           {"answer": "代为整改"})
    assert response.status_code == 404
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_officer_cannot_post_an_inspection_of_the_county(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("backoffice:oversight_run"),
                           {"jurisdiction": world.tree["county"].pk, "as_of": "2026-11-20"})
    assert response.status_code == 403 and not Inspection.objects.exists()


def test_office_waives_with_a_reason(client, scanned):
    finding = finding_of(scanned, scanned.other_item)
    client.force_login(scanned.office)
    url = reverse("backoffice:oversight_finding_move", args=[finding.pk, "waive"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "低保名单由市级统一公开"}).status_code == 302
    finding.refresh_from_db()
    assert finding.state == FindingState.WAIVED


def test_findings_page_queries_do_not_grow_with_findings(client, scanned, django_assert_max_num_queries):
    client.force_login(scanned.office)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("backoffice:oversight")).status_code == 200


def test_bad_page_is_a_404(client, scanned):
    client.force_login(scanned.office)
    assert client.get(reverse("backoffice:oversight") + "?page=99999999999").status_code == 404


def test_office_sees_scores_ranked_and_records_a_deduction(client, scanned):
    client.force_login(scanned.office)
    url = reverse("backoffice:oversight_scores")
    query = f"?jurisdiction={scanned.tree['county'].pk}&scheme=county&period=2026-11"
    html = client.get(url + query).content.decode()
    assert "区教育局" in html and "完成公开事项目录确定的公开任务" in html and "近六个月得分" in html
    bad = client.post(url + query, {"unit": scanned.unit.pk, "indicator": "organisation.staff", "points": "5",
                                    "source": "manual", "reason": "未明确工作人员"})
    assert bad.status_code == 200 and "不超过该指标的分值" in bad.content.decode()
    assert "未明确工作人员" in bad.content.decode()  # what was typed stays
    ok = client.post(url + query, {"unit": scanned.unit.pk, "indicator": "organisation.staff", "points": "1",
                                   "source": "higher_level", "document": "邵政务公开办〔2026〕3号",
                                   "reason": "未明确工作人员"})
    assert ok.status_code == 302


def test_officer_cannot_see_scores(client, scanned):
    client.force_login(scanned.officer)
    assert client.get(reverse("backoffice:oversight_scores")).status_code == 403


def test_bad_period_is_a_chinese_form_error(client, scanned):
    client.force_login(scanned.office)
    html = client.get(reverse("backoffice:oversight_scores") + "?jurisdiction=1&scheme=county&period=2026-13")
    assert html.status_code == 200 and "考核期应为 YYYY-MM" in html.content.decode()


def test_an_unknown_move_is_a_404_not_a_message_with_a_code(client, scanned):
    finding = finding_of(scanned, scanned.item)
    client.force_login(scanned.officer)
    response = client.post(reverse("backoffice:oversight_finding_move", args=[finding.pk, "resolve"]))
    assert response.status_code == 404  # resolve is an inspection's move, never a person's
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
