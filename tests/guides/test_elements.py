"""The 办事指南's required elements and the 专区's checklist: pure rules, no database."""

import pytest

from gongkai.guides import elements
from tests.factories import GUIDE_VALUES


def test_service_not_practical_rule_requires_the_key_elements_of_a_guide():
    """国办发〔2019〕19号 单项否决 “服务不实用”: 办事指南 missing 事项名称、设定依据、申请条件、办理材料 … —
    none of those elements may be left empty."""
    assert elements.missing_elements(GUIDE_VALUES) == []
    missing = elements.missing_elements({**GUIDE_VALUES, "basis": " ", "materials": ""})
    assert missing == ["设定依据", "申请材料"]
    problems = elements.guide_problems({**GUIDE_VALUES, "conditions": ""})
    assert problems == {"conditions": "请填写受理条件（办事指南的必备要素）。"}


@pytest.mark.parametrize(("mode", "url", "problem"), [
    ("full", "", "可以网上办理的事项请填写政务服务平台的办理链接。"),
    ("partial", "javascript:alert(1)", "办理链接须是以 http:// 或 https:// 开头的网址。"),
    ("none", "", None),
    ("none", "https://zwfw.example.invalid/x", None),
    ("", "", "请选择网办属性：全程网办、部分网办或不能网办。"),
])
def test_online_mode_and_link(mode, url, problem):
    problems = elements.guide_problems({**GUIDE_VALUES, "online_mode": mode, "online_url": url})
    got = problems.get("online_url") or problems.get("online_mode")
    assert got == problem


def test_lengths_are_limited():
    assert elements.guide_problems({**GUIDE_VALUES, "name": "办" * 201}) == {"name": "事项名称不能超过200个字。"}


def test_checklist_from_lines_trims_and_refuses_empty_lists():
    assert elements.checklist_from_lines([" 统一标识标牌", "", "统一公开内容", "统一标识标牌"]) == [
        "统一标识标牌", "统一公开内容"]
    with pytest.raises(ValueError, match="至少"):
        elements.checklist_from_lines(["", "  "])
    with pytest.raises(ValueError, match="最多20项"):
        elements.checklist_from_lines([f"要求{n}" for n in range(21)])


def test_zone_checks_follow_the_checklist_order_and_count_unassessed_as_not_done():
    rows = elements.zone_checks(elements.DEFAULT_FIVE_UNIFIED, {"统一设备": {"done": True, "note": "查询机2台"}})
    assert [r["label"] for r in rows] == list(elements.DEFAULT_FIVE_UNIFIED)
    assert rows[1] == {"label": "统一设备", "done": True, "note": "查询机2台"}
    assert not rows[0]["done"]
