"""Packages as people keep them: a folder with only data/, input
validator arguments per group, per validator and per test, checktestdata/viva validators,
time multipliers and the derived time limit, and expectations judged end to end."""
import shutil
import stat

import pytest

from judge import verify
from judge.errors import PackageError
from judge.package import Timing, load_problem
from judge.verify import verify_problem

from conftest import PACKAGES, verify_errors

DATA_ONLY = PACKAGES / "data-only"



@pytest.fixture
def package(tmp_path):
    copy = tmp_path / "data-only"
    shutil.copytree(DATA_ONLY, copy)
    return copy


def test_a_folder_with_only_data_loads_with_the_defaults_and_says_so():
    problem = load_problem(DATA_ONLY)
    assert (problem.memory_mib, problem.output_mib, problem.time_limit_source) == (2048, 8, "default")
    assert problem.timing == Timing(5.0, 2.0, 1.0)          # legacy, as problemtools reads it
    assert len(problem.notes) == 1 and "no problem.yaml" in problem.notes[0]


def test_input_validator_args_per_group_per_validator_and_per_test():
    tests = {t.name: t for t in load_problem(DATA_ONLY).tests}
    assert tests["secret/large/02"].input_args("bounded") == ("--max", "9")   # the group's map
    assert tests["secret/large/02"].input_args("format") == ()               # not in the map: none
    assert tests["secret/large/01"].input_args("bounded") == ("--max", "99")  # the test's own .yaml
    assert tests["secret/large/01"].input_args("format") == ("--max", "99")   # a list is for every validator
    assert tests["secret/small/01"].input_args("bounded") == ()


def test_legacy_input_validator_flags(package):
    (package / "data" / "secret" / "large" / "test_group.yaml").unlink()
    (package / "data" / "secret" / "large" / "testdata.yaml").write_text(
        "input_validator_flags:\n  name: bounded\n  flags: --max 9\n")
    tests = {t.name: t for t in load_problem(package).tests}
    assert tests["secret/large/02"].input_args("bounded") == ("--max", "9")
    assert tests["secret/large/02"].input_args("format") == ()


@pytest.mark.parametrize("yaml, timing", [
    ("problem_format_version: 2025-09\n", Timing(2.0, 1.5, 1.0)),
    ("problem_format_version: 2025-09\nlimits:\n  time_multipliers: {ac_to_time_limit: 3, time_limit_to_tle: 4}\n"
     "  time_resolution: 0.5\n", Timing(3.0, 4.0, 0.5)),
    ("name: legacy\n", Timing(5.0, 2.0, 1.0)),
    ("limits:\n  time_multiplier: 3\n  time_safety_margin: 4\n", Timing(3.0, 4.0, 1.0)),
])
def test_time_multipliers_are_read(package, yaml, timing):
    (package / "problem.yaml").write_text(yaml)
    assert load_problem(package).timing == timing


def test_bad_time_multiplier_is_one_line(package):
    (package / "problem.yaml").write_text("problem_format_version: 2025-09\nlimits:\n  time_multipliers: fast\n")
    with pytest.raises(PackageError, match="time_multipliers must be a mapping"):
        load_problem(package)


@pytest.mark.parametrize("slowest, timing, limit", [
    (0.3, Timing(2.0, 1.5, 1.0), 1.0),     # at least one resolution step
    (0.6, Timing(2.0, 1.5, 1.0), 2.0),     # 1.2 s rounded up to whole seconds
    (0.3, Timing(2.0, 1.5, 0.5), 1.0),     # 0.6 s rounded up to half seconds
    (0.01, Timing(5.0, 2.0, 0.25), 0.25),
    (0.5, Timing(2.0, 1.5, 1.0), 1.0),     # exactly on a step stays there
])
def test_derived_time_limit_as_verifyproblem(slowest, timing, limit):
    assert timing.derive(slowest) == limit


def test_verify_without_checktestdata_names_the_skipped_validator(package, monkeypatch):
    monkeypatch.setitem(verify.EXTERNAL_VALIDATORS, ".ctd", ("checktestdata-not-installed", 0, 1))
    report = verify_problem(package)
    assert report.ok, verify_errors(report)
    warnings = [f.message for f in report.findings if f.level == "warning"]
    assert "input validator format.ctd skipped: checktestdata-not-installed is not on PATH" in warnings
    assert not any("no input validator" in w for w in warnings)
    assert any("no problem.yaml" in w for w in warnings)
    assert report.time_limit_source == "derived" and report.time_limit_s == 1.0


def test_verify_runs_a_ctd_validator_with_its_tool(package, tmp_path, monkeypatch):
    tool = tmp_path / "tools" / "fake-checktestdata"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\n# exit 0: the input has two integers, 1: it does not\n"
                    "[ \"$(wc -w)\" -eq 2 ]\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    tool.parent.chmod(0o755)
    tmp_path.chmod(0o755)
    monkeypatch.setitem(verify.EXTERNAL_VALIDATORS, ".ctd", (str(tool), 0, 1))
    (package / "input_validators" / "bounded.py").unlink()
    shutil.rmtree(package / "data" / "invalid_input" / "big")      # invalid only by bounded.py's argument
    assert verify_problem(package).ok                              # rejects invalid_input/three
    (package / "data" / "secret" / "small" / "02.in").write_text("1 2 3 4\n")
    (package / "data" / "secret" / "small" / "02.ans").write_text("10\n")
    assert "input validator format rejects test secret/small/02: no reason given" in verify_errors(verify_problem(package))


