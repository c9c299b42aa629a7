"""Chinese text cut into overlapping character pairs, for the search index. Pure: no Django.

The index holds, for every run of Chinese characters, its overlapping pairs (低保金 → 低保 保金) followed
by the run's last character alone (低保 保金 金); a run of one character is that character. Runs of other
letters and digits are kept whole, lower-cased. Text is NFKC-normalised first (ＡＢＣ１２３ → abc123).

A query term becomes, per Chinese run, the phrase of its pairs. The lone last character ends every run,
so a phrase of pairs never spans two runs (低保，保金 does not match 低保金): the phrase matches exactly
the texts containing the run — a substring search. Two-character words (低保, 学区) are one pair and so
always found. A single Chinese character is a prefix query: every occurrence of it begins a pair or is
the lone last character of its run.

Engines whose phrases are not exact (PostgreSQL beyond 16383 positions) confirm the runs of three or
more characters (`Term.substrings`) on the normalised text.

A query is read as words: a Chinese run of the query is cut by jieba (低保名单 → 低保 名单), a single character
of the cut glued to its neighbour (so that no word is looser than two characters), and each word must be
present on its own — in any order, anywhere — still as the phrase of its pairs, exact for two-character words.
The run as typed (`Term.exact`) only ranks: a text holding it whole comes first. A text holding the run always
holds all its words, so the answer is never smaller than the substring search it was.

A document number (文号: 祥民发〔2023〕15号, 祥民发[2023]15号) or an index number (索引号: JIAOYU/2023-00015) typed as
a query word is not cut into words: it is one code (`Term.codes`), its runs in order and next to each other with
only punctuation between them (the brackets may differ), so 祥民发〔2023〕15号 never finds 祥民发〔2023〕150号 or
祥民发〔2022〕15号."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

import jieba

# CJK unified ideographs (with extension A and compatibility ideographs) and 〇.
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
# A document number after normalise (NFKC turns （［ into ([): issuer, bracketed year, number, 号.
_DOCUMENT_NUMBER = re.compile(rf"^[{_CJK}]{{1,20}}[〔\[(【〖]\d{{4}}[〕\])】〗]第?\d{{1,6}}号$")
# An index number: letters and digits in two or more parts joined by / - . _ , with a digit in it.
_INDEX_NUMBER = re.compile(r"^(?=.*\d)[0-9a-z]+(?:[-/._][0-9a-z]+)+$")
# What may stand between the runs of a code in a text (anything that is not a letter, digit or ideograph).
_SEPARATOR = rf"[^0-9a-z{_CJK}]"
# The longest end or start of a run of letters or digits written into a joint token (`joints`).
JOINT_MAX = 10


def normalise(text: str) -> str:
    """The form both the index and the substring test see: NFKC, lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text: str, *, normalised: bool = False) -> list[tuple[str, bool]]:
    """The runs of `text` (normalised here unless it already is), each with whether it is Chinese."""
    return [(m.group(0), m.group(1) is not None) for m in _RUN.finditer(text if normalised else normalise(text))]


def pairs(run: str) -> list[str]:
    """Overlapping character pairs of a Chinese run; a single character stays itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text: str, *, normalised: bool = False) -> list[str]:
    """Every index token of `text`, in order: pairs and the lone last character of each Chinese run,
    other words whole."""
    out: list[str] = []
    for run, chinese in runs(text, normalised=normalised):
        if chinese:
            out.extend(pairs(run))
            if len(run) > 1:
                out.append(run[-1])
        else:
            out.append(run)
    return out


def joints(text: str, *, normalised: bool = False) -> set[str]:
    """The joint tokens of `text`: a Chinese character with the letters or digits touching it (nothing or one
    space between them, as text taken from a PDF reads: 2023 年), written together — the character after the end
    of the run (3年 23年 023年 2023年) or before its start (第3 第30), for every end or start of up to JOINT_MAX
    characters. So a text holds the joint 2023年 exactly when it holds 2023年 or 2023 年 as a substring, and an index
    of them answers `Match.anchored` without reading the text. Never equal to a pair or a run's token."""
    text = text if normalised else normalise(text)
    found: set[str] = set()
    previous = None
    for m in _RUN.finditer(text):
        if previous is not None:
            found.update(_joints_between(text, previous, m))
        previous = m
    return found


