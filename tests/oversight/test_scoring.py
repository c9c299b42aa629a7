"""Scores from findings: deductions capped at the indicator's points, proportions, single veto, grade bands,
ranking; and `gongkai score` over the database."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.oversight.schemes import schemes
from gongkai.oversight.scoring import (
    Band,
    Indicator,
    IndicatorKind,
    ManualDeduction,
    Scheme,
    rank,
    score_unit,
)
from gongkai.oversight.services import deduction_record, inspection_run

SCHEME = Scheme("t", "测试", "", (
    Indicator("a", "按次扣分", 5, IndicatorKind.DEDUCTION, ("late_publication",), per_occurrence=2),
    Indicator("b", "按比例", 20, IndicatorKind.PROPORTION, ("blank_item",)),
    Indicator("c", "人工", 10),
    Indicator("v", "空白栏目", 0, IndicatorKind.VETO, ("blank_item",), threshold=5),
), (Band(90, "优秀"), Band(80, "良好"), Band(60, "合格"), Band(0, "不合格")))


def test_deductions_within_an_indicator_are_capped_at_its_points():
    """国办秘函〔2019〕19号: deductions within an indicator are capped at that indicator's weight (rules.md §7.1)."""
    s = score_unit(SCHEME, 1, {"late_publication": [1, 2, 3, 4]})
    assert s.total == 35 and s.score == 30 and s.lines[0].lost == 5 and s.lines[0].findings == (1, 2, 3, 4)
    assert s.grade == "良好"  # 30 of 35 is 85.7 on a hundred-point scale


def test_proportion_and_manual_deductions():
    s = score_unit(SCHEME, 1, {"blank_item": [7]}, {"blank_item": 4},
                   [ManualDeduction("c", 3, "未明确工作人员", "上级检查")])
    assert s.score == 35 - 5 - 3
    assert "上级检查：未明确工作人员（扣3分）" in s.lines[-1].reason


def test_single_veto_at_its_threshold_fails_the_unit_whatever_its_score():
    """19号 单项否决: 空白栏目 ≥ 5 → 不合格; four is a near miss."""
    four = score_unit(SCHEME, 1, {"blank_item": [1, 2, 3, 4]}, {"blank_item": 100})
    assert not four.vetoed and four.grade != "不合格"
    five = score_unit(SCHEME, 1, {"blank_item": [1, 2, 3, 4, 5]}, {"blank_item": 100})
    assert five.vetoed and five.grade == "不合格"


def test_grade_bands_from_yueyang_2017():
    """rules.md §9(d): 优秀 ≥ 90, 良好 80–90, 合格 60–80, 不合格 < 60."""
    scheme = schemes()["county"]
    assert [scheme.grade(x, False) for x in (90, 89.99, 80, 60, 59.9)] == ["优秀", "良好", "良好", "合格", "不合格"]
    assert scheme.total == 100


def test_ranking_shares_ties_and_puts_vetoed_units_last():
    a = score_unit(SCHEME, 1, {})
    b = score_unit(SCHEME, 2, {})
    c = score_unit(SCHEME, 3, {"blank_item": [1, 2, 3, 4, 5]}, {"blank_item": 5})
    d = score_unit(SCHEME, 4, {"late_publication": [1]})
    assert [(p, s.unit_id) for p, s in rank([c, d, b, a])] == [(1, 1), (1, 2), (3, 4), (4, 3)]


def test_shipped_schemes_bind_only_known_rules():
    from gongkai.oversight.registry import CHECKS

    known = set(CHECKS) | {"public_privacy"}  # public_privacy: bound ahead of its rule; finds nothing until then
    for scheme in schemes().values():
        for leaf in scheme.leaves():
            assert set(leaf.rules) <= known, (scheme.code, leaf.code)


@pytest.mark.django_db
def test_score_command_links_each_point_lost_to_its_findings(world):
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=date(2026, 11, 20))
    out = StringIO()
    call_command("score", "--jurisdiction", "430503", "--period", "2026-11", "--json", stdout=out)
    data = json.loads(out.getvalue())
    bureau = next(u for u in data["units"] if u["unit"] == "jiaoyu@dxjczw")
    targets = next(d for d in bureau["deductions"] if d["indicator"] == "disclosure.targets")
    assert targets["lost"] == 25 and {f["rule"] for f in targets["findings"]} == {"blank_item"}
    assert bureau["score"] == 75 and bureau["grade"] == "合格"
    others = [u for u in data["units"] if u["unit"] != "jiaoyu@dxjczw"]
    assert all(u["score"] == 100 for u in others) and data["units"][0]["rank"] == 1


