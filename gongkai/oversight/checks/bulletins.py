"""Printed bulletins on notice boards that no longer match the record online. Pure.

《政府信息公开条例》第二十五条 (信息公告栏 among the places information is published) and 第二十六条 (information published
within 20 working days of being formed or changed): a copy on a board showing a superseded revision, or a record
no longer public, misleads whoever reads the board. The state of a copy is `channels.printed_state.copy_state`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.channels.printed_state import STATE_LABELS, copy_state, needs_action
from gongkai.oversight.checks.facts import PrintedRecordFacts
from gongkai.oversight.checks.labels import masked_title
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, register

BULLETIN_OUTDATED = register(Rule(
    code="bulletin_outdated",
    title="公示栏张贴的公告与网上原文不一致",
    severity=Severity.MEDIUM,
    source="《政府信息公开条例》第二十五条（信息公告栏）、第二十六条（政府信息变更后及时公开）",
    hint="打印新版公告替换公示栏上的旧版；原文已撤回或归档的，从公示栏撤下。",
    target_kind=TargetKind.RECORD,
))


def bulletin_outdated(facts: Iterable[PrintedRecordFacts]) -> Iterator[Hit]:
    for fact in facts:
        stale = []
        for board, printed_on, revision_id, number, entries_changed in fact.copies:
            state = copy_state(printed_revision_id=revision_id, public_revision_id=fact.public_revision_id,
                               record_is_public=fact.record_is_public, replaced=False,
                               entries_changed=entries_changed)
            if needs_action(state):
                stale.append({"board": board, "printed_on": printed_on.isoformat() if printed_on else None,
                              "revision": number, "state": STATE_LABELS[state]})
        if not stale:
            continue
        boards = "、".join(dict.fromkeys(str(s["board"]) for s in stale))
        yield Hit(BULLETIN_OUTDATED.code, TargetKind.RECORD, str(fact.id), fact.unit_id, masked_title(fact.title), {
            "copies": stale,
            "text": f"{boards}张贴的公告（第{stale[0]['revision']}版）{stale[0]['state']}。",
        })
