"""Chinese text cut into overlapping character pairs, for the search index. Pure: no Django.

The index holds, for every run of Chinese characters, its overlapping pairs (低保金 → 低保 保金); a
run of one character is kept as that character. Runs of other letters and digits are kept whole,
lower-cased. Text is NFKC-normalised first (full-width ＡＢＣ１２３ → abc123).

A query term becomes, per Chinese run, the phrase of its pairs, which finds exactly the texts that
contain the run as a substring (plus the rare text whose pairs line up across punctuation — the
backends confirm each Chinese run with a substring test on the normalised text, so the answer equals
a substring search). Two-character words (低保, 学区) are one pair and so always found. A single
Chinese character has no pair of its own: it is searched as a substring only (`Term.substrings`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# CJK unified ideographs (with extension A and compatibility ideographs) and 〇.
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")


def normalise(text: str) -> str:
    """The form both the index and the substring test see: NFKC, lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text: str) -> list[tuple[str, bool]]:
    """The runs of `text` (normalised), each with whether it is Chinese."""
    return [(m.group(0), m.group(1) is not None) for m in _RUN.finditer(normalise(text))]


def pairs(run: str) -> list[str]:
    """Overlapping character pairs of a Chinese run; a single character stays itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """Every index token of `text`, in order."""
    out: list[str] = []
    for run, chinese in runs(text):
        out.extend(pairs(run) if chinese else [run])
    return out


def index_text(text: str) -> str:
    """The tokens joined by spaces: what an engine's plain whitespace/unicode tokenizer indexes."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Term:
    """One word of the query, ready for an engine.

    phrases: sequences of tokens that must stand next to each other in the index (a Chinese run's
             pairs, or one ASCII word);
    substrings: normalised Chinese runs that must occur in the document's normalised text (every
             Chinese run of the term, so that the answer equals a substring search; a single character
             has no phrase and is found by this test alone)."""

    text: str
    phrases: tuple[tuple[str, ...], ...] = field(default=())
    substrings: tuple[str, ...] = field(default=())


def parse_query(query: str) -> list[Term]:
    """Split a query at spaces into terms; all terms must match (AND). Empty terms are dropped."""
    terms: list[Term] = []
    for word in normalise(query).split():
        phrases: list[tuple[str, ...]] = []
        substrings: list[str] = []
        for run, chinese in runs(word):
            if chinese:
                substrings.append(run)
                if len(run) >= 2:
                    phrases.append(tuple(pairs(run)))
            else:
                phrases.append((run,))
        if phrases or substrings:
            terms.append(Term(word, tuple(phrases), tuple(substrings)))
    return terms


def is_chinese(text: str) -> bool:
    return bool(_CJK_RUN.match(text))