@pytest.mark.django_db
def test_a_deduction_is_recorded_by_the_office_only_and_checked(world):
    with pytest.raises(PermissionRefused):
        deduction_record(actor=world.officer, unit=world.unit, scheme="county", indicator="organisation.staff",
                         period="2026-11", points=1, reason="x")
    with pytest.raises(ValidationFailed, match="不超过该指标的分值"):
        deduction_record(actor=world.office, unit=world.unit, scheme="county", indicator="organisation.staff",
                         period="2026-11", points=3, reason="未明确工作人员")
    with pytest.raises(ValidationFailed, match="格式不正确"):
        deduction_record(actor=world.office, unit=world.unit, scheme="county", indicator="organisation.staff",
                         period="11/2026", points=1, reason="未明确工作人员")
    deduction_record(actor=world.office, unit=world.unit, scheme="county", indicator="organisation.staff",
                     period="2026-11", points=1.5, reason="未明确工作人员", source="higher_level",
                     document="邵政务公开办〔2026〕3号")
    out = StringIO()
    call_command("score", "--jurisdiction", "430503", "--period", "2026-11", "--json", stdout=out)
    bureau = next(u for u in json.loads(out.getvalue())["units"] if u["unit"] == "jiaoyu@dxjczw")
    assert bureau["score"] == 98.5 and "邵政务公开办〔2026〕3号" in bureau["deductions"][0]["reason"]


def test_county_scheme_broken_links_cost_the_portal_indicator_one_point_each():
    """rules.md §9(a) 载体建设“政府网站（更新、安全）” 6 points: each record with a broken link or missing attachment
    costs 1 point, with stale columns, capped at 6."""
    county = schemes()["county"]
    one = score_unit(county, 1, {"broken_link": [11]})
    assert one.score == 99 and [line.indicator.code for line in one.lines] == ["carriers.portal"]
    capped = score_unit(county, 1, {"broken_link": [1, 2, 3, 4], "stale_item": [5, 6, 7]})
    assert capped.score == 94


def test_county_scheme_catalog_not_revised_costs_one_and_no_annual_report_two():
    """rules.md §9(a) 目录和年度报告 5 points: 目录未更新 −1, 无年报 −2, in one indicator."""
    county = schemes()["county"]
    line = score_unit(county, 1, {"catalog_not_revised": [1], "annual_report_late": [2]}).lines[0]
    assert line.indicator.code == "disclosure.catalog_report" and line.lost == 3
    assert "每个扣1分" in line.reason and "每个扣2分" in line.reason
    assert score_unit(county, 1, {"catalog_not_revised": [1, 2]}).score == 98
    # Near miss: capped at the indicator's 5 points.
    assert score_unit(county, 1, {"catalog_not_revised": [1, 2, 3], "annual_report_late": [4, 5]}).score == 95


def test_county_scheme_an_unassigned_domain_costs_the_office_one_point():
    """rules.md §9(a) 组织保障“明确分管领导和责任单位” 2 points; 国办发〔2019〕54号 逐项明确责任主体."""
    county = schemes()["county"]
    s = score_unit(county, 1, {"catalog_domain_unassigned": [1]})
    assert s.score == 99 and s.lines[0].indicator.code == "organisation.leader"
    assert score_unit(county, 1, {"catalog_domain_unassigned": [1, 2, 3]}).score == 98


def test_website_scheme_broken_link_costs_availability_points_and_the_total_stays_100():
    """国办秘函〔2019〕19号 可用性 (链接可用性): −1 a record, within 10 points; the deduction part stays 100."""
    website = schemes()["website-2019"]
    assert website.total == 100
    s = score_unit(website, 1, {"broken_link": [1, 2]})
    assert s.score == 98 and s.lines[0].indicator.code == "deductions.availability"


@pytest.mark.django_db
def test_an_unassigned_domain_found_by_an_inspection_costs_the_office_in_the_score(world):
    from gongkai.catalog.models import CatalogDomain
    from gongkai.oversight.models import Finding
    from tests.factories import CatalogItemFactory, DomainFactory

    loose = DomainFactory(name="社会救助")
    CatalogDomain.objects.create(version=world.version, domain=loose, applies=True)
    CatalogItemFactory(version=world.version, domain=loose, name="低保对象名单")
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=date(2026, 11, 20),
                   rules=["catalog_domain_unassigned"])
    assert Finding.objects.get(rule="catalog_domain_unassigned").unit == world.office_unit
    out = StringIO()
    call_command("score", "--jurisdiction", "430503", "--period", "2026-11", "--json", stdout=out)
    office = next(u for u in json.loads(out.getvalue())["units"] if u["unit"] == "office@dxjczw")
    assert office["score"] == 99
    assert [d["indicator"] for d in office["deductions"]] == ["organisation.leader"]
