"""Entries (明细): values validated per element type with Chinese messages naming the field; xlsx template
and import (dry run, errors by row and column, all or nothing)."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.exchange.entries_table import entries_import_xlsx, entries_template, entries_workbook
from gongkai.publishing import services
from gongkai.publishing.entry_values import clean_value, clean_values
from gongkai.publishing.models import Entry
from tests.factories import SCHOOL_SCHEMA


@pytest.mark.parametrize(("kind", "raw", "expected"), [
    ("text", "  第一小学 ", "第一小学"),
    ("date", "2021-09-01", "2021-09-01"),
    ("date", "2021年9月1日", "2021-09-01"),
    ("date", dt.date(2021, 9, 1), "2021-09-01"),
    ("number", "1,200", 1200),
    ("number", "12.5", 12.5),
    ("money", "1200.5元", "1200.50"),
    ("money", 300, "300.00"),
    ("phone", "0739-5201234", "0739-5201234"),
    ("phone", "13812345678", "13812345678"),
    ("phone", "12345", "12345"),
    ("url", "https://www.dxzf.gov.cn/", "https://www.dxzf.gov.cn/"),
    ("address", "大祥区城北路1号", "大祥区城北路1号"),
    ("file", "名单.pdf", "名单.pdf"),
])
def test_valid_values(kind, raw, expected):
    assert clean_value({"name": "字段", "type": kind, "choices": []}, raw) == expected


@pytest.mark.parametrize(("kind", "raw", "fragment"), [
    ("date", "2021-02-30", "不是有效日期"),
    ("date", "去年", "不是有效日期"),
    ("number", "十二", "不是数字"),
    ("money", "-5", "不小于 0"),
    ("money", "1.234", "两位小数"),
    ("money", "很多", "不是金额"),
    ("phone", "1234", "电话号码"),
    ("url", "www.example.com", "http://"),
])
def test_invalid_values_name_the_field(kind, raw, fragment):
    with pytest.raises(ValueError) as exc:
        clean_value({"name": "字段甲", "type": kind}, raw)
    assert "“字段甲”" in str(exc.value) and fragment in str(exc.value)


def test_choice_must_be_listed():
    field = {"name": "学段", "type": "choice", "choices": ["小学", "初中"]}
    assert clean_value(field, "小学") == "小学"
    with pytest.raises(ValueError, match="只能填写：小学、初中"):
        clean_value(field, "高中")


def test_required_and_unknown_fields():
    cleaned, errors = clean_values(SCHOOL_SCHEMA, {"学校名称": "第一小学", "校长": "张某某"})
    messages = [e.message for e in errors]
    assert "该事项没有“校长”这一要素。" in messages
    assert "“地址”为必填项。" in messages and "“学段”为必填项。" in messages


SCHOOL = {"学校名称": "大祥区第一完全小学", "地址": "大祥区城北路1号", "学段": "小学", "办学性质": "公办",
          "联系电话": "0739-5201234"}


@pytest.mark.django_db
def test_entry_services(world):
    record = world.record(items=[world.item])
    entry = services.entry_create(actor=world.officer, item=world.item, record=record, values=SCHOOL)
    assert entry.values["学段"] == "小学" and entry.unit == world.unit
    with pytest.raises(ValidationFailed, match="“联系电话”"):
        services.entry_update(actor=world.officer, entry=entry, values={**SCHOOL, "联系电话": "abc"})
    services.entry_update(actor=world.officer, entry=entry, values={**SCHOOL, "在校学生数": "856"})
    entry.refresh_from_db()
    assert entry.values["在校学生数"] == 856
    with pytest.raises(PermissionRefused):
        services.entry_delete(actor=world.other_officer, entry=entry)
    services.entry_delete(actor=world.officer, entry=entry)
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_entry_record_must_be_filed_under_the_item(world):
    record = world.record()  # filed under the policy item only
    with pytest.raises(ValidationFailed, match="不属于事项"):
        services.entry_create(actor=world.officer, item=world.item, record=record, values=SCHOOL)


@pytest.mark.django_db
def test_template_has_names_and_chinese_hints(world):
    workbook = load_workbook(io.BytesIO(entries_template(world.item)))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == [f["name"] for f in SCHOOL_SCHEMA]
    hints = [c.value for c in sheet[2]]
    assert hints[0] == "文本（必填）" and hints[2] == "选项：小学、初中、九年一贯制（必填）"
    assert hints[5].startswith("日期") and hints[7].startswith("金额")
    assert sheet.data_validations.dataValidation  # drop-down for 学段 and 办学性质


def _fill(world, rows):
    workbook = load_workbook(io.BytesIO(entries_template(world.item)))
    sheet = workbook.active
    for offset, row in enumerate(rows):
        for column, field in enumerate(SCHOOL_SCHEMA, start=1):
            if field["name"] in row:
                sheet.cell(row=3 + offset, column=column, value=row[field["name"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_dry_run_then_import(world):
    record = world.record(items=[world.item])
    data = _fill(world, [SCHOOL, {**SCHOOL, "学校名称": "大祥区第二中学", "学段": "初中",
                                  "建校日期": dt.datetime(1958, 9, 1), "生均经费": 650}])
    dry = entries_import_xlsx(actor=world.officer, item=world.item, record=record, data=data)
    assert dry.ok and dry.rows == 2 and dry.created == 2 and not Entry.objects.exists()
    done = entries_import_xlsx(actor=world.officer, item=world.item, record=record, data=data, dry_run=False)
    assert done.ok and Entry.objects.count() == 2
    second = next(e for e in Entry.objects.all() if e.values["学校名称"] == "大祥区第二中学")
    assert second.values["建校日期"] == "1958-09-01" and second.values["生均经费"] == "650.00"


@pytest.mark.django_db
def test_import_reports_every_error_by_row_and_column_and_writes_nothing(world):
    record = world.record(items=[world.item])
    data = _fill(world, [SCHOOL, {**SCHOOL, "学段": "高中", "联系电话": "12"}, {"学校名称": "缺地址小学"}])
    result = entries_import_xlsx(actor=world.officer, item=world.item, record=record, data=data, dry_run=False)
    texts = [str(e) for e in result.errors]
    assert any(t.startswith("第4行 C列（学段）") and "高中" in t for t in texts)
    assert any(t.startswith("第4行 E列（联系电话）") for t in texts)
    assert any(t.startswith("第5行 B列（地址）") and "必填" in t for t in texts)
    assert any(t.startswith("第5行 C列（学段）") for t in texts)
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_import_unknown_column_and_wrong_file(world):
    workbook = Workbook()
    workbook.active.append(["学校名称", "校长姓名"])
    workbook.active.append(["第一小学", "张某某"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = entries_import_xlsx(actor=world.officer, item=world.item, unit=world.unit, data=buffer.getvalue())
    texts = [str(e) for e in result.errors]
    assert "第1行 B列（校长姓名）：该事项没有“校长姓名”这一要素，请使用下载的明细模板。" in texts
    assert any("缺少必填要素“地址”列" in t for t in texts)
    bad = entries_import_xlsx(actor=world.officer, item=world.item, unit=world.unit, data=b"%PDF-1.4")
    assert "不是 Excel" in str(bad.errors[0])


@pytest.mark.django_db
def test_import_refused_for_another_unit(world):
    data = _fill(world, [SCHOOL])
    with pytest.raises(PermissionRefused):
        entries_import_xlsx(actor=world.other_officer, item=world.item, unit=world.unit, data=data)


@pytest.mark.django_db
def test_export_round_trips(world):
    record = world.record(items=[world.item])
    services.entry_create(actor=world.officer, item=world.item, record=record, values=SCHOOL)
    data = entries_workbook(world.item, Entry.objects.all())
    result = entries_import_xlsx(actor=world.officer, item=world.item, record=record, data=data)
    assert result.ok and result.rows == 1
