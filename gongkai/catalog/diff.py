"""Comparing catalog rows: a version against another, an item against its national standard. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Fields a person compares, with their Chinese labels, in display order.
COMPARED_FIELDS: dict[str, str] = {
    "topic": "一级事项",
    "name": "二级事项",
    "elements": "公开内容（要素）",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "manner": "公开方式",
    "tiers": "公开层级",
    "applicable": "适用",
    "responsible_unit": "责任单位",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass
class ItemChange:
    key: str
    title: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    return value


def field_changes(before: dict[str, Any], after: dict[str, Any], fields: dict[str, str] = COMPARED_FIELDS) -> list[FieldChange]:
    out = []
    for name, label in fields.items():
        if name not in before and name not in after:
            continue
        a, b = _norm(before.get(name)), _norm(after.get(name))
        if a != b:
            out.append(FieldChange(name, label, before.get(name), after.get(name)))
    return out


def diff_rows(old: list[dict[str, Any]], new: list[dict[str, Any]],
              fields: dict[str, str] = COMPARED_FIELDS) -> VersionDiff:
    """Rows carry a stable "key" (the same item across versions) and the compared fields."""
    old_by_key = {r["key"]: r for r in old}
    new_by_key = {r["key"]: r for r in new}
    result = VersionDiff()
    for key, row in new_by_key.items():
        if key not in old_by_key:
            result.added.append(row)
            continue
        changes = field_changes(old_by_key[key], row, fields)
        if changes:
            result.changed.append(ItemChange(key, f"{row.get('topic', '')} / {row.get('name', '')}", changes))
        else:
            result.unchanged += 1
    result.removed = [row for key, row in old_by_key.items() if key not in new_by_key]
    return result


STANDARD_FIELDS = {k: v for k, v in COMPARED_FIELDS.items() if k not in ("applicable", "responsible_unit")}


def differences_from_standard(item: dict[str, Any], standard: dict[str, Any] | None) -> list[FieldChange]:
    """What a jurisdiction changed of a national item (empty for an unchanged adoption). A local item
    (no standard) is one difference of its own, reported by the caller."""
    if standard is None:
        return []
    return field_changes(standard, item, STANDARD_FIELDS)


# A catalog adopted from a reference answers to its own units: the responsible unit is no difference from the
# reference (ADOPTION_FIELDS compare what the adopter promises, not who does it).
ADOPTION_FIELDS = {k: v for k, v in COMPARED_FIELDS.items() if k != "responsible_unit"}
