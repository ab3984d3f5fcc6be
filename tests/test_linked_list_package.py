"""The linked-list-backward package: answers agree with
independent solutions and a brute force, the data covers the promised edge cases,
and every solution gets its folder's verdict from the judge."""
from __future__ import annotations

import importlib.util
import io
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROBLEM = ROOT / "problems" / "linked-list-backward"
SOLUTIONS = ROOT / "solutions" / "linked-list-backward"
GENERATORS = PROBLEM / "generators"
SECRET = PROBLEM / "data" / "secret"
TESTS = sorted((PROBLEM / "data" / "sample").glob("*.in")) + sorted(SECRET.glob("*.in"))
ACCEPTED = sorted((SOLUTIONS / "accepted").iterdir())
REFERENCE = SOLUTIONS / "accepted" / "array.py"
ALL_SOLUTIONS = sorted(SOLUTIONS.glob("*/*"))


def generated_tests() -> dict[str, str]:
    spec = yaml.safe_load((GENERATORS / "generators.yaml").read_text())
    return spec["data"]["secret"]["data"]


def parse(text: str) -> tuple[int, dict[int, tuple[int, int]], list[int]]:
    """(head, {address: (data, next)}, the list's addresses from the head)."""
    tok = text.split()
    head, n = int(tok[0]), int(tok[1])
    nodes = {int(tok[i]): (int(tok[i + 1]), int(tok[i + 2])) for i in range(2, 2 + 3 * n, 3)}
    order, a = [], head
    while a != -1:
        order.append(a)
        a = nodes[a][1]
    return head, nodes, order


def expected_output(text: str) -> str:
    """The answer straight from the statement's definition, for the stress test."""
    _, nodes, order = parse(text)
    return "".join(["%d\n" % len(order)] + ["%05d %d\n" % (a, nodes[a][0]) for a in order[::-1]])


# ---------------------------------------------------------------- generators


def test_generators_yaml_lists_exactly_the_generated_tests() -> None:
    listed = set(generated_tests())
    stored = {p.stem for p in SECRET.glob("*.in")}
    hand_written = {p.stem for p in SECRET.glob("*.desc")}
    assert len(listed) >= 20
    assert listed.isdisjoint(hand_written)
    assert listed | hand_written == stored
    assert all((SECRET / f"{name}.ans").is_file() for name in stored)
    reference = yaml.safe_load((GENERATORS / "generators.yaml").read_text())["solution"]
    assert ROOT / reference.lstrip("/") == REFERENCE and REFERENCE.is_file()


# ---------------------------------------------------------------- answers


@pytest.fixture(scope="module")
def command(tmp_path_factory: pytest.TempPathFactory):
    """Solution file -> argv, compiling C and C++ once."""
    out = tmp_path_factory.mktemp("ll-bin")

    def build(src: Path) -> list[str]:
        if src.suffix == ".py":
            return [sys.executable, str(src)]
        exe = out / f"{src.stem}-{src.suffix[1:]}"
        if not exe.exists():
            cc = (["gcc", "-O2"] if src.suffix == ".c" else ["g++", "-O2", "-std=gnu++20"])
            subprocess.run([*cc, "-o", str(exe), str(src)], check=True)
        return [str(exe)]

    return build


@pytest.mark.parametrize("solution", [p for p in ACCEPTED if p.name != REFERENCE.name],
                         ids=lambda p: p.name)
@pytest.mark.slow
def test_independent_solution_reproduces_every_answer(solution: Path, command) -> None:
    """The .ans files come from the reference (array.py); the other accepted
    solutions, an in-place pointer reversal in Python and a stack in C++, share no
    code with it and cross-check them, independently of the judge."""
    argv = command(solution)
    differing = []
    for test in TESTS:
        with test.open("rb") as stdin:
            out = subprocess.run(argv, stdin=stdin, capture_output=True, check=True).stdout
        if out.split() != test.with_suffix(".ans").read_bytes().split():
            differing.append(test.stem)
    assert differing == []


