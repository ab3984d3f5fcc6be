"""The edges of the commands: each does what it says (history keyed by package and limit,
a fresh clone's generate, bench's honest figures, Python's compile errors, export of a
legacy package, piped and narrow output)."""
import contextlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PACKAGES, ROOT
from judge import generate, history
from judge.bench import Point, Series, plot
from judge.package import load_problem_yaml
from judge.verdicts import SubmissionResult, TestResult, Verdict

SUM = PACKAGES / "sum-2025"          # time limit 1 s
SUM_SOLUTION = SUM / "submissions" / "accepted" / "sum.py"
VERIFY_SUM = PACKAGES / "verify-sum"


@pytest.fixture(autouse=True)
def private_history(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("JUDGE_HISTORY", str(path))
    return path


def _result(solution: Path, time_limit: float = 1.0, problem: str = "p") -> SubmissionResult:
    return SubmissionResult(problem=problem, solution=str(solution), language="python", verdict=Verdict.AC,
                            time_limit_s=time_limit, memory_limit_mib=128,
                            tests=[TestResult("secret/1", Verdict.AC, cpu_s=0.1, memory_mib=2.0)])


# --- history: a looser limit is no solve, another package of that name is not this one ------

def test_an_accepted_run_under_a_looser_limit_is_no_solve_and_no_best_time(tmp_path):
    solution = tmp_path / "s.py"
    solution.write_text("print(1)\n")
    history.record(_result(solution, time_limit=2.0), samples_only=False, problem_time_limit_s=1.0)
    (attempt,) = history.attempts()
    assert attempt.looser_limit and not attempt.counts_as_solved
    assert history.best_accepted([attempt]) == {}
    assert history.status([attempt], "p") == "tried"


def test_attempts_at_another_package_of_the_same_name_do_not_count(tmp_path):
    solution = tmp_path / "s.py"
    solution.write_text("print(1)\n")
    history.record(_result(solution), samples_only=False, package="uuid:aaa", problem_time_limit_s=1.0)
    attempts = history.attempts()
    assert history.status(attempts, "p", 1.0, "uuid:aaa") == "solved"
    assert history.status(attempts, "p", 1.0, "uuid:bbb") == "not tried"


def test_package_key_is_the_uuid_else_the_folder(tmp_path):
    assert history.package_key(tmp_path, {"uuid": "43143c38"}) == "uuid:43143c38"
    assert history.package_key(tmp_path, {}) == f"path:{tmp_path.resolve()}"


def test_a_version_1_history_keeps_its_rows_and_gains_the_new_columns(private_history, tmp_path):
    with sqlite3.connect(private_history) as db:
        db.execute("""CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, problem TEXT NOT NULL,
            solution TEXT NOT NULL, sha256 TEXT NOT NULL, language TEXT NOT NULL, verdict TEXT NOT NULL,
            max_cpu_s REAL NOT NULL, max_memory_mib REAL NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL,
            time_limit_s REAL NOT NULL, samples_only INTEGER NOT NULL, judged_at TEXT NOT NULL)""")
        db.execute("INSERT INTO attempts VALUES (1, 'p', '/old.py', '0', 'python', 'AC', 0.1, 1, 1, 1, 1.0, 0, "
                   "'2025-01-01T00:00:00+00:00')")
    solution = tmp_path / "s.py"
    solution.write_text("print(1)\n")
    history.record(_result(solution), samples_only=False, package="uuid:x", problem_time_limit_s=1.0)
    new, old = history.attempts()
    assert (old.solution, old.package, old.problem_time_limit_s) == ("/old.py", "", None)
    assert old.counts_as_solved  # what was recorded keeps its meaning
    assert (new.package, new.problem_time_limit_s) == ("uuid:x", 1.0)


def test_judge_history_marks_a_looser_limit_and_keeps_it_out_of_the_best_times(judge_cli):
    proc = judge_cli("run", str(SUM), str(SUM_SOLUTION), "--time-limit", "2")
    assert proc.returncode == 0, proc.stderr
    shown = judge_cli("history").stdout
    assert "AC (limit 2 s > 1 s)" in shown and "no accepted solution yet" in shown


# --- generate: a fresh clone has every generated test up to date -----------------------------

GENERATED = sorted(p.parent.parent.name for p in (ROOT / "problems").glob("*/generators/generators.yaml"))


@pytest.mark.parametrize("slug", GENERATED)
def test_a_fresh_clone_has_every_generated_test_up_to_date(slug):
    problem = load_problem_yaml(ROOT / "problems" / slug)
    config = generate.load_config(problem)
    manifest = json.loads((problem.path / "data" / generate.MANIFEST).read_text())
    stale = [c.path for c in config.plan.cases
             if not c.input_path(problem).is_file()
             or manifest.get(c.path) != generate._fingerprint(c, problem, config.solutions.get(c.path), config.plan)]
    assert stale == []
    git = subprocess.run(["git", "ls-files", "--error-unmatch", f"problems/{slug}/data/{generate.MANIFEST}"],
                         cwd=ROOT, capture_output=True, text=True)
    if "not a git repository" not in git.stderr:
        assert git.returncode == 0, f"problems/{slug}/data/{generate.MANIFEST} is not committed"


def test_generate_with_nothing_changed_writes_nothing(judge_cli):
    manifest = ROOT / "problems" / "incdec" / "data" / generate.MANIFEST
    before = manifest.stat().st_mtime_ns
    proc = judge_cli("generate", "incdec")
    assert proc.returncode == 0, proc.stderr
    assert "incdec: 0 test(s) written" in proc.stdout
    assert manifest.stat().st_mtime_ns == before


# --- bench: no empty legend entry, a rough exponent says so, a file given twice is one ---------

def test_the_plot_names_a_solution_without_accepted_runs_instead_of_an_empty_legend_entry(tmp_path):
    good = Series("good.py", [Point(10, [0.01], [0.02], [2.0]), Point(100, [0.02], [0.03], [2.0])], exponent=0.3)
    wrong = Series("wrong.py", [Point(10, failures=["WA"]), Point(100, failures=["WA"])])
    labels, unplotted = plot([good, wrong], tmp_path / "p.png", "title")
    assert labels == ["good.py (k = 0.30)"]
    assert unplotted == ["wrong.py (WA)"]
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_bench_measures_a_file_given_twice_once_and_flags_a_rough_exponent(judge_cli):
    accepted = str(VERIFY_SUM / "submissions" / "accepted" / "sum.py")
    proc = judge_cli("bench", str(VERIFY_SUM), accepted, accepted, "--sizes", "10,100", "--repeat", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    (series,) = json.loads(proc.stdout)["series"]
    assert series["exponent"] is not None
    assert any("rough" in w for w in series["warnings"])


# --- Python: a source that does not compile is CE, with the compiler's message ---------------

def test_a_python_syntax_error_is_ce_with_file_line_and_caret(judge_cli, tmp_path):
    source = tmp_path / "mine.py"
    source.write_text("import sys\nn = int(sys.stdin.readline()\nprint(n)\n")
    proc = judge_cli("run", str(SUM), str(source), "--json")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["verdict"] == "CE" and doc["tests"] == []
    message = doc["message"]
    assert 'File "mine.py", line 2' in message and "^" in message and "SyntaxError" in message


# --- export: a legacy package converted to another format says so ------------------------------

def test_export_of_a_legacy_package_says_it_converts_the_layout(judge_cli, tmp_path):
    proc = judge_cli("export", str(PACKAGES / "sum-legacy"), str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "legacy layout: converted to the 2025-09 one" in proc.stdout
    assert (tmp_path / "out" / "sum-legacy" / "statement").is_dir()


# --- output: piped output is never wrapped and has no trailing spaces; names are never cut ----

def test_piped_output_is_not_wrapped_and_has_no_trailing_spaces(judge_cli, tmp_path):
    long_name = tmp_path / ("an_attempt_with_a_rather_long_file_name_at_incdec_" + "x" * 40 + ".cpp")
    long_name.write_text("int main() {}\n")
    history.record(_result(long_name, problem="incdec"), samples_only=False)
    for argv in (["history"], ["list"], ["run", str(SUM), str(SUM_SOLUTION)]):
        proc = judge_cli(*argv)
        assert proc.returncode == 0, proc.stderr
        assert all(line == line.rstrip() for line in proc.stdout.splitlines()), argv
    shown = judge_cli("history").stdout
    assert any(str(long_name) in line for line in shown.splitlines())  # one line, whole
    summary = judge_cli("run", str(SUM), str(SUM_SOLUTION)).stdout.splitlines()[-1]
    assert "tests passed" in summary and "(limit 128 MiB)" in summary  # the summary is one line


def test_a_piped_report_of_accepted_tests_does_not_load_rich():
    """The lines of a report reach a pipe as plain text: rich (some 20 ms to import) is loaded
    only for a table, i.e. when a test failed or -v lists them all."""
    def rich_loaded(*argv):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "judge", *argv], capture_output=True,
                              text=True, cwd=ROOT, timeout=120)
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
        return proc.stdout, any(line.split("|")[-1].strip().startswith("rich")
                                for line in proc.stderr.splitlines() if line.startswith("import time:"))
    shown, loaded = rich_loaded("run", str(SUM), str(SUM_SOLUTION))
    assert "tests passed" in shown and not loaded
    shown, loaded = rich_loaded("run", str(SUM), str(SUM_SOLUTION), "-v")
    assert "│" in shown and loaded  # the table of every test is rich's


def test_plain_lines_read_as_rich_would_print_them_to_a_pipe():
    """A Plain console writes styled lines exactly as rich's piped console does: the text
    alone, multi-line text line by line, trailing spaces dropped, markup-like text kept."""
    from judge.terminal import Plain, Styled

    lines = [Styled("x [bold]y[/bold]  ", "bold red").append(" more\n second line  ", "dim"),
             Styled("summary ", "bold") + Styled("AC", "bold green"), Styled()]
    out = []
    for draw in ("plain", "rich"):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            console = Plain()
            for line in lines:
                console.print(line) if draw == "plain" else console._rich_console().print(line)
        out.append(buffer.getvalue())
    assert out[0] == out[1] == "x [bold]y[/bold]   more\n second line\nsummary AC\n\n"


def test_at_80_columns_history_never_cuts_a_solution_name(tmp_path):
    from rich.console import Console

    from judge import practice

    for name in ("incdec_first_try.py", "incdec_first_try.cpp"):
        (tmp_path / name).write_text("x\n")
        history.record(_result(tmp_path / name, problem="incdec"), samples_only=False)
    out = io.StringIO()
    attempts = history.attempts()
    practice.render_history(attempts, attempts, console=Console(file=out, width=80))
    text = out.getvalue()
    assert "…" not in text
    flat = "".join(text.split())  # a folded name is whole once the folds are joined
    assert "incdec_first_try.py" in flat.replace("│", "") or "incdec_first_try.py" in text
