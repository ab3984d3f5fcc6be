"""The learner's history: where it lives, what one judged attempt records, and that it is never
required for judging (locked, unwritable or corrupt databases cost one warning line)."""
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import PACKAGES, PROGRAMS, ROOT
from judge import history
from judge.history import Attempt, HistoryError, best_accepted, record, record_or_warn, status
from judge.verdicts import SubmissionResult, TestResult, Verdict

SUM = str(PACKAGES / "sum-default")


@pytest.fixture(autouse=True)
def private_history(tmp_path, monkeypatch):
    """Every test has its own history: the user's real one is never touched."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("JUDGE_HISTORY", str(path))
    return path


def _result(verdict=Verdict.AC, problem="sum-default", solution=PROGRAMS / "ac.py", cpu=(0.01, 0.02),
            time_limit=1.0, interrupted=False) -> SubmissionResult:
    tests = [TestResult(f"secret/{i}", Verdict.AC if i else verdict, cpu_s=c, memory_mib=3.0 + i)
             for i, c in enumerate(cpu)]
    return SubmissionResult(problem=problem, solution=str(solution), language="python", verdict=verdict,
                            time_limit_s=time_limit, memory_limit_mib=128, tests=tests, interrupted=interrupted)


def _attempt(id, verdict="AC", samples_only=False, cpu=0.1, problem="p", time_limit=1.0) -> Attempt:
    return Attempt(id=id, problem=problem, solution=f"/s{id}.py", sha256="0" * 64, language="python",
                   verdict=verdict, max_cpu_s=cpu, max_memory_mib=1.0, passed=1, total=1,
                   time_limit_s=time_limit, samples_only=samples_only, judged_at="2025-01-01T00:00:00+00:00")


# --- where the history lives -----------------------------------------------------------------

@pytest.mark.parametrize("env, expected", [
    ({"JUDGE_HISTORY": "/x/h.db", "XDG_DATA_HOME": "/data"}, "/x/h.db"),
    ({"XDG_DATA_HOME": "/data"}, "/data/judge/history.sqlite3"),
    ({"XDG_DATA_HOME": "relative/ignored"}, "HOME/.local/share/judge/history.sqlite3"),  # XDG: relative = unset
    ({}, "HOME/.local/share/judge/history.sqlite3"),
    ({"JUDGE_HISTORY": ""}, "HOME/.local/share/judge/history.sqlite3"),
])
def test_default_location_follows_env_then_xdg(monkeypatch, tmp_path, env, expected):
    monkeypatch.delenv("JUDGE_HISTORY", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert history.default_path() == Path(expected.replace("HOME", str(tmp_path)))


# --- what is recorded ------------------------------------------------------------------------

def test_record_stores_every_field_newest_first(private_history, tmp_path):
    solution = tmp_path / "mine.py"
    solution.write_text("print(6)\n")
    before = datetime.now(timezone.utc)
    first = record(_result(Verdict.WA, solution=solution, cpu=(0.25, 0.5)), samples_only=False, total=5)
    second = record(_result(Verdict.AC, solution=solution), samples_only=True)
    assert second > first
    newest, oldest = history.attempts()
    assert (newest.id, oldest.id) == (second, first)
    assert oldest.problem == "sum-default" and oldest.solution == str(solution.resolve())
    assert oldest.sha256 == hashlib.sha256(b"print(6)\n").hexdigest()
    assert (oldest.verdict, oldest.max_cpu_s, oldest.max_memory_mib) == ("WA", 0.5, 4.0)
    assert (oldest.passed, oldest.total, oldest.samples_only) == (1, 5, False)
    assert (newest.passed, newest.total, newest.samples_only) == (2, 2, True)
    judged = datetime.fromisoformat(oldest.judged_at)
    assert judged.utcoffset() == timedelta(0) and abs(judged - before) < timedelta(minutes=5)
    with sqlite3.connect(private_history) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_filter_by_problem_and_limit():
    for problem in ("a", "b", "a"):
        record(_result(problem=problem), samples_only=False)
    assert [a.problem for a in history.attempts(problem="a")] == ["a", "a"]
    assert len(history.attempts(limit=1)) == 1


def test_reading_a_missing_history_creates_nothing(private_history):
    assert history.attempts() == []
    assert not private_history.exists()


def test_an_interrupted_run_is_not_an_attempt(private_history):
    record_or_warn(_result(interrupted=True), samples_only=False)
    assert history.attempts() == []


@pytest.mark.parametrize("attempts, time_limit, expected", [
    ([], None, "not tried"),
    ([_attempt(1, "WA")], None, "tried"),
    ([_attempt(1, "AC", samples_only=True)], None, "tried"),       # samples only never solve a problem
    ([_attempt(1, "WA"), _attempt(2, "AC")], None, "solved"),
    ([_attempt(1, "AC", problem="other")], None, "not tried"),
    ([_attempt(1, "AC", time_limit=5.0)], 1.0, "tried"),          # accepted only under a looser --time-limit
    ([_attempt(1, "AC", time_limit=1.0)], 1.0, "solved"),
])
def test_status_rules(attempts, time_limit, expected):
    assert status(attempts, "p", time_limit) == expected


def test_best_accepted_is_lowest_cpu_among_full_accepted_runs():
    attempts = [_attempt(1, "AC", cpu=0.3), _attempt(2, "AC", samples_only=True, cpu=0.01),
                _attempt(3, "WA", cpu=0.02), _attempt(4, "AC", cpu=0.2), _attempt(5, "AC", cpu=0.2),
                _attempt(6, "AC", cpu=0.5, problem="q")]
    best = best_accepted(attempts)
    assert best["p"].id == 4 and best["q"].id == 6


# --- concurrency and failure: never required for judging --------------------------------------

_WRITER = """
import sys
from judge.history import record
from judge.verdicts import SubmissionResult, Verdict
tag, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    record(SubmissionResult(problem=f"{tag}-{i}", solution=sys.argv[3], language="python",
                            verdict=Verdict.WA, time_limit_s=1.0, memory_limit_mib=1), samples_only=False)
