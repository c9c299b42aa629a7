"""The shipped village topics (gongkai/catalog/data/village_topics.json, read by gongkai/catalog/village_topics.py):
every row of the two reference files, none invented, each naming its source document."""

import importlib.util
import json
from pathlib import Path

import pytest

from gongkai.catalog.village_topics import shipped_village_topics

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "catalog-more"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference/catalog-more 不在本机")


def _generator():
    spec = importlib.util.spec_from_file_location("build_village_topics", ROOT / "scripts" / "build_village_topics.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_reference
def test_shipped_village_topics_are_what_the_script_builds_from_the_reference():
    generator = _generator()
    reference = {name: json.loads((REFERENCE / name).read_text(encoding="utf-8")) for name, _ in generator.FILES}
    assert shipped_village_topics() == generator.build(reference)
    assert len(shipped_village_topics()["items"]) == sum(len(r["items"]) for r in reference.values())


def test_every_village_topic_names_its_source_and_only_official_addresses():
    for row in shipped_village_topics()["items"]:
        assert row["source_document"]
        assert row["source_url"] == "" or ".gov.cn" in row["source_url"]
        assert not any(ch.isascii() and ch.isalpha() for ch in row["topic"] + row["name"])  # no English notes
