"""Every command that runs submissions says so, once, when bubblewrap is missing and runs fall
back to no isolation: `judge run` (and `judge test`), `judge stress` and `judge bench`."""
import shutil

import pytest

from conftest import PACKAGES

WARNING = "judge: warning: bubblewrap is not usable here, so runs are NOT isolated"
PACKAGE = PACKAGES / "verify-sum"   # has a generator and a reference, as stress and bench need
ACCEPTED = PACKAGE / "submissions" / "accepted" / "sum.py"

COMMANDS = {
    "run": ["run", "{package}", str(ACCEPTED), "--samples"],
    "test": ["test", "{package}", str(ACCEPTED)],
    "stress": ["stress", "{package}", str(ACCEPTED), "--count", "1", "--generator", "gen.py --n 3"],
    "bench": ["bench", "{package}", str(ACCEPTED), "--sizes", "10", "--repeat", "1"],
}


@pytest.fixture
def package(tmp_path):
    copy = tmp_path / "verify-sum"
    shutil.copytree(PACKAGE, copy)
    return copy


@pytest.mark.parametrize("command", COMMANDS)
def test_unisolated_fallback_warns_once(judge_cli, monkeypatch, package, command):
    monkeypatch.setenv("JUDGE_BWRAP", "")  # as on a machine without bubblewrap
    proc = judge_cli(*(arg.format(package=package) for arg in COMMANDS[command]))
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "NOT isolated" in line]
    assert len(warnings) == 1 and warnings[0].startswith(WARNING)


@pytest.mark.parametrize("command", ["stress", "bench"])
def test_choosing_no_isolation_is_not_warned_about(judge_cli, monkeypatch, package, command):
    monkeypatch.setenv("JUDGE_BWRAP", "")
    proc = judge_cli(*(arg.format(package=package) for arg in COMMANDS[command]), "--sandbox", "none")
    assert proc.returncode == 0, proc.stderr
    assert "NOT isolated" not in proc.stderr