@pytest.mark.parametrize("test", TESTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_answer_follows_the_output_format(test: Path) -> None:
    ans = test.with_suffix(".ans").read_text()
    assert re.fullmatch(r"(0|[1-9]\d*)\n(\d{5} -?\d+\n)*", ans)
    assert ans == expected_output(test.read_text())


def _run_in_process(code, stdin: bytes) -> str:
    """Runs a compiled Python solution with stdin/stdout swapped for buffers."""
    sys_in, sys_out, out = sys.stdin, sys.stdout, io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    sys.stdout = io.TextIOWrapper(out, write_through=True)
    try:
        exec(code, {"__name__": "__main__"})
        sys.stdout.flush()
        return out.getvalue().decode()
    finally:
        sys.stdin, sys.stdout = sys_in, sys_out


def test_python_solutions_agree_with_brute_force_on_random_small_lists() -> None:
    """KACTL-style stress: the reference, the pointer reversal and the recursive
    solution against the seed's re-walk (the brute force) and against the
    definition, on 300 random small inputs from the generator."""
    spec = importlib.util.spec_from_file_location("ll_gen", GENERATORS / "gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    files = [SOLUTIONS / "time_limit_exceeded" / "rewalk.py",
             SOLUTIONS / "accepted" / "array.py",
             SOLUTIONS / "accepted" / "reverse_in_place.py",
             SOLUTIONS / "run_time_error" / "recursive.py"]
    codes = [compile(f.read_text(), str(f), "exec") for f in files]
    rng = random.Random(2024)
    for seed in range(300):
        n = rng.randint(0, 12)
        k = rng.randint(2 if n >= 2 and seed % 5 == 0 else 0, n)
        text = gen.generate(seed, n, k, rng.choice(["shuffled", "list", "reverse"]),
                            "extremes" if k >= 2 and seed % 5 == 0 else
                            rng.choice(["random", "sequential"]),
                            rng.choice(["full", "small", "negative"]))
        outputs = [_run_in_process(code, text.encode()) for code in codes]
        assert outputs == [expected_output(text)] * len(files), text


# ---------------------------------------------------------------- package


def test_statement_shows_both_samples() -> None:
    statement = (PROBLEM / "statement" / "problem.en.md").read_text()
    blocks = re.findall(r"```\n(.*?)```", statement, re.S)
    for sample in ("1", "2"):
        for ext in ("in", "ans"):
            assert (PROBLEM / "data" / "sample" / f"{sample}.{ext}").read_text() in blocks
    _, nodes, order = parse((PROBLEM / "data" / "sample" / "2.in").read_text())
    assert len(order) < len(nodes), "sample 2 must have nodes off the list"


def test_problem_yaml_sets_the_limits() -> None:
    meta = yaml.safe_load((PROBLEM / "problem.yaml").read_text())
    assert meta["problem_format_version"] == "2025-09"
    assert meta["limits"] == {"time_limit": 1.0, "memory": 256}
    assert meta["x-judge"]["difficulty"] in ("easy", "medium", "hard")


def test_secret_data_covers_the_edge_cases() -> None:
    facts: set[str] = set()
    for test in SECRET.glob("*.in"):
        head, nodes, order = parse(test.read_text())
        n, k, on = len(nodes), len(order), set(order)
        lines = [int(line.split()[0]) for line in test.read_text().splitlines()[1:]]
        off_next = [nodes[a][1] for a in nodes if a not in on]
        facts |= {name for name, holds in [
            ("empty list", n == 0),
            ("head -1 with nodes given", head == -1 and n > 0),
            ("one node", n == 1 and k == 1),
            ("all nodes off the list but one", k == 1 and n > 1),
            ("every node on the list, shuffled", k == n > 2 and lines not in (order, order[::-1])),
            ("address 00000 on the list", 0 in on),
            ("address 99999 on the list", 99999 in on),
            ("negative data on the list", any(nodes[a][0] < 0 for a in order)),
            ("data -10^9 and 10^9", {-10**9, 10**9} <= {nodes[a][0] for a in order}),
            ("N = k = 100000", n == k == 100000),
            ("false tail off the list", -1 in off_next),
            ("off-list node pointing into the list", bool(on & set(off_next))),
            ("dangling Next off the list", any(b != -1 and b not in nodes for b in off_next)),
            ("self-loop off the list", any(nodes[a][1] == a for a in nodes if a not in on)),
        ] if holds}
    assert facts == {
        "empty list", "head -1 with nodes given", "one node", "all nodes off the list but one",
        "every node on the list, shuffled", "address 00000 on the list",
        "address 99999 on the list", "negative data on the list", "data -10^9 and 10^9",
        "N = k = 100000", "false tail off the list", "off-list node pointing into the list",
        "dangling Next off the list", "self-loop off the list"}


# ---------------------------------------------------------------- verdicts


@pytest.mark.parametrize("solution", ALL_SOLUTIONS,
                         ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.slow
def test_solution_gets_its_folders_verdict(solution: Path) -> None:
    from judge.judging import judge_solution
    from judge.package import load_problem
    from judge.verdicts import Verdict

    result = judge_solution(load_problem(PROBLEM), solution, fail_fast=True)
    assert result.verdict == Verdict.from_folder(solution.parent.name), [
        (t.name, t.verdict, t.message) for t in result.tests if t.verdict != Verdict.AC]