def _joints_between(text: str, previous: re.Match[str], m: re.Match[str]) -> list[str]:
    """The joint tokens of two neighbouring runs (`joints`): none unless one is Chinese, the other letters or digits,
    and nothing or one space stands between them."""
    if text[previous.end():m.start()] not in ("", " "):
        return []
    if previous.group(1) is None and m.group(1) is not None:
        run, char = previous.group(0), m.group(0)[0]
        return [run[-k:] + char for k in range(1, min(len(run), JOINT_MAX) + 1)]
    if previous.group(1) is not None and m.group(1) is None:
        char, run = previous.group(0)[-1], m.group(0)
        return [char + run[:k] for k in range(1, min(len(run), JOINT_MAX) + 1)]
    return []


def lexemes(text: str, *, normalised: bool = False) -> set[str]:
    """The distinct `tokens` and `joints` of `text`, read in one pass over its runs: the words of a PostgreSQL
    vector. Read apart, with the tokens joined into a text only to be split again, they made PostgreSQL's reindex
    about a fifth slower; the pairs are made by `map` and the joints looked for only where a Chinese run and another
    touch (a quarter faster than a call of `pairs` and `_joints_between` for every run: a reindex writes a vector
    of a few hundred words for every public record)."""
    text = text if normalised else normalise(text)
    found: set[str] = set()
    add, update = found.add, found.update
    previous_end, previous_chinese, previous_run = -2, None, ""
    for m in _RUN.finditer(text):
        run = m.group(0)
        chinese = m.lastindex == 1
        if chinese and len(run) > 1:
            update(map(str.__add__, run, run[1:]))
            add(run[-1])
        else:
            add(run)
        if chinese is not previous_chinese and previous_chinese is not None:
            start = m.start()
            if start == previous_end or (start == previous_end + 1 and text[previous_end] == " "):
                if chinese:  # letters or digits, then a Chinese run: the run's ends before its first character
                    char = run[0]
                    update([previous_run[-k:] + char for k in range(1, min(len(previous_run), JOINT_MAX) + 1)])
                else:  # a Chinese run, then letters or digits: its last character before their starts
                    char = previous_run[-1]
                    update([char + run[:k] for k in range(1, min(len(run), JOINT_MAX) + 1)])
        previous_end, previous_chinese, previous_run = m.end(), chinese, run
    return found


@lru_cache(maxsize=8192, typed=True)  # a reindex asks for the same few codes, slugs and units for every document
def field_word(column: str, value: object) -> str | None:
    """The index word saying a document's `column` holds `value` (=jurisdiction_code=430503000000), None for no value
    (None): "=" is never part of a text's token (`tokens` and `joints` keep letters, digits and ideographs), and the
    value is percent-encoded, so that it holds no space (the words travel space-separated) whatever it is."""
    if value is None:
        return None
    return f"={column}={quote(str(value), safe='')}"


def bucket_word(bucket: int) -> str:
    """The index word of a bucket of document ids (=bucket=131: ids 131 × 4,096 to 132 × 4,096 − 1, with the
    search's BUCKET_BITS): PostgreSQL's candidates are found bucket by bucket, newest first, through it. Like a
    field word, never a text's token."""
    return f"=bucket={int(bucket)}"


def index_text(text: str, *, normalised: bool = False) -> str:
    """The tokens joined by spaces: what an engine's plain whitespace/unicode tokenizer indexes."""
    return " ".join(tokens(text, normalised=normalised))


