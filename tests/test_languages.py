"""Languages as the language table promises them: every language judges a tiny program
(AC) and reports a build failure as CE; `--lang` picks a language; a missing toolchain is
one line and exit 2; `judge languages` lists them; the build cache skips a second build;
folder programs build as a whole; the JVM is judged like C++ (no MLE for a small program)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge import languages
from judge.errors import UserError
from judge.judging import judge_solution
from judge.languages import LANGUAGES, by_name, prepare
from judge.package import load_problem
from judge.verdicts import Verdict

from conftest import FIXTURES

HERE = FIXTURES / "languages"
PROGRAMS = HERE / "programs"
SUM = HERE / "sum"
EXTENSION = {lang.name: lang.extensions[0] for lang in LANGUAGES if lang.extensions}
COMPILED = [lang.name for lang in LANGUAGES if lang.compile and lang.extensions]


def installed(name: str) -> bool:
    return languages.installed(by_name(name))


def needs(name: str):
    return pytest.mark.skipif(not installed(name), reason=f"the {name} toolchain is not installed here")


def with_toolchain(names):
    return [pytest.param(name, marks=needs(name)) for name in names]


@pytest.fixture(scope="module")
def problem():
    return load_problem(SUM)


def judged(problem, path: Path, **options):
    result = judge_solution(problem, path, jobs=1, **options)
    return result, [(t.name, t.verdict.value, t.message) for t in result.tests if t.verdict is not Verdict.AC]


# ---------------------------------------------------------------- every language


@pytest.mark.parametrize("name", with_toolchain(EXTENSION))
@pytest.mark.slow
def test_a_tiny_program_is_accepted_in_every_language(problem, name):
    result, failing = judged(problem, PROGRAMS / f"ac{EXTENSION[name]}")
    assert result.verdict is Verdict.AC, (result.message, failing)
    assert result.language == name and len(result.tests) == 3


@pytest.mark.parametrize("name", with_toolchain(COMPILED))
@pytest.mark.slow
def test_a_build_failure_is_a_compilation_error_with_the_compilers_words(problem, name):
    source = PROGRAMS / f"ce{EXTENSION[name]}"
    result, _ = judged(problem, source)
    assert result.verdict is Verdict.CE and not result.tests
    assert "undefined" in result.message.replace("_n", "N").lower() or "cannot find symbol" in result.message
    assert source.name in result.message  # the user's file name, not the build folder's


@needs("javascript")
def test_an_interpreted_language_has_no_build_a_syntax_error_is_a_run_time_error(problem):
    result, failing = judged(problem, PROGRAMS / "syntax_error.js", fail_fast=True)
    assert result.verdict is Verdict.RTE and failing[0][2].startswith("exit status 1")


def test_every_language_has_a_name_a_run_command_a_version_probe_and_an_install_hint():
    names = [lang.name for lang in LANGUAGES]
    assert {"python", "pypy3", "c", "cpp", "java", "kotlin", "rust", "go", "javascript"} <= set(names)
    assert len(set(names)) == len(names)
    extensions = [ext for lang in LANGUAGES for ext in lang.extensions]
    assert len(set(extensions)) == len(extensions)  # one language per extension
    for lang in LANGUAGES:
        assert lang.run and lang.version and lang.install and lang.title


def test_extensions_follow_the_kattis_list():
    assert languages.language_for(Path("a.py3")).name == "python"
    assert languages.language_for(Path("a.C")).name == "cpp" and languages.language_for(Path("a.c")).name == "c"
    for name, ext in (("java", ".java"), ("kotlin", ".kt"), ("rust", ".rs"), ("go", ".go"), ("javascript", ".js")):
        assert languages.language_for(Path(f"x{ext}")).name == name


# ---------------------------------------------------------------- --lang


@needs("pypy3")
def test_lang_pypy3_runs_a_python_file_under_pypy(problem):
    assert judged(problem, PROGRAMS / "pypy_only.py")[0].verdict is Verdict.RTE  # CPython by default
    result, failing = judged(problem, PROGRAMS / "pypy_only.py", language="pypy3")
    assert result.verdict is Verdict.AC and result.language == "pypy3", failing


@needs("pypy3")
@pytest.mark.slow
def test_the_incdec_reference_is_accepted_under_pypy():
    """The sixth new language of the IncDec bar: its Python reference, run by PyPy."""
    root = FIXTURES.parents[1]
    incdec = load_problem(root / "problems" / "incdec")
    result = judge_solution(incdec, root / "solutions" / "incdec" / "accepted" / "incdec.py", language="pypy3",
                            fail_fast=True)
    assert result.verdict is Verdict.AC and result.language == "pypy3" and len(result.tests) == len(incdec.tests)


@needs("pypy3")
def test_judge_run_takes_lang(judge_cli):
    proc = judge_cli("run", str(SUM), str(PROGRAMS / "pypy_only.py"), "--lang", "pypy3", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "AC"


def test_an_unknown_lang_is_one_line_and_exit_2(judge_cli):
    proc = judge_cli("run", str(SUM), str(PROGRAMS / "ac.py"), "--lang", "cobol")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "unknown language 'cobol'" in proc.stderr and "pypy3" in proc.stderr


# ---------------------------------------------------------------- a missing toolchain


@pytest.fixture
def go_is_missing(monkeypatch):
    """The Go entry, with a compiler that is on no PATH."""
    missing = [lang if lang.name != "go" else languages.Language(
        "go", "Go", (".go",), "main.go", ("go-not-installed-here", "build", "-o", "{out}", "{srcs}"), ("{prog}",),
        ("go-not-installed-here", "version"), install="golang-go") for lang in LANGUAGES]
    monkeypatch.setattr(languages, "LANGUAGES", tuple(missing))


def invoke(*args: str):
    from judge.cli import main

    return CliRunner().invoke(main, list(args))


def test_a_missing_toolchain_is_one_line_and_exit_2(go_is_missing):
    outcome = invoke("run", str(SUM), str(PROGRAMS / "ac.go"))
    assert outcome.exit_code == 2, outcome.output
    assert outcome.stdout == "" and outcome.stderr.count("\n") == 1
    assert "Go is not installed here" in outcome.stderr and "go-not-installed-here" in outcome.stderr
    assert "apt-get install -y golang-go" in outcome.stderr and "Traceback" not in outcome.stderr


@pytest.mark.slow
def test_judge_languages_lists_each_language_with_its_version_or_missing(go_is_missing):
    outcome = invoke("languages")
    assert outcome.exit_code == 0, outcome.output
    rows = {line.split()[0]: line for line in outcome.stdout.splitlines()}
    assert set(rows) == {lang.name for lang in LANGUAGES}
    assert "MISSING" in rows["go"] and "apt-get install -y golang-go" in rows["go"]
    import platform

    assert "installed" in rows["python"] and platform.python_version() in rows["python"]


@pytest.mark.slow
def test_judge_languages_as_a_user_runs_it(judge_cli):
    proc = judge_cli("languages")
    assert proc.returncode == 0, proc.stderr
    for lang in LANGUAGES:
        line = next(line for line in proc.stdout.splitlines() if line.split()[0] == lang.name)
        assert ("installed" in line) == installed(lang.name), line


# ---------------------------------------------------------------- the build cache


def test_a_second_prepare_of_the_same_source_does_not_build(tmp_path, monkeypatch):
    source = tmp_path / "prog.cpp"
    source.write_bytes((PROGRAMS / "ac.cpp").read_bytes() + f"// {tmp_path}\n".encode())  # new to the cache
    calls = []
    real = languages._compile
    monkeypatch.setattr(languages, "_compile", lambda *a: (calls.append(a[-1]), real(*a))[1])
    first = prepare(source)
    assert calls == [source]
    assert prepare(source) == first and calls == [source]  # the same artifact folder, no compiler run
    source.write_bytes(source.read_bytes() + b"// changed\n")
    assert prepare(source).folder != first.folder and len(calls) == 2  # a changed source is rebuilt


# ---------------------------------------------------------------- folder programs


@pytest.mark.parametrize("folder, name", [("cpp_folder", "cpp"), ("python_folder", "python"),
                                          pytest.param("java_folder", "java", marks=needs("java"))])
@pytest.mark.slow
def test_a_folder_is_one_program(problem, folder, name):
    result, failing = judged(problem, PROGRAMS / folder)
    assert result.verdict is Verdict.AC and result.language == name, (result.message, failing)


def test_judge_run_takes_a_folder(judge_cli):
    proc = judge_cli("run", str(SUM), str(PROGRAMS / "cpp_folder"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "AC"


def test_a_folder_without_a_clear_entry_or_language_is_one_line(tmp_path):
    (tmp_path / "a.py").write_text("print(1)\n")
    (tmp_path / "b.py").write_text("print(2)\n")
    with pytest.raises(UserError, match="cannot tell which Python 3 file is the program: name it __main__.py"):
        prepare(tmp_path)
    (tmp_path / "c.cpp").write_text("int main() {}\n")
    with pytest.raises(UserError, match=r"sources of several languages \(cpp, python\)"):
        prepare(tmp_path)


def test_a_folder_entry_is_main_py_before_a_marked_file(tmp_path):
    (tmp_path / "main.py").write_text("print('main')\n")
    (tmp_path / "other.py").write_text("if __name__ == '__main__':\n    print('other')\n")
    program = prepare(tmp_path)
    assert program.argv[-1].endswith("/main.py") and (program.folder / "other.py").is_file()


def test_a_folder_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(languages, "FOLDER_MAX_BYTES", 100)
    (tmp_path / "main.py").write_text("print(1)\n")
    (tmp_path / "data.txt").write_bytes(b"x" * 101)
    monkeypatch.setattr(languages, "_read", lambda path: pytest.fail(f"{path} was read"))
    with pytest.raises(UserError, match="more than 100 bytes of files"):
        prepare(tmp_path)


def test_a_folder_program_takes_no_links(tmp_path):
    """A link in a submitted folder is not followed into the artifact (it could name any file)."""
    (tmp_path / "main.py").write_text("import secret\n")
    (tmp_path / "secret.py").symlink_to(PROGRAMS / "ac.py")
    program = prepare(tmp_path)
    assert sorted(p.name for p in program.folder.iterdir()) == ["main.py"]


def test_a_validator_folder_of_several_files_is_built_as_a_whole(tmp_path):
    """A package's output validator made of a .cpp, another .cpp and a header."""
    package = tmp_path / "sum"
    shutil.copytree(SUM, package)
    checker = package / "output_validators" / "checker"
    checker.mkdir(parents=True)
    (checker / "compare.h").write_text("#pragma once\nbool same(long long a, long long b);\n")
    (checker / "compare.cpp").write_text('#include "compare.h"\nbool same(long long a, long long b) '
                                         '{ return a == b; }\n')
    (checker / "validate.cpp").write_text(
        '#include <fstream>\n#include <iostream>\n#include "compare.h"\n'
        'int main(int argc, char **argv) { std::ifstream ans(argv[2]); long long a, b;\n'
        '  ans >> a; if (!(std::cin >> b)) return 43; return same(a, b) ? 42 : 43; }\n')
    result, failing = judged(load_problem(package), PROGRAMS / "ac.py")
    assert result.verdict is Verdict.AC, failing
    result, _ = judged(load_problem(package), PROGRAMS / "cpp_folder" / "add.cpp")  # no main: CE, not AC
    assert result.verdict is Verdict.CE


