"""Loading the national standard catalog (gongkai.catalog.standard)."""

import copy

import pytest

from gongkai.accounts.models import Role
from gongkai.catalog.models import Domain, Guideline, StandardItem
from gongkai.catalog.standard import shipped_guideline, standard_catalog_load, standard_catalog_overview
from gongkai.core.audit import verify_chain
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.catalog.test_standard_data import EXPECTED_ITEMS
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def _loaded_events():
    return AuditEvent.objects.filter(action="standard_catalog.loaded")


def test_whole_catalog_loads_with_exact_counts():
    result = standard_catalog_load()
    assert result.domains_created == 33
    assert result.created == 33
    assert result.items == 272
    assert Domain.objects.count() == 33
    assert Guideline.objects.filter(is_current=True).count() == 33
    assert StandardItem.objects.count() == 272
    counts = {d.slug: StandardItem.objects.filter(guideline__domain=d).count() for d in Domain.objects.all()}
    assert counts == EXPECTED_ITEMS
    assert StandardItem.objects.filter(guideline__domain__is_pilot=True).count() == 238
    assert StandardItem.objects.filter(guideline__domain__is_pilot=False).count() == 34
    assert list(Domain.objects.values_list("name", flat=True))[-7:] == [
        "交通运输", "旅游", "自然资源", "新闻出版", "统计", "广播电视", "水利"]
    event = _loaded_events().get()
    assert event.actor is None and event.actor_name == "system"
    assert len(event.data["guidelines"]) == 33
    assert verify_chain().ok


def test_items_carry_rules_schemas_and_provenance():
    standard_catalog_load()
    for item in StandardItem.objects.all():
        assert item.time_limit_rule["text"] == item.time_limit
        assert "kind" in item.time_limit_rule
        assert isinstance(item.schema, list)
    school = StandardItem.objects.get(guideline__domain__slug="caizheng-yujuesuan", name="政府预算")
    assert school.time_limit_rule["kind"] == "calendar_days"
    guideline = Guideline.objects.get(domain__slug="zhongda-jianshe-xiangmu")
    assert guideline.document_number == "发改办投资〔2019〕621号"
    assert guideline.completeness == "partial"
    assert guideline.loaded_from == "gongkai/catalog/data/standard/zhongda-jianshe-xiangmu.json"
    assert len(guideline.official_topics) == 8
    assert all(".gov.cn" in url for url in guideline.sources)
    shenong = Guideline.objects.get(domain__slug="shenong-butie")
    assert shenong.verified["year"] is False and shenong.verified["year_basis"].startswith("inferred")
    tongji = Guideline.objects.get(domain__slug="tongji")
    assert tongji.items.count() == 0 and "未采集到任何事项行" in tongji.completeness_note
    assert Domain.objects.get(slug="weisheng-jiankang").aliases == ["医疗卫生"]


def test_reload_is_idempotent():
    standard_catalog_load()
    ids = set(StandardItem.objects.values_list("pk", flat=True))
    result = standard_catalog_load()
    assert result.unchanged == 33 and not result.changed_anything
    assert Guideline.objects.count() == 33
    assert set(StandardItem.objects.values_list("pk", flat=True)) == ids
    assert _loaded_events().count() == 1


def _changed_jiuye() -> dict:
    data, _ = shipped_guideline("jiuye")
    data = copy.deepcopy(data)
    removed = data["items"].pop(0)
    data["items"][0]["time_limit"] = "实时公开"
    data["items"].append({**data["items"][1], "name": "1.9 新增事项", "note": ""})
    return data, removed


