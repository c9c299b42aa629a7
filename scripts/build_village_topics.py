"""Build the shipped village topics (村务公开 and 乡村振兴 rows) from the catalog-more reference extracts.

    .venv/bin/python scripts/build_village_topics.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/reference/catalog-more (beside the checkout). Writes
gongkai/catalog/data/village_topics.json: every row of cunwu-gongkai.json and xiangcun-zhenxing.json, none dropped
or invented, as local rows (no national guideline has them) with the document each was read in (`source_document`,
in Chinese) and its address when it is an official gov.cn page (`source_url`). Fields are renamed to the project's
names (level1→topic, level2→name, levels→tiers); a list number in front of a name (1.本村的…) is dropped, the
wording kept. The extracts' English notes never reach a cell.

The conversion is a pure function (`build`) so that a test can check the shipped file equals what it makes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "catalog-more"
TARGET = ROOT / "gongkai" / "catalog" / "data" / "village_topics.json"

# (reference file, the local domain its rows go to)
FILES = (("cunwu-gongkai.json", "cunwu-gongkai"), ("xiangcun-zhenxing.json", "xiangcun-zhenxing"))
DOMAINS = [
    {"slug": "cunwu-gongkai", "name": "村务公开", "full_name": "村（居）务公开（村级参考目录）", "order": 90},
    {"slug": "xiangcun-zhenxing", "name": "乡村振兴", "full_name": "乡村振兴（扶贫领域目录的地方后继版本）", "order": 91},
]

# The document each row was read in, recognised by its address or by the words of its note.
DOCUMENTS = (
    ("yishui.gov.cn", "沂水县许家湖镇村（居）务公开事项目录清单（2023年）"),
    ("dean.gov.cn", "德安县某镇涉农资金领域基层政务公开标准目录（乡级，2023年）"),
    ("cnjg.gov.cn", "乡村振兴领域基层政务公开标准目录（县级地方目录，2023年6月19日发布）"),
    ("浙江", "浙江某镇村务公开目录（2022年，转载副本，原址未存）"),
    ("吉林", "吉林市船营区搜登站镇《村务公开事项参考目录》（2022年，非gov.cn站点，原址未存）"),
)
_NUMBERING = re.compile(r"^\d+[.、]\s*")


def _document(row: dict) -> str:
    where = f"{row.get('source') or ''} {row.get('note') or ''}"
    for mark, title in DOCUMENTS:
        if mark in where:
            return title
    raise ValueError(f"no document known for row {row.get('level2')!r}")


def _row(row: dict, domain: str) -> dict:
    url = row.get("source") or ""
    return {
        "domain": domain,
        "topic": row["level1"],
        "name": _NUMBERING.sub("", row["level2"]),
        "elements": list(row.get("elements") or []),
        "basis": list(row.get("basis") or []),
        "time_limit": row.get("time_limit") or "",
        "subject": row.get("subject") or "",
        "channels": list(row.get("channels") or []),
        "audience": list(row.get("audience") or []),
        "manner": list(row.get("manner") or []),
        "tiers": list(row.get("levels") or []),
        "source_document": _document(row),
        "source_url": url if ".gov.cn" in url else "",
    }


def build(reference: dict[str, dict]) -> dict:
    rows = [_row(row, domain) for name, domain in FILES for row in reference[name]["items"]]
    return {
        "format": 1,
        "note": ("村（居）务公开与乡村振兴的地方事项：取自地方目录和参考目录（未见国家层面的村务公开标准目录），"
                 "作为镇（街道）编制村（社区）参考目录时可选用的本地事项，各行注明来源文件。"
                 "由 scripts/build_village_topics.py 从 catalog-more 参考资料生成。"),
        "domains": DOMAINS,
        "items": rows,
    }


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    reference = {name: json.loads((folder / name).read_text(encoding="utf-8")) for name, _ in FILES}
    TARGET.write_text(json.dumps(build(reference), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(build(reference)['items'])} rows")


if __name__ == "__main__":
    main(sys.argv)