def test_input_validator_args_reach_the_validator(package, monkeypatch):
    monkeypatch.setitem(verify.EXTERNAL_VALIDATORS, ".ctd", ("checktestdata-not-installed", 0, 1))
    assert verify_problem(package).ok       # invalid_input/big/01 is rejected only with its group's --max 1
    (package / "data" / "secret" / "large" / "01.yaml").unlink()      # 7 9 is valid with --max 9 too
    (package / "data" / "secret" / "large" / "test_group.yaml").unlink()  # now --max 5 rejects it
    (package / "data" / "invalid_input" / "big" / "test_group.yaml").unlink()
    errors = verify_errors(verify_problem(package))
    assert "input validator bounded rejects test secret/large/01: no reason given" in errors
    assert "invalid_input/big/01 is under data/invalid_input/ but every input validator accepts it" in errors


@pytest.mark.slow
def test_expectations_end_to_end(package, monkeypatch):
    """rejected/, brute_force/, submissions.yaml globs, a tag, an unknown folder, MLE as RTE."""
    monkeypatch.setitem(verify.EXTERNAL_VALIDATORS, ".ctd", ("checktestdata-not-installed", 0, 1))
    (package / "problem.yaml").write_text("problem_format_version: 2025-09\nlimits:\n  time_limit: 1\n"
                                          "  memory: 64\n")
    subs = package / "submissions"
    for folder in ("rejected", "run_time_error", "mixed", "other", "small_only"):
        (subs / folder).mkdir()
    (subs / "rejected" / "crash.py").write_text("raise SystemExit(3)\n")
    (subs / "run_time_error" / "hog.py").write_text("x = bytearray(512 * 1024 * 1024)\nprint(len(x))\n")
    (subs / "mixed" / "first.py").write_text("# @EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER\nprint(input().split()[0])\n")
    (subs / "other" / "add.py").write_text((subs / "accepted" / "add.py").read_text())
    (subs / "small_only" / "zero.py").write_text("print(0)\n")
    (subs / "accepted" / "wrong.py.disabled").write_text("print(0)\n")       # kept, not judged
    (subs / "other" / "Two.java").mkdir()     # a folder program the judge cannot tell the entry of
    for name in ("A.java", "B.java"):
        (subs / "other" / "Two.java" / name).write_text(f"class {name[0]} {{ public static void main(String[] a) {{}} }}\n")
    (subs / "submissions.yaml").write_text(
        "small_only:\n  secret/small:\n    permitted: [AC]\n  secret/large:\n    required: [WA]\n")
    report = verify_problem(package)
    assert report.ok, verify_errors(report)
    got = {s.path: (s.expected, s.got) for s in report.solutions}
    assert got["submissions/rejected/crash.py"] == ("WA|TLE|RTE", "RTE")
    assert got["submissions/run_time_error/hog.py"] == ("RTE", "MLE")     # MLE satisfies run_time_error
    assert got["submissions/mixed/first.py"] == ("AC|WA", "WA")
    assert got["submissions/small_only/zero.py"][1] == "WA"
    assert got["submissions/other/add.py"] == ("-", "AC")
    assert got["submissions/accepted/wrong.py.disabled"] == ("AC", "disabled")
    assert got["submissions/other/Two.java"][1] == "unsupported"          # reported, verify goes on
    assert any("submissions/other/add.py: folder 'other' has no known meaning" in f.message
               for f in report.findings if f.level == "warning")
    # judged until its first failure (WA on sample/1), as problemtools and BAPCtools judge: the rules
    # above held on the tests that ran; one that the first failure breaks is reported
    (subs / "submissions.yaml").write_text("small_only:\n  sample:\n    permitted: [AC]\n")
    errors = verify_errors(verify_problem(package))
    assert any(e.startswith("submissions/small_only/zero.py: WA on sample/1, not permitted") for e in errors)


def test_judge_run_can_ask_for_the_derived_time_limit(package):
    limit, how = verify.derived_time_limit(load_problem(package))
    assert limit == 1.0 and "derived 1 s" in how and "x 5" in how        # legacy: time_multiplier 5
    shutil.rmtree(package / "submissions" / "accepted")
    limit, how = verify.derived_time_limit(load_problem(package))
    assert limit == 1.0 and "no accepted solution to derive one from: 1 s used" in how


def test_runs_stopped_by_a_limit_do_not_bound_the_time_limit():
    from judge.verdicts import SubmissionResult, TestResult, Verdict
    from judge.verify import _slowest

    tests = [TestResult("sample/1", Verdict.RTE, cpu_s=0.2), TestResult("secret/1", Verdict.MLE, cpu_s=2.5),
             TestResult("secret/2", Verdict.OLE, cpu_s=1.5), TestResult("secret/3", Verdict.TLE, cpu_s=3.0)]
    result = SubmissionResult("p", "s", "java", Verdict.RTE, 3.0, 2048, tests=tests)
    assert _slowest(result) == 0.2
