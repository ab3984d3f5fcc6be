#!/usr/bin/env python3
"""Input validator for batchnorm: exit 42 if stdin is a valid test input, 43 otherwise.

Format (exact): "N D", then N lines of D numbers (x), one line of D (gamma), one line of
D (beta), N lines of D (dout); single spaces between numbers, every line ends with '\\n',
nothing after the last line. Numbers are fixed-point decimals with at most 6 digits after
the point and no superfluous leading zeros. Bounds: 1 <= N, D; N*D <= 200000;
|x| <= 1e6; |gamma|, |beta|, |dout| <= 100.
"""
import re
import sys

NUM = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?"
ROW = re.compile(rf"{NUM}(?: {NUM})*")
HEADER = re.compile(r"([1-9][0-9]{0,5}) ([1-9][0-9]{0,5})")


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(43)


def main():
    try:
        text = sys.stdin.buffer.read().decode("ascii")
    except UnicodeDecodeError:
        fail("input is not ASCII")
    if not text.endswith("\n"):
        fail("input does not end with a newline")
    lines = text[:-1].split("\n")
    m = HEADER.fullmatch(lines[0])
    if not m:
        fail(f"line 1: expected 'N D', got {lines[0][:50]!r}")
    n, d = int(m.group(1)), int(m.group(2))
    if n * d > 200000:
        fail(f"N*D = {n * d} exceeds 200000")
    if len(lines) != 2 * n + 3:
        fail(f"expected {2 * n + 3} lines, got {len(lines)}")
    sections = [("x", 1, n, 1e6), ("gamma", n + 1, 1, 100.0), ("beta", n + 2, 1, 100.0),
                ("dout", n + 3, n, 100.0)]
    for name, start, count, bound in sections:
        for i in range(start, start + count):
            line = lines[i]
            if not ROW.fullmatch(line):
                fail(f"line {i + 1} ({name}): not single-space separated fixed-point numbers")
            toks = line.split(" ")
            if len(toks) != d:
                fail(f"line {i + 1} ({name}): expected {d} numbers, got {len(toks)}")
            big = max(abs(float(t)) for t in toks)
            if big > bound:
                fail(f"line {i + 1} ({name}): |value| = {big} exceeds {bound:g}")
    sys.exit(42)


if __name__ == "__main__":
    main()