def test_changed_content_makes_a_new_version_and_keeps_the_old():
    standard_catalog_load()
    data, removed = _changed_jiuye()
    changed_name = data["items"][0]["name"]
    result = standard_catalog_load(slug="jiuye", data=data, loaded_from="测试")
    assert (result.new_versions, result.items) == (1, 4)
    outcome = result.guidelines[0]
    assert (outcome.version, outcome.added, outcome.removed, outcome.changed) == (2, 1, 1, 1)

    old = Guideline.objects.get(domain__slug="jiuye", version=1)
    new = Guideline.objects.get(domain__slug="jiuye", version=2)
    assert not old.is_current and new.is_current
    assert old.items.count() == 4 and new.items.count() == 4
    assert Guideline.objects.filter(domain__slug="jiuye", is_current=True).count() == 1
    assert new.changes["from_version"] == 1
    assert new.changes["added"] == [{"topic": data["items"][-1]["topic"], "name": "1.9 新增事项"}]
    assert new.changes["removed"] == [{"topic": removed["topic"], "name": removed["name"]}]
    [change] = new.changes["changed"]
    assert change["name"] == changed_name
    assert change["fields"]["time_limit"]["after"] == "实时公开"
    assert new.changes["guideline"] == {}
    assert new.items.get(name=changed_name).time_limit_rule["kind"] == "real_time"
    assert _loaded_events().count() == 2
    assert Domain.objects.get(slug="jiuye").current_guideline() == new

    # The same data again: nothing changes; the shipped data does not undo the loaded table.
    assert standard_catalog_load(slug="jiuye", data=data).unchanged == 1
    assert standard_catalog_load().unchanged == 33
    assert Guideline.objects.filter(domain__slug="jiuye").count() == 2


def test_metadata_change_is_recorded():
    standard_catalog_load()
    data, _ = shipped_guideline("caizheng-yujuesuan")
    data = copy.deepcopy(data)
    data["guideline"]["issuer"] = "财政部办公厅"
    standard_catalog_load(slug="caizheng-yujuesuan", data=data)
    new = Guideline.objects.get(domain__slug="caizheng-yujuesuan", is_current=True)
    assert new.version == 2
    assert new.changes["guideline"] == {"issuer": {"before": "财政部", "after": "财政部办公厅"}}
    assert new.changes["added"] == new.changes["removed"] == new.changes["changed"] == []


def test_one_shipped_guideline_by_slug():
    result = standard_catalog_load(slug="yiwu-jiaoyu")
    assert Domain.objects.count() == 33
    assert [(g.slug, g.items) for g in result.guidelines] == [("yiwu-jiaoyu", 20)]
    assert Guideline.objects.count() == 1


def test_bad_data_writes_nothing():
    data, _ = shipped_guideline("jiuye")
    data = copy.deepcopy(data)
    data["items"][2]["name"] = ""
    with pytest.raises(ValidationFailed, match="第3个事项缺少"):
        standard_catalog_load(slug="jiuye", data=data)
    with pytest.raises(ValidationFailed, match="未知的领域标识"):
        standard_catalog_load(slug="no-such-domain")
    with pytest.raises(ValidationFailed, match="必须指明领域标识"):
        standard_catalog_load(data=data)
    assert Domain.objects.count() == Guideline.objects.count() == 0
    assert not _loaded_events().exists()


def test_actor_must_be_allowed():
    unit = UnitFactory()
    officer = user_with_role(Role.DISCLOSURE_OFFICE, unit)
    with pytest.raises(PermissionRefused):
        standard_catalog_load(actor=officer)
    assert Guideline.objects.count() == 0
    assert AuditEvent.objects.filter(action="permission.refused").count() == 1

    admin = user_with_role(Role.SYSTEM_ADMIN, unit)
    standard_catalog_load(actor=admin)
    assert _loaded_events().get().actor == admin


def test_overview(django_assert_max_num_queries):
    standard_catalog_load()
    with django_assert_max_num_queries(2):
        rows = standard_catalog_overview()
    assert len(rows) == 33
    assert rows[4] == {"domain": "义务教育", "guideline": "义务教育领域基层政务公开标准指引", "issuer": "教育部",
                       "year": "2019", "completeness": "partial", "topics": 8, "items": 20}
    assert sum(row["items"] for row in rows) == 272
