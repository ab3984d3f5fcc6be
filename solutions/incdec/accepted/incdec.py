"""IncDec sequence, reference solution (Python).

With d_i = a_i - a_{i-1} (2 <= i <= n), p = sum of the positive d_i and q = sum of
|negative d_i|, the answers are max(p, q) and |p - q| + 1. Telescoping gives
p - q = a_n - a_1 and p + q = S = sum |d_i|, so max(p, q) = (S + |a_n - a_1|) / 2
and only S needs a pass over the data.
Speed: the input is read at once; below LARGE bytes (every input within the
problem's bounds) S is computed by map/sum at C level; larger inputs (n around
10^6) pay the numpy import once and parse with np.fromstring instead.
Time O(n), memory O(n). Python integers cannot overflow; numpy's int64 holds
S < 10^6 * 2^31 < 2^63.
"""
import sys
from operator import sub

LARGE = 4_000_000  # bytes; the numpy import costs about as much as parsing ~400k integers


def answers(n: int, first: int, last: int, s: int) -> str:
    d = abs(last - first)
    return f"{(s + d) // 2}\n{d + 1}\n"


def solve_small(data: bytes) -> str:
    a = list(map(int, data.split()))
    n = a[0]
    return answers(n, a[1], a[n], sum(map(abs, map(sub, a[2:], a[1:]))))


def solve_large(data: bytes) -> str:
    import numpy as np

    a = np.fromstring(data, dtype=np.int64, sep=" ")
    n = int(a[0])
    return answers(n, int(a[1]), int(a[n]), int(np.abs(np.diff(a[1 : n + 1])).sum()))


def solve(data: bytes) -> str:
    return solve_large(data) if len(data) > LARGE else solve_small(data)


if __name__ == "__main__":
    sys.stdout.write(solve(sys.stdin.buffer.read()))
