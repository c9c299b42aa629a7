"""Similar requests (pure, no Django): several requests for the same information suggest moving it to
proactive disclosure (《条例》第四十四条). Similarity = overlap of character bigrams of the normalised
descriptions (Jaccard-like: shared / smaller set), within one jurisdiction."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_THRESHOLD = 0.6

# Words every request uses that say nothing about the information asked for.
STOP_PHRASES = ("申请公开", "请公开", "申请", "公开", "关于", "有关", "相关", "的", "信息", "文件", "请求", "要求", "提供")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    for phrase in STOP_PHRASES:
        text = text.replace(phrase, "")
    return _NOISE.sub("", text)


def bigrams(text: str) -> frozenset[str]:
    text = normalise(text)
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def similarity(a: str, b: str) -> float:
    """Share of the smaller description's bigrams found in the other (0…1)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


@dataclass(frozen=True)
class Match:
    key: object
    score: float


def similar(description: str, candidates: Iterable[tuple[object, str]], threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """The candidates (key, description) at least `threshold` similar, best first."""
    matches = [Match(key, round(similarity(description, text), 3)) for key, text in candidates]
    return sorted((m for m in matches if m.score >= threshold), key=lambda m: -m.score)
