"""What is already public: personal data and sensitive words in it, and links that lead nowhere. Pure.

- 《政府信息公开条例》第十五条: information whose disclosure would harm a third party's lawful rights (个人隐私) is not
  published; 《个人信息保护法》 and 国办秘函〔2019〕19号 单项否决“严重表述错误、泄露个人隐私”. The scanner is
  `publishing.privacy.scan_text` with the configured word list (the services pass it in the context), over the
  title, body, entries and the text of the public attachment files (read as `Scanner.scan_file` reads them).
- 国办秘函〔2019〕19号 (可用性): links on public pages work; an internal link to a record that is not public, or a
  public attachment whose file is missing, is a broken link. The check itself reaches no network; external links
  count only when the optional checker (`oversight.external_links`, off by default) has judged them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from gongkai.oversight.checks.facts import PublicLinkFacts, PublicTextFacts
from gongkai.oversight.checks.labels import masked_title
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, register
from gongkai.publishing import privacy

PUBLIC_PRIVACY = register(Rule(
    code="public_privacy",
    title="已公开内容含个人信息或敏感表述",
    severity=Severity.HIGH,
    source="《政府信息公开条例》第十五条（个人隐私不予公开）；国办秘函〔2019〕19号 单项否决“泄露个人隐私、严重表述错误”",
    hint="立即对公开版本中的个人信息作遮盖处理（或撤回后修订重新发布），更正敏感或错误表述。",
    target_kind=TargetKind.RECORD,
))
BROKEN_LINK = register(Rule(
    code="broken_link",
    title="公开内容中的链接或附件无法访问",
    severity=Severity.MEDIUM,
    source="国办秘函〔2019〕19号 政府网站可用性指标（链接可用性）",
    hint="修正正文中指向未公开或已撤回信息的链接；重新上传缺失的附件公开文件。",
    target_kind=TargetKind.RECORD,
))

MAX_EXAMPLES = 10

# /j/<12-digit code>/r/<索引号 or id>/ … in an href (relative, or a scheme-less same-site path).
_INTERNAL_LINK = re.compile(r"""href\s*=\s*["'](/j/(\d{12})/r/([^/"'?#]+)/?(?:[^"']*)?)["']""", re.I)


_EXTERNAL_LINK = re.compile(r"""href\s*=\s*["'](https?://[^"'\s<>]+)["']""", re.I)


def external_links(markup: str) -> list[str]:
    """Every http(s) link of a body, once each, in order."""
    return list(dict.fromkeys(m.group(1) for m in _EXTERNAL_LINK.finditer(markup or "")))


def internal_links(markup: str) -> list[tuple[str, str, str]]:
    """(href, jurisdiction code, record reference) of every internal record link in a body."""
    return [(m.group(1), m.group(2), m.group(3)) for m in _INTERNAL_LINK.finditer(markup or "")]


NAME_LABEL = "姓名（与个人信息同列）"


def _label(hit: privacy.Hit) -> str:
    return NAME_LABEL if hit.note.startswith(privacy.NAME_NOTE) else privacy.KIND_LABELS[hit.kind]


def _order(hit: privacy.Hit) -> tuple[int, int]:
    return (privacy.KINDS.index(hit.kind), hit.note.startswith(privacy.NAME_NOTE))


# A landline or an address alone is mostly an office's or a school's (a 名录 lists them on purpose); it is personal
# data when a person's name stands with it. Identity numbers, mobiles and bank cards are personal by themselves.
_ALWAYS = frozenset({privacy.ID_NUMBER, privacy.MOBILE, privacy.BANK_CARD, privacy.SENSITIVE_WORD})


def _personal(hits: list[privacy.Hit]) -> list[privacy.Hit]:
    named = any(h.note.startswith(privacy.NAME_NOTE) for h in hits)
    return [h for h in hits if h.kind in _ALWAYS or named]


def public_privacy(facts: Iterable[PublicTextFacts], *,
                   sensitive_words: Sequence[Any] | None = None) -> Iterator[Hit]:
    """Hits of the privacy scanner in public text. Evidence names the kinds, where, and the MASKED form only.
    A landline or a detailed address counts only in a text (a body, an entry) where a person's name stands with
    personal data; alone they are an institution's contact details."""
    for fact in facts:
        found: list[privacy.Hit] = []
        for where, text in fact.texts:
            found.extend(_personal(privacy.scan_text(text, sensitive_words=sensitive_words, location=where)))
        if not found:
            continue
        labels = list(dict.fromkeys(_label(h) for h in sorted(found, key=_order)))
        counts = {label: sum(1 for h in found if _label(h) == label) for label in labels}
        examples = [{"kind": _label(h), "where": h.location,
                     "masked": h.masked if h.kind in privacy.PERSONAL_KINDS else h.text,
                     "note": h.note.replace(h.text, h.masked)}
                    for h in found[:MAX_EXAMPLES]]
        places = list(dict.fromkeys(h.location for h in found))
        yield Hit(PUBLIC_PRIVACY.code, TargetKind.RECORD, str(fact.id), fact.unit_id, masked_title(fact.title), {
            "kinds": labels, "counts": counts, "examples": examples,
            "text": f"已公开内容（{'、'.join(places[:5])}）含："
                    + "、".join(f"{label}{n}处" for label, n in counts.items()) + "。",
        })


def broken_links(facts: Iterable[PublicLinkFacts]) -> Iterator[Hit]:
    for fact in facts:
        dead = list(dict.fromkeys(href for href, public in fact.links if not public))
        missing = [name for name, present in fact.attachments if not present]
        outside = [{"url": url, "note": note} for url, ok, note in fact.external if not ok]
        if not (dead or missing or outside):
            continue
        parts = []
        if dead:
            parts.append(f"正文中{len(dead)}个链接指向未公开或不存在的信息")
        if outside:
            parts.append(f"正文中{len(outside)}个外部链接无法访问")
        if missing:
            parts.append(f"附件{'、'.join(missing[:5])}的公开文件缺失")
        yield Hit(BROKEN_LINK.code, TargetKind.RECORD, str(fact.id), fact.unit_id, masked_title(fact.title), {
            "links": dead[:MAX_EXAMPLES], "attachments": missing[:MAX_EXAMPLES],
            **({"external_links": outside[:MAX_EXAMPLES]} if outside else {}), "text": "；".join(parts) + "。",
        })
