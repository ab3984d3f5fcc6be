"""The batchnorm (stdin/stdout) package: every
input is valid and the validator rejects malformed ones, the answers agree with an
independent exact-summation solution far inside the tolerance, the data holds the
promised edge cases (and really breaks the one-pass variance), the statement shows the
samples, and every solution gets its folder's verdict on the test its header names."""
from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import yaml

from judge.package import load_problem

from conftest import assert_folder_verdict

ROOT = Path(__file__).resolve().parents[1]
PROBLEM = ROOT / "problems" / "batchnorm"
SOLUTIONS = ROOT / "solutions" / "batchnorm"
GENERATORS = PROBLEM / "generators"
SAMPLE = PROBLEM / "data" / "sample"
SECRET = PROBLEM / "data" / "secret"
VALIDATOR = PROBLEM / "input_validators" / "validate.py"
TESTS = sorted(SAMPLE.glob("*.in")) + sorted(SECRET.glob("*.in"))
ALL_SOLUTIONS = sorted(p for p in SOLUTIONS.glob("*/*") if p.is_file())
EPS = 1e-5
TOL = 1e-6


def generated_tests() -> dict[str, str]:
    spec = yaml.safe_load((GENERATORS / "generators.yaml").read_text())
    return spec["data"]["secret"]["data"]


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def parse_input(path: Path):
    v = np.array(path.read_bytes().split(), dtype=np.float64)
    n, d = int(v[0]), int(v[1])
    v = v[2:]
    return (v[:n * d].reshape(n, d), v[n * d:n * d + d], v[n * d + d:n * d + 2 * d],
            v[n * d + 2 * d:].reshape(n, d))


def checker_error(judge: np.ndarray, team: np.ndarray) -> float:
    """Largest error in the default validator's sense: min(absolute, relative to judge)."""
    err = np.abs(judge - team)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(judge != 0, err / np.abs(judge), np.inf)
    worst = np.minimum(err, rel)
    return float(np.nan_to_num(worst, nan=np.inf).max())


# ---------------------------------------------------------------- generators


def test_every_secret_test_is_generated_or_hand_written() -> None:
    """generators.yaml lists exactly the generated tests; the others carry a .desc."""
    generated = set(generated_tests())
    on_disk = {p.stem for p in SECRET.glob("*.in")}
    assert generated <= on_disk, f"listed but missing: {sorted(generated - on_disk)}"
    described = {p.stem for p in SECRET.glob("*.desc")}
    assert on_disk - generated == described, "a hand-written test needs a .desc, a generated one none"
    assert {p.stem for p in SECRET.glob("*.ans")} == on_disk
    assert {p.stem for p in SAMPLE.glob("*.ans")} == {p.stem for p in SAMPLE.glob("*.in")} == {"1", "2"}


def test_generator_rejects_out_of_bound_sizes() -> None:
    proc = subprocess.run([sys.executable, "gen.py", "--seed", "1", "--n", "1000", "--d", "201"],
                          cwd=GENERATORS, capture_output=True)
    assert proc.returncode != 0 and not proc.stdout


# ---------------------------------------------------------------- validator


def validate(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(VALIDATOR)], input=data, capture_output=True)


def short(data: bytes) -> str:
    return repr(data if len(data) <= 40 else data[:34] + b"...")


@pytest.mark.parametrize("path", TESTS, ids=case_id)
def test_every_input_is_valid(path: Path) -> None:
    proc = validate(path.read_bytes())
    assert proc.returncode == 42, proc.stderr.decode()


GOOD = b"2 2\n1 -2.5\n0.000001 1000000\n1 0\n0 -100\n1 2\n-3 4\n"


@pytest.mark.parametrize("data", [
    GOOD,
    b"1 1\n-1000000\n100\n-100\n0\n",
    b"1 200000\n" + b" ".join([b"1"] * 200000) + b"\n" + (b" ".join([b"0"] * 200000) + b"\n") * 3,
], ids=short)
def test_validator_accepts(data: bytes) -> None:
    proc = validate(data)
    assert proc.returncode == 42, proc.stderr.decode()


