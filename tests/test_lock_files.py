"""Dependencies are pinned with hashes (issue 9, "Production recipe"): every dependency of pyproject.toml
is in the lock files, every pin carries a hash, and the test lock keeps the runtime lock's versions."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[a-z0-9])", text)
    found = {}
    for block in blocks:
        match = re.match(r"([a-z0-9_.-]+)==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
            found[match.group(1).replace("_", "-")] = match.group(2)
    return found


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    missing = requirement_names(project["dependencies"]) - set(runtime)
    assert not missing, f"run `make lock`: {sorted(missing)} not in requirements.lock"
    missing = requirement_names(project["optional-dependencies"]["test"]) - set(test)
    assert not missing, f"run `make lock`: {sorted(missing)} not in requirements-test.lock"
    assert {k: test[k] for k in runtime} == runtime  # the test tools run against the same runtime versions
    assert "pytest" not in runtime and "playwright" not in runtime  # runtime lock has no test tools
