"""The batchnorm-numpy solutions as modules: the references agree with each other (also on
shapes that take the fast version through all of its blocking paths), honour the API
contract (defaults, running statistics in bn_param, test mode, dtype, non-contiguous input),
the slow one is correct, and every wrong_answer variant is caught -- it differs from the
reference by more than the judge's 1e-6 on the case its header names -- while agreeing
where its header says it is right, so each embodies exactly one mistake."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions" / "batchnorm-numpy"
REFERENCE = SOLUTIONS / "accepted" / "staged.py"
RIGHT = sorted((SOLUTIONS / "accepted").glob("*.py")) + sorted((SOLUTIONS / "time_limit_exceeded").glob("*.py"))
WRONG = sorted((SOLUTIONS / "wrong_answer").glob("*.py"))
TOL = 1e-6


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"bn_api_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def api(mod, spatial: bool):
    if spatial:
        return mod.spatial_batchnorm_forward, mod.spatial_batchnorm_backward
    return mod.batchnorm_forward, mod.batchnorm_backward


def judge_error(expected: np.ndarray, got: np.ndarray) -> float:
    """Largest error in the judge's sense: min(absolute, relative to the expected value)."""
    err = np.abs(np.asarray(expected, np.float64) - np.asarray(got, np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(expected != 0, err / np.abs(expected), np.inf)
    return float(np.nan_to_num(np.minimum(err, rel), nan=np.inf).max(initial=0.0))


# ---------------------------------------------------------------- scenarios

def sequence(mod, *, shape, data, steps=3, seed=0, params=None) -> dict[str, np.ndarray]:
    """`steps` training forward+backward calls sharing one bn_param, then one test-mode
    forward; every result and the running statistics after every call, by name."""
    rng = np.random.default_rng(seed)
    forward, backward = api(mod, len(shape) == 4)
    C = shape[1]
    gamma, beta = rng.normal(size=C), rng.normal(size=C)
    bn = {"mode": "train", **(params or {})}
    results = {}
    for step in range(steps):
        x, dout = data(rng, shape), rng.normal(size=shape)
        bn["mode"] = "train"
        out, cache = forward(x, gamma, beta, bn)
        dx, dgamma, dbeta = backward(dout, cache)
        results.update({f"train{step}.out": out, f"train{step}.dx": dx, f"train{step}.dgamma": dgamma,
                        f"train{step}.dbeta": dbeta,
                        f"train{step}.running_mean": bn["running_mean"].copy(),
                        f"train{step}.running_var": bn["running_var"].copy()})
    bn["mode"] = "test"
    out, _ = forward(data(rng, shape), gamma, beta, bn)
    results.update({"test.out": out, "test.running_mean": bn["running_mean"].copy(),
                    "test.running_var": bn["running_var"].copy()})
    return results


def normal(loc=0.5, scale=2.0):
    return lambda rng, shape: rng.normal(loc, scale, shape)


def near_1e6(rng, shape):
    return 1e6 - 37 + rng.integers(-128, 129, shape) / 64


SCENARIOS = {
    "fc": dict(shape=(16, 5), data=normal()),
    "fc-m2": dict(shape=(2, 6), data=normal(-1.0, 3.0)),
    "fc-near-1e6": dict(shape=(50, 4), data=near_1e6),
    "conv": dict(shape=(4, 3, 5, 5), data=normal(2.0, 0.5)),
    "fc-eps-momentum": dict(shape=(12, 3), data=normal(0.0, 0.05), params={"eps": 1e-3, "momentum": 0.3}),
}


def run(path: Path, scenario: str) -> dict[str, np.ndarray]:
    return sequence(load(path), **SCENARIOS[scenario])


# ---------------------------------------------------------------- references


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("path", RIGHT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_right_solutions_agree_with_the_reference(path: Path, scenario: str) -> None:
    expected, got = run(REFERENCE, scenario), run(path, scenario)
    assert expected.keys() == got.keys()
    for key in expected:
        assert got[key].shape == expected[key].shape and got[key].dtype == expected[key].dtype, key
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-9, atol=1e-9, err_msg=key)


@pytest.mark.parametrize("shape", [(300, 700), (1000, 3), (3, 40, 64, 64), (2, 600, 30, 30), (9, 2, 7, 3)],
                         ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fast_version_blocks_agree_with_the_reference(shape: tuple, dtype) -> None:
    """Shapes that put the fast version on every path: many row blocks, a block per
    sample split into channel groups, a ragged last block, tiny rows."""
    data = lambda rng, s: rng.normal(3.0, 2.0, s).astype(dtype)
    fast = sequence(load(SOLUTIONS / "accepted" / "fast.py"), shape=shape, data=data, steps=2)
    ref = sequence(load(REFERENCE), shape=shape, data=data, steps=2)
    tol = 1e-10 if dtype == np.float64 else 2e-4
    for key in ref:
        assert fast[key].dtype == dtype, key
        np.testing.assert_allclose(fast[key], ref[key], rtol=tol, atol=tol, err_msg=key)


@pytest.mark.parametrize("spatial", [False, True], ids=["fc", "conv"])
@pytest.mark.parametrize("path", RIGHT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_api_contract(path: Path, spatial: bool) -> None:
    mod = load(path)
    forward, backward = api(mod, spatial)
    rng = np.random.default_rng(5)
    shape = (6, 3, 2, 4) if spatial else (6, 3)
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    bcast = (1, 3, 1, 1) if spatial else (1, 3)
    x = rng.normal(1.0, 2.0, shape)
    # absent running statistics are created (zeros, ones) and used by test mode
    bn = {"mode": "test"}
    out, _ = forward(x, gamma, beta, bn)
    np.testing.assert_array_equal(bn["running_mean"], np.zeros(3))
    np.testing.assert_array_equal(bn["running_var"], np.ones(3))
    np.testing.assert_allclose(out, gamma.reshape(bcast) * x / np.sqrt(1 + 1e-5) + beta.reshape(bcast),
                               rtol=1e-12, atol=1e-12)
    # training updates the running statistics found in bn_param (in place or rebound:
    # the statement allows both), test mode leaves them
    bn["mode"] = "train"
    forward(x, gamma, beta, bn)
    axes = (0, 2, 3) if spatial else (0,)
    m = x.size // 3
    np.testing.assert_allclose(bn["running_mean"], 0.1 * x.mean(axis=axes), rtol=1e-12)
    np.testing.assert_allclose(bn["running_var"], 0.9 + 0.1 * x.var(axis=axes) * m / (m - 1), rtol=1e-12)
    before = bn["running_mean"].copy(), bn["running_var"].copy()
    bn["mode"] = "test"
    forward(x, gamma, beta, bn)
    np.testing.assert_array_equal(bn["running_mean"], before[0])
    np.testing.assert_array_equal(bn["running_var"], before[1])
    # float32 stays float32, everywhere
    x32 = x.astype(np.float32)
    bn32 = {"mode": "train"}
    out, cache = forward(x32, gamma.astype(np.float32), beta.astype(np.float32), bn32)
    grads = backward(rng.normal(size=shape).astype(np.float32), cache)
    for a in (out, *grads, bn32["running_mean"], bn32["running_var"]):
        assert a.dtype == np.float32
    # a non-contiguous view gives the same result as its contiguous copy
    wide = rng.normal(size=shape[:1] + (6,) + shape[2:])
    view = wide[:, ::2]
    out_view, cache = forward(view, gamma, beta, {"mode": "train"})
    out_copy, _ = forward(np.ascontiguousarray(view), gamma, beta, {"mode": "train"})
    np.testing.assert_allclose(out_view, out_copy, rtol=1e-12, atol=1e-12)
    dout = np.asfortranarray(rng.normal(size=shape))
    assert backward(dout, cache)[0].shape == shape


# ---------------------------------------------------------------- wrong answers

# file -> (scenario, results that must differ by more than 1e-6, results that must agree)
CAUGHT = {
    "unbiased_variance.py": ("fc-m2", ["train0.out"], ["train0.dbeta", "train0.running_mean"]),
    "one_pass_variance.py": ("fc-near-1e6", ["train0.out", "train0.dx"], ["train0.dbeta", "train0.running_mean"]),
    "no_mean_path.py": ("fc", ["train0.dx"], ["train0.out", "train0.dgamma", "train0.dbeta",
                                              "train2.running_var", "test.out"]),
    "test_mode_batch_stats.py": ("conv", ["test.out"], ["train0.out", "train2.dx", "train2.running_mean",
                                                        "train2.running_var"]),
    "momentum_reversed.py": ("fc", ["train0.running_mean", "train0.running_var", "test.out"],
                             ["train0.out", "train0.dx", "train2.dgamma", "train2.dbeta"]),
}


def test_every_wrong_answer_has_a_case() -> None:
    assert sorted(CAUGHT) == sorted(p.name for p in WRONG)


@pytest.mark.parametrize("path", WRONG, ids=lambda p: p.name)
def test_wrong_answer_is_caught_where_its_header_says(path: Path) -> None:
    scenario, differ, agree = CAUGHT[path.name]
    expected, got = run(REFERENCE, scenario), run(path, scenario)
    for key in differ:
        assert judge_error(expected[key], got[key]) > TOL, f"{key} is not caught"
    for key in agree:
        assert judge_error(expected[key], got[key]) <= 1e-9, f"{key} should be right"


def test_one_pass_variance_is_right_near_zero() -> None:
    """Only data far from zero catches it: the test data must hold such values."""
    expected, got = run(REFERENCE, "fc"), run(SOLUTIONS / "wrong_answer" / "one_pass_variance.py", "fc")
    assert max(judge_error(expected[k], got[k]) for k in expected) <= TOL
