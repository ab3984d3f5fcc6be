"""Custom output validators by the Kattis protocol, in Python and in C++."""
import pytest

from judge.errors import PackageError
from judge.judging import judge_solution
from judge.package import load_problem
from judge.verdicts import Verdict

from conftest import PACKAGES, PROGRAMS


@pytest.mark.parametrize("package", ["sum-2025", "sum-legacy"])
def test_custom_validator_accepts_and_rejects(package):
    problem = load_problem(PACKAGES / package)
    assert judge_solution(problem, PROGRAMS / "ac.py").verdict is Verdict.AC
    result = judge_solution(problem, PROGRAMS / "wa.py", fail_fast=True)
    assert result.verdict is Verdict.WA
    assert result.tests[0].message == "expected 6, got 7"  # its judgemessage.txt


def test_validator_arguments_reach_the_validator():
    problem = load_problem(PACKAGES / "sum-2025")
    result = judge_solution(problem, PROGRAMS / "ac.cpp")
    messages = {t.name: t.message for t in result.tests}
    assert messages["secret/group2/01"] == "correct sum (--allow-trailing-zeros)"
    assert messages["sample/1"] == "correct sum"
    legacy = judge_solution(load_problem(PACKAGES / "sum-legacy"), PROGRAMS / "ac.py")
    assert all(t.message == "correct legacy_flag" for t in legacy.tests)


def test_crashing_validator_is_a_judge_error_not_the_solutions_fault(tmp_path):
    source = tmp_path / "crash.py"
    source.write_text("print('crash-the-validator')\n")
    result = judge_solution(load_problem(PACKAGES / "sum-2025"), source, fail_fast=True)
    assert result.verdict is Verdict.JE
    assert "output validator failed" in result.tests[0].message
    assert "exit status 1" in result.tests[0].message


def test_validator_that_does_not_compile_is_a_package_error(tmp_path):
    import shutil
    pkg = tmp_path / "p"
    shutil.copytree(PACKAGES / "sum-legacy", pkg)
    (pkg / "output_validators" / "checker" / "checker.cpp").write_text("int main() { return oops; }\n")
    with pytest.raises(PackageError, match="does not compile"):
        judge_solution(load_problem(pkg), PROGRAMS / "ac.py")


def test_a_validator_folder_with_a_header_is_built_whole(tmp_path):
    """One source and the header it includes (as problemtools' and BAPCtools' validators come):
    the folder is the program, not its lone source file."""
    import shutil
    pkg = tmp_path / "p"
    shutil.copytree(PACKAGES / "sum-legacy", pkg)
    checker = pkg / "output_validators" / "checker"
    for old in checker.iterdir():
        old.unlink()
    (checker / "verdicts.h").write_text("#define ACCEPT 42\n#define REJECT 43\n")
    (checker / "checker.cpp").write_text(
        '#include "verdicts.h"\n#include <cstdio>\n#include <fstream>\n'
        "int main(int argc, char **argv) {\n"
        "    std::ifstream answer(argv[2]); long expected, got;\n"
        "    answer >> expected;\n"
        "    if (scanf(\"%ld\", &got) != 1) return REJECT;\n"
        "    return got == expected ? ACCEPT : REJECT;\n}\n")
    problem = load_problem(pkg)
    assert judge_solution(problem, PROGRAMS / "ac.py").verdict is Verdict.AC
    assert judge_solution(problem, PROGRAMS / "wa.py", fail_fast=True).verdict is Verdict.WA
