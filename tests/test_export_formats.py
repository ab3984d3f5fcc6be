"""`judge export --format legacy|2023-07|2025-09`: each export loads back through our loader
with the same tests, limits and solutions; problemtools' verifyproblem (when installed)
verifies it with every submission judged as its folder says; what cannot be exported is
refused in one line before anything is written."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from judge.errors import UserError
from judge.export import FORMATS, export, short_name
from judge.package import load_problem

ROOT = Path(__file__).resolve().parent.parent
BAR = ("incdec", "linked-list-backward", "batchnorm")

# problemtools' own language table runs Python 3 as PyPy (no NumPy here), Java with
# -source 21 and Go with gccgo; this machine's toolchains are CPython with NumPy, Java 17
# and go. The same override a judge host would put in ~/.config/problemtools/.
PROBLEMTOOLS_LANGUAGES = """\
python3:
    name: 'Python 3 (CPython)'
    compile: 'python3 -m py_compile {files}'
    run: 'python3 "{mainfile}"'
java:
    compile: 'javac -encoding UTF-8 -sourcepath {path} -d {path} {files}'
go:
    compile: 'go build -o {binary} {files}'
"""


def _exported(slug: str, fmt: str, dest: Path):
    original = load_problem(ROOT / "problems" / slug)
    return original, export(original, dest, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("slug", BAR)
def test_export_loads_back_with_the_same_tests_limits_and_solutions(slug, fmt, tmp_path):
    original, folder = _exported(slug, fmt, tmp_path)
    exported = load_problem(folder)
    assert [(t.name, t.answer.read_bytes(), t.validator_args) for t in exported.tests] == \
        [(t.name, t.answer.read_bytes(), t.validator_args) for t in original.tests]
    assert (exported.time_limit_s, exported.memory_mib, exported.output_mib, exported.timing) == \
        (original.time_limit_s, original.memory_mib, original.output_mib, original.timing)
    left_out = FORMATS[fmt].left_out
    ours = sorted((s.path.stem, s.expected) for s in original.solutions()  # a Java file may become a folder
                  if s.expected is not None and s.path.suffix not in left_out)
    assert sorted((s.path.stem, s.expected) for s in exported.solutions()) == ours
    assert exported.statement is not None and exported.name == original.name


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_legacy_package_exports_with_its_flags_time_limit_and_checker(fmt, tmp_path):
    original = load_problem(ROOT / "tests" / "fixtures" / "packages" / "sum-legacy")
    exported = load_problem(export(original, tmp_path, fmt))
    assert [(t.name, t.validator_args) for t in exported.tests] == [(t.name, t.validator_args) for t in original.tests]
    assert {t.validator_args for t in exported.tests} == {("legacy_flag",)}
    assert (exported.time_limit_s, exported.timing) == (original.time_limit_s, original.timing)
    assert exported.output_validator is not None and not exported.interactive
    assert sorted(s.path.name for s in exported.solutions()) == sorted(s.path.name for s in original.solutions())
    assert str(exported.config["problem_format_version"]) == FORMATS[fmt].version


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_java_file_not_named_after_its_public_class_becomes_a_folder_of_that_name(fmt, tmp_path):
    _, folder = _exported("incdec", fmt, tmp_path)
    assert [p.name for p in (folder / "submissions" / "accepted" / "incdec").iterdir()] == ["IncDec.java"]
    assert [p.name for p in (folder / "submissions" / "wrong_answer" / "int32_sums").iterdir()] == ["Main.java"]
    assert not (folder / "submissions" / "accepted" / "incdec.java").exists()


@pytest.mark.parametrize("fmt, left_out", [("legacy", ["incdec.go", "incdec.js"]),
                                           ("2023-07", ["incdec.go", "incdec.js"]), ("2025-09", [])])
def test_go_and_javascript_are_left_out_where_problemtools_reads_saying_so(fmt, left_out, tmp_path):
    said: list[str] = []
    folder = export(load_problem(ROOT / "problems" / "incdec"), tmp_path, fmt, said.append)
    kept = sorted(p.name for p in (folder / "submissions" / "accepted").iterdir())
    assert all(name not in kept for name in left_out) and "incdec.cpp" in kept
    assert [line.split(":")[0] for line in said] == [f"left out accepted/{name}" for name in left_out]
    assert all("address-space limit" in line for line in said)


@pytest.mark.parametrize("fmt", ["legacy", "2023-07"])
def test_problemtools_formats_have_only_keys_problemtools_allows(fmt, tmp_path):
    _, folder = _exported("batchnorm", fmt, tmp_path)
    config = yaml.safe_load((folder / "problem.yaml").read_text())
    assert "x-judge" not in config
    assert str(config["problem_format_version"]) == FORMATS[fmt].version
    assert yaml.safe_load((folder / "data" / "testdata.yaml").read_text()) == \
        {"output_validator_flags": "float_tolerance 1e-6"}
    assert not (folder / "data" / "test_group.yaml").exists()


def test_2025_09_keeps_the_judges_extension_and_list_arguments(tmp_path):
    _, folder = _exported("batchnorm", "2025-09", tmp_path)
    assert yaml.safe_load((folder / "problem.yaml").read_text())["x-judge"] == {"difficulty": "medium"}
    assert yaml.safe_load((folder / "data" / "test_group.yaml").read_text()) == \
        {"output_validator_args": ["float_tolerance", "1e-6"]}


def test_legacy_has_a_latex_statement_a_timelimit_file_and_no_2025_folders(tmp_path):
    original, folder = _exported("incdec", "legacy", tmp_path)
    statement = (folder / "problem_statement" / "problem.en.tex").read_text()
    assert statement.startswith(r"\problemname{IncDec Sequence}")
    assert (folder / ".timelimit").read_text().strip() == "1"
    assert not (folder / "statement").exists() and not (folder / "generators").exists()
    assert "time_limit" not in yaml.safe_load((folder / "problem.yaml").read_text())["limits"]


@pytest.mark.parametrize("slug, name", [("linked-list-backward", "linkedlistbackward"), ("incdec", "incdec"),
                                        ("Batch_Norm2", "batchnorm2")])
def test_short_name_is_the_slug_without_other_characters(slug, name):
    assert short_name(slug) == name


def test_the_folder_is_named_after_the_short_name_only_where_the_format_needs_it(tmp_path):
    assert _exported("linked-list-backward", "legacy", tmp_path / "a")[1].name == "linkedlistbackward"
    assert _exported("linked-list-backward", "2023-07", tmp_path / "b")[1].name == "linkedlistbackward"
    assert _exported("linked-list-backward", "2025-09", tmp_path / "c")[1].name == "linked-list-backward"


def test_a_slug_with_no_letter_or_digit_is_refused():
    with pytest.raises(UserError, match="no letter or digit"):
        short_name("---")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_function_problem_is_refused_and_nothing_is_written(fmt, tmp_path):
    with pytest.raises(UserError, match="function problem"):
        _exported("batchnorm-numpy", fmt, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_kind_the_format_cannot_express_is_refused(tmp_path):
    problem = load_problem(ROOT / "problems" / "linked-list-queries")
    problem.multi_pass = True  # legacy has no multi-pass
    with pytest.raises(UserError, match="legacy format cannot express that; export it as 2023-07 or 2025-09"):
        export(problem, tmp_path / "out", "legacy")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["legacy", "2023-07"])
def test_a_scoring_problem_exports_as_2025_09_only(fmt, tmp_path):
    problem = load_problem(ROOT / "tests" / "fixtures" / "packages" / "double-scoring")
    with pytest.raises(UserError, match="scoring: the .* format cannot express that; export it as 2025-09"):
        export(problem, tmp_path / "out", fmt)
    assert not (tmp_path / "out").exists()
    again = load_problem(export(problem, tmp_path / "modern", "2025-09"))
    assert again.scoring and (again.path / "data" / "secret" / "group3" / "test_group.yaml").is_file()


def test_an_interactive_problem_keeps_its_interactor(tmp_path):
    legacy = load_problem(export(load_problem(ROOT / "problems" / "linked-list-queries"), tmp_path / "l", "legacy"))
    draft = load_problem(export(load_problem(ROOT / "problems" / "linked-list-queries"), tmp_path / "d", "2023-07"))
    assert legacy.interactive and legacy.output_validator.parent.name == "output_validators"
    assert draft.interactive and draft.output_validator.name == "output_validator"


def test_an_existing_destination_is_refused_before_anything_is_written(tmp_path):
    target = tmp_path / "linkedlistbackward"
    target.mkdir()
    (target / "mine.txt").write_text("keep")
    with pytest.raises(UserError, match="already exists"):
        _exported("linked-list-backward", "legacy", tmp_path)
    assert [p.name for p in target.iterdir()] == ["mine.txt"]


def _judge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "judge", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_refuses_a_function_problem_in_one_line_with_exit_2(tmp_path):
    done = _judge("export", "batchnorm-numpy", str(tmp_path / "out"), "--format", "legacy")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "function problem" in done.stderr and "Traceback" not in done.stderr


def test_cli_says_the_derived_short_name(tmp_path):
    done = _judge("export", "linked-list-backward", str(tmp_path), "--format", "2023-07")
    assert done.returncode == 0, done.stderr
    assert "short name linkedlistbackward" in done.stdout
    assert (tmp_path / "linkedlistbackward" / "problem.yaml").is_file()


def test_cli_refuses_an_unknown_format(tmp_path):
    done = _judge("export", "incdec", str(tmp_path), "--format", "2024-01")
    assert done.returncode == 2 and "Traceback" not in done.stderr and not any(tmp_path.iterdir())


def _missing_toolchains() -> list[str]:
    return [tool for tool in ("gcc", "g++", "javac", "kotlinc", "kotlin", "rustc") if not shutil.which(tool)]


@pytest.mark.skipif(not shutil.which("verifyproblem"), reason="problemtools' verifyproblem is not installed "
                                                               "(pip install problemtools)")
@pytest.mark.skipif(bool(_missing_toolchains()), reason="verifyproblem needs a toolchain of every submission's "
                                                        "language")
@pytest.mark.parametrize("fmt", ["legacy", "2023-07"])
@pytest.mark.parametrize("slug", BAR)
@pytest.mark.slow
def test_verifyproblem_verifies_the_export(slug, fmt, tmp_path):
    """Every part but the statement, which needs LaTeX (lualatex) and pandoc installed: then it is checked too."""
    _, folder = _exported(slug, fmt, tmp_path / "out")
    (tmp_path / "config" / "problemtools").mkdir(parents=True)
    (tmp_path / "config" / "problemtools" / "languages.yaml").write_text(PROBLEMTOOLS_LANGUAGES)
    parts = ["config", "validators", "graders", "data", "submissions"]
    if shutil.which("lualatex") and shutil.which("pandoc"):
        parts.append("statement")
    done = subprocess.run(["verifyproblem", str(folder), "-p", *parts], capture_output=True, text=True,
                          env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert done.returncode == 0 and " 0 errors" in done.stdout, done.stdout + done.stderr
