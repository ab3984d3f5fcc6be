"""How a package's programs get their language: submissions.yaml `language` and `entrypoint`,
Bash (.sh) programs, a Python 2 `#!` line, and builds of programs with large static data."""
import shutil
from pathlib import Path

import pytest

from judge import languages
from judge.expectations import Expectations
from judge.verify import verify_problem

from conftest import PACKAGES, verify_errors


@pytest.fixture
def package(tmp_path):
    copy = tmp_path / "increment"
    shutil.copytree(PACKAGES / "increment", copy)
    return copy



def test_submissions_yaml_language_and_entrypoint_are_read():
    book = Expectations({"accepted/pair": {"entrypoint": "inc.py"}, "accepted/*.src": {"language": "python3"}})
    assert book.of("accepted/pair").entrypoint == "inc.py"
    assert book.of("accepted/x.src").language == "python3"
    assert book.of("accepted/x.py").language is None and book.of("accepted/x.py").accepted


def test_verify_judges_in_the_language_and_from_the_entrypoint_submissions_yaml_gives(package):
    pair = package / "submissions" / "accepted" / "pair"
    pair.mkdir()
    (pair / "main.py").write_text("print(int(input()))\n")       # the default entry point: wrong
    (pair / "inc.py").write_text("print(int(input()) + 1)\n")
    (package / "submissions" / "accepted" / "inc.src").write_text("print(int(input()) + 1)\n")
    (package / "submissions" / "submissions.yaml").write_text(
        "accepted/pair:\n  entrypoint: inc.py\naccepted/inc.src:\n  language: python3\n")
    report = verify_problem(package)
    assert verify_errors(report) == []
    got = {s.path: s.got for s in report.solutions}
    assert got["submissions/accepted/pair"] == "AC" and got["submissions/accepted/inc.src"] == "AC"


def test_an_entrypoint_that_is_not_in_the_folder_is_reported(package):
    pair = package / "submissions" / "accepted" / "pair"
    pair.mkdir()
    (pair / "main.py").write_text("print(int(input()) + 1)\n")
    (package / "submissions" / "submissions.yaml").write_text("accepted/pair:\n  entrypoint: nope.py\n")
    entry = {s.path: s for s in verify_problem(package).solutions}["submissions/accepted/pair"]
    assert entry.got == "unsupported" and "entry point 'nope.py'" in entry.note


def test_a_bash_validator_runs_with_bash(package):
    (package / "input_validators" / "integer.py").unlink()
    (package / "input_validators" / "integer.sh").write_text(
        'read -r n\n[[ "$n" =~ ^-?[0-9]+$ ]] && exit 42 || exit 43\n')   # [[ ]]: bash, not sh
    assert verify_errors(verify_problem(package)) == []
    (package / "data" / "secret" / "1.in").write_text("x\n")
    assert any("input validator integer rejects test secret/1" in e for e in verify_errors(verify_problem(package)))


def test_a_python_2_file_is_not_run_as_python_3(package, tmp_path):
    source = package / "submissions" / "accepted" / "old.py"
    source.write_text("#!/usr/bin/env python2\nprint int(raw_input()) + 1\n")
    assert not languages.is_supported(source)
    entry = {s.path: s for s in verify_problem(package).solutions}["submissions/accepted/old.py"]
    assert entry.got == "unsupported" and entry.ok
    assert languages.language_for(source, "python").name == "python"   # chosen by name, it is Python 3


@pytest.mark.slow
def test_a_program_with_hundreds_of_mib_of_static_data_builds(tmp_path):
    source = tmp_path / "big.c"
    source.write_text('#include <stdio.h>\nchar a[320 << 20] = {1};\n'
                      'int main(void) { a[10] = -1; puts("ok"); return 0; }\n')
    program = languages.prepare(source)
    assert Path(program.argv[0]).stat().st_size > 320 << 20
