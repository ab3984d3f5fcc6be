"""The practice workflow as a learner meets it: list, show (math made readable, samples, the
editorial behind a question), new (starters that fail honestly), test (the samples only)."""
import importlib.util
import json
import os
import pty
import shutil
import subprocess
import sys

import pytest

from conftest import PACKAGES, PROGRAMS, ROOT
from judge import history
from judge.mathtext import latex_to_text, math_in_markdown

SUM = str(PACKAGES / "sum-default")
REPO_PROBLEMS = sorted(p.name for p in (ROOT / "problems").iterdir() if (p / "problem.yaml").is_file())


@pytest.fixture(autouse=True)
def private_history(tmp_path, monkeypatch):
    """Every test has its own history: the user's real one is never touched."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("JUDGE_HISTORY", str(path))
    monkeypatch.setenv("COLUMNS", "200")  # table cells on one line each
    return path


# --- math shown readably ------------------------------------------------------------------------

@pytest.mark.parametrize("latex, text", [
    (r"1 \le l \le r \le n", "1 ≤ l ≤ r ≤ n"),
    (r"a \ge b, a \ne c, a \leq d, a \geq e", "a ≥ b, a ≠ c, a ≤ d, a ≥ e"),
    (r"a_1, a_2, \ldots, a_n", "a₁, a₂, …, aₙ"),
    (r"a_{l+1}", "aₗ₊₁"),
    (r"0 \le a_i < 2^{31}", "0 ≤ aᵢ < 2³¹"),
    (r"10^{-5}", "10⁻⁵"),
    (r"x^2 + y^{n-1}", "x² + yⁿ⁻¹"),
    (r"e^{i\pi}", "e^(iπ)"),                      # no superscript π: shown as ^( )
    (r"x_{\max}", "xₘₐₓ"),
    (r"x_{\mathrm{best}}", "x_(best)"),           # no subscript b
    (r"x_b", "x_b"),
    (r"N \cdot D \le 200\,000", "N · D ≤ 200\u2009000"),
    (r"n \times m", "n × m"),
    (r"\sum_{i=1}^{n} a_i", "∑ᵢ₌₁ⁿ aᵢ"),
    (r"\frac{1}{m}\sum_i x_i", "1/m ∑ᵢ xᵢ"),
    (r"\frac1m", "1/m"),
    (r"\frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}}", "(x - μ)/√(σ² + ε)"),
    (r"\partial\ell/\partial y", "∂ℓ/∂y"),
    (r"\frac{\partial \ell}{\partial x_{ij}}", "∂ℓ/∂xᵢⱼ"),
    (r"\hat{x}_i", "x\u0302ᵢ"),
    (r"\left\lfloor \frac{n}{2} \right\rfloor", "⌊n/2⌋"),
    (r"\lceil x \rceil", "⌈x⌉"),
    (r"O(n \log n)", "O(n log n)"),
    (r"|\mathit{Data}| \le 10^9", "|Data| ≤ 10⁹"),
    (r"\text{running\_mean}", "running_mean"),
    (r"H \ne -1", "H ≠ -1"),
    (r"00100 \to 12309", "00100 → 12309"),
    (r"x \equiv 1 \pmod{p}", "x ≡ 1 (mod p)"),
    (r"\{1, 2\}", "{1, 2}"),
    (r"\mathbb{R}^n", "ℝⁿ"),
    (r"\binom{n}{k}", "C(n, k)"),
    (r"\sqrt[3]{x}", "∛x"),
    (r"\unknowncommand x", "unknowncommand x"),
])
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize("markdown, shown", [
    ("Given $n$ with $1 \\le n$.", "Given n with 1 ≤ n."),
    ("Code `$x \\le y$` stays.", "Code `$x \\le y$` stays."),
    ("```\n$x \\le y$\n```\n", "```\n$x \\le y$\n```\n"),
    ("It costs $5 and $6.", "It costs $5 and $6."),         # money, not math
    ("Then $$x \\le y$$ holds.", "Then \n\n\u2003x ≤ y\n\n holds."),
    ("Bars $|a_i| \\le 1$ escaped", "Bars \\|aᵢ\\| ≤ 1 escaped"),  # no Markdown table by accident
    ("$a$\n\nb $c$", "a\n\nb c"),
])
def test_math_in_markdown(markdown, shown):
    assert math_in_markdown(markdown) == shown


# --- judge list ------------------------------------------------------------------------------------

def test_list_shows_every_problem_with_its_facts(judge_cli):
    proc = judge_cli("list")
    assert proc.returncode == 0, proc.stderr
    assert REPO_PROBLEMS and all(slug in proc.stdout for slug in REPO_PROBLEMS)
    incdec = proc.stdout[proc.stdout.index("incdec"):]
    for fact in ("IncDec Sequence", "difference array", "medium", "1 s, 256 MiB", "not tried"):
        assert fact in incdec


@pytest.mark.slow
def test_list_status_goes_from_not_tried_to_tried_to_solved(judge_cli, tmp_path):
    (tmp_path / "problems").mkdir()
    shutil.copytree(PACKAGES / "sum-default", tmp_path / "problems" / "sum-default")

    def state() -> str:
        proc = judge_cli("list", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        line = next(line for line in proc.stdout.splitlines() if line.startswith("sum-default"))
        return line.split("│")[-1].strip()

    assert state() == "not tried"
    assert judge_cli("run", "sum-default", str(PROGRAMS / "wa.py"), "-j", "1", cwd=tmp_path).returncode == 1
    assert state() == "tried"
    assert judge_cli("test", "sum-default", str(PROGRAMS / "ac.py"), cwd=tmp_path).returncode == 0
    assert state() == "tried"  # accepted on the samples only: not solved
    assert judge_cli("run", "sum-default", str(PROGRAMS / "ac.py"), "-j", "1", "--time-limit", "5",
                     cwd=tmp_path).returncode == 0
    assert state() == "tried"  # accepted only with a looser time limit: not solved
    assert judge_cli("run", "sum-default", str(PROGRAMS / "ac.py"), "-j", "1", cwd=tmp_path).returncode == 0
    assert state() == "solved"


def test_list_shows_a_broken_package_with_its_error(judge_cli, tmp_path):
    (tmp_path / "problems" / "broken").mkdir(parents=True)
    (tmp_path / "problems" / "broken" / "problem.yaml").write_text("limits: {time_limit: [\n")
    (tmp_path / "problems" / "empty-folder").mkdir()
    proc = judge_cli("list", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    broken = proc.stdout[proc.stdout.index("broken"):]
    assert "malformed YAML" in broken
    assert "no problem.yaml" in proc.stdout[proc.stdout.index("empty-folder"):]
    assert "incdec" in proc.stdout  # the repository's problems are still listed


def test_list_with_an_unreadable_history_warns_once(judge_cli, tmp_path, monkeypatch):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database " * 100)
    monkeypatch.setenv("JUDGE_HISTORY", str(garbage))
    proc = judge_cli("list")
    assert proc.returncode == 0 and "incdec" in proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1 and "warning" in proc.stderr


# --- judge show ------------------------------------------------------------------------------------

def test_show_renders_the_statement_with_readable_math(judge_cli):
    proc = judge_cli("show", "incdec")
    assert proc.returncode == 0, proc.stderr
    assert "IncDec Sequence" in proc.stdout and "0 ≤ aᵢ < 2³¹" in proc.stdout
    assert "$" not in proc.stdout and "\\le" not in proc.stdout
    assert "1 1 2 2" in proc.stdout                      # the samples the statement shows ...
    assert "data/sample/" not in proc.stdout             # ... are not appended a second time


def test_show_appends_samples_the_statement_lacks(judge_cli, tmp_path):
    proc = judge_cli("show", SUM)
    assert proc.returncode == 0, proc.stderr
    given = (PACKAGES / "sum-default" / "data" / "sample" / "1.in").read_text().split()
    answer = (PACKAGES / "sum-default" / "data" / "sample" / "1.ans").read_text().split()
    after = proc.stdout[proc.stdout.index("data/sample/1.in"):]
    assert " ".join(given) in " ".join(after.split()) and answer[0] in after


def test_show_reads_a_legacy_tex_statement(judge_cli):
    proc = judge_cli("show", str(PACKAGES / "sum-legacy"))
    assert proc.returncode == 0 and "Sum of integers" in proc.stdout and "\\problemname" not in proc.stdout


def test_show_of_unknown_problem_is_one_line(judge_cli):
    proc = judge_cli("show", "no-such-problem")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "not found" in proc.stderr


EDITORIAL_HEADING = "IncDec Sequence: editorial"


def test_editorial_without_a_terminal_or_yes_is_refused(judge_cli):
    proc = subprocess.run([sys.executable, "-m", "judge", "show", "incdec", "--editorial"], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and EDITORIAL_HEADING not in proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1 and "--yes" in proc.stderr


def test_editorial_with_yes_is_shown_without_a_question(judge_cli):
    proc = judge_cli("show", "incdec", "--editorial", "--yes")
    assert proc.returncode == 0 and EDITORIAL_HEADING in proc.stdout and "Show the editorial" not in proc.stderr


@pytest.mark.parametrize("answer, shown", [(b"y\n", True), (b"n\n", False), (b"\n", False)])
def test_editorial_asks_on_a_terminal(answer, shown):
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "judge", "show", "incdec", "--editorial"], cwd=ROOT,
                                stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.write(master, answer)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0
    assert "Show the editorial of incdec? [y/N]" in err
    assert (EDITORIAL_HEADING in out) is shown


# --- judge new: starters that fail honestly ---------------------------------------------------------

@pytest.mark.parametrize("problem", ["incdec", "linked-list-backward"])
@pytest.mark.parametrize("lang", ["py", "cpp"])
@pytest.mark.slow
def test_starter_runs_and_gets_wrong_answer(judge_cli, tmp_path, problem, lang):
    proc = judge_cli("new", problem, "--lang", lang, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    starter = tmp_path / f"{problem}.{lang}"
    assert starter.is_file() and str(starter.name) in proc.stdout
    judged = judge_cli("run", problem, str(starter), "--samples", "--json", "-j", "1", cwd=tmp_path)
    doc = json.loads(judged.stdout)
    assert doc["verdict"] == "WA", doc
    assert doc["tests"] and all(t["verdict"] == "WA" for t in doc["tests"]), doc["tests"]


def test_new_refuses_to_overwrite(judge_cli, tmp_path):
    target = tmp_path / "mine.py"
    target.write_text("# my work\n")
    proc = judge_cli("new", "incdec", str(target))
    assert proc.returncode == 2 and "already exists" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert target.read_text() == "# my work\n"


@pytest.mark.parametrize("args, fragment", [
    (["new", "incdec", "x.cpp", "--lang", "py"], "does not match"),
    (["new", "incdec", "x.rb"], "unknown extension"),
    (["new", "incdec", "missing-dir/x.py"], "cannot be written"),
    (["new", "no-such-problem"], "not found"),
])
def test_new_bad_input_is_one_line(judge_cli, tmp_path, args, fragment):
    proc = judge_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2 and fragment in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_new_takes_the_language_from_the_path(judge_cli, tmp_path):
    assert judge_cli("new", "incdec", "attempt.cpp", cwd=tmp_path).returncode == 0
    assert "#include" in (tmp_path / "attempt.cpp").read_text()


FUNCTION_STATEMENT = """# Scale