@dataclass(frozen=True)
class Term:
    """One word of the query, ready for an engine; a document matches when all its parts match.

    phrases: sequences of tokens that must stand next to each other in the index (a Chinese run's
             pairs, or one other word);
    prefixes: single Chinese characters: any token beginning with the character;
    substrings: the Chinese runs of three or more characters, for engines that must confirm a phrase
             on the normalised text."""

    text: str
    phrases: tuple[tuple[str, ...], ...] = field(default=())
    prefixes: tuple[str, ...] = field(default=())
    substrings: tuple[str, ...] = field(default=())
    # The Chinese runs as typed that were cut into several words: a text holding one whole ranks first.
    exact: tuple[str, ...] = field(default=())
    # Document or index numbers (normalised), each matched as one sequence of runs (see `code_tokens`).
    codes: tuple[str, ...] = field(default=())


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def words(run: str) -> list[str]:
    """A Chinese run of a query cut into words by jieba (低保名单 → 低保 名单); a single character of the cut is
    glued to the word before it (or after it, at the start), so every word has two characters or more — unless
    the run itself has one."""
    if len(run) < 3:
        return [run] if run else []
    out: list[str] = []
    for piece in _tokenizer().lcut(run, HMM=False):
        if out and len(piece) == 1:
            out[-1] += piece
        else:
            out.append(piece)
    if len(out) > 1 and len(out[0]) == 1:
        out[:2] = [out[0] + out[1]]
    return out


def parse_query(query: str) -> list[Term]:
    """Split a query at spaces into terms, and each Chinese run into its words; all terms and all their words
    must match (AND). Empty terms are dropped."""
    terms: list[Term] = []
    for word in normalise(query).split():
        if is_code(word):
            terms.append(Term(word, codes=(word,)))
            continue
        phrases: list[tuple[str, ...]] = []
        prefixes: list[str] = []
        substrings: list[str] = []
        exact: list[str] = []
        for run, chinese in runs(word):
            if not chinese:
                phrases.append((run,))
            elif len(run) == 1:
                prefixes.append(run)
            else:
                cut = words(run)
                if len(cut) > 1:
                    exact.append(run)
                for piece in cut:
                    phrases.append(tuple(pairs(piece)))
                    if len(piece) > 2:
                        substrings.append(piece)
        if phrases or prefixes:
            terms.append(Term(word, tuple(phrases), tuple(prefixes), tuple(substrings), tuple(exact)))
    return terms


def is_code(word: str) -> bool:
    """Whether a (normalised) query word is a document number (文号) or an index number (索引号)."""
    return bool(_DOCUMENT_NUMBER.match(word) or _INDEX_NUMBER.match(word))


def code_tokens(code: str) -> tuple[list[str], bool]:
    """The index tokens a code stands for, next to each other, and whether the last is a prefix: the code's
    last run, when it is one Chinese character (号), begins a pair in a text going on (15号文件 → 号文)."""
    out = tokens(code)
    last_run = runs(code)[-1]
    prefix = last_run[1] and len(last_run[0]) == 1
    return out, prefix


def code_pattern(code: str) -> str:
    """A regular expression (Python's and PostgreSQL's alike) finding the code in a normalised text: its runs
    in order, with separators between them: at least one between two runs of the same class (else they would be
    one run), any number between a Chinese run and another."""
    parts = runs(code)
    pattern = parts[0][0]
    for (_, before), (run, chinese) in zip(parts, parts[1:], strict=False):
        pattern += _SEPARATOR + ("+" if before == chinese else "*") + run
    return pattern


def shared_pairs(query: str, text: str) -> int:
    """How many distinct character pairs (and other words) of `query` also occur in `text`: how close a name
    is to what was typed (the suggestions of a search without results)."""
    wanted = {t for t in tokens(query) if len(t) > 1}
    return len(wanted & set(tokens(text)))


def is_chinese(text: str) -> bool:
    return bool(_CJK_RUN.match(text))
