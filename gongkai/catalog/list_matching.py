"""Which catalog items a list entry's name points to (pure: no Django). A 权责清单 names a power
(“农机购置补贴资金发放”), a catalog item what is disclosed about it (“农机购置补贴”): one name inside the
other is the strongest sign, else the share of character pairs the two names have in common (Dice)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")
# Words of a list's names that say nothing about the matter itself.
_NOISE = re.compile(r"[\s、，,。；;：:（）()《》“”\"'·\-—]|的|对|等|事项|信息|工作")
AUTO_LINK = 0.6   # at or above: linked by 按名称自动关联
SUGGEST = 0.35    # at or above: offered on the screen


def _core(name: str) -> str:
    return _NOISE.sub("", name or "")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def name_score(entry_name: str, item_name: str) -> float:
    """0 … 1: how well an item's name matches an entry's name."""
    a, b = _core(entry_name), _core(item_name)
    if len(a) < 2 or len(b) < 2:
        return 0.0
    if a == b:
        return 1.0
    if len(b) >= 4 and b in a or len(a) >= 4 and a in b:
        return 0.9
    pa, pb = _pairs(a), _pairs(b)
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def suggestions(entry_name: str, items: Iterable[tuple[T, str]], *, limit: int = 3,
                floor: float = SUGGEST) -> list[tuple[T, float]]:
    """The best `limit` of (item, name) pairs for the entry, best first, each at least `floor`."""
    scored = [(item, name_score(entry_name, name)) for item, name in items]
    scored = [s for s in scored if s[1] >= floor]
    scored.sort(key=lambda s: -s[1])
    return scored[:limit]