def test_a_validator_folder_with_build_and_run_scripts(tmp_path):
    """The package format's other form: `build` (run in a copy of the folder) makes `run`."""
    package = tmp_path / "sum"
    shutil.copytree(SUM, package)
    checker = package / "output_validators" / "scripted"
    checker.mkdir(parents=True)
    (checker / "check.c").write_text(
        '#include <stdio.h>\nint main(int argc, char **argv) { FILE *f = fopen(argv[2], "r"); long long a, b;\n'
        '  if (fscanf(f, "%lld", &a) != 1 || scanf("%lld", &b) != 1) return 43; return a == b ? 42 : 43; }\n')
    (checker / "build").write_text("#!/bin/sh\nset -e\ncc -O2 -o checker check.c\n"
                                   "printf '#!/bin/sh\\nexec \"$(dirname \"$0\")/checker\" \"$@\"\\n' > run\n"
                                   "chmod +x run\n")
    (checker / "build").chmod(0o755)
    problem = load_problem(package)
    assert judged(problem, PROGRAMS / "ac.py")[0].verdict is Verdict.AC
    (tmp_path / "wa.py").write_text("print(0)\n")
    assert judged(problem, tmp_path / "wa.py")[0].verdict is Verdict.WA  # the built checker said 43


# ---------------------------------------------------------------- the JVM like C++


