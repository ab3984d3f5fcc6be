#!/usr/bin/env python3
"""Input validator for incdec: reads one test input on stdin.

Exact format: the line "n", then n integers, each separated from the next by a
single space or a single newline, and a final newline. Integers are written in
canonical decimal (no sign, no leading zeros). Bounds: 1 <= n <= 100000,
0 <= a_i < 2^31. Exit 42 if valid, 43 (with a one-line reason on stderr) if not.
"""
import re
import sys

MAX_N = 100_000
MAX_A = 2**31 - 1
NUMBER = re.compile(rb"0|[1-9][0-9]*")


def check(data: bytes) -> str | None:
    """The reason the input is invalid, or None if it is valid."""
    if not data.endswith(b"\n"):
        return "input does not end with a newline"
    stray = data.translate(None, b"0123456789 \n")
    if stray:
        return f"unexpected character {stray[:1]!r} (only digits, spaces and newlines may appear)"
    first, sep, rest = data.partition(b"\n")
    if not NUMBER.fullmatch(first):
        return f"first line must be n alone, got {first[:40]!r}"
    n = int(first)
    if not 1 <= n <= MAX_N:
        return f"n = {n} is outside [1, {MAX_N}]"
    # rest is "a_1<sep>a_2<sep>...a_n\n" with <sep> one space or one newline.
    tokens = rest[:-1].replace(b"\n", b" ").split(b" ")
    if len(tokens) != n:
        # An empty token means a doubled, leading or trailing separator.
        if b"" in tokens:
            return "integers must be separated by exactly one space or one newline"
        return f"expected {n} integers, found {len(tokens)}"
    for i, t in enumerate(tokens, 1):
        if not (t.isdigit() and (t[0] != 0x30 or t == b"0") and len(t) <= 10):
            if t == b"":
                return "integers must be separated by exactly one space or one newline"
            return f"a_{i} = {t[:40]!r} is not a canonical non-negative integer below 2^31"
    big = max(map(int, tokens))
    if big > MAX_A:
        return f"a value {big} is not below 2^31"
    return None


def main() -> int:
    reason = check(sys.stdin.buffer.read())
    if reason is not None:
        print(reason, file=sys.stderr)
        return 43
    return 42


if __name__ == "__main__":
    sys.exit(main())
