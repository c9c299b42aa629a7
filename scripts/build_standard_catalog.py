"""Build the shipped national standard catalog from the reference extracts.

    .venv/bin/python scripts/build_standard_catalog.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/reference/catalog (beside the checkout). Writes
gongkai/catalog/data/domains.json and gongkai/catalog/data/standard/<slug>.json, one per reference
file. Every row of the reference is kept, none dropped or invented; fields are renamed to the
project's names (level1→topic, level2→name, levels→tiers). Provenance keeps only gov.cn addresses:
a row read from a mirror site keeps an empty source and its note says 转载副本.

The conversion is a pure function (`build`) so that tests can check the shipped files equal what
it makes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "catalog"
DATA_DIR = ROOT / "gongkai" / "catalog" / "data"

FORMAT = 1
MIRROR_NOTE = "行取自转载副本（非官方网址，已略去）"
PARTIAL_NOTE = (
    "据地方副本逐行摘录，仅读到各页开头部分，未通读国家表格；"
    "空列表表示该栏未采集到，并非标准中为空。"
)

# Later domains, in the order the brief and the README give them.
LATER_WITH_ROWS = ["jiaotong-yunshu", "lvyou", "ziran-ziyuan", "xinwen-chuban"]

# Size statements the README records (some are also in the files' notes, in English).
README_SIZE_STATEMENTS = {
    "yiwu-jiaoyu": "10个一级事项",
    "jiuye": "9类一级事项、25类二级事项",
    "gonggong-ziyuan-jiaoyi": "5个子领域、40项具体公开事项（据新闻报道）",
    "huji-guanli": "7个方面、18项公开事项",
    "baozhangxing-zhufang": "10个一级事项、43个二级事项（重庆市转化版本，非国家原文）",
    "jiaotong-yunshu": "4个类别、21项公开内容（重庆市2023年转化版本）",
}

# Known national guidelines of which no row was captured (README, "Domains added after the 26";
# 水利 only from the county report of 2023 quoted in ../shared/reference/rules.md).
NO_ROW_DOMAINS = [
    {
        "slug": "tongji",
        "name": "统计",
        "guideline": {
            "name": "统计领域基层政务公开标准指引",
            "issuer": "国家统计局",
            "document_number": "",
            "year": "",
            "year_basis": "国家发布日期未见；安徽省统计局2022-08-01转发，故不晚于2022年",
            "issue_date": "",
            "provenance": "安徽省统计局2022-08-01转发国家统计局《统计领域基层政务公开标准指引》（附标准目录及说明）",
            "sources": ["https://www.panji.gov.cn/grassroots/118322656/1259430025.html"],
            "official_topics": ["统计法律规范", "统计调查制度", "统计数据", "统计执法监督"],
            "official_topics_kind": "official",
            "official_size": "4个一级事项、9个二级事项",
            "notes": ["适用范围：县级统计机构"],
            "verified": {"issuer": True, "year": False, "document_no": False},
        },
    },
    {
        "slug": "guangbo-dianshi",
        "name": "广播电视",
        "guideline": {
            "name": "广播电视基层政务公开标准指引",
            "issuer": "国家广播电视总局",
            "document_number": "",
            "year": "",
            "year_basis": "发布日期与文号未见（约2020年，据福建省转发通知推定）",
            "issue_date": "",
            "provenance": "福建省转发通知（闽政办〔2020〕26号框架下）所引；转发通知未取得网址",
            "sources": [],
            "official_topics": [],
            "official_topics_kind": "",
            "official_size": "4个方面、67项公开事项（涵盖广播电视和网络视听）",
            "notes": [],
            "verified": {"issuer": True, "year": False, "document_no": False},
        },
    },
    {
        "slug": "shuili",
        "name": "水利",
        "guideline": {
            "name": "水利领域基层政务公开标准指引（名称推定，未见国家指引原文）",
            "issuer": "未核实 ⚠",
            "document_number": "",
            "year": "",
            "year_basis": "",
            "issue_date": "",
            "provenance": "仅见某县2023年报告将水利列为26个试点领域之后新增的领域；未检索到国家指引",
            "sources": [],
            "official_topics": [],
            "official_topics_kind": "",
            "official_size": "",
            "notes": [],
            "verified": {"issuer": False, "year": False, "document_no": False},
        },
    },
]
NO_ROWS_NOTE = "未采集到任何事项行：只掌握指引的基本信息，标准目录的行有待补录。"

# Parenthetical remarks in the reference's domain labels that are not aliases.
_REMARK_MARKERS = ("新增", "未见", "，", ",")


def is_gov_cn(url: str | None) -> bool:
    if not url:
        return False
    host = (urlparse(url).hostname or "").lower()
    return host == "gov.cn" or host.endswith(".gov.cn")


def split_domain_label(label: str) -> tuple[str, list[str]]:
    """'卫生健康(医疗卫生)' → ('卫生健康', ['医疗卫生']); remarks such as '（26个试点领域之后新增）' are
    not aliases (the label is kept verbatim as full_name)."""
    match = re.match(r"^(.*?)[(（](.*)[)）]$", label.strip())
    if not match:
        return label.strip(), []
    name, inner = match.group(1).strip(), match.group(2).strip()
    if any(marker in inner for marker in _REMARK_MARKERS):
        return name, []
    return name, [inner]


def pilot_order(readme: str) -> list[str]:
    """Slugs of the 26 pilot domains in the README's table order."""
    section = readme.split("## The 26 pilot domains", 1)[1].split("## Domains added", 1)[0]
    slugs = re.findall(r"^\| ([a-z][a-z-]+) \|", section, flags=re.MULTILINE)
    return [slug for slug in slugs if slug != "slug"]


