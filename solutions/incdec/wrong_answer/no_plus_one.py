"""IncDec sequence, WRONG: prints |p - q| as the number of final sequences.

Mistake: it counts the leftover operations, |p - q|, that go to a free end instead
of the possible final values a_1 + k for k = 0..|p - q|, which are |p - q| + 1
(it forgets k = 0). The minimum, max(p, q), is right.
Caught by sample/1 ("1 1 2 2": prints 1 instead of 2).
Time O(n), memory O(n).
"""
import sys


def main() -> None:
    a = list(map(int, sys.stdin.buffer.read().split()))
    n = a[0]
    p = q = 0
    for prev, x in zip(a[1:n], a[2 : n + 1]):
        if x > prev:
            p += x - prev
        else:
            q += prev - x
    print(max(p, q))
    print(abs(p - q))


main()
