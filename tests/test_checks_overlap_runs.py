"""The judge checks each test's output while the next test's program runs on the same server
(one program per server at a time still; at -j N, N servers each take the next test when
free); under fail-fast, the run started before a failure was known is killed, not waited
for, and not recorded.

The solutions here are trusted and run with --sandbox none, so they see the machine's processes
and can keep a count in a folder of the test's: a run that waits until it sees the previous
test's check going on proves the overlap without measuring time. (The output validator runs
sandboxed whatever the solution's level: it can leave no mark, but it can be seen.)"""
import threading

import pytest

from judge import judging
from judge.cgroups import CgroupSet
from judge.package import load_problem
from judge.verdicts import Verdict

WAIT_S = 60  # the longest a run waits to see a check (a loaded machine), then gives up and fails

# The output validator (2025-09: input, answer, feedback folder; the output on stdin) takes a
# second over each check, so that a run overlapping it cannot miss it, then accepts an output
# equal to the answer.
VALIDATOR = """\
import sys, time
time.sleep(1)
output, answer = sys.stdin.read().split(), open(sys.argv[2]).read().split()
sys.exit(42 if output == answer else 43)
"""
# A solution that counts its runs; every run after the first waits until it sees the output
# validator running before it answers: accepted only if the previous test is checked meanwhile.
WAITS_FOR_THE_PREVIOUS_CHECK = """\
import os, sys, time
with open({runs!r}, "a") as f:
    f.write("r")

def checking():
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{{pid}}/cmdline", "rb") as f:
                if any(a.startswith(b"/judge/ro/") and a.endswith(b".py") for a in f.read().split(b"\\0")):
                    return True  # the validator, as the sandbox shows it (bubblewrap's own line has no .py)
        except OSError:
            pass
    return False

if os.path.getsize({runs!r}) > 1:
    deadline = time.monotonic() + {wait}
    while not checking():
        if time.monotonic() > deadline:
            sys.exit("never saw the previous test checked")
        time.sleep(0.01)
print(sys.stdin.read().strip())
"""
# Wrong on the first test; on any later one it sleeps far past any wait of this test.
WRONG_THEN_SLEEPS = """\
import os, sys, time
with open({runs!r}, "a") as f:
    f.write("r")
if os.path.getsize({runs!r}) == 1:
    print("wrong")
else:
    time.sleep(600)
"""


def _echo(folder, validator: bool):
    """Four tests whose answer is their input; a slow custom output validator, or the default one."""
    package = folder / "echo"
    (package / "data" / "secret").mkdir(parents=True)
    (package / "problem.yaml").write_text("problem_format_version: 2025-09\nname: echo\n"
                                          "limits:\n  time_limit: 100\n")
    for i in range(4):
        (package / "data" / "secret" / f"{i}.in").write_text(f"{i}\n")
        (package / "data" / "secret" / f"{i}.ans").write_text(f"{i}\n")
    if validator:
        (package / "output_validator").mkdir()
        (package / "output_validator" / "validate.py").write_text(VALIDATOR)
    return package


@pytest.fixture
def echo_package(tmp_path):
    return _echo(tmp_path, validator=True)


def _judge(package, solution, **options):
    group = CgroupSet.create()
    if group is None:
        pytest.skip("no cgroup here: a run cannot be stopped alone, so -j 1 does not overlap")
    group.remove()
    options = {"jobs": 1, "isolation": "none", "warm": False, **options}
    return judging.judge_solution(load_problem(package), solution, **options)


@pytest.mark.slow
def test_each_output_is_checked_while_the_next_test_runs(echo_package, tmp_path):
    solution = tmp_path / "echo.py"
    solution.write_text(WAITS_FOR_THE_PREVIOUS_CHECK.format(runs=str(tmp_path / "runs"), wait=WAIT_S))
    result = _judge(echo_package, solution)
    assert [t.verdict for t in result.tests] == [Verdict.AC] * 4
    assert result.verdict is Verdict.AC
    assert (tmp_path / "runs").read_text() == "rrrr"  # one run per test: nothing ran twice


def _finishes(judging_call):
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=judging_call()))
    worker.start()
    worker.join(WAIT_S)  # not stopped, the second run would go on until its 100 s limit
    assert not worker.is_alive(), "the run after the failure was waited for"
    return outcome["result"]


def test_a_run_started_before_a_failure_was_known_is_killed_and_not_recorded(tmp_path):
    package = _echo(tmp_path, validator=True)
    solution = tmp_path / "wrong.py"
    solution.write_text(WRONG_THEN_SLEEPS.format(runs=str(tmp_path / "runs")))
    result = _finishes(lambda: _judge(package, solution, fail_fast=True))
    assert [t.verdict for t in result.tests] == [Verdict.WA]
    assert result.verdict is Verdict.WA
    assert (tmp_path / "runs").read_text() == "rr"  # the second test was started (overlap) and stopped


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_without_fail_fast_every_test_is_recorded_in_order(echo_package, tmp_path, jobs):
    """With several servers (each taking the next test as it is free, checking while its next
    test runs) the results are the same, in test order."""
    solution = tmp_path / "wrong.py"
    solution.write_text("import sys\nn = int(sys.stdin.read())\nprint(n if n % 2 == 0 else -1)\n")
    result = _judge(echo_package, solution, jobs=jobs)
    assert [(t.name, t.verdict) for t in result.tests] == [
        ("secret/0", Verdict.AC), ("secret/1", Verdict.WA), ("secret/2", Verdict.AC), ("secret/3", Verdict.WA)]


@pytest.mark.parametrize("jobs", [2, 3])
def test_with_several_servers_fail_fast_keeps_the_tests_up_to_the_first_failure(tmp_path, jobs):
    package = _echo(tmp_path, validator=False)
    solution = tmp_path / "wrong.py"   # wrong on the second test only
    solution.write_text("import sys\nn = int(sys.stdin.read())\nprint(-1 if n == 1 else n)\n")
    result = _judge(package, solution, jobs=jobs, fail_fast=True)
    assert [(t.name, t.verdict) for t in result.tests] == [("secret/0", Verdict.AC), ("secret/1", Verdict.WA)]
    assert result.verdict is Verdict.WA


def test_a_failure_stops_the_later_tests_running_on_the_other_servers(tmp_path):
    """-j 2 under fail-fast: the first test fails while the second runs on the other server
    (it sleeps far past any wait of this test): that run is stopped at once, not waited for."""
    package = _echo(tmp_path, validator=False)
    solution = tmp_path / "wrong.py"
    solution.write_text("import sys, time\nn = int(sys.stdin.read())\ntime.sleep(0.5 if n == 0 else 600)\n"
                        "print('wrong')\n")
    result = _finishes(lambda: _judge(package, solution, jobs=2, fail_fast=True))
    assert [(t.name, t.verdict) for t in result.tests] == [("secret/0", Verdict.WA)]
