"""Numerical gradient check: every batch normalization backward that is meant to be right
(the accepted references of both problems, and the slow pure-Python one) agrees with
central differences of its own forward on small random float64 inputs.

For the NumPy function API the forward is called directly. For the stdin/stdout programs
one run is enough: columns are independent, so a column and its perturbed copies
(x_i +- h, gamma +- h, beta +- h) go side by side into one input, and the program's y for
the copies gives the finite differences of l = sum(dout * y)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from judge.languages import prepare

ROOT = Path(__file__).resolve().parents[1]
NUMPY_SOLUTIONS = ROOT / "solutions" / "batchnorm-numpy"
STDIO_SOLUTIONS = ROOT / "solutions" / "batchnorm"
NUMPY_RIGHT = sorted((NUMPY_SOLUTIONS / "accepted").glob("*.py")) + sorted(
    (NUMPY_SOLUTIONS / "time_limit_exceeded").glob("*.py"))
STDIO_ACCEPTED = sorted(p for p in (STDIO_SOLUTIONS / "accepted").iterdir() if p.suffix in (".py", ".cpp"))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"bn_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def numeric_grad(f, a: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar f() with respect to every entry of a (in place)."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + h
        plus = f()
        a[idx] = old - h
        minus = f()
        a[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


SHAPES = [(2, 3), (3, 1), (5, 4), (8, 2), (2, 3, 2, 2), (1, 2, 3, 1), (3, 2, 1, 1)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("path", NUMPY_RIGHT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_numpy_backward_matches_central_differences(path: Path, shape: tuple) -> None:
    mod = load(path)
    spatial = len(shape) == 4
    forward = mod.spatial_batchnorm_forward if spatial else mod.batchnorm_forward
    backward = mod.spatial_batchnorm_backward if spatial else mod.batchnorm_backward
    rng = np.random.default_rng(sum(shape) * 7 + len(shape))
    x = rng.normal(1.5, 2.0, shape)
    C = shape[1]
    gamma, beta = rng.normal(size=C), rng.normal(size=C)
    dout = rng.normal(size=shape)

    def loss() -> float:
        out, _ = forward(x, gamma, beta, {"mode": "train"})
        return float((out * dout).sum())

    _, cache = forward(x, gamma, beta, {"mode": "train"})
    dx, dgamma, dbeta = backward(dout, cache)
    assert dx.shape == shape and dgamma.shape == dbeta.shape == (C,)
    np.testing.assert_allclose(dx, numeric_grad(loss, x), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dgamma, numeric_grad(loss, gamma), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dbeta, numeric_grad(loss, beta), rtol=1e-5, atol=1e-7)


def stdio_case(m: int, seed: int, h: float = 1e-3):
    """An input whose column 0 is a random column and whose other columns are its copies
    with one of x_i, gamma, beta moved by +-h. Values have 3 decimals, h too, so the
    input is valid for the problem's validator as written."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(-3, 3, m), 3)
    g, b = round(float(rng.uniform(0.5, 2)), 3), round(float(rng.uniform(-1, 1)), 3)
    dy = np.round(rng.uniform(-2, 2, m), 3)
    cols = [(x, g, b)]
    for i in range(m):
        for s in (h, -h):
            xi = x.copy()
            xi[i] += s
            cols.append((xi, g, b))
    cols += [(x, g + h, b), (x, g - h, b), (x, g, b + h), (x, g, b - h)]
    d = len(cols)
    f = lambda v: ("%.3f" % v).rstrip("0").rstrip(".")
    lines = [f"{m} {d}"]
    lines += [" ".join(f(c[0][i]) for c in cols) for i in range(m)]
    lines += [" ".join(f(c[1]) for c in cols), " ".join(f(c[2]) for c in cols)]
    lines += [" ".join(f(dy[i]) for _ in cols) for i in range(m)]
    return "\n".join(lines) + "\n", dy, h


@pytest.mark.parametrize("m,seed", [(2, 1), (3, 2), (5, 3), (9, 4)])
@pytest.mark.parametrize("path", STDIO_ACCEPTED, ids=lambda p: p.name)
@pytest.mark.slow
def test_stdio_backward_matches_central_differences(path: Path, m: int, seed: int) -> None:
    text, dy, h = stdio_case(m, seed)
    validator = ROOT / "problems" / "batchnorm" / "input_validators" / "validate.py"
    assert subprocess.run([sys.executable, str(validator)], input=text.encode()).returncode == 42
    out = subprocess.run(prepare(path).argv, input=text.encode(), capture_output=True, check=True).stdout
    v = np.array(out.split(), dtype=np.float64)
    d = 2 * m + 5
    y, dx = v[:m * d].reshape(m, d), v[m * d:2 * m * d].reshape(m, d)
    dgamma, dbeta = v[2 * m * d:2 * m * d + d], v[2 * m * d + d:]
    loss = dy @ y                                  # l = sum(dout * y), one value per column
    num_dx = (loss[1:2 * m + 1:2] - loss[2:2 * m + 2:2]) / (2 * h)
    num_dgamma = (loss[2 * m + 1] - loss[2 * m + 2]) / (2 * h)
    num_dbeta = (loss[2 * m + 3] - loss[2 * m + 4]) / (2 * h)
    # y is printed to 12 digits and h = 1e-3, so allow ~1e-8 of printing noise
    np.testing.assert_allclose(dx[:, 0], num_dx, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(dgamma[0], num_dgamma, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dbeta[0], num_dbeta, rtol=1e-6, atol=1e-7)
