import pytest

from gongkai.catalog.elements import TYPES, guess_schema
from tests.catalog.standard_data import SHIPPED_IDS, SHIPPED_ITEMS


@pytest.mark.parametrize(
    ("element", "kind"),
    [
        ("学校名称", "text"), ("学校地址", "address"), ("建设地址", "address"), ("生产地址/经营场所", "address"),
        ("办学层次", "choice"), ("办学类型", "choice"), ("建设方式", "choice"),
        ("办公电话", "phone"), ("联系电话", "phone"), ("投诉举报电话", "phone"),
        ("开工时间", "date"), ("批复时间", "date"), ("有效期限", "date"),
        ("投资金额", "money"), ("救助标准", "money"), ("补助资金", "money"),
        ("建设总套数", "number"), ("人数", "number"), ("办学规模", "number"),
        ("网址", "url"), ("附件", "file"), ("规划批准文件", "file"), ("《旅行社条例》", "file"),
        ("开放时间", "text"), ("批复文号", "text"), ("项目统一代码", "text"), ("文件名称", "text"),
    ],
)
def test_guess_type(element, kind):
    [field] = guess_schema([element])
    assert field["type"] == kind
    assert field["name"] == element


def test_school_directory_schema():
    """义务教育学校名录 → 学校名称、学校地址、办学层次、办学类型、办公电话."""
    assert guess_schema(["学校名称", "学校地址", "办学层次", "办学类型", "办公电话"]) == [
        {"name": "学校名称", "type": "text", "required": True},
        {"name": "学校地址", "type": "address", "required": True},
        {"name": "办学层次", "type": "choice", "required": True, "choices": []},
        {"name": "办学类型", "type": "choice", "required": True, "choices": []},
        {"name": "办公电话", "type": "phone", "required": True},
    ]


def test_annotations_are_not_fields():
    schema = guess_schema(["一般公共预算收入表", "(其余要素未采集)", "地方政府债务信息(细目未采集)", "●文号"])
    assert [f["name"] for f in schema] == ["一般公共预算收入表", "地方政府债务信息", "文号"]
    assert schema[1]["note"] == "细目未采集"


def test_optional_and_duplicates():
    schema = guess_schema(["其他需要公开的信息", "项目名称", "项目名称"])
    assert [(f["name"], f["required"]) for f in schema] == [("其他需要公开的信息", False), ("项目名称", True)]


def test_long_descriptions_are_text():
    [field] = guess_schema(["地方一般公共预算、政府性基金预算、国有资本经营预算和社会保险基金预算报表中涉及本级支出的"])
    assert field["type"] == "text"


@pytest.mark.parametrize(("slug", "order", "item"), SHIPPED_ITEMS, ids=SHIPPED_IDS)
def test_every_shipped_item_gets_a_schema(slug, order, item):
    schema = guess_schema(item["elements"])
    assert all(f["type"] in TYPES and f["name"] and isinstance(f["required"], bool) for f in schema)
    if any(e and "未采集" not in e for e in item["elements"]):
        assert schema


# --- adding entry columns (issue 10: 义务教育学生资助政策 had one sentence and no columns) -------------------

ONE_SENTENCE = [{"name": "义务教育阶段家庭经济困难学生生活补助政策及受助学生名单", "type": "text", "required": True}]


def test_add_fields_appends_columns_and_keeps_the_old_ones():
    from gongkai.catalog.elements import add_fields

    schema = add_fields(ONE_SENTENCE, [{"name": "姓 名", "type": "text", "required": True},
                                       {"name": "资助金额", "type": "money"},
                                       {"name": "学段", "type": "choice", "choices": ["小学", "初中", ""]}])
    assert [f["name"] for f in schema] == [ONE_SENTENCE[0]["name"], "姓名", "资助金额", "学段"]
    assert schema[0] == ONE_SENTENCE[0]
    assert schema[2] == {"name": "资助金额", "type": "money", "required": False}
    assert schema[3]["choices"] == ["小学", "初中"]


@pytest.mark.parametrize("new, message", [
    ([], "请至少填写一个列名"),
    ([{"name": "  "}], "请填写列名"),
    ([{"name": "姓名"}, {"name": "姓名"}], "已有名为“姓名”的列"),
    ([{"name": "金额", "type": "float"}], "类型无法识别"),
    ([{"name": "很" * 31}], "过长"),
])
def test_add_fields_refuses_in_chinese(new, message):
    from gongkai.catalog.elements import add_fields

    with pytest.raises(ValueError, match=message):
        add_fields(ONE_SENTENCE, new)
