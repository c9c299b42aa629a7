"""The shipped village topics (村务公开, 乡村振兴): local rows read in county and town documents, offered to a
township's or county's reference catalog for its villages and communities. No national guideline has them, so
they join a catalog as local items that name their source document (`catalog.services.catalog_adopt_village_topics`).

The data is gongkai/catalog/data/village_topics.json, built by scripts/build_village_topics.py from the reference
extracts (every row kept, none invented)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "village_topics.json"


@cache
def shipped_village_topics() -> dict[str, Any]:
    """{"domains": [{slug, name, full_name, order}], "items": [row, …]} — rows in the project's field names plus
    `domain` (a slug of `domains`), `source_document` and `source_url`."""
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data
