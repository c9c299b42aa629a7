from gongkai.catalog.diff import diff_rows, differences_from_standard


def row(key, **kw):
    base = {"key": key, "topic": "招生管理", "name": "招生范围", "elements": ["学区划分"], "basis": [],
            "time_limit": "20个工作日", "subject": "教育部门", "channels": ["政府网站"], "audience": ["全社会"],
            "manner": ["主动"], "tiers": ["县级"], "applicable": True, "responsible_unit": "区教育局"}
    base.update(kw)
    return base


def test_diff_finds_added_removed_and_changed_fields():
    old = [row("a"), row("b", name="招生计划"), row("c", name="招生结果")]
    new = [row("a"), row("b", name="招生计划", channels=["政府网站", "两微一端"]), row("d", name="新事项")]
    d = diff_rows(old, new)
    assert [r["key"] for r in d.added] == ["d"]
    assert [r["key"] for r in d.removed] == ["c"]
    assert len(d.changed) == 1
    change = d.changed[0].changes[0]
    assert (change.field, change.label) == ("channels", "公开渠道和载体")
    assert change.after == ["政府网站", "两微一端"]
    assert d.unchanged == 1


def test_identical_versions_have_empty_diff():
    rows = [row("a"), row("b")]
    assert diff_rows(rows, [dict(r) for r in rows]).is_empty


def test_whitespace_is_not_a_difference():
    assert differences_from_standard(row("a", name=" 招生范围 "), row("a")) == []


def test_localised_item_differs_from_standard():
    changes = differences_from_standard(row("a", time_limit="10个工作日"), row("a"))
    assert [c.label for c in changes] == ["公开时限"]
