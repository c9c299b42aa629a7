import pytest


@pytest.fixture
def anchors(tmp_path, settings):
    """An anchor file of the test's own (GONGKAI_AUDIT_ANCHOR_FILE)."""
    path = tmp_path / "anchors.jsonl"
    settings.GONGKAI_AUDIT_ANCHOR_FILE = str(path)
    return path
