"""The shipped national standard catalog, read for parametrised tests (no database)."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "gongkai" / "catalog" / "data"


def shipped_items() -> list[tuple[str, int, dict]]:
    rows = []
    for path in sorted((DATA_DIR / "standard").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            rows.append((path.stem, item["order"], item))
    return rows


SHIPPED_ITEMS = shipped_items()
SHIPPED_IDS = [f"{slug}-{order}" for slug, order, _ in SHIPPED_ITEMS]
