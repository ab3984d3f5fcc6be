"""One tiny program per verdict, in Python and in C++, judged end to end."""
import tempfile
from pathlib import Path

import pytest

from judge.judging import judge_solution
from judge.package import load_problem
from judge.verdicts import Verdict, aggregate, TestResult

from conftest import PACKAGES, PROGRAMS

EXPECTED = {
    "ac": Verdict.AC, "wa": Verdict.WA, "tle_cpu": Verdict.TLE, "tle_sleep": Verdict.TLE, "mle": Verdict.MLE,
    "rte_exit": Verdict.RTE, "rte_signal": Verdict.RTE, "ole": Verdict.OLE, "ce": Verdict.CE,
}
PROGRAM_FILES = sorted(p.name for p in PROGRAMS.iterdir() if p.stem in EXPECTED)


@pytest.fixture(scope="module")
def problem():
    return load_problem(PACKAGES / "sum-default")


@pytest.mark.parametrize("name", PROGRAM_FILES)
@pytest.mark.slow
def test_fixture_program_gets_its_verdict(problem, name):
    expected = EXPECTED[name.rsplit(".", 1)[0]]
    result = judge_solution(problem, PROGRAMS / name, fail_fast=True)
    assert result.verdict is expected, [(t.name, t.verdict, t.message) for t in result.tests] or result.message
    if expected is Verdict.CE:
        assert "undefined_name" in result.message and not result.tests
    elif expected is not Verdict.AC:
        # fail-fast stops at the first failure: the sample, which every broken program fails
        assert [t.verdict for t in result.tests] == [expected]


@pytest.mark.slow
def test_sleeping_program_is_stopped_by_the_wall_clock(problem):
    result = judge_solution(problem, PROGRAMS / "tle_sleep.py", fail_fast=True)
    test = result.tests[0]
    assert test.verdict is Verdict.TLE and "wall-clock" in test.message
    assert test.cpu_s < 0.5 and test.wall_s >= problem.time_limit_s


def test_accepted_run_reports_time_and_memory(problem):
    result = judge_solution(problem, PROGRAMS / "ac.cpp")
    assert result.verdict is Verdict.AC
    assert [t.name for t in result.tests] == ["sample/1", "secret/group1/01-negative", "secret/group1/02-big",
                                              "secret/group2/01"]
    for t in result.tests:
        assert t.cpu_s > 0 and t.wall_s > 0 and 0 < t.memory_mib < problem.memory_mib


def test_wrong_answer_explains_the_difference(problem):
    result = judge_solution(problem, PROGRAMS / "wa.py", fail_fast=True)
    assert result.tests[0].message == "line 1, token 1: expected '6', got '7'"


def test_rte_message_shows_how_it_ended(problem):
    result = judge_solution(problem, PROGRAMS / "rte_signal.cpp", fail_fast=True)
    assert "SIGSEGV" in result.tests[0].message
    result = judge_solution(problem, PROGRAMS / "rte_exit.py", fail_fast=True)
    assert "exit status 3" in result.tests[0].message


def test_all_tests_run_without_fail_fast_and_first_failure_decides(problem):
    result = judge_solution(problem, PROGRAMS / "wa.cpp", jobs=2)
    assert len(result.tests) == len(problem.tests)
    assert all(t.verdict is Verdict.WA for t in result.tests)


def test_aggregate_is_first_non_ac_in_test_order():
    def r(v):
        return TestResult("t", v)
    assert aggregate([r(Verdict.AC), r(Verdict.TLE), r(Verdict.WA)]) is Verdict.TLE
    assert aggregate([r(Verdict.AC), r(Verdict.AC)]) is Verdict.AC
    assert aggregate([r(Verdict.WA), r(Verdict.RTE)]) is Verdict.WA


def test_second_build_uses_the_cache(problem, tmp_path):
    from judge.languages import prepare
    source = tmp_path / "x.cpp"
    source.write_text((PROGRAMS / "ac.cpp").read_text())
    first = prepare(source)
    mtime = (first.folder / "prog").stat().st_mtime_ns
    second = prepare(source)
    assert second.argv == first.argv and (second.folder / "prog").stat().st_mtime_ns == mtime
    source.write_text((PROGRAMS / "ac.cpp").read_text() + "\n// changed\n")
    assert prepare(source).folder != first.folder


def test_tasks_run_through_any_executor(problem):
    """The unit of work is picklable: a process pool (or a distributed client) can run it."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    from judge.judging import TestTask, prepare_checker, problem_limits
    from judge.languages import prepare

    task = TestTask(prepare(PROGRAMS / "ac.py"), problem.tests[0], problem_limits(problem),
                    prepare_checker(problem), "none")
    assert pickle.loads(pickle.dumps(task)) == task
    scratch = Path(tempfile.gettempdir())
    before = {p.name for p in scratch.glob("judge-*")}
    with ProcessPoolExecutor(max_workers=2) as pool:
        result = judge_solution(problem, PROGRAMS / "wa.cpp", executor=pool)
    assert result.verdict is Verdict.WA and len(result.tests) == len(problem.tests)
    # the workers' run servers went with them: nothing of theirs is left in the scratch folder
    assert {p.name for p in scratch.glob("judge-*")} <= before
