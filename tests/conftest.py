import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PROGRAMS = FIXTURES / "programs"
PACKAGES = FIXTURES / "packages"


@pytest.fixture(scope="session", autouse=True)
def _private_build_cache_and_history(tmp_path_factory):
    """Every test session builds into its own cache, so tests never depend on a user's cache..."""
    os.environ["JUDGE_CACHE_DIR"] = str(tmp_path_factory.mktemp("judge-cache"))
    # ... and its own history, so judging in tests never writes into the user's
    os.environ["JUDGE_HISTORY"] = str(tmp_path_factory.mktemp("judge-history") / "history.sqlite3")
    yield


@pytest.fixture
def judge_cli():
    """Run the `judge` command as a user would (python -m judge), capturing its output."""
    import subprocess

    def run(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "judge", *args], capture_output=True, text=True,
                              cwd=cwd or ROOT, timeout=timeout, env={**os.environ})
    return run


def verify_errors(report) -> list[str]:
    """What a verify report holds against a package: its errors and the solutions not as expected."""
    return [f.message for f in report.findings if f.level == "error"] + \
           [f"{s.path}: {s.note}" for s in report.solutions if not s.ok]


def caught_by(path: Path) -> str | None:
    """The test a wrong or slow solution's header names ("Caught by secret/06-...")."""
    import re

    match = re.search(r"Caught by (\S+?)[\s(,;.]", path.read_text())
    return match.group(1) if match else None


def assert_folder_verdict(problem, path: Path) -> None:
    """A solution gets the verdict its folder promises; a wrong or slow one first fails on
    the test its header names."""
    from judge.judging import judge_solution
    from judge.verdicts import Verdict

    expected = Verdict.from_folder(path.parent.name)
    result = judge_solution(problem, path, fail_fast=True)
    failing = [t for t in result.tests if t.verdict is not Verdict.AC]
    assert result.verdict == expected, [(t.name, t.verdict, t.message) for t in failing]
    if expected is Verdict.AC:
        assert len(result.tests) == len(problem.tests)
    else:
        assert caught_by(path) == failing[0].name
