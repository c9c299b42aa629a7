"""Every audit action the code writes has a Chinese name: the audit list, its filter and its exports read
one table (core.audit_actions)."""

import re
from pathlib import Path

import pytest

from gongkai.catalog import workflow as catalog_workflow
from gongkai.core import audit_actions
from gongkai.publishing import workflow as record_workflow

SOURCE = Path(audit_actions.__file__).resolve().parents[1]
LITERAL = re.compile(r'(?:action=|_audit\(actor, )"([a-z_]+(?:\.[a-z_]+)?)"')


def written_actions() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(LITERAL.findall(text))
        found |= set(re.findall(r'"(record\.title_(?:shown|hidden))"', text))
    found |= {f"record.{move}" for (_, move) in record_workflow.TABLE.transitions}
    found |= {f"catalog_version.{move}" for (_, move) in catalog_workflow.TABLE.transitions}
    return found


def test_every_written_action_has_a_chinese_label():
    actions = written_actions()
    assert len(actions) > 60
    actions -= {"append", "store_true", "store_false"}  # argparse actions, not audit ones
    missing = sorted(a for a in actions if a not in audit_actions.ACTION_LABELS)
    assert missing == []


@pytest.mark.parametrize("label", list(audit_actions.ACTION_LABELS.values()))
def test_labels_are_chinese(label):
    assert re.search(r"[\u4e00-\u9fff]", label) and not re.search(r"[A-Za-z]{3,}", label)


def test_unknown_action_still_reads_chinese():
    assert audit_actions.action_label("record.teleported") == "政府信息：其他操作"
    assert audit_actions.action_label("zzz.yyy") == "系统：其他操作"
    assert audit_actions.action_label("record.publish") == "发布政府信息"


def test_filter_groups_an_object_before_its_actions():
    choices = audit_actions.group_choices(["record.publish", "record.approve", "logout"])
    assert ("record.*", "政府信息（全部）") in choices
    assert choices.index(("record.*", "政府信息（全部）")) < choices.index(("record.publish", "发布政府信息"))
    assert all(not re.search(r"[A-Za-z]", label) for _, label in choices)