def convert_item(raw: dict, order: int) -> dict:
    source = raw.get("source") or ""
    note = raw.get("note") or ""
    if source and not is_gov_cn(source):
        source = ""
    if not source and "转载副本" not in note:
        note = f"{note}；{MIRROR_NOTE}" if note else MIRROR_NOTE
    return {
        "order": order,
        "topic": raw["level1"],
        "name": raw["level2"],
        "elements": list(raw.get("elements") or []),
        "basis": list(raw.get("basis") or []),
        "time_limit": raw.get("time_limit") or "",
        "subject": raw.get("subject") or "",
        "channels": list(raw.get("channels") or []),
        "audience": list(raw.get("audience") or []),
        "manner": list(raw.get("manner") or []),
        "tiers": list(raw.get("levels") or []),
        "note": note,
        "source": source,
    }


def convert_guideline(slug: str, raw: dict) -> dict:
    if "first_level_items_official" in raw:
        topics, topics_kind = raw["first_level_items_official"], "official"
    elif "first_level_items_reported" in raw:
        topics, topics_kind = raw["first_level_items_reported"], "reported"
    else:
        topics, topics_kind = [], ""
    size = raw.get("catalog_size_official") or README_SIZE_STATEMENTS.get(slug, "")
    if not size and raw.get("first_level_count_official"):
        size = f"{raw['first_level_count_official']}个一级事项、{raw.get('second_level_count_official')}个二级事项"
    year = raw.get("year")
    verified = dict(raw.get("verified") or {})
    return {
        "name": raw["guideline"],
        "issuer": raw.get("issuer") or "",
        "document_number": raw.get("document_no") or "",
        "year": "" if year is None else str(year),
        "year_basis": raw.get("year_basis") or "",
        "issue_date": raw.get("issue_date") or "",
        "completeness": raw.get("completeness") or "partial",
        "completeness_note": PARTIAL_NOTE if (raw.get("completeness") or "partial") == "partial" else "",
        "provenance": raw.get("provenance") or "",
        "sources": [url for url in raw.get("sources") or [] if is_gov_cn(url)],
        "official_topics": list(topics),
        "official_topics_kind": topics_kind,
        "official_size": size,
        "official_counts": {
            key: raw[f"{key}_level_count_official"]
            for key in ("first", "second")
            if raw.get(f"{key}_level_count_official") is not None
        },
        "notes": list(raw.get("notes") or []),
        "verified": verified,
    }


def build(reference_dir: Path) -> dict[str, dict]:
    """Return {relative path: JSON-able content} for every shipped file."""
    reference_dir = Path(reference_dir)
    readme = (reference_dir / "README.md").read_text(encoding="utf-8")
    raws = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(reference_dir.glob("*.json"))}
    pilots = pilot_order(readme)
    unknown = set(raws) - set(pilots) - set(LATER_WITH_ROWS)
    if unknown or len(pilots) != 26:
        raise SystemExit(f"参考目录与 README 不一致：试点领域 {len(pilots)} 个，未归类文件 {sorted(unknown)}")

    files: dict[str, dict] = {}
    domains = []
    for order, slug in enumerate(pilots + LATER_WITH_ROWS, start=1):
        raw = raws[slug]
        name, aliases = split_domain_label(raw["domain"])
        domains.append({
            "slug": slug, "name": name, "full_name": raw["domain"], "aliases": aliases,
            "order": order, "is_pilot": slug in pilots, "file": f"standard/{slug}.json",
        })
        files[f"standard/{slug}.json"] = {
            "format": FORMAT,
            "slug": slug,
            "domain": name,
            "guideline": convert_guideline(slug, raw),
            "items": [convert_item(item, index) for index, item in enumerate(raw["items"], start=1)],
        }
    for offset, entry in enumerate(NO_ROW_DOMAINS, start=len(domains) + 1):
        guideline = {
            **entry["guideline"],
            "completeness": "partial",
            "completeness_note": NO_ROWS_NOTE,
            "official_counts": {},
        }
        guideline["notes"] = [NO_ROWS_NOTE, *guideline["notes"]]
        domains.append({
            "slug": entry["slug"], "name": entry["name"], "full_name": entry["name"], "aliases": [],
            "order": offset, "is_pilot": False, "file": "",
            "guideline": guideline,
            "items": [],
        })
    files["domains.json"] = {"format": FORMAT, "domains": domains}
    return files


def dump(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    if not reference.is_dir():
        print(f"找不到参考目录：{reference}", file=sys.stderr)
        return 1
    files = build(reference)
    (DATA_DIR / "standard").mkdir(parents=True, exist_ok=True)
    for stale in (DATA_DIR / "standard").glob("*.json"):
        if f"standard/{stale.name}" not in files:
            stale.unlink()
    for relative, content in files.items():
        (DATA_DIR / relative).write_text(dump(content), encoding="utf-8")
    items = sum(len(c["items"]) for r, c in files.items() if r.startswith("standard/"))
    print(f"已写入 {len(files) - 1} 个标准目录文件和 domains.json：{len(files['domains.json']['domains'])} 个领域，{items} 行事项")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
