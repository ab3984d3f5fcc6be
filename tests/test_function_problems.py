"""Function problems: a harness imports the learner's module inside the sandbox and
calls it; the arrays checker says which array, which index and how far off."""
import pytest

from judge.judging import judge_solution
from judge.package import load_problem
from judge.verdicts import Verdict

from conftest import FIXTURES, PACKAGES, ROOT

PROGRAMS = FIXTURES / "function_programs"

CASES = [
    ("ac.py", Verdict.AC, ""),
    ("prints.py", Verdict.AC, ""),
    ("wa_value.py", Verdict.WA, "sum[0]: got "),
    ("wrong_shape.py", Verdict.WA, "sum: shape (2,), expected (3,)"),
    ("wrong_dtype.py", Verdict.WA, "sum: dtype float32, expected float64"),
    ("no_state_update.py", Verdict.WA, "acc["),
    ("missing_function.py", Verdict.WA, "the solution defines no function scale_inplace"),
    ("extra_value.py", Verdict.WA, "sum (from add): expected an array, got tuple"),
    ("raises.py", Verdict.RTE, "ValueError: shapes do not broadcast"),
]


def npz(**arrays) -> bytes:
    """An .npz archive of these arrays, as the harness writes one."""
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def problem():
    return load_problem(PACKAGES / "vector-fn")


@pytest.mark.parametrize("name, verdict, fragment", CASES)
def test_function_problem_verdicts_and_messages(problem, name, verdict, fragment):
    result = judge_solution(problem, PROGRAMS / name, fail_fast=True)
    assert result.verdict is verdict, [(t.name, t.message) for t in result.tests]
    assert fragment in result.tests[-1].message
    assert "Traceback" not in result.tests[-1].message


def test_message_says_how_far_off(problem):
    message = judge_solution(problem, PROGRAMS / "wa_value.py", fail_fast=True).tests[0].message
    assert "off by 0.001" in message and "3 of 3 values outside rtol=1e-09" in message


def test_only_python_modules(problem, tmp_path):
    from judge.errors import UserError
    source = tmp_path / "x.cpp"
    source.write_text("int main() {}\n")
    with pytest.raises(UserError, match="must be a Python module"):
        judge_solution(problem, source)


def test_arrays_checker_table():
    import numpy as np

    from judge.checkers.arrays import compare

    x = np.arange(6.0).reshape(2, 3)
    assert compare(npz(x=x), npz(x=x + 1e-7)).verdict is Verdict.AC
    assert compare(npz(x=x), npz(x=x * (1 + 1e-7))).verdict is Verdict.AC  # relative
    off = x.copy()
    off[1, 2] += 0.5
    result = compare(npz(x=x), npz(x=off))
    assert result.verdict is Verdict.WA and result.message.startswith("x[1, 2]: got 5.5, expected 5.0")
    nan = x.copy()
    nan[0, 1] = np.nan
    assert "x[0, 1]: got nan" in compare(npz(x=x), npz(x=nan)).message
    assert "missing" in compare(npz(x=x, y=x), npz(x=x)).message
    assert compare(npz(x=x), b"garbage").verdict is Verdict.WA
    assert compare(npz(n=np.array([1, 2])), npz(n=np.array([1, 2]))).verdict is Verdict.AC


def test_harness_records_each_step_as_a_snapshot():
    """What a step saves is the value at that step: a module that updates the state's
    array in place and one that rebinds the dict entry are recorded alike, and a returned
    array the module changes later keeps the value it was returned with."""
    import numpy as np

    from judge.harness.functions import run

    class InPlace:
        @staticmethod
        def step(state):
            state["acc"] += 1
            return state["acc"]  # the live array, changed again by the next call

    class Rebinding:
        @staticmethod
        def step(state):
            state["acc"] = state["acc"] + 1
            return state["acc"]

    calls = [{"let": "s", "value": {"acc": "@z"}}]
    for i in range(3):
        calls += [{"call": "step", "args": ["$s"], "save": [f"ret{i}"]}, {"record": f"acc{i}", "value": "$s.acc"}]
    for module in (InPlace, Rebinding):
        outputs = run(module, {"z": np.zeros(2)}, calls)
        for i in range(3):
            assert outputs[f"acc{i}"].tolist() == [i + 1, i + 1], (module.__name__, i)
            assert outputs[f"ret{i}"].tolist() == [i + 1, i + 1], (module.__name__, i)


def test_arrays_checker_names_a_recognised_wrong_answer():
    """An answer may carry, under __alt__/, known wrong approaches: an explanation and the
    arrays each produces. They are not required outputs; a mismatching array that matches
    an approach's version is explained by it (the first such approach, in archive order)."""
    import numpy as np

    from judge.checkers.arrays import compare

    x, y = np.array([1.0, 2.0]), np.array([5.0, 6.0])
    answer = npz(x=x, y=y, **{"__alt__/swapped": np.array("you returned y as x."), "__alt__/swapped/x": y,
                              "__alt__/doubled": np.array("you doubled x"), "__alt__/doubled/x": 2 * x,
                              "__alt__/also-y": np.array("not reached"), "__alt__/also-y/x": y})
    assert compare(answer, npz(x=x, y=y)).verdict is Verdict.AC
    result = compare(answer, npz(x=y, y=y))
    assert result.verdict is Verdict.WA
    assert result.message.startswith("you returned y as x. x[0]: got 5.0, expected 1.0"), result.message
    assert compare(answer, npz(x=2 * x, y=y)).message.startswith("you doubled x. x[1]: got 4.0")
    assert compare(answer, npz(x=x + 1e-7, y=y + 1)).message.startswith("y[0]: got 6.0")   # no approach for y
    assert compare(answer, npz(x=3 * x, y=y)).message.startswith("x[1]: got 6.0")          # matches none
    forged = npz(x=3 * x, y=y, **{"__alt__/forged": np.array("AC really"), "__alt__/forged/x": 3 * x})
    assert compare(answer, forged).message.startswith("x[1]: got 6.0")  # the solution's __alt__ is ignored


def test_the_array_checker_is_imported_while_the_first_runs_start():
    """checkers.warm_up imports a checker and what its first check needs (NumPy for the arrays
    checker) in a background thread; a checker that cannot be imported is left for its check
    to report (nothing is printed)."""
    import subprocess
    import sys

    script = ("import sys, threading\n"
              "from judge import checkers\n"
              "assert 'numpy' not in sys.modules\n"
              "checkers.warm_up(checkers.CheckerSpec('arrays'))\n"
              "checkers.warm_up(checkers.CheckerSpec('no_such_checker'))\n"
              "for t in threading.enumerate():\n"
              "    if t.name == 'judge-checker-import': t.join()\n"
              "print('numpy' in sys.modules, 'judge.checkers.arrays' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True"] and proc.stderr == ""