"""


def test_two_concurrent_writers_lose_no_row(private_history):
    count = 150
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, tag, str(count), str(PROGRAMS / "ac.py")],
                                cwd=ROOT, stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert errors == ["", ""]
    problems = [a.problem for a in history.attempts()]
    assert sorted(problems) == sorted(f"{tag}-{i}" for tag in "ab" for i in range(count))


def test_a_locked_database_gives_one_warning_and_no_error(private_history, capsys):
    record(_result(), samples_only=False)
    holder = sqlite3.connect(private_history, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryError, match="locked"):
            record(_result(), samples_only=False, timeout=0.05)
        record_or_warn(_result(), samples_only=False, timeout=0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("judge: warning:") and "locked" in err
    record(_result(), samples_only=False)  # free again: recording works
    assert len(history.attempts()) == 2


def _unwritable(tmp_path: Path, kind: str) -> Path:
    if kind == "parent is a file":
        (tmp_path / "plain-file").write_text("")
        return tmp_path / "plain-file" / "history.sqlite3"
    if kind == "path is a directory":
        (tmp_path / "a-directory").mkdir()
        return tmp_path / "a-directory"
    if kind == "not a database":
        (tmp_path / "garbage.sqlite3").write_bytes(b"this is not an SQLite database, " * 64)
        return tmp_path / "garbage.sqlite3"
    if kind == "read-only directory":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only directories")
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        return folder / "history.sqlite3"
    raise AssertionError(kind)


UNWRITABLE = ["parent is a file", "path is a directory", "not a database", "read-only directory"]


@pytest.mark.parametrize("kind", UNWRITABLE)
def test_unwritable_history_raises_history_error(tmp_path, kind):
    with pytest.raises(HistoryError):
        record(_result(), samples_only=False, path=_unwritable(tmp_path, kind))


@pytest.mark.parametrize("kind", UNWRITABLE)
def test_judge_run_succeeds_with_one_warning_when_history_is_unwritable(judge_cli, tmp_path, monkeypatch, kind):
    monkeypatch.setenv("JUDGE_HISTORY", str(_unwritable(tmp_path, kind)))
    proc = judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--json", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "AC"
    lines = proc.stderr.strip().splitlines()
    warnings = [line for line in lines if "history" in line]
    assert len(warnings) == 1 and warnings[0].startswith("judge: warning:") and "Traceback" not in proc.stderr


# --- through the command line ----------------------------------------------------------------

@pytest.mark.slow
def test_judge_run_records_and_history_shows_it(judge_cli, private_history):
    assert judge_cli("run", SUM, str(PROGRAMS / "wa.py"), "-j", "1").returncode == 1
    assert judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "-j", "1").returncode == 0
    wa, ac = history.attempts()[::-1]
    assert (wa.verdict, wa.passed, wa.total, wa.samples_only) == ("WA", 0, 4, False)
    assert (ac.verdict, ac.passed, ac.total) == ("AC", 4, 4)
    assert ac.sha256 == hashlib.sha256((PROGRAMS / "ac.py").read_bytes()).hexdigest()

    proc = judge_cli("history", "sum-default")
    assert proc.returncode == 0, proc.stderr
    attempts_part, best_part = proc.stdout.split("best accepted time per problem")
    assert attempts_part.index("AC") < attempts_part.index("WA")  # newest first
    assert "4/4" in attempts_part and "0/4" in attempts_part
    assert "sum-default" in best_part and f"{ac.max_cpu_s:.3f}" in best_part


def test_history_option_wins_over_the_environment(judge_cli, tmp_path, private_history):
    chosen = tmp_path / "elsewhere.sqlite3"
    assert judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "-j", "1", "--history", str(chosen)).returncode == 0
    assert not private_history.exists() and len(history.attempts(chosen)) == 1
    assert "sum-default" in judge_cli("history", "--history", str(chosen)).stdout
    assert "no attempts recorded yet" in judge_cli("history").stdout


def test_samples_run_is_recorded_as_samples_only(judge_cli):
    assert judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--samples").returncode == 0
    (attempt,) = history.attempts()
    assert attempt.samples_only and attempt.verdict == "AC" and attempt.total == 1
    assert "samples only" in judge_cli("history").stdout
    assert "no accepted solution yet" in judge_cli("history").stdout


def test_history_limit_and_unknown_problem(judge_cli):
    for _ in range(3):
        record(_result(), samples_only=False)
    shown = judge_cli("history", "-n", "2").stdout.split("best accepted")[0]
    assert shown.count("sum-default") == 2
    proc = judge_cli("history", "no-such-problem")
    assert proc.returncode == 0 and "no attempts recorded yet for no-such-problem" in proc.stdout


def test_unreadable_history_is_one_line_and_exit_2(judge_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_HISTORY", str(_unwritable(tmp_path, "not a database")))
    proc = judge_cli("history")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