Define `scale(x, factor) -> (scaled, cache)` and `unscale(scaled, cache) -> x`.
"""


def _function_problem(tmp_path, functions: str):
    package = tmp_path / "scale"
    (package / "statement").mkdir(parents=True)
    (package / "statement" / "problem.en.md").write_text(FUNCTION_STATEMENT)
    (package / "problem.yaml").write_text(
        "name: Scale\nlimits: {time_limit: 1.0, memory: 256}\n"
        f"x-judge:\n  type: function\n  language: python\n  functions: {functions}\n")
    return package


def _load_module(path):
    spec = importlib.util.spec_from_file_location("starter_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("functions", [
    "[scale, unscale]",                                                     # names: signatures from the statement
    "{scale: '(x, factor) -> (scaled, cache)', unscale: '(scaled, cache) -> x'}",  # signatures in problem.yaml
])
def test_function_problem_starter_defines_the_functions(judge_cli, tmp_path, functions):
    package = _function_problem(tmp_path, functions)
    proc = judge_cli("new", str(package), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    module = _load_module(tmp_path / "scale.py")
    assert module.scale.__code__.co_varnames[:2] == ("x", "factor")
    assert module.scale(1, 2) == (None, None)      # well-formed (a pair, as promised), but wrong
    assert module.unscale(None, None) is None
    assert judge_cli("new", str(package), "s.cpp", "--lang", "cpp", cwd=tmp_path).returncode == 2


def test_batchnorm_numpy_starter_defines_its_functions(judge_cli, tmp_path):
    if not (ROOT / "problems" / "batchnorm-numpy" / "problem.yaml").is_file():
        pytest.skip("problems/batchnorm-numpy is not in this checkout")
    from judge.package import load_problem_yaml

    wanted = load_problem_yaml("batchnorm-numpy").extensions.get("functions")
    assert judge_cli("new", "batchnorm-numpy", cwd=tmp_path).returncode == 0
    module = _load_module(tmp_path / "batchnorm-numpy.py")
    names = wanted if isinstance(wanted, list) else list(wanted)
    assert names and all(callable(getattr(module, name)) for name in names)


# --- judge test: the samples only, through judge run ------------------------------------------------

def test_test_runs_only_the_samples_and_records_them(judge_cli):
    proc = judge_cli("test", SUM, str(PROGRAMS / "ac.py"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert [t["name"] for t in json.loads(proc.stdout)["tests"]] == ["sample/1"]
    (attempt,) = history.attempts()
    assert attempt.samples_only and attempt.total == 1
    assert judge_cli("test", SUM, str(PROGRAMS / "wa.py"), "--samples").returncode == 1


def test_test_has_the_options_of_run(judge_cli):
    run_help, test_help = judge_cli("run", "--help").stdout, judge_cli("test", "--help").stdout
    for option in ("--json", "--junit", "--fail-fast", "--time-limit", "--sandbox", "--history", "--samples"):
        assert option in run_help and option in test_help
