"""Interactive problems: the submission and the output validator run at the same time in
sandboxes of their own, wired by pipes; who ended first and how decides the verdict."""
from __future__ import annotations

from pathlib import Path

import pytest

from judge import interaction, sandbox
from judge.checkers import CheckerSpec
from judge.judging import TestTask
from judge.languages import prepare
from judge.package import TestCase
from judge.verdicts import Verdict

from conftest import PACKAGES

GUESS = PACKAGES / "guess-interactive"
LIMITS = sandbox.Limits(cpu_s=1, memory_mib=128, output_mib=8)


def validator(source: Path) -> CheckerSpec:
    """An interactor built from `source`, as the problem's output validator."""
    program = prepare(source)
    return CheckerSpec("custom", program.argv, folder=program.folder)


@pytest.fixture(scope="module")
def checker() -> CheckerSpec:
    return validator(GUESS / "output_validator" / "validator.cpp")


def judge_test(source: Path, checker: CheckerSpec, test: str = "secret/03-odd", transcript: bool = False):
    path = GUESS / "data" / f"{test}.in"
    case = TestCase(test, path, path.with_suffix(".ans"))
    program = prepare(source)
    server = "python" if program.language == "python" else "exec"
    task = TestTask(program, case, LIMITS, checker, "auto", server, interactive=True, transcript=transcript)
    return interaction.run_test(task)


# --transcript puts the judge between the two (transcript.py): every verdict must stay the same
RELAYED = pytest.mark.parametrize("transcript", [False, True], ids=["direct", "relayed"])


@pytest.mark.parametrize("name, expected, phrase", [
    ("accepted/binary_search.py", Verdict.AC, ""),
    ("accepted/binary_search.cpp", Verdict.AC, ""),
    ("wrong_answer/linear_scan.py", Verdict.WA, "more than 10 queries"),   # the validator ends first
    ("wrong_answer/guess_without_asking.cpp", Verdict.WA, "wrong guess"),
    ("time_limit_exceeded/forgets_to_flush.cpp", Verdict.TLE, "wall-clock"),  # both sides wait
    ("run_time_error/crashes_after_a_query.py", Verdict.RTE, "exit status 1"),  # it ends first
])
@pytest.mark.slow
@RELAYED
def test_verdicts_of_an_interaction(name, expected, phrase, checker, transcript):
    result = judge_test(GUESS / "submissions" / name, checker, transcript=transcript)
    assert result.verdict is expected, (result.verdict, result.message)
    assert phrase in result.message
    assert (result.transcript is not None) == transcript


def test_a_transcript_records_both_sides_in_order(checker):
    result = judge_test(GUESS / "submissions" / "wrong_answer/linear_scan.py", checker, transcript=True)
    lines = [line.split(None, 2) for line in result.transcript.splitlines() if line[:1] in "<>"]
    said = [(direction, text) for direction, _, text in lines]
    assert said[0] == ("<", "? 1") and said[1][0] == ">"     # the guesser asks, the validator answers
    assert [d for d, _ in said[:6]] == ["<", ">", "<", ">", "<", ">"]
    assert sum(d == "<" for d, _ in said) == 11    # the eleventh query is the one over the budget


@pytest.mark.slow
def test_judge_run_writes_transcripts_of_failed_tests_only(judge_cli, tmp_path):
    problem = "linked-list-queries"
    folder = tmp_path / "said"
    done = judge_cli("run", problem, "solutions/linked-list-queries/wrong_answer/reads_past_end.cpp",
                     "--transcript", str(folder))
    assert done.returncode == 1 and "transcript(s) of failed tests written" in done.stderr
    files = sorted(folder.iterdir())
    assert files and all("? -1" in f.read_text() for f in files)
    assert "test sample/1: WA" in (folder / "sample-1.txt").read_text()
    passing = judge_cli("run", problem, "solutions/linked-list-queries/accepted/stack.py", "--transcript",
                        str(tmp_path / "none"))
    assert passing.returncode == 0 and not (tmp_path / "none").exists()


