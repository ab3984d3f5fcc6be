"""The incdec package: every input is valid,
the validator rejects malformed ones, the answers are the reference's and agree with
an independent solution, the data holds the promised edge cases, and every solution
gets its folder's verdict on the test that its header names."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import yaml

from judge.languages import prepare
from judge.package import load_problem

from conftest import assert_folder_verdict

ROOT = Path(__file__).resolve().parents[1]
PROBLEM = ROOT / "problems" / "incdec"
SOLUTIONS = ROOT / "solutions" / "incdec"
GENERATORS = PROBLEM / "generators"
SAMPLE = PROBLEM / "data" / "sample"
SECRET = PROBLEM / "data" / "secret"
VALIDATOR = PROBLEM / "input_validators" / "validate.py"
TESTS = sorted(SAMPLE.glob("*.in")) + sorted(SECRET.glob("*.in"))
ALL_SOLUTIONS = sorted(p for p in SOLUTIONS.glob("*/*") if p.is_file())
MAX_A = 2**31 - 1


def generated_tests() -> dict[str, str]:
    spec = yaml.safe_load((GENERATORS / "generators.yaml").read_text())
    return spec["data"]["secret"]["data"]


@cache
def reference():
    """The Python reference as a module (its solve_small / solve_large / solve)."""
    spec = importlib.util.spec_from_file_location("incdec_reference", SOLUTIONS / "accepted" / "incdec.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def values(path: Path) -> list[int]:
    tok = path.read_bytes().split()
    return [int(t) for t in tok[1 : int(tok[0]) + 1]]


def answer(path: Path) -> tuple[int, int]:
    first, second = path.with_suffix(".ans").read_bytes().split()
    return int(first), int(second)


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


# ---------------------------------------------------------------- generators


def test_every_secret_test_is_generated_or_hand_written() -> None:
    """generators.yaml lists exactly the generated tests; the others carry a .desc."""
    generated = set(generated_tests())
    on_disk = {p.stem for p in SECRET.glob("*.in")}
    assert generated <= on_disk, f"listed but missing: {sorted(generated - on_disk)}"
    described = {p.stem for p in SECRET.glob("*.desc")}
    assert on_disk - generated == described, "a hand-written test needs a .desc, a generated one none"
    assert {p.stem for p in SECRET.glob("*.ans")} == on_disk
    assert len(generated) >= 25


# ---------------------------------------------------------------- validator


def short(data: bytes) -> str:
    return repr(data if len(data) <= 30 else data[:24] + b"...")


def validate(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(VALIDATOR)], input=data, capture_output=True)


@pytest.mark.parametrize("path", TESTS, ids=case_id)
def test_every_input_is_valid(path: Path) -> None:
    proc = validate(path.read_bytes())
    assert proc.returncode == 42, proc.stderr.decode()


@pytest.mark.parametrize("data", [
    b"4\n1 1 2 2\n", b"4\n1\n1\n2\n2\n", b"4\n1 1\n2 2\n", b"1\n0\n",
    b"2\n0 2147483647\n", b"100000\n" + b" ".join([b"7"] * 100000) + b"\n",
], ids=short)
def test_validator_accepts(data: bytes) -> None:
    assert validate(data).returncode == 42


@pytest.mark.parametrize("data", [
    b"", b"\n", b"4\n1 1 2 2",                        # empty, no final newline
    b"4\n1 1  2 2\n", b"4\n1 1 2 2 \n", b"4\n 1 1 2 2\n",  # doubled / trailing / leading space
    b"4\n1 1 2 2\n\n", b"4\n\n1 1 2 2\n",              # empty lines
    b"4\r\n1 1 2 2\r\n", b"4\n1\t1 2 2\n", b"4 1 1 2 2\n",  # CR, tab, n not alone on its line
    b"4\n1 1 2\n", b"4\n1 1 2 2 2\n",                  # too few / too many integers
    b"0\n\n", b"100001\n" + b" ".join([b"1"] * 100001) + b"\n",  # n out of range
    b"04\n1 1 2 2\n", b"4\n1 01 2 2\n", b"4\n1 -1 2 2\n", b"4\n+1 1 2 2\n",  # not canonical
    b"2\n0 2147483648\n", b"2\n0 99999999999\n", b"1\n1.5\n", b"1\n\xff\n",
], ids=short)
def test_validator_rejects_with_one_line_reason(data: bytes) -> None:
    proc = validate(data)
    assert proc.returncode == 43
    reason = proc.stderr.decode()
    assert reason.strip() and reason.count("\n") == 1 and "Traceback" not in reason


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize("path", TESTS, ids=case_id)
def test_answer_is_the_python_reference_output_on_both_paths(path: Path) -> None:
    data = path.read_bytes()
    expected = path.with_suffix(".ans").read_text()
    ref = reference()
    assert ref.solve(data) == expected
    # the two input paths (plain Python below the size threshold, numpy above) agree
    assert ref.solve_small(data) == ref.solve_large(data) == expected


def test_answers_agree_with_the_cpp_reference() -> None:
    """An independent solution (C++, p and q summed difference by difference)."""
    argv = prepare(SOLUTIONS / "accepted" / "incdec.cpp").argv
    for path in TESTS:
        with path.open("rb") as stdin:
            out = subprocess.run(argv, stdin=stdin, capture_output=True, check=True).stdout
        assert out.split() == path.with_suffix(".ans").read_bytes().split(), path.name


@pytest.mark.parametrize("path", TESTS, ids=case_id)
def test_answer_matches_the_definition_of_p_and_q(path: Path) -> None:
    """A third computation, straight from the editorial's p and q."""
    a = values(path)
    p = sum(max(y - x, 0) for x, y in zip(a, a[1:]))
    q = sum(max(x - y, 0) for x, y in zip(a, a[1:]))
    assert answer(path) == (max(p, q), abs(p - q) + 1)


