"""IncDec sequence, WRONG: prints min(p, q) as the minimum number of operations.

Mistake: it counts only the operations that cancel a positive against a negative
difference and forgets the |p - q| operations that send the leftover to a free
end (min(p, q) + |p - q| = max(p, q) is right). The count |p - q| + 1 is right.
Caught by sample/1 ("1 1 2 2": p = 1, q = 0, prints 0 instead of 1).
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
    print(min(p, q))
    print(abs(p - q) + 1)


main()