@pytest.mark.parametrize("data", [
    b"", b"\n", GOOD[:-1],                                          # empty, no final newline
    GOOD.replace(b"1 -2.5", b"1  -2.5"), GOOD.replace(b"1 -2.5", b"1 -2.5 "),  # spaces
    GOOD.replace(b"1 -2.5", b" 1 -2.5"), GOOD + b"\n", GOOD.replace(b"\n", b"\r\n"),
    GOOD.replace(b"1 -2.5", b"1\t-2.5"),
    GOOD.replace(b"1 -2.5\n", b"1\n"), GOOD.replace(b"1 -2.5\n", b"1 -2.5 3\n"),  # token count
    GOOD.replace(b"-3 4\n", b""), GOOD + b"1 1\n",                   # line count
    b"0 1\n\n\n\n", b"1 0\n\n\n\n\n", b"1000 201\n",                 # N, D out of range
    b"02 2" + GOOD[3:], GOOD.replace(b"1 -2.5", b"01 -2.5"),         # leading zeros
    GOOD.replace(b"1 -2.5", b"+1 -2.5"), GOOD.replace(b"1 -2.5", b"1e0 -2.5"),
    GOOD.replace(b"1 -2.5", b"1. -2.5"), GOOD.replace(b"1 -2.5", b"1 .5"),
    GOOD.replace(b"0.000001", b"0.0000001"),                         # 7 decimals
    GOOD.replace(b"1000000\n", b"1000000.5\n"),                      # |x| > 1e6
    GOOD.replace(b"1 0\n", b"100.5 0\n"), GOOD.replace(b"0 -100\n", b"0 -101\n"),  # gamma, beta
    GOOD.replace(b"-3 4\n", b"-3 400\n"), GOOD.replace(b"-3 4\n", b"nan 4\n"),     # dout
    GOOD.replace(b"-3 4\n", b"-3 \xff\n"),
], ids=short)
def test_validator_rejects_with_one_line_reason(data: bytes) -> None:
    proc = validate(data)
    assert proc.returncode == 43
    reason = proc.stderr.decode()
    assert reason.strip() and reason.count("\n") == 1 and "Traceback" not in reason


# ---------------------------------------------------------------- answers


def exact_sum_solution(path: Path) -> list[float]:
    """An independent solution: plain Python floats, every sum with math.fsum (exactly
    rounded), the node-by-node formulas of the paper. Returns the output as a flat list."""
    tok = path.read_bytes().split()
    n, d = int(tok[0]), int(tok[1])
    v = [float(t) for t in tok[2:]]
    x, g, b, dy = v[:n * d], v[n * d:n * d + d], v[n * d + d:n * d + 2 * d], v[n * d + 2 * d:]
    y, dx, dg, db = [0.0] * (n * d), [0.0] * (n * d), [0.0] * d, [0.0] * d
    for j in range(d):
        col, dcol = x[j::d], dy[j::d]
        mu = math.fsum(col) / n
        var = math.fsum((c - mu) ** 2 for c in col) / n
        std = math.sqrt(var + EPS)
        dxhat = [e * g[j] for e in dcol]
        dvar = math.fsum(a * (c - mu) for a, c in zip(dxhat, col)) * -0.5 * (var + EPS) ** -1.5
        dmu = -math.fsum(dxhat) / std
        db[j] = math.fsum(dcol)
        dg[j] = math.fsum(e * (c - mu) / std for e, c in zip(dcol, col))
        for i, (c, a) in enumerate(zip(col, dxhat)):
            y[i * d + j] = g[j] * (c - mu) / std + b[j]
            dx[i * d + j] = a / std + dvar * 2 * (c - mu) / n + dmu / n
    return y + dx + dg + db


