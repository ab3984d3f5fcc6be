"""Loading problem packages: both layouts of the Kattis format, and broken packages."""
import shutil

import pytest

from judge.errors import PackageError, UserError
from judge.package import load_problem
from judge.verdicts import Verdict

from conftest import PACKAGES, ROOT


def test_2025_layout():
    p = load_problem(PACKAGES / "sum-2025")
    assert p.name == "Sum of integers"
    assert (p.time_limit_s, p.time_limit_source, p.memory_mib, p.output_mib) == (1.0, "problem.yaml", 128, 1)
    assert [t.name for t in p.tests] == ["sample/1", "secret/group1/01-negative", "secret/group1/02-big",
                                         "secret/group2/01"]
    assert [t.name for t in p.samples] == ["sample/1"]
    # output_validator_args from data/secret/group2/test_group.yaml apply to that group only
    assert {t.name: t.validator_args for t in p.tests}["secret/group2/01"] == ("--allow-trailing-zeros",)
    assert {t.name: t.validator_args for t in p.tests}["secret/group1/02-big"] == ()
    assert p.output_validator.name == "output_validator"  # 2025-09: the folder is the program
    assert [v.name for v in p.input_validators] == ["validate.py"]
    assert p.statement.name == "problem.en.md"
    assert p.keywords == ["fixture", "arithmetic"]
    assert {(s.path.name, s.expected) for s in p.solutions()} == {("sum.py", Verdict.AC),
                                                                  ("plus_one.cpp", Verdict.WA)}


def test_legacy_layout():
    p = load_problem(PACKAGES / "sum-legacy")
    assert (p.time_limit_s, p.time_limit_source) == (1.5, ".timelimit")
    assert p.memory_mib == 128 and p.output_mib == 8  # the format's default output limit
    assert all(t.validator_args == ("legacy_flag",) for t in p.tests)  # validator_flags
    assert p.output_validator.name == "checker"  # a folder holding one program
    assert p.statement.name == "problem.en.tex"
    assert {s.expected for s in p.solutions()} == {Verdict.AC, Verdict.WA, Verdict.TLE}


def test_repository_solutions_folder(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(PACKAGES / "sum-default", repo / "problems" / "sum")
    (repo / "solutions" / "sum" / "wrong_answer").mkdir(parents=True)
    (repo / "solutions" / "sum" / "wrong_answer" / "off.py").write_text("print(0)\n")
    p = load_problem(repo / "problems" / "sum")
    assert [(s.path.name, s.expected) for s in p.solutions()] == [("off.py", Verdict.WA)]


def test_bare_name_means_problems_folder(tmp_path, monkeypatch):
    shutil.copytree(PACKAGES / "sum-default", tmp_path / "problems" / "mysum")
    monkeypatch.chdir(tmp_path)
    assert load_problem("mysum").slug == "mysum"


def test_float_flags_in_legacy_problem_yaml(tmp_path):
    pkg = tmp_path / "f"
    shutil.copytree(PACKAGES / "sum-default", pkg)
    (pkg / "problem.yaml").write_text("name: F\nvalidator_flags: float_tolerance 1e-6 case_sensitive\n")
    p = load_problem(pkg)
    assert p.tests[0].validator_args == ("float_tolerance", "1e-6", "case_sensitive")
    assert p.time_limit_source == "default"


@pytest.mark.parametrize("breakage, message", [
    (lambda pkg: (pkg / "problem.yaml").write_text("name: [unclosed\n"), "malformed YAML"),
    (lambda pkg: (pkg / "problem.yaml").write_text("- a list\n"), "mapping"),
    (lambda pkg: (pkg / "problem.yaml").write_text("limits:\n  time_limit: fast\n"), "must be a number"),
    (lambda pkg: (pkg / "problem.yaml").write_text("limits:\n  memory: -1\n"), "must be a whole number above 0"),
    (lambda pkg: (pkg / "data" / "sample" / "1.ans").unlink(), "no answer file"),
    (lambda pkg: shutil.rmtree(pkg / "data"), "no tests found"),
    (lambda pkg: (pkg / "problem.yaml").write_text("validation: custom\n"), "no output_validators"),
    (lambda pkg: (pkg / "problem.yaml").write_bytes(b"name: \xff\xfe\n"), "malformed YAML"),
    (lambda pkg: (pkg / "problem.yaml").write_text("validation: custom interactive\n"), "no output_validators"),
    (lambda pkg: (pkg / "problem.yaml").write_text("type: [interactive]\n"), "an interactive problem needs"),
    (lambda pkg: (pkg / "problem.yaml").write_text("type: [interactive, multi-pass]\n"), "needs its output validator"),
    (lambda pkg: (pkg / "problem.yaml").write_text("type: multi-pass\n"), "a multi-pass problem needs"),
    (lambda pkg: (pkg / "problem.yaml").write_text("problem_format_version: 2025-09\ntype: scoring\n"),
     "a pass-fail group needs a bounded max_score"),   # a group of secret gives no max_score
])
def test_broken_packages_give_one_clear_error(tmp_path, breakage, message):
    pkg = tmp_path / "broken"
    shutil.copytree(PACKAGES / "sum-default", pkg)
    breakage(pkg)
    with pytest.raises(PackageError) as info:
        load_problem(pkg)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_problem_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        load_problem(tmp_path / "nothing-here")
    with pytest.raises(UserError, match="no problem.yaml"):
        load_problem(tmp_path)


def test_repository_problems_load():
    for pkg in sorted((ROOT / "problems").glob("*/problem.yaml")):
        problem = load_problem(pkg.parent)
        assert problem.tests and problem.samples, pkg.parent.name


def test_tests_read_from_one_listing_follow_links_and_see_dangling_ones(tmp_path):
    """Test files and groups are found from one listing of each folder: linked inputs, answers,
    per-test settings and groups count as what they lead to; a dangling link as nothing."""
    pkg = tmp_path / "linked"
    shutil.copytree(PACKAGES / "sum-2025", pkg)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "5.in").write_text("2 3\n")
    (elsewhere / "5.ans").write_text("5\n")
    (elsewhere / "5.yaml").write_text("output_validator_args: [--linked]\n")
    secret = pkg / "data" / "secret"
    for name in ("5.in", "5.ans", "5.yaml"):
        (secret / f"linked-{name}").symlink_to(elsewhere / name)
    (secret / "group3").symlink_to(pkg / "data" / "secret" / "group2", target_is_directory=True)
    p = load_problem(pkg)
    by_name = {t.name: t for t in p.tests}
    assert by_name["secret/linked-5"].validator_args == ("--linked",)
    assert by_name["secret/linked-5"].answer.read_text() == "5\n"
    assert "secret/group3/01" in by_name  # a linked folder is a group
    (secret / "linked-5.in").unlink()
    (secret / "linked-5.in").symlink_to(elsewhere / "gone.in")  # dangling: the answer has no input
    with pytest.raises(PackageError, match="linked-5.ans: test answer has no input file"):
        load_problem(pkg)