def test_transcript_on_a_problem_that_is_not_interactive_is_one_line(judge_cli, tmp_path):
    done = judge_cli("run", "incdec", "solutions/incdec/accepted/incdec.py", "--transcript", str(tmp_path / "t"))
    assert done.returncode == 2 and "not an interactive problem" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_crashing_validator_is_a_judge_error(checker, tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("raise SystemExit(3)\n")
    spec = validator(broken)
    result = judge_test(GUESS / "submissions" / "accepted" / "binary_search.py", spec)
    assert result.verdict is Verdict.JE and "expected exit 42 or 43" in result.message


def test_the_submission_is_charged_only_its_own_cpu(checker, tmp_path):
    """A validator that burns CPU before answering does not make the submission's time grow."""
    slow = tmp_path / "slow_validator.py"
    slow.write_text("import sys, time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\n"
                    "print('=', flush=True)\nsys.stdin.readline(); sys.stdin.readline()\nraise SystemExit(42)\n")
    spec = validator(slow)
    result = judge_test(GUESS / "submissions" / "accepted" / "binary_search.cpp", spec)
    assert result.verdict is Verdict.AC, result.message
    assert result.wall_s >= 0.4      # it waited for the validator ...
    assert result.cpu_s < 0.25       # ... without being charged for it


@pytest.mark.slow
def test_an_interactive_package_is_judged_and_verified(judge_cli):
    """The repository's interactive exercise: every solution gets its folder's verdict."""
    proc = judge_cli("verify", "linked-list-queries", "--json", timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    import json

    solutions = json.loads(proc.stdout)["problems"][0]["solutions"]
    assert all(s["ok"] for s in solutions), solutions
    assert {Path(s["solution"]).parent.name for s in solutions} == {"accepted", "wrong_answer", "time_limit_exceeded"}


@pytest.mark.slow
def test_the_guess_fixture_verifies_with_every_expected_verdict(judge_cli):
    proc = judge_cli("verify", str(GUESS), timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr


@RELAYED
def test_closing_its_output_and_then_failing_is_the_submissions_failure(checker, tmp_path, transcript):
    """The validator sees the end of the submission's output only when the submission has ended:
    a submission that closes stdout and then exits 1 is RTE, not WA for its missing answer."""
    source = tmp_path / "close_then_fail.py"
    source.write_text("import os, sys, time\nprint('? 500', flush=True)\ninput()\nos.close(1)\n"
                      "time.sleep(0.3)\nsys.exit(1)\n")
    result = judge_test(source, checker, transcript=transcript)
    assert result.verdict is Verdict.RTE, (result.verdict, result.message)


@RELAYED
def test_a_validator_writing_after_the_submission_ended_is_not_killed(tmp_path, transcript):
    """The validator's writes after the submission ended are drained, not a SIGPIPE: its verdict stands."""
    talkative = tmp_path / "talkative.py"
    talkative.write_text("import sys\nsys.stdin.readline()\nfor _ in range(20000):\n    print('x' * 100)\n"
                         "sys.stdout.flush()\nraise SystemExit(43)\n")
    spec = validator(talkative)
    quitter = tmp_path / "quitter.py"
    quitter.write_text("print('? 1', flush=True)\n")
    result = judge_test(quitter, spec, transcript=transcript)
    assert result.verdict is Verdict.WA, (result.verdict, result.message)


ECHO = PACKAGES / "echo-twice"


@pytest.mark.parametrize("name, expected, phrase", [
    ("accepted/repeat.py", Verdict.AC, "second: repeated"),
    ("wrong_answer/forgets.py", Verdict.WA, "pass 2: first: remembered 21\nsecond: expected 21, got 0"),
])
def test_multi_pass_runs_the_submission_again_with_the_feedback_kept(name, expected, phrase):
    """Pass 2 gets nextpass.in as input; judgemessage.txt accumulates over the passes."""
    from judge.judging import judge_solution
    from judge.package import load_problem

    problem = load_problem(ECHO)
    assert problem.multi_pass and problem.validation_passes == 2
    result = judge_solution(problem, ECHO / "submissions" / name, fail_fast=True)
    assert result.verdict is expected
    assert phrase in result.tests[0].message


def test_asking_for_more_passes_than_allowed_is_a_judge_error(tmp_path):
    import shutil

    from judge.judging import judge_solution
    from judge.package import load_problem

    package = tmp_path / "endless"
    shutil.copytree(ECHO, package)
    (package / "output_validator" / "validator.py").write_text(
        "import pathlib, sys\n(pathlib.Path(sys.argv[3]) / 'nextpass.in').write_text('first 1\\n')\n"
        "sys.stdin.read()\nsys.exit(42)\n")
    result = judge_solution(load_problem(package), ECHO / "submissions" / "accepted" / "repeat.py", fail_fast=True)
    assert result.verdict is Verdict.JE
    assert "allows 2 (limits.validation_passes)" in result.tests[0].message


def test_a_2023_07_interactor_in_its_own_folder_is_found(tmp_path):
    """problemtools' 2023-07-draft layout: output_validator/<name>/ holds the interactor."""
    import shutil

    from judge.judging import judge_solution
    from judge.package import load_problem

    package = tmp_path / "guess"
    shutil.copytree(GUESS, package)
    inner = package / "output_validator" / "guess_validator"
    inner.mkdir()
    (package / "output_validator" / "validator.cpp").rename(inner / "validator.cpp")
    problem = load_problem(package)
    assert problem.output_validator == inner
    result = judge_solution(problem, GUESS / "submissions" / "accepted" / "binary_search.cpp")
    assert result.verdict is Verdict.AC
