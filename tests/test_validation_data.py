"""Answer validators and the data that tests validators: invalid_answer/, invalid_output/,
valid_output/ (fixture `increment`: the output must be the input plus one)."""
import shutil

import pytest

from judge.package import data_cases, load_problem
from judge.validation_data import answer_args
from judge.verify import verify_problem

from conftest import PACKAGES, verify_errors

INCREMENT = PACKAGES / "increment"


@pytest.fixture
def package(tmp_path):
    copy = tmp_path / "increment"
    shutil.copytree(INCREMENT, copy)
    return copy



def test_the_package_verifies(package):
    report = verify_problem(package)
    assert verify_errors(report) == []
    assert {s.path: s.got for s in report.solutions} == {"submissions/accepted/inc.py": "AC",
                                                         "submissions/wrong_answer/same.py": "WA"}


def test_answer_validator_args_come_from_the_nearest_test_group():
    problem = load_problem(INCREMENT)
    cases = {t.name: t for t in data_cases(problem, "invalid_answer")}
    assert answer_args(problem, cases["invalid_answer/args/negative"]) == ("--positive",)
    assert answer_args(problem, cases["invalid_answer/wrong"]) == ()


def test_an_answer_the_answer_validator_rejects(package):
    (package / "data" / "secret" / "1.ans").write_text("forty-two\n")
    errors = verify_errors(verify_problem(package))
    assert any(e.startswith("answer validator format rejects the answer of secret/1: one integer expected")
               for e in errors), errors


def test_an_invalid_answer_nothing_rejects(package):
    (package / "data" / "invalid_answer" / "args" / "test_group.yaml").unlink()  # -2 is an integer, and -3 + 1
    errors = verify_errors(verify_problem(package))
    assert errors == ["invalid_answer/args/negative is under data/invalid_answer/ but every answer validator and "
                      "the output validator (strict) accept its answer"]


def test_the_output_validator_rejects_an_invalid_answer_the_answer_validators_accept(package):
    (package / "data" / "invalid_answer" / "not_a_number.ans").write_text("2\n")   # now a right answer
    errors = verify_errors(verify_problem(package))
    assert len(errors) == 1 and errors[0].startswith("invalid_answer/not_a_number is under data/invalid_answer/")
    # invalid_answer/wrong (3 for 1) is still rejected: by the output validator, as the answer validator accepts 3


def test_invalid_and_valid_outputs(package):
    (package / "data" / "invalid_output" / "off_by_one.out").write_text("2\n")
    (package / "data" / "valid_output" / "spaces.out").write_text("3\n")
    errors = verify_errors(verify_problem(package))
    assert sorted(errors) == [
        "the output validator accepts invalid_output/off_by_one.out, which is under data/invalid_output/",
        "the output validator rejects valid_output/spaces.out, which is under data/valid_output/: expected 2"]


def test_a_case_without_its_output(package):
    (package / "data" / "valid_output" / "spaces.out").unlink()
    assert verify_errors(verify_problem(package)) == [
        "valid_output/spaces: a case under data/valid_output/ needs its output spaces.out"]


def test_the_inputs_of_the_validator_data_must_be_valid(package):
    (package / "data" / "invalid_output" / "off_by_one.in").write_text("one\n")
    errors = verify_errors(verify_problem(package))
    assert any("rejects test invalid_output/off_by_one" in e for e in errors), errors


def test_a_submission_is_judged_until_its_first_failure(package):
    # wrong on the sample, then it would spin on secret/1: judged as problemtools and BAPCtools
    # judge it (stopping at the first failure), it meets wrong_answer/ and costs no time-out
    (package / "submissions" / "wrong_answer" / "spin.py").write_text(
        "n = int(input())\nwhile n > 1:\n    pass\nprint(n)\n")
    report = verify_problem(package)
    entry = {s.path: s for s in report.solutions}["submissions/wrong_answer/spin.py"]
    assert (entry.got, entry.ok, entry.slowest_test) == ("WA", True, "sample/1")
    assert verify_errors(report) == []



def _runs_checked(monkeypatch) -> list:
    """The tasks whose run ended and was checked, however they were run. (At -j 1 the next test's
    run starts while a test is checked; after a failure it is killed at once, never checked:
    tests/test_checks_overlap_runs.py.)"""
    from judge import judging

    runs = []
    real = judging.checked
    monkeypatch.setattr(judging, "checked", lambda task, result: runs.append(task) or real(task, result))
    return runs


@pytest.mark.slow
def test_a_failing_solution_runs_no_test_after_its_first_failure(package, monkeypatch):
    (package / "submissions" / "time_limit_exceeded").mkdir()
    (package / "submissions" / "time_limit_exceeded" / "spin.py").write_text("while True:\n    pass\n")
    runs = _runs_checked(monkeypatch)
    report = verify_problem(package, jobs=2)
    assert verify_errors(report) == []
    spun = [task.test.name for task in runs if "spin" in str(task.program.source)]
    assert spun == ["sample/1"]          # its secret test never ran: it had failed already


@pytest.mark.slow
def test_a_lone_failing_solution_runs_no_test_after_its_first_failure(package, monkeypatch):
    (package / "submissions" / "wrong_answer" / "same.py").unlink()
    (package / "submissions" / "time_limit_exceeded").mkdir()
    (package / "submissions" / "time_limit_exceeded" / "spin.py").write_text("while True:\n    pass\n")
    runs = _runs_checked(monkeypatch)
    report = verify_problem(package, jobs=4)          # more workers than solutions
    assert verify_errors(report) == []
    assert [task.test.name for task in runs if "spin" in str(task.program.source)] == ["sample/1"]
