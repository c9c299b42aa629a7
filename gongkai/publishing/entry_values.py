"""Validating the values of an entry (明细) against its item's schema. Pure: no Django.

Schema: [{"name": "学校名称", "type": "text", "required": true, "choices": […]}], types text, date,
number, money, phone, address, url, file, choice (catalog.elements). Every message names the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

TYPE_HINTS = {
    "text": "文本",
    "date": "日期，如 2021-09-01",
    "number": "数字，如 12",
    "money": "金额（元），如 1200.50",
    "phone": "电话，如 0739-5201234 或 13812345678",
    "address": "地址",
    "url": "网址，以 http:// 或 https:// 开头",
    "file": "附件名称或网址",
    "choice": "选项",
}

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(\(?0\d{2,3}\)?[- ]?)?[2-9]\d{6,7}([- ]?(转|-)?\d{1,6})?$")
_SERVICE = re.compile(r"^(12345|12315|12320|12348|110|119|120|122|95\d{3,4}|[48]00[- ]?\d{3}[- ]?\d{4})$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(name: str, value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                break
    raise ValueError(f"“{name}”应为日期（如 2021-09-01），“{text}”不是有效日期。")


def _number(name: str, value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"“{name}”应为数字。")
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{name}”应为数字，“{value}”不是数字。") from None
    if not number.is_finite():
        raise ValueError(f"“{name}”应为数字，“{value}”不是数字。")
    return int(number) if number == number.to_integral_value() else float(number)


def _money(name: str, value: Any) -> str:
    text = str(value).strip().replace(",", "").replace("，", "")
    text = re.sub(r"(元|￥|¥)", "", text).strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{name}”应为金额（元），如 1200.50；“{value}”不是金额。") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"“{name}”应为不小于 0 的金额，“{value}”不符合。")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"“{name}”最多保留两位小数（到分），“{value}”不符合。")
    return f"{amount.quantize(Decimal('0.01'))}"


def _phone(name: str, value: Any) -> str:
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
    compact = text.replace("（", "(").replace("）", ")")
    if _MOBILE.match(compact) or _LANDLINE.match(compact) or _SERVICE.match(compact):
        return text
    raise ValueError(f"“{name}”应为电话号码（如 0739-5201234 或 13812345678），“{text}”不符合。")


def _url(name: str, value: Any) -> str:
    text = str(value).strip()
    if not _URL.match(text):
        raise ValueError(f"“{name}”应为以 http:// 或 https:// 开头的网址，“{text}”不符合。")
    return text


def _text(name: str, value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 2000:
        raise ValueError(f"“{name}”过长（最多 2000 字）。")
    return text


def clean_value(field: dict[str, Any], value: Any) -> Any:
    """One value, cleaned for storage, or ValueError with a message naming the field."""
    name = field.get("name", "")
    kind = field.get("type", "text")
    if kind == "date":
        return _date(name, value)
    if kind == "number":
        return _number(name, value)
    if kind == "money":
        return _money(name, value)
    if kind == "phone":
        return _phone(name, value)
    if kind == "url":
        return _url(name, value)
    if kind == "choice":
        text = _text(name, value)
        choices = [str(c) for c in field.get("choices") or []]
        if choices and text not in choices:
            raise ValueError(f"“{name}”只能填写：{'、'.join(choices)}；“{text}”不在其中。")
        return text
    return _text(name, value)  # text, address, file


def clean_values(schema: list[dict[str, Any]], values: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """All values of an entry: (cleaned values, errors). Unknown element names and missing required
    values are errors too."""
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    known = {f.get("name") for f in schema}
    for key in values:
        if key not in known:
            errors.append(FieldError(str(key), f"该事项没有“{key}”这一要素。"))
    for field in schema:
        name = field.get("name", "")
        value = values.get(name)
        if _empty(value):
            if field.get("required"):
                errors.append(FieldError(name, f"“{name}”为必填项。"))
            continue
        try:
            cleaned[name] = clean_value(field, value)
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    if not errors and not cleaned:
        errors.append(FieldError("", "明细至少要填写一个要素。"))
    return cleaned, errors


def type_hint(field: dict[str, Any]) -> str:
    kind = field.get("type", "text")
    hint = TYPE_HINTS.get(kind, "文本")
    if kind == "choice" and field.get("choices"):
        hint = "选项：" + "、".join(str(c) for c in field["choices"])
    if field.get("required"):
        hint += "（必填）"
    return hint
