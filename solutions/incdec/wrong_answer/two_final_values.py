"""IncDec sequence, WRONG: believes only two final sequences are possible.

Plausible wrong derivation: "the |p - q| leftover operations go to a free end, so
either all go to the right end (the final value stays a_1) or all go to the left
end (it becomes a_n)". Mistake: it ignores that each leftover operation chooses its
end independently, so every value between a_1 and a_n is reachable and the count
is |p - q| + 1, not 2 (or 1 when p = q). The minimum, max(p, q), is right.
It passes both samples (counts 2 and 1).
Caught by secret/03-n2-full-span ("0 2147483647": prints 2 instead of 2147483648).
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
    print(1 if p == q else 2)


main()
