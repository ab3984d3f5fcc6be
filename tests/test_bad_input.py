"""Bad input of every kind, on every command: exit status 2, one line on stderr that names the
bad thing (`judge: error: ...`), no traceback, and nothing judged or written first."""
import json
import os
import shutil

import pytest

from conftest import PACKAGES, ROOT

SUM = PACKAGES / "sum-2025"
SUM_SOLUTION = SUM / "submissions" / "accepted" / "sum.py"
VERIFY_SUM = PACKAGES / "verify-sum"
INCDEC_SOLUTION = ROOT / "solutions" / "incdec" / "accepted" / "incdec.py"


def _package(tmp_path, edit=None):
    """A copy of the sum-2025 fixture, changed by `edit(folder)`."""
    folder = tmp_path / "pkg"
    shutil.copytree(SUM, folder)
    if edit:
        edit(folder)
    return folder


def _limit(line: str):
    """problem.yaml with one line of its limits replaced (e.g. 'memory: 0.5')."""
    def edit(folder):
        key = line.split(":")[0]
        lines = [f"  {line}" if row.strip().startswith(key + ":") else row
                 for row in (folder / "problem.yaml").read_text().splitlines()]
        if not any(row.strip() == line for row in lines):
            lines.insert(lines.index("limits:") + 1, f"  {line}")
        (folder / "problem.yaml").write_text("\n".join(lines) + "\n")
    return edit


def _top(key: str, value: str):
    def edit(folder):
        lines = [row for row in (folder / "problem.yaml").read_text().splitlines()
                 if not row.startswith(key + ":") and not (key == "name" and row.startswith("  en:"))]
        (folder / "problem.yaml").write_text("\n".join([f"{key}: {value}", *lines]) + "\n")
    return edit


def _orphan_answer(folder):
    (folder / "data" / "sample" / "2.ans").write_text("3\n")


def _yaml_folder(folder):
    (folder / "problem.yaml").unlink()
    (folder / "problem.yaml").mkdir()


# (id, argv with {pkg} {tmp} {sol} placeholders, package edit or None, env, words the error line must hold)
CASES = [
    ("junit-folder-missing", ["run", "{pkg}", "{sol}", "--junit", "/nonexistent/d/r.xml"], None, {},
     ["--junit", "/nonexistent/d", "does not exist"]),
    ("time-limit-inf", ["run", "{pkg}", "{sol}", "--time-limit", "inf"], None, {}, ["--time-limit", "inf"]),
    ("time-limit-nan", ["run", "{pkg}", "{sol}", "--time-limit", "nan"], None, {}, ["--time-limit", "nan"]),
    ("time-limit-huge", ["run", "{pkg}", "{sol}", "--time-limit", "1e30"], None, {}, ["--time-limit", "1e30"]),
    ("time-limit-negative", ["test", "{pkg}", "{sol}", "--time-limit", "-1"], None, {}, ["--time-limit", "-1"]),
    ("unknown-option", ["run", "{pkg}", "{sol}", "--bogus"], None, {}, ["--bogus", "judge run --help"]),
    ("missing-argument", ["run", "{pkg}"], None, {}, ["SOLUTION"]),
    ("unknown-command", ["nope"], None, {}, ["nope"]),
    ("unknown-language", ["run", "{pkg}", "{sol}", "--lang", "cobol"], None, {}, ["cobol"]),
    ("solution-missing", ["run", "{pkg}", "{tmp}/nothing.py"], None, {}, ["nothing.py"]),
    ("problem-missing", ["run", "{tmp}/nothing", "{sol}"], None, {}, ["nothing"]),
    ("memory-fraction", ["run", "{pkg}", "{sol}"], _limit("memory: 0.5"), {}, ["limits.memory", "0.5"]),
    ("memory-boolean", ["show", "{pkg}"], _limit("memory: true"), {}, ["limits.memory", "True"]),
    ("time-limit-yaml-inf", ["run", "{pkg}", "{sol}"], _limit("time_limit: .inf"), {}, ["limits.time_limit", "inf"]),
    ("time-limit-yaml-huge", ["run", "{pkg}", "{sol}"], _limit("time_limit: 1e30"), {}, ["limits.time_limit"]),
    ("format-version-unknown", ["run", "{pkg}", "{sol}"], _top("problem_format_version", "2099-01"), {},
     ["problem_format_version", "2099-01"]),
    ("name-list", ["show", "{pkg}"], _top("name", "[a, b]"), {}, ["name", "['a', 'b']"]),
    ("problem-yaml-is-a-folder", ["show", "{pkg}"], _yaml_folder, {}, ["problem.yaml", "not a file"]),
    ("answer-without-input", ["run", "{pkg}", "{sol}"], _orphan_answer, {}, ["2.ans", "no input file"]),
    ("cache-dir-is-a-file", ["run", "{pkg}", "{sol}"], None, {"JUDGE_CACHE_DIR": "{tmp}/file"},
     ["JUDGE_CACHE_DIR", "is a file"]),
    ("python-missing", ["run", "{pkg}", "{sol}"], None, {"JUDGE_PYTHON": "/nonexistent/python3"},
     ["JUDGE_PYTHON=/nonexistent/python3"]),
    ("python-not-python", ["run", "{pkg}", "{sol}"], None, {"JUDGE_PYTHON": "/bin/true"},
     ["JUDGE_PYTHON=/bin/true", "not a Python 3"]),
    ("export-under-proc", ["export", "{pkg}", "/proc/judge-export"], None, {}, ["/proc"]),
    ("export-under-a-file", ["export", "{pkg}", "{tmp}/file/out"], None, {}, ["is not a folder"]),
    ("export-format", ["export", "{pkg}", "{tmp}/out", "--format", "2099"], None, {}, ["--format", "2099"]),
    ("verify-unknown-name", ["verify", "nope-not-a-problem"], None, {}, ["nope-not-a-problem"]),
    ("verify-nothing", ["verify"], None, {}, ["--all"]),
    ("generate-without-generators", ["generate", "{pkg}"], None, {}, ["generators.yaml"]),
    ("history-limit", ["history", "-n", "-1"], None, {}, ["-n"]),
    ("new-existing-file", ["new", "{pkg}", "{tmp}/file"], None, {}, ["file"]),
    ("grade-missing-folder", ["grade", "{tmp}/no-submissions"], None, {}, ["no-submissions"]),
    ("grade-csv-folder-missing", ["grade", "{tmp}/subs", "--csv", "/nonexistent/g.csv"], None, {},
     ["--csv", "/nonexistent"]),
    ("grade-results-under-a-file", ["grade", "{tmp}/subs", "--results", "{tmp}/file/g.sqlite3"], None, {},
     ["results file"]),
    ("stress-unbalanced-quote", ["stress", "{verify}", "{vsol}", "--generator", "gen.py 'x"], None, {},
     ["--generator", "No closing quotation"]),
    ("stress-generator-missing", ["stress", "{verify}", "{vsol}", "--generator", "nope.py --n 3"], None, {},
     ["--generator", "nope.py"]),
    ("stress-save-path", ["stress", "{verify}", "{vsol}", "--save", "../x"], None, {}, ["--save", "../x"]),
    ("stress-save-existing", ["stress", "{verify}", "{vsol}", "--save", "10-random-01"], None, {},
     ["--save", "already exists"]),
    ("stress-time-inf", ["stress", "{verify}", "{vsol}", "--time", "inf"], None, {}, ["--time", "inf"]),
    ("bench-plot-format", ["bench", "{verify}", "{vsol}", "--plot", "{tmp}/out.txt"], None, {}, ["--plot", ".txt"]),
    ("bench-plot-folder-missing", ["bench", "{verify}", "{vsol}", "--plot", "/nonexistent/x.png"], None, {},
     ["--plot", "/nonexistent"]),
    ("bench-sizes-inf", ["bench", "{verify}", "{vsol}", "--sizes", "inf"], None, {}, ["--sizes", "inf"]),
    ("bench-generator-missing", ["bench", "{verify}", "{vsol}", "--generator", "nope.py"], None, {},
     ["--generator", "nope.py"]),
]