def test_the_statement_shows_the_samples() -> None:
    statement = (PROBLEM / "statement" / "problem.en.md").read_text()
    blocks = re.findall(r"```\n(.*?)```", statement, re.S)
    samples = sorted(SAMPLE.glob("*.in"))
    assert len(samples) == 2
    assert blocks == [text for p in samples for text in (p.read_text(), p.with_suffix(".ans").read_text())]
    assert (SAMPLE / "1.in").read_text().split() == "4 1 1 2 2".split()
    assert (SAMPLE / "1.ans").read_text().split() == ["1", "2"]


def test_the_data_covers_the_promised_cases() -> None:
    tests = {p.stem: (values(p), answer(p)) for p in sorted(SECRET.glob("*.in"))}
    sizes = [len(a) for a, _ in tests.values()]
    assert 1 in sizes
    assert sum(1 for name, n in zip(tests, sizes) if n == 100000 and name in generated_tests()) >= 3
    assert any(len(set(a)) == 1 and len(a) == 100000 for a, _ in tests.values())  # all equal
    assert any(len(a) == 100000 and all(x < y for x, y in zip(a, a[1:])) and a[-1] == MAX_A
               for a, _ in tests.values())  # strictly increasing up to the largest value
    assert any(ops > 100 * MAX_A for _, (ops, _) in tests.values())  # 64-bit operation count
    assert any(count > MAX_A for _, (_, count) in tests.values())   # 64-bit count
    assert any(count == 1 and ops > 0 for _, (ops, count) in tests.values())
    layouts = set()
    for a, path in ((a, SECRET / f"{name}.in") for name, (a, _) in tests.items() if len(a) > 2):
        lines = path.read_bytes().count(b"\n")
        layouts.add("line" if lines == 2 else "column" if lines == len(a) + 1 else "mixed")
    assert layouts == {"line", "column", "mixed"}


# ---------------------------------------------------------------- verdicts


@pytest.fixture(scope="module")
def problem():
    return load_problem(PROBLEM)


@pytest.mark.parametrize("path", ALL_SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.slow
def test_solution_gets_its_folders_verdict(problem, path: Path) -> None:
    assert_folder_verdict(problem, path)