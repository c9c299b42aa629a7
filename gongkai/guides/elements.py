"""What a 办事指南 must say, and the 政务公开专区's 五统一 checklist. Pure: no Django import.

The 2019 website indicators (国办发〔2019〕19号, 单项否决 “服务不实用”) veto a site whose 办事指南 lack key
elements — 事项名称、设定依据、申请条件、办理材料 …; a guide here is saved only with every element below
filled in, and with its 网办 attribute and, unless it cannot be handled online, the address where it is.

国办发〔2019〕54号 asks every 政务服务大厅 for a 政务公开专区; provinces word its 五统一 differently, so the
checklist is configurable per jurisdiction, with DEFAULT_FIVE_UNIFIED as the default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

# (field, label, maximum length or None for long text) — the order of the printed guide.
GUIDE_ELEMENTS: tuple[tuple[str, str, int | None], ...] = (
    ("name", "事项名称", 200),
    ("basis", "设定依据", None),
    ("conditions", "受理条件", None),
    ("materials", "申请材料", None),
    ("procedure", "办理流程", None),
    ("time_limit", "办理时限", 200),
    ("fees", "收费标准", 200),
    ("place", "办理地点", 200),
    ("phone", "咨询电话", 40),
)
OPTIONAL_ELEMENTS: tuple[tuple[str, str, int | None], ...] = (("office_hours", "办公时间", 200),)
LONG_TEXT_LIMIT = 5000
URL_LIMIT = 500

ONLINE_FULL, ONLINE_PARTIAL, ONLINE_NONE = "full", "partial", "none"
ONLINE_MODES = ((ONLINE_FULL, "全程网办"), (ONLINE_PARTIAL, "部分网办"), (ONLINE_NONE, "不能网办"))

DEFAULT_FIVE_UNIFIED = ("统一标识", "统一设备", "统一资料", "统一功能", "统一管理")
CHECKLIST_MAX_ITEMS = 20
CHECKLIST_ITEM_LIMIT = 50


def missing_elements(values: Mapping[str, object]) -> list[str]:
    """The labels of the required elements left empty, in the guide's order (19号 “服务不实用”)."""
    return [label for field, label, _limit in GUIDE_ELEMENTS if not str(values.get(field) or "").strip()]


def guide_problems(values: Mapping[str, object]) -> dict[str, str]:
    """What is wrong with a guide's values, by field ({} when it may be saved). Messages in Chinese."""
    problems: dict[str, str] = {}
    for field, label, limit in GUIDE_ELEMENTS + OPTIONAL_ELEMENTS:
        text = str(values.get(field) or "").strip()
        required = any(field == f for f, _l, _m in GUIDE_ELEMENTS)
        if required and not text:
            problems[field] = f"请填写{label}（办事指南的必备要素）。"
        elif len(text) > (limit or LONG_TEXT_LIMIT):
            problems[field] = f"{label}不能超过{limit or LONG_TEXT_LIMIT}个字。"
    mode = str(values.get("online_mode") or "")
    url = str(values.get("online_url") or "").strip()
    if mode not in {m for m, _label in ONLINE_MODES}:
        problems["online_mode"] = "请选择网办属性：全程网办、部分网办或不能网办。"
    elif mode != ONLINE_NONE and not url:
        problems["online_url"] = "可以网上办理的事项请填写政务服务平台的办理链接。"
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems["online_url"] = "办理链接须是以 http:// 或 https:// 开头的网址。"
        elif len(url) > URL_LIMIT:
            problems["online_url"] = f"办理链接不能超过{URL_LIMIT}个字符。"
    return problems


def checklist_from_lines(lines: Iterable[str]) -> list[str]:
    """A jurisdiction's 五统一 checklist from lines of text: trimmed, blanks and repeats left out.
    Raises ValueError (Chinese) for an empty, too long or too many-itemed list."""
    items: list[str] = []
    for line in lines:
        text = line.strip()
        if not text or text in items:
            continue
        if len(text) > CHECKLIST_ITEM_LIMIT:
            raise ValueError(f"每一项不能超过{CHECKLIST_ITEM_LIMIT}个字：{text[:CHECKLIST_ITEM_LIMIT]}…")
        items.append(text)
    if not items:
        raise ValueError("请至少填写一项专区建设要求。")
    if len(items) > CHECKLIST_MAX_ITEMS:
        raise ValueError(f"专区建设要求最多{CHECKLIST_MAX_ITEMS}项。")
    return items


def zone_checks(labels: Iterable[str], stored: Mapping[str, Mapping[str, object]]) -> list[dict[str, object]]:
    """The checklist as a zone meets it: each label with done (bool) and note, in the checklist's order;
    labels the zone has not been assessed on yet count as not done."""
    rows = []
    for label in labels:
        got = stored.get(label) or {}
        rows.append({"label": label, "done": bool(got.get("done")), "note": str(got.get("note") or "")})
    return rows