def _fill(text: str, values: dict) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@pytest.mark.parametrize("name, argv, edit, env, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_error_line_and_status_2(judge_cli, tmp_path, monkeypatch, name, argv, edit, env, words):
    (tmp_path / "file").write_text("not a folder\n")
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    shutil.copy(SUM_SOLUTION, tmp_path / "subs" / "alice" / "pkg.py")
    values = {"pkg": _package(tmp_path, edit), "tmp": tmp_path, "sol": SUM_SOLUTION, "verify": VERIFY_SUM,
              "vsol": VERIFY_SUM / "submissions" / "accepted" / "sum.py"}
    for key, value in env.items():
        monkeypatch.setenv(key, _fill(value, values))
    before = sorted(p.name for p in (VERIFY_SUM / "data" / "secret").iterdir())
    proc = judge_cli(*[_fill(a, values) for a in argv])
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("judge: error: ")]
    assert len(errors) == 1, proc.stderr
    for word in words:
        assert word in errors[0], (word, errors[0])
    assert sorted(p.name for p in (VERIFY_SUM / "data" / "secret").iterdir()) == before  # nothing saved


def test_with_json_an_error_is_also_a_json_object_on_stdout(judge_cli, tmp_path):
    for argv in (["run", str(SUM), str(SUM_SOLUTION), "--json", "--bogus"],
                 ["run", str(tmp_path / "nothing"), str(SUM_SOLUTION), "--json"],
                 ["verify", "nope-not-a-problem", "--json"]):
        proc = judge_cli(*argv)
        assert proc.returncode == 2
        error = json.loads(proc.stdout)["error"]
        assert error and error in proc.stderr.splitlines()[-1]


def test_verify_checks_every_name_before_verifying_any(judge_cli):
    """A typo after a real problem is said at once, not after verifying the real one."""
    proc = judge_cli("verify", str(VERIFY_SUM), "nope-not-a-problem", "--json")
    assert proc.returncode == 2
    assert "nope-not-a-problem" in proc.stderr
    assert "problems" not in json.loads(proc.stdout)  # no report: nothing was verified


def test_generators_yaml_with_an_unbalanced_quote_is_one_line(judge_cli, tmp_path):
    package = tmp_path / "gen"
    shutil.copytree(VERIFY_SUM, package)
    config = package / "generators" / "generators.yaml"
    config.write_text(config.read_text().replace("gen.py", "gen.py 'x", 1))
    proc = judge_cli("generate", str(package), "--force")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "No closing quotation" in proc.stderr.splitlines()[-1]


def test_no_command_shows_the_help_with_status_2(judge_cli):
    proc = judge_cli()
    assert proc.returncode == 2 and "Commands:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: /proc refuses even root")
def test_export_destination_is_checked_before_anything_is_written(judge_cli):
    proc = judge_cli("export", str(SUM), "/proc/judge-export/deeper")
    assert proc.returncode == 2 and not os.path.exists("/proc/judge-export")
