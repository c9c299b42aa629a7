"""The national standard catalog: loading the shipped data (or one official table) into versioned
guidelines, and reading an overview of what is loaded.

The data lives in gongkai/catalog/data (domains.json and standard/<slug>.json, built by
scripts/build_standard_catalog.py). A guideline's content is hashed; loading the same content again
changes nothing, changed content becomes a new version whose `changes` say what changed."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from gongkai.accounts.policies import Action, require
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed

from .elements import guess_schema
from .models import Completeness, Domain, Guideline, StandardItem
from .time_limits import parse_time_limit

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_LABEL = "gongkai/catalog/data"

ITEM_FIELDS = ("topic", "name", "elements", "basis", "time_limit", "subject", "channels", "audience", "manner",
               "tiers", "note", "source", "code")
LIST_FIELDS = {"elements", "basis", "channels", "audience", "manner", "tiers"}
# Guideline metadata: data key → model field.
GUIDELINE_FIELDS = {
    "name": "name",
    "issuer": "issuer",
    "document_number": "document_number",
    "year": "year",
    "issue_date": "issue_date",
    "completeness": "completeness",
    "completeness_note": "completeness_note",
    "provenance": "provenance",
    "sources": "sources",
    "official_topics": "official_topics",
    "official_size": "official_size",
    "notes": "notes",
    "verified": "verified",
}


@dataclass
class GuidelineOutcome:
    slug: str
    domain: str
    outcome: str  # created | new_version | unchanged
    version: int
    items: int
    added: int = 0
    removed: int = 0
    changed: int = 0


@dataclass
class LoadResult:
    domains_created: int = 0
    domains_updated: int = 0
    guidelines: list[GuidelineOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for g in self.guidelines if g.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def new_versions(self) -> int:
        return self.count("new_version")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def items(self) -> int:
        return sum(g.items for g in self.guidelines)

    @property
    def changed_anything(self) -> bool:
        return bool(self.domains_created or self.domains_updated or self.created or self.new_versions)

    def summary(self) -> str:
        return (f"领域：新增{self.domains_created}个，更新{self.domains_updated}个；"
                f"标准指引：新载入{self.created}个，新版本{self.new_versions}个，未变化{self.unchanged}个；"
                f"共{self.items}个事项")


# --- reading the shipped data ---------------------------------------------------------------------

def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationFailed(f"找不到标准目录数据文件：{path}")
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"标准目录数据文件 {path} 不是有效的 JSON：第{exc.lineno}行 {exc.msg}")


def shipped_domains() -> list[dict]:
    return _read_json(DATA_DIR / "domains.json")["domains"]


def shipped_guideline(slug: str) -> tuple[dict, str]:
    """The shipped data of one domain's guideline and the file it came from."""
    for entry in shipped_domains():
        if entry["slug"] != slug:
            continue
        if entry.get("file"):
            return _read_json(DATA_DIR / entry["file"]), f"{DATA_LABEL}/{entry['file']}"
        return ({"slug": slug, "domain": entry["name"], "guideline": entry["guideline"],
                 "items": entry.get("items", [])}, f"{DATA_LABEL}/domains.json")
    raise ValidationFailed(f"未知的领域标识“{slug}”。可用 gongkai catalog list 查看已有领域。")


# --- content and differences ----------------------------------------------------------------------

def _clean_item(raw: dict, index: int) -> dict:
    if not isinstance(raw, dict):
        raise ValidationFailed(f"第{index}个事项格式不对（应为对象）。")
    item: dict[str, Any] = {}
    for key in ITEM_FIELDS:
        value = raw.get(key)
        if key in LIST_FIELDS:
            if value in (None, ""):
                value = []
            elif isinstance(value, str):
                value = [value]
            item[key] = [str(v).strip() for v in value if str(v).strip()]
        else:
            item[key] = "" if value is None else str(value).strip()
    if not item["topic"] or not item["name"]:
        raise ValidationFailed(f"第{index}个事项缺少一级事项或二级事项名称。")
    return item


