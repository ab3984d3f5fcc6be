"""The IncDec formula against a breadth-first search over the operations themselves,
on every input with 1 <= n <= 4 and values 0..3 (340 inputs).

The search's states are the sequences (tuples); a move adds +1 or -1 to one interval
[l, r]. The minimum number of operations is the BFS depth of the nearest constant
sequence, and the second answer is the number of distinct constant sequences at
that depth: exactly the final sequences reachable with the minimum number of
operations (a constant sequence at depth d is reachable with d operations; one
reachable with the minimum d_min cannot be nearer than d_min).

Why the search may stay inside the box [0, 3]^n although values may leave 0..3 in
general. Operations commute, so a way to reach a target is a multiset of signed
intervals.
1. A +1 interval and an overlapping -1 interval can be replaced by the (at most two)
   one-signed pieces of their symmetric difference: same result, no more
   operations. Repeating this (the total length drops each time) gives an
   equivalent multiset in which every position is covered by operations of one sign
   only, so in any order every value moves monotonically from a_i to the final c.
2. In a minimum multiset, min(a) <= c <= max(a). If c > max(a), by 1. every
   interval is +1 and every position is covered. Let [1, r] be an interval starting
   at position 1 with the largest r. If r < n, some interval [l, r'] with l <= r + 1
   <= r' covers r + 1; by the choice of r, l > 1. If l = r + 1 merge the two into
   [1, r']; otherwise swap their right ends ([1, r'] and [l, r]): same coverage, no
   more intervals, and r grows. At r = n drop [1, n]: target c - 1 in one operation
   fewer, whose final sequence is also constant. So a minimum never has c > max(a);
   symmetrically c >= min(a). (A minimum for c - 1 may be smaller still; we only
   need that c > max(a) is never optimal.)
So every final sequence reachable with the minimum number of operations is reached
by a path all of whose states lie in [min a, max a]^n, within [0, 3]^n, and the
search in the box is exact. test_wider_box_changes_nothing checks this on every input.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from itertools import product
from pathlib import Path

import pytest

from judge.languages import prepare

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_PY = ROOT / "solutions" / "incdec" / "accepted" / "incdec.py"
REFERENCE_CPP = ROOT / "solutions" / "incdec" / "accepted" / "incdec.cpp"
VALUES = range(4)
INPUTS = [a for n in range(1, 5) for a in product(VALUES, repeat=n)]


@cache
def moves(n: int) -> list[tuple[int, ...]]:
    """The 2 * n(n+1)/2 operations as vectors to add."""
    out = []
    for l in range(n):
        for r in range(l, n):
            for s in (1, -1):
                out.append(tuple(s if l <= i <= r else 0 for i in range(n)))
    return out


def bfs(start: tuple[int, ...], lo: int, hi: int) -> tuple[int, int]:
    """(fewest operations to a constant sequence, number of constant sequences at that
    depth), searching only sequences with every value in [lo, hi]."""
    seen = {start}
    level = [start]
    depth = 0
    while level:
        constant = {s for s in level if len(set(s)) == 1}
        if constant:
            return depth, len(constant)
        nxt = []
        for s in level:
            for m in moves(len(s)):
                t = tuple(x + d for x, d in zip(s, m))
                if t not in seen and all(lo <= x <= hi for x in t):
                    seen.add(t)
                    nxt.append(t)
        level = nxt
        depth += 1
    raise AssertionError(f"no constant sequence reachable from {start} in [{lo}, {hi}]")


@cache
def brute(a: tuple[int, ...]) -> tuple[int, int]:
    return bfs(a, min(VALUES), max(VALUES))


def as_input(a: tuple[int, ...]) -> bytes:
    return f"{len(a)}\n{' '.join(map(str, a))}\n".encode()


def as_answer(res: tuple[int, int]) -> str:
    return f"{res[0]}\n{res[1]}\n"


@cache
def reference():
    spec = importlib.util.spec_from_file_location("incdec_reference", REFERENCE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bfs_knows_the_statement_samples() -> None:
    assert brute((1, 1, 2, 2)) == (1, 2)
    assert bfs((2, 5, 3, 5, 2), 2, 5) == (5, 1)  # sample 2, in its own box [min a, max a]


def test_wider_box_changes_nothing() -> None:
    """The bounding argument, checked: allowing values -1..4 gives the same answers."""
    for a in INPUTS:
        assert bfs(a, min(VALUES) - 1, max(VALUES) + 1) == brute(a), a


def test_python_reference_matches_brute_force_on_all_inputs() -> None:
    """Both input paths of the Python reference (plain and numpy) on all 340 inputs."""
    ref = reference()
    for a in INPUTS:
        data, expected = as_input(a), as_answer(brute(a))
        assert ref.solve_small(data) == expected, a
        assert ref.solve_large(data) == expected, a


def test_cpp_reference_matches_brute_force_on_all_inputs() -> None:
    argv = prepare(REFERENCE_CPP).argv
    for a in INPUTS:
        out = subprocess.run(argv, input=as_input(a), capture_output=True, check=True).stdout
        assert out.split() == as_answer(brute(a)).encode().split(), a


@pytest.mark.parametrize("a", [(0,), (3, 0), (0, 3, 0, 3), (1, 1, 2, 2), (3, 0, 0, 3)], ids=str)
def test_python_reference_file_as_a_program(a: tuple[int, ...]) -> None:
    """The real file run as the judge runs it (stdin to stdout), on a few inputs."""
    out = subprocess.run([sys.executable, "-I", str(REFERENCE_PY)], input=as_input(a),
                         capture_output=True, check=True).stdout
    assert out.decode() == as_answer(brute(a))


def test_brute_force_exercises_every_count() -> None:
    """The 340 inputs reach minima 0..6 and counts 1..4: the comparison is not vacuous."""
    results = {brute(a) for a in INPUTS}
    assert {ops for ops, _ in results} == set(range(7))
    assert {count for _, count in results} == {1, 2, 3, 4}
