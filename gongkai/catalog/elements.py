"""Guessing a record schema from an item's 公开内容（要素）. Pure: no Django.

`guess_schema(elements)` turns each element into a field `{"name", "type", "required"}` (plus
`"choices": []` for choice fields and `"note"` when the source annotated the element). Types: text,
date, number, money, phone, address, url, file, choice. It is a first guess for a person to correct:
the rules below look at the words of the element's name, first match wins.
"""

from __future__ import annotations

import re
from typing import Any

TYPES = ("text", "date", "number", "money", "phone", "address", "url", "file", "choice")

TYPE_LABELS = {
    "text": "文本",
    "date": "日期",
    "number": "数字",
    "money": "金额",
    "phone": "电话",
    "address": "地址",
    "url": "网址",
    "file": "附件",
    "choice": "选项",
}

# An element longer than this is a description of what to publish, not a field label.
DESCRIPTION_LENGTH = 24

# Source annotations such as (其余要素未采集), (细目未采集): not fields.
_ANNOTATION = re.compile(r"[(（]([^()（）]*(未采集|截断|同上)[^()（）]*)[)）]")
_BULLETS = re.compile(r"^[●○■□◆·•\-\s]+|^\d+[.、)）]\s*|^[①-⑳]\s*")

# (type, pattern) in order; the first that matches the element's name wins.
_RULES: list[tuple[str, str]] = [
    ("url", r"网址|网站地址|链接|网页地址|二维码"),
    ("phone", r"电话|手机|传真|热线|联系方式"),
    # Opening hours are text (09:00—17:00), not dates.
    ("text", r"(开放|办公|服务|营业|办事|活动)时间"),
    ("address", r"地址|住所|所在地|地点|场所|位置"),
    # Names, lists, codes and procedures are text even when they mention a file or a standard.
    ("text", r"名称|名单|姓名|编号|文号|代码|简介|流程|程序|条件|(国家|行业|地方|合格|检查|评定相关|识别)标准"),
    ("date", r"时间|日期|期限|有效期|年月|截止"),
    ("file", r"附件|文件|材料|《|》|图纸|附图|图表|申报表|空白表|文本|正文|报告|表格|[^代]表$"),
    ("money", r"金额|资金|标准|经费|费用|价格|收费|补贴额|补助额|工资|投资|预算|决算|款"),
    ("number", r"套数|人数|户数|数量|规模|面积|名额|床位|个数|次数|比例|比率|年度|年份|[^名]数$"),
    ("choice", r"类型|类别|等级|层次|方式|性质|状态|是否|级别|形式"),
]

_OPTIONAL = ("如有", "可选", "选填", "必要时", "视情", "有关情况", "其他")


def _clean(element: str) -> tuple[str, str]:
    name = element.strip()
    note = ""
    annotation = _ANNOTATION.search(name)
    if annotation:
        note = annotation.group(1)
        name = (name[: annotation.start()] + name[annotation.end():]).strip()
    name = _BULLETS.sub("", name).strip()
    return name, note


def guess_type(name: str) -> str:
    if len(name) > DESCRIPTION_LENGTH and "《" not in name[:2]:
        return "text"
    for kind, pattern in _RULES:
        if re.search(pattern, name):
            return kind
    return "text"


def guess_schema(elements: list[str]) -> list[dict[str, Any]]:
    """One field per element; an element that is only a source annotation ((其余要素未采集)) yields no
    field. Names are unique (a repeated element is kept once)."""
    fields: list[dict[str, Any]] = []
    seen: set[str] = set()
    for element in elements or []:
        if not isinstance(element, str):
            continue
        name, note = _clean(element)
        if not name or name in seen:
            continue
        seen.add(name)
        kind = guess_type(name)
        field: dict[str, Any] = {"name": name, "type": kind, "required": not any(word in name for word in _OPTIONAL)}
        if kind == "choice":
            field["choices"] = []
        if note:
            field["note"] = note
        fields.append(field)
    return fields


MAX_FIELD_NAME = 30


def add_fields(schema: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The schema with `new` fields appended (an item's entry columns, e.g. 姓名, 学校, 资助金额 for an item
    whose elements are one sentence). Only appending: existing fields and so every existing entry stay as
    they are. Names are unique and short, types known. Raises ValueError with a Chinese message."""
    result = [dict(f) for f in schema or []]
    names = {f.get("name") for f in result}
    if not new:
        raise ValueError("请至少填写一个列名。")
    for field in new:
        name = re.sub(r"\s+", "", str(field.get("name") or ""))
        kind = field.get("type") or "text"
        if not name:
            raise ValueError("请填写列名。")
        if len(name) > MAX_FIELD_NAME:
            raise ValueError(f"列名“{name[:MAX_FIELD_NAME]}…”过长，请控制在 {MAX_FIELD_NAME} 个字以内。")
        if name in names:
            raise ValueError(f"已有名为“{name}”的列。")
        if kind not in TYPES:
            raise ValueError(f"列“{name}”的类型无法识别。")
        added: dict[str, Any] = {"name": name, "type": kind, "required": bool(field.get("required"))}
        if kind == "choice":
            added["choices"] = [c for c in (field.get("choices") or []) if c]
        names.add(name)
        result.append(added)
    return result