def normalise(data: dict) -> dict:
    """The content of one guideline as it is hashed and stored: metadata and items, nothing else."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValidationFailed("标准目录数据格式不对：缺少事项列表（items）。")
    meta = data.get("guideline") or {}
    if not meta.get("name"):
        raise ValidationFailed("标准目录数据缺少指引名称。")
    completeness = meta.get("completeness") or Completeness.PARTIAL
    if completeness not in Completeness.values:
        raise ValidationFailed(f"完整程度“{completeness}”无效，应为 complete 或 partial。")
    guideline = {key: meta.get(key) for key in sorted(meta)}
    guideline["completeness"] = completeness
    items = [_clean_item(raw, index) for index, raw in enumerate(data["items"], start=1)]
    return {"guideline": guideline, "items": items}


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _keyed(items: list[dict]) -> dict[tuple[str, str, int], dict]:
    seen: Counter = Counter()
    keyed = {}
    for item in items:
        base = (item["topic"], item["name"])
        seen[base] += 1
        keyed[(*base, seen[base])] = item
    return keyed


def _label(key: tuple[str, str, int]) -> dict:
    label: dict[str, Any] = {"topic": key[0], "name": key[1]}
    if key[2] > 1:
        label["occurrence"] = key[2]
    return label


def diff_contents(before: dict, after: dict) -> dict:
    """What changed between two normalised contents, by topic + name (JSON for the `changes` field)."""
    old, new = _keyed(before["items"]), _keyed(after["items"])
    changed = []
    for key in old.keys() & new.keys():
        fields = {
            name: {"before": old[key].get(name), "after": new[key].get(name)}
            for name in ITEM_FIELDS
            if old[key].get(name) != new[key].get(name)
        }
        if fields:
            changed.append({**_label(key), "fields": fields})
    order = {key: index for index, key in enumerate(new)}
    old_meta, new_meta = before["guideline"], after["guideline"]
    return {
        "added": [_label(key) for key in new if key not in old],
        "removed": [_label(key) for key in old if key not in new],
        "changed": sorted(changed, key=lambda c: order[(c["topic"], c["name"], c.get("occurrence", 1))]),
        "reordered": [k for k in old if k in new] != [k for k in new if k in old],
        "guideline": {
            name: {"before": old_meta.get(name), "after": new_meta.get(name)}
            for name in sorted(old_meta.keys() | new_meta.keys())
            if old_meta.get(name) != new_meta.get(name)
        },
    }


def _stored_content(guideline: Guideline) -> dict:
    """A stored guideline in the shape `diff_contents` compares: model metadata and items."""
    items = [{key: getattr(item, key) for key in ITEM_FIELDS} for item in guideline.items.order_by("order")]
    return {"guideline": {name: getattr(guideline, name) for name in GUIDELINE_FIELDS.values()}, "items": items}


# --- writing ---------------------------------------------------------------------------------------

def _sync_domains(entries: list[dict], result: LoadResult) -> dict[str, Domain]:
    domains = {}
    for entry in entries:
        values = {
            "name": entry["name"],
            "full_name": entry.get("full_name", ""),
            "order": entry["order"],
            "is_pilot": bool(entry.get("is_pilot")),
            "aliases": list(entry.get("aliases") or []),
        }
        domain = Domain.objects.filter(slug=entry["slug"]).first()
        if domain is None:
            domain = Domain.objects.create(slug=entry["slug"], **values)
            result.domains_created += 1
        elif any(getattr(domain, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(domain, key, value)
            domain.save()
            result.domains_updated += 1
        domains[entry["slug"]] = domain
    return domains


def _guideline_values(content: dict) -> dict:
    meta = content["guideline"]
    values: dict[str, Any] = {}
    for key, model_field in GUIDELINE_FIELDS.items():
        value = meta.get(key)
        if model_field in ("sources", "official_topics", "notes"):
            values[model_field] = list(value or [])
        elif model_field == "verified":
            values[model_field] = dict(value or {})
        else:
            values[model_field] = "" if value is None else str(value)
    # What the model has no column for stays with the verification facts it qualifies.
    if meta.get("year_basis"):
        values["verified"]["year_basis"] = meta["year_basis"]
    if meta.get("official_topics_kind"):
        values["verified"]["official_topics"] = meta["official_topics_kind"]
    if meta.get("official_counts"):
        values["verified"]["official_counts"] = meta["official_counts"]
    return values


def _load_guideline(domain: Domain, slug: str, data: dict, loaded_from: str, *, shipped: bool) -> GuidelineOutcome:
    content = normalise(data)
    digest = content_hash(content)
    current = domain.guidelines.filter(is_current=True).first()
    if current is not None and current.content_hash == digest:
        return GuidelineOutcome(slug, domain.name, "unchanged", current.version, current.items.count())
    # Shipped data already loaded once does not come back over a table loaded since (--guideline).
    if shipped and current is not None and domain.guidelines.filter(content_hash=digest).exists():
        return GuidelineOutcome(slug, domain.name, "unchanged", current.version, current.items.count())

    values = _guideline_values(content)
    changes: dict = {}
    outcome = "created"
    if current is not None:
        changes = diff_contents(_stored_content(current), {"guideline": values, "items": content["items"]})
        changes["from_version"] = current.version
        outcome = "new_version"
        current.is_current = False
        current.save(update_fields=["is_current", "updated_at"])
    version = (domain.guidelines.aggregate(v=Max("version"))["v"] or 0) + 1
    guideline = Guideline.objects.create(
        domain=domain,
        version=version,
        is_current=True,
        loaded_from=loaded_from[:300],
        content_hash=digest,
        changes=changes,
        **values,
    )
    StandardItem.objects.bulk_create([
        StandardItem(
            guideline=guideline,
            order=order,
            time_limit_rule=parse_time_limit(item["time_limit"]),
            schema=guess_schema(item["elements"]),
            **item,
        )
        for order, item in enumerate(content["items"], start=1)
    ])
    result = GuidelineOutcome(slug, domain.name, outcome, version, len(content["items"]))
    if outcome == "new_version":
        result.added, result.removed, result.changed = (
            len(changes["added"]), len(changes["removed"]), len(changes["changed"]))
    return result


def standard_catalog_load(
    *, actor=None, slug: str | None = None, data: dict | None = None, loaded_from: str = ""
) -> LoadResult:
    """Load the domains and the shipped guidelines (all, or the one of `slug`; or `data`, a parsed
    guideline, for `slug`). Idempotent: content equal to the current version changes nothing; other
    content becomes a new current version with its `changes`. Shipped content that some earlier version
    already holds is not loaded again (it would undo an official table loaded with `data`). All or
    nothing, in one transaction."""
    if actor is not None:
        require(actor, Action.MANAGE_STANDARD_CATALOG)
    if data is not None and not slug:
        raise ValidationFailed("载入单个标准目录时必须指明领域标识。")
    entries = shipped_domains()
    known = {entry["slug"] for entry in entries}
    if slug and slug not in known:
        raise ValidationFailed(f"未知的领域标识“{slug}”。可用 gongkai catalog list 查看已有领域。")

    work: list[tuple[str, dict, str]]
    if data is not None and slug:
        work = [(slug, data, loaded_from or "")]
    else:
        work = []
        for entry in entries:
            if slug and entry["slug"] != slug:
                continue
            shipped, path = shipped_guideline(entry["slug"])
            work.append((entry["slug"], shipped, loaded_from or path))
    for work_slug, work_data, _ in work:
        try:
            normalise(work_data)
        except ValidationFailed as exc:
            raise ValidationFailed(f"领域“{work_slug}”的标准目录有误：{exc.message}")

    result = LoadResult()
    with transaction.atomic():
        domains = _sync_domains(entries, result)
        for work_slug, work_data, source in work:
            result.guidelines.append(
                _load_guideline(domains[work_slug], work_slug, work_data, source, shipped=data is None))
        if result.changed_anything:
            record_event(
                actor=actor,
                action="standard_catalog.loaded",
                target=domains[slug] if slug else None,
                data={
                    "loaded_from": loaded_from,
                    "domains_created": result.domains_created,
                    "domains_updated": result.domains_updated,
                    "guidelines": [
                        {"slug": g.slug, "outcome": g.outcome, "version": g.version, "items": g.items}
                        for g in result.guidelines
                        if g.outcome != "unchanged"
                    ],
                },
            )
    return result


# --- reading ---------------------------------------------------------------------------------------

def standard_catalog_overview() -> list[dict]:
    """One row per domain, in order, about its current guideline (public national data)."""
    current = {
        g.domain_id: g
        for g in Guideline.objects.filter(is_current=True).annotate(
            item_count=Count("items"), topic_count=Count("items__topic", distinct=True))
    }
    rows = []
    for domain in Domain.objects.order_by("order", "slug"):
        guideline = current.get(domain.pk)
        rows.append({
            "domain": domain.name,
            "guideline": guideline.name if guideline else None,
            "issuer": guideline.issuer if guideline else None,
            "year": guideline.year if guideline else None,
            "completeness": guideline.completeness if guideline else None,
            "topics": guideline.topic_count if guideline else 0,
            "items": guideline.item_count if guideline else 0,
        })
    return rows