@pytest.mark.parametrize("path", TESTS, ids=case_id)
def test_answer_agrees_with_exact_summation_far_inside_the_tolerance(path: Path) -> None:
    """Not just within 1e-6: within 1e-8, so the tests are well conditioned and no
    correct double-precision solution is at the mercy of its summation order."""
    judge = np.array(path.with_suffix(".ans").read_bytes().split(), dtype=np.float64)
    n, d = (int(t) for t in path.read_bytes().split()[:2])
    assert judge.size == (2 * n + 2) * d
    assert path.with_suffix(".ans").read_text().count("\n") == 2 * n + 2
    assert checker_error(judge, np.array(exact_sum_solution(path))) <= 1e-8


def one_pass_outputs(path: Path) -> np.ndarray:
    x, g, b, dy = parse_input(path)
    mu = x.mean(axis=0)
    with np.errstate(invalid="ignore"):
        istd = 1 / np.sqrt((x * x).mean(axis=0) - mu * mu + EPS)
    xhat = (x - mu) * istd
    db, dg = dy.sum(axis=0), (dy * xhat).sum(axis=0)
    dx = g * istd / len(x) * (len(x) * dy - db - xhat * dg)
    return np.concatenate([(g * xhat + b).ravel(), dx.ravel(), dg, db])


@pytest.mark.parametrize("name", ["06-offset-1e6", "40-offset-1e6-01", "40-offset-1e6-02"])
def test_values_near_1e6_break_the_one_pass_variance(name: str) -> None:
    path = SECRET / f"{name}.in"
    judge = np.array(path.with_suffix(".ans").read_bytes().split(), dtype=np.float64)
    assert checker_error(judge, one_pass_outputs(path)) > 100 * TOL


def test_the_data_covers_the_promised_cases() -> None:
    data = {p.stem: parse_input(p) for p in SECRET.glob("*.in")}
    shapes = {name: x.shape for name, (x, _, _, _) in data.items()}
    assert any(n == 1 for n, _ in shapes.values())
    assert any(d == 1 and n > 1 for n, d in shapes.values())
    assert any(n * d == 200000 and d > 1 for n, d in shapes.values())
    assert any(n == 200000 for n, _ in shapes.values())
    assert any(x.shape[0] > 1 and (x.std(axis=0) == 0).any() for x, _, _, _ in data.values())
    assert any((g == 0).all() and x.shape[0] > 1 for x, g, _, _ in data.values())
    near_1e6 = [name for name, (x, _, _, _) in data.items()
                if (np.abs(x) > 999000).all() and x.shape[0] > 1 and (x.std(axis=0) < 2).all()]
    assert len(near_1e6) >= 3
    tiny_var = [name for name, (x, _, _, _) in data.items() if ((x.var(axis=0) > 0) & (x.var(axis=0) < 1e-5)).any()]
    assert len(tiny_var) >= 2  # the variance is comparable to eps: where eps goes matters


def test_the_statement_shows_the_samples() -> None:
    statement = (PROBLEM / "statement" / "problem.en.md").read_text()
    blocks = re.findall(r"```\n(.*?)```", statement, re.S)
    samples = sorted(SAMPLE.glob("*.in"))
    assert blocks == [text for p in samples for text in (p.read_text(), p.with_suffix(".ans").read_text())]


def test_problem_yaml_and_tolerance() -> None:
    problem = load_problem(PROBLEM)
    assert problem.time_limit_s == 2.0 and problem.memory_mib == 512 and problem.output_mib >= 16
    assert all(t.validator_args == ("float_tolerance", "1e-6") for t in problem.tests)


# ---------------------------------------------------------------- verdicts


@pytest.fixture(scope="module")
def problem():
    return load_problem(PROBLEM)


@pytest.mark.parametrize("path", ALL_SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.slow
def test_solution_gets_its_folders_verdict(problem, path: Path) -> None:
    assert_folder_verdict(problem, path)