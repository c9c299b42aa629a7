"""`make run` installs the runtime dependencies only; `make test` adds the test tools (issue 10)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _plan(target: str) -> str:
    """What make would run for `target` on a fresh checkout (dry run, every target considered out of date)."""
    return subprocess.run(["make", "-n", "-B", target, "VENV=/nonexistent-venv"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def test_make_run_installs_runtime_dependencies_only():
    plan = _plan("run")
    installs = re.findall(r"pip install[^\n]*", plan)
    assert installs and all("[test]" not in line and "requirements-test" not in line for line in installs), installs
    assert "runserver" in plan


def test_make_test_still_installs_the_test_extra():
    assert re.search(r"pip install[^\n]*(\.\[test\]|requirements-test\.lock)", _plan("test"))


def test_readme_says_how_to_choose_the_port_and_which_account_to_use():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run PORT=8080" in readme
    for account in ("jiaoyu.officer", "jiaoyu.reviewer", "dx.office", "sy.approver", "dx.auditor"):
        assert account in readme
