"""The assessment schemes shipped as data (`data/schemes/*.json`), read once per process."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from gongkai.oversight.scoring import Scheme, scheme_from_data

SCHEMES_DIR = Path(__file__).resolve().parent / "data" / "schemes"
DEFAULT_SCHEME = "county"


@cache
def schemes() -> dict[str, Scheme]:
    found = {}
    for path in sorted(SCHEMES_DIR.glob("*.json")):
        scheme = scheme_from_data(json.loads(path.read_text(encoding="utf-8")))
        found[scheme.code] = scheme
    return found


def scheme(code: str | None = None) -> Scheme:
    from gongkai.core.errors import ValidationFailed

    chosen = schemes().get(code or DEFAULT_SCHEME)
    if chosen is None:
        raise ValidationFailed(f"没有考核指标体系“{code}”，可选：{'、'.join(schemes())}。")
    return chosen
