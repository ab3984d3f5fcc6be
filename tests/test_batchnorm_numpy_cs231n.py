"""batchnorm-numpy as learners arriving from CS231n meet it (issue 13): the judge records
the running statistics as they are after each step, so a module may update them in place
or rebind bn_param's entries; a CS231n-style module is accepted once exactly the three
convention differences the statement's note names are fixed; while it keeps any of them
the message says so and points to the note; real bugs are named by array and index.

The CS231n-style module (tests/fixtures/batchnorm_numpy_modules/cs231n.py) is judged as
written and as edited below: every variant is that text with the listed replacements."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from judge.checkers.arrays import read_npz
from judge.judging import judge_solution
from judge.package import load_problem
from judge.verdicts import Verdict

from conftest import FIXTURES, ROOT

PROBLEM = ROOT / "problems" / "batchnorm-numpy"
MODULES = FIXTURES / "batchnorm_numpy_modules"
NOTE = "see 'A note on CS231n's convention' in the statement"

# The three differences between CS231n's code and this problem, each as the edits that fix it.
MOMENTUM = [('bn_param.get("momentum", 0.9)', 'bn_param.get("momentum", 0.1)'),
            ("momentum * running_mean + (1 - momentum) * sample_mean",
             "(1 - momentum) * running_mean + momentum * sample_mean"),
            ("momentum * running_var + (1 - momentum) * sample_var",
             "(1 - momentum) * running_var + momentum * sample_var")]
UNBIASED = [("* sample_var\n", "* sample_var * N / (N - 1)\n")]
ONES = [('bn_param.get("running_var", np.zeros(', 'bn_param.get("running_var", np.ones(')]
FIXED = MOMENTUM + UNBIASED + ONES
# The same module updating the arrays held in bn_param in place instead of rebinding.
IN_PLACE = [("        running_mean = (1 - momentum) * running_mean + momentum * sample_mean\n",
             "        running_mean *= 1 - momentum\n        running_mean += momentum * sample_mean\n"),
            ("        running_var = (1 - momentum) * running_var + momentum * sample_var * N / (N - 1)\n",
             "        running_var *= 1 - momentum\n        running_var += momentum * sample_var * N / (N - 1)\n")]
# Real bugs, on top of the fixed module.
KEEPDIMS = [("np.mean(x, axis=0)", "np.mean(x, axis=0, keepdims=True)"),
            ("np.var(x, axis=0)", "np.var(x, axis=0, keepdims=True)")]
FLOAT64_DX = [("    dx = (gamma / (N * std))", "    dx = np.zeros(dout.shape)\n    dx += (gamma / (N * std))")]
ONE_PASS = [("np.var(x, axis=0)", "np.mean(x ** 2, axis=0) - sample_mean ** 2")]


def explained(*differences: str) -> str:
    return f"your running statistics follow CS231n's convention ({', '.join(differences)}), not this problem's; {NOTE}. "


# name, edits, verdict, first failing test, the start of its message (then a phrase in it)
CASES = [
    ("as written", [], Verdict.WA, "sample/1",
     explained("biased variance in the running update", "zeros for a missing running_var") + "running_var0["),
    ("momentum fixed", MOMENTUM, Verdict.WA, "sample/1",
     explained("biased variance in the running update", "zeros for a missing running_var") + "running_var0["),
    ("the two differences of the old note fixed", MOMENTUM + UNBIASED, Verdict.WA, "sample/1",
     explained("zeros for a missing running_var") + "running_var0["),
    ("all but the momentum fixed", UNBIASED + ONES, Verdict.WA, "secret/07-fc-momentum-eps",
     explained("momentum = fraction kept") + "running_mean0["),
    ("all three fixed, rebinding bn_param's entries", FIXED, Verdict.AC, None, ""),
    ("all three fixed, updating in place", FIXED + IN_PLACE, Verdict.AC, None, ""),
    ("keepdims=True statistics", FIXED + KEEPDIMS, Verdict.WA, "sample/1",
     "running_mean0: shape (1, 2), expected (2,)"),
    ("float64 dx for float32 input", FIXED + FLOAT64_DX, Verdict.WA, "secret/08-fc-float32",
     "dx0: dtype float64, expected float32"),
    ("one-pass variance", FIXED + ONE_PASS, Verdict.WA, "secret/06-fc-near-1e6", "out0["),
]


def edited(edits: list[tuple[str, str]]) -> str:
    """cs231n.py with each `old` text (present exactly once) replaced by `new`, in order."""
    source = (MODULES / "cs231n.py").read_text()
    for old, new in edits:
        assert source.count(old) == 1, f"{old!r} should occur once in cs231n.py"
        source = source.replace(old, new)
    return source


@pytest.fixture(scope="module")
def problem():
    return load_problem(PROBLEM)


@pytest.mark.parametrize("name, edits, verdict, failing, message", CASES, ids=[c[0] for c in CASES])
def test_cs231n_style_module(problem, tmp_path, name, edits, verdict, failing, message):
    module = tmp_path / "cs231n_variant.py"
    module.write_text(edited(edits))
    result = judge_solution(problem, module, fail_fast=True)
    bad = [t for t in result.tests if t.verdict is not Verdict.AC]
    assert result.verdict is verdict, [(t.name, t.verdict, t.message) for t in bad]
    if verdict is Verdict.AC:
        assert len(result.tests) == len(problem.tests)
        return
    assert bad[0].name == failing, (bad[0].name, bad[0].message)
    assert bad[0].message.startswith(message), bad[0].message
    assert "got" in bad[0].message or "shape" in bad[0].message or "dtype" in bad[0].message


def test_an_explained_message_is_one_sentence_then_the_numbers(problem, tmp_path):
    module = tmp_path / "cs231n_variant.py"
    module.write_text(edited([]))
    message = judge_solution(problem, module, fail_fast=True).tests[0].message
    explanation, numbers = message.split(". running_var0[", 1)
    assert explanation.count(". ") == 0 and NOTE in explanation
    assert numbers.startswith("0]: got 0.1999") and "expected 1.1666" in numbers  # 0.1 * biased 2 vs 0.9 + 0.1 * 8/3


# --- the answers are snapshots, and a judge that aliased them again would be caught -----

def answers() -> dict[str, dict]:
    return {p.relative_to(PROBLEM / "data").with_suffix("").as_posix(): read_npz(p.read_bytes())
            for p in sorted((PROBLEM / "data").glob("*/*.ans"))}


def test_recorded_running_statistics_change_from_step_to_step():
    multi_step = {name: answer for name, answer in answers().items() if "running_mean1" in answer}
    assert len(multi_step) >= 10
    for name, answer in multi_step.items():
        steps = sorted(k for k in answer if k.startswith("running_mean"))
        for before, after in zip(steps, steps[1:]):
            assert not np.allclose(answer[before], answer[after], rtol=1e-6, atol=1e-6), (name, before, after)


def test_a_wrong_first_update_is_caught_even_when_later_ones_are_right(problem):
    """In place, wrong at step 0, right from step 1 on: the final state is right, so only
    a judge that records each step's own values sees it."""
    test = next(t for t in problem.tests if t.name == "secret/02-fc-m2")
    result = judge_solution(problem, MODULES / "first_update_wrong.py", tests=[test])
    assert result.verdict is Verdict.WA
    assert result.tests[0].message.startswith("running_mean0["), result.tests[0].message


def test_every_test_carries_the_cs231n_conventions_it_can_tell_apart():
    """Each answer names the CS231n alternatives that differ on it, and only those: the
    missing running_var only where bn_param starts without one, the momentum only where
    a test sets it."""
    for name, answer in answers().items():
        calls = json.loads(str(read_npz((PROBLEM / "data" / f"{name}.in").read_bytes())["__calls__"]))
        bn = calls[0]["value"]
        approaches = {k.split("/")[1] for k in answer if k.startswith("__alt__/")}
        assert "cs231n-biased" in approaches, name
        assert ("cs231n-zeros" in approaches) == ("running_var" not in bn), name
        assert ("cs231n-momentum" in approaches) == ("momentum" in bn), name
        for approach in approaches:
            assert NOTE in str(answer[f"__alt__/{approach}"]), (name, approach)
