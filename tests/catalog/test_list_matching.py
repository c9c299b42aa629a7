"""Name matching of list entries and catalog items (gongkai/catalog/list_matching.py, pure)."""

import pytest

from gongkai.catalog.list_matching import AUTO_LINK, SUGGEST, name_score, suggestions


@pytest.mark.parametrize("entry, item, at_least, below", [
    ("农机购置补贴资金发放", "农机购置补贴", AUTO_LINK, 1.01),
    ("义务教育学生资助", "义务教育学生资助政策", AUTO_LINK, 1.01),
    ("民办学校设立、变更、终止审批", "民办学校设立、变更、终止等事项行政审批、备案信息", AUTO_LINK, 1.01),
    ("最低生活保障对象认定", "审核信息", 0, SUGGEST),
    ("义务教育阶段学校招生", "招生计划", 0, SUGGEST),
    ("临时救助", "临时救助", 1.0, 1.01),
    ("", "招生计划", 0, 0.01),
])
def test_name_score(entry, item, at_least, below):
    assert at_least <= name_score(entry, item) < below


def test_suggestions_are_best_first_and_bounded():
    items = [("a", "招生计划"), ("b", "农机购置补贴"), ("c", "农机购置补贴政策文件"), ("d", "农机")]
    found = suggestions("农机购置补贴资金发放", items, limit=2)
    assert [item for item, _ in found] == ["b", "c"] or [item for item, _ in found] == ["c", "b"]
    assert all(score >= SUGGEST for _, score in found) and len(found) == 2