@needs("java")
def test_a_small_java_program_is_accepted_under_256_mib_not_mle(problem):
    program = prepare(PROGRAMS / "ac.java", memory_mib=256)
    assert "-Xmx256m" in program.argv and "-Xss192m" in program.argv  # the heap and stack follow the limit
    result, failing = judged(problem, PROGRAMS / "ac.java")
    assert result.verdict is Verdict.AC, failing
    assert max(t.memory_mib for t in result.tests) < 128  # resident memory, not the JVM's reservations


@needs("java")
def test_the_jvm_heap_follows_the_problems_memory_limit(problem, tmp_path):
    """A program needing more heap than the limit fails on memory (MLE), as in C++."""
    hog = tmp_path / "Hog.java"
    hog.write_text("public class Hog { public static void main(String[] a) { long[][] k = new long[64][];\n"
                   "  for (int i = 0; i < 64; i++) { k[i] = new long[1 << 20]; k[i][7] = i; }\n"
                   "  System.out.println(k[63][7]); } }\n")  # 512 MiB of live arrays
    result, failing = judged(problem, hog, fail_fast=True)
    assert result.verdict is Verdict.MLE, failing



@pytest.mark.parametrize("name", with_toolchain(["java", "go"]))
def test_a_runtimes_threads_do_not_grow_with_the_machine(name):
    """The JVM (serial GC, 2 processors) and Go (GOMAXPROCS=2) run a fixed handful of threads,
    far below the 128-process limit, however many cores the machine has."""
    from judge import sandbox

    program = prepare(PROGRAMS / f"threads{EXTENSION[name]}", memory_mib=256)
    result = sandbox.run(program.argv, limits=sandbox.Limits(cpu_s=10, memory_mib=256, output_mib=1),
                         stdin_bytes=b"", visible=(program.folder,), tools=program.tools)
    assert result.status is sandbox.Status.OK, result.stderr
    assert 1 <= int(result.stdout) <= 16
