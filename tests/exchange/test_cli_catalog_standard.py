"""`gongkai catalog load-standard` and `gongkai catalog list` (gongkai.exchange.cli.catalog_standard)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.catalog.models import Guideline, StandardItem

pytestmark = pytest.mark.django_db

KEYS = {"domain", "guideline", "issuer", "year", "completeness", "topics", "items"}


def run(*args) -> str:
    out = io.StringIO()
    call_command("catalog", *args, stdout=out)
    return out.getvalue()


def test_load_standard_then_list_json():
    output = run("load-standard")
    assert "新载入33个" in output and "共272个事项" in output
    assert "未变化33个" in run("load-standard")
    rows = json.loads(run("list", "--json"))
    assert len(rows) == 33
    assert all(set(row) == KEYS for row in rows)
    assert rows[0] == {"domain": "重大建设项目", "guideline": "重大建设项目领域基层政务公开标准指引",
                       "issuer": "国家发展改革委（办公厅）", "year": "2019", "completeness": "partial",
                       "topics": 6, "items": 11}
    assert sum(row["items"] for row in rows) == 272
    assert [row["items"] for row in rows[-3:]] == [0, 15, 0]  # 统计, 广播电视 (rows from catalog-more), 水利


def test_list_table_is_chinese():
    run("load-standard")
    output = run("list")
    assert output.splitlines()[0].split()[:3] == ["序号", "领域", "标准指引"]
    assert "共33个领域，272个二级事项" in output
    assert "部分" in output


def test_list_before_loading():
    assert json.loads(run("list", "--json")) == []
    assert "尚未载入" in run("list")


def test_load_standard_json_output():
    result = json.loads(run("load-standard", "--json"))
    assert (result["created"], result["items"]) == (33, 272)


def test_errors_are_chinese(tmp_path):
    with pytest.raises(CommandError, match="未知的领域标识"):
        run("load-standard", "--guideline", "no-such-domain", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="找不到文件"):
        run("load-standard", "--guideline", "jiuye", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError, match="只能与 --guideline 一起使用"):
        run("load-standard", "--complete")


def _official_table(path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "就业"
    sheet.append(["就业领域基层政务公开标准目录"])
    sheet.append(["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                  "公开对象", None, "公开方式", None, "公开层级", None])
    sheet.append([None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
                  "县级", "乡级"])
    for cells in ("A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2"):
        sheet.merge_cells(cells)
    sheet.append([1, "就业信息服务", "1.1 就业政策法规", "1.政策法规名称\n2.文号", "《政府信息公开条例》",
                  "信息形成或者变更之日起20个工作日内", "县级人力资源社会保障部门", "■政府网站 □政府公报",
                  "√", None, "√", None, "√", "√"])
    sheet.append([2, "就业信息服务", "1.2 人力资源市场供求信息", "1.岗位信息\n2.联系电话", "《就业促进法》", "实时",
                  "县级人力资源社会保障部门", "■政府网站", "√", None, "√", None, "√", None])
    workbook.save(path)


def test_load_one_guideline_from_its_official_table(tmp_path):
    pytest.importorskip("gongkai.exchange.catalog_table")
    run("load-standard")
    path = tmp_path / "jiuye.xlsx"
    _official_table(path)
    output = run("load-standard", "--guideline", "jiuye", str(path), "--complete")
    assert "就业：第2版" in output
    current = Guideline.objects.get(domain__slug="jiuye", is_current=True)
    assert (current.version, current.completeness, current.loaded_from) == (2, "complete", str(path))
    assert current.name == "就业和社会保险领域基层政务公开标准指引（就业部分）"
    items = list(current.items.order_by("order"))
    assert [i.name for i in items] == ["1.1 就业政策法规", "1.2 人力资源市场供求信息"]
    assert items[1].time_limit_rule["kind"] == "real_time"
    assert {"name": "联系电话", "type": "phone", "required": True} in items[1].schema
    assert Guideline.objects.get(domain__slug="jiuye", version=1).items.count() == 4
    assert len(current.changes["added"]) == 2 and len(current.changes["removed"]) == 4
    assert "未变化1个" in run("load-standard", "--guideline", "jiuye", str(path), "--complete")


def test_bad_official_table_writes_nothing(tmp_path):
    pytest.importorskip("gongkai.exchange.catalog_table")
    run("load-standard")
    path = tmp_path / "bad.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    before = StandardItem.objects.count()
    with pytest.raises(CommandError, match="未载入任何内容"):
        run("load-standard", "--guideline", "jiuye", str(path))
    assert StandardItem.objects.count() == before
    assert Guideline.objects.filter(domain__slug="jiuye").count() == 1
