"""One configured scanner: the review and the `privacy-scan` command read the same sensitive-word list."""

import json

import pytest
from django.core.management import call_command

from gongkai.core.errors import ValidationFailed
from gongkai.publishing import services
from gongkai.publishing.scanning import ScannerMisconfigured, configured_scanner

pytestmark = pytest.mark.django_db

WORD = "特供内参"  # not in the shipped list


@pytest.fixture
def word_list(settings, tmp_path):
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"words": [{"word": WORD, "correction": "内部资料", "note": "本地禁用表述"}]},
                               ensure_ascii=False), encoding="utf-8")
    settings.GONGKAI_SENSITIVE_WORDS_PATH = str(path)
    return path


def test_a_configured_sensitive_word_blocks_approval_in_the_review(world, word_list):
    record = world.record(body=f"<p>本通知附{WORD}一份。</p>")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    found = [(f.kind, f.text, f.proposed_masking) for f in services.open_findings(record)]
    assert ("sensitive_word", WORD, "内部资料") in found
    with pytest.raises(ValidationFailed, match="未处理"):
        services.record_approve(actor=world.reviewer, record=record)


def test_the_command_reports_the_same_configured_word(word_list, tmp_path, capsys):
    path = tmp_path / "通知.txt"
    path.write_text(f"本通知附{WORD}一份。", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        call_command("privacy-scan", str(path), "--json")
    assert exited.value.code == 1
    reported = json.loads(capsys.readouterr().out)
    assert [(h["kind"], h["text"], h["masked"]) for h in reported] == [("sensitive_word", WORD, "内部资料")]
    assert [(h.kind, h.text) for h in configured_scanner().scan_file(path)] == [("sensitive_word", WORD)]


def test_the_shipped_list_applies_when_none_is_configured(settings):
    settings.GONGKAI_SENSITIVE_WORDS_PATH = None
    assert [h.text for h in configured_scanner().scan_text("邵阳市大祥县民政局") if h.kind == "sensitive_word"]
    assert not configured_scanner().scan_text(f"附{WORD}一份")


def test_an_unreadable_word_list_gives_no_verdict(world, settings, tmp_path):
    settings.GONGKAI_SENSITIVE_WORDS_PATH = str(tmp_path / "没有.json")
    with pytest.raises(ScannerMisconfigured, match="敏感词表"):
        configured_scanner()
    record = world.record()
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(ScannerMisconfigured):
        services.record_review(actor=world.reviewer, record=record)
    record.refresh_from_db()
    assert record.status == "submitted"
