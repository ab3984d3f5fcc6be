#!/usr/bin/env python3
"""Input validator for linked-list-backward: reads a test input on stdin and
exits 42 if it is valid, 43 (with a one-line reason on stderr) if not.

Format, exactly: `H N` then N lines `Address Data Next`, single spaces, every line
ending in "\\n", nothing after the last line. Addresses are 5 digits; H and Next
are 5 digits or -1; Data is an integer without leading zeros or sign (except a
minus) and |Data| <= 10^9; 0 <= N <= 100000; addresses are distinct; if H is not
-1 it is a given address, and the list from H has no cycle and each Next on it
is -1 or a given address. Next fields of nodes off the list are not constrained
beyond their format.
"""
import re
import sys

MAX_N = 100000
MAX_DATA = 10**9

FIRST = re.compile(rb"(\d{5}|-1) (0|[1-9][0-9]*)")
NODE = re.compile(rb"(\d{5}) (0|-?[1-9][0-9]*) (\d{5}|-1)")


class Invalid(Exception):
    pass


def validate(raw: bytes) -> None:
    if not raw.endswith(b"\n"):
        raise Invalid("input is empty or does not end with a newline")
    lines = raw[:-1].split(b"\n")
    m = FIRST.fullmatch(lines[0])
    if not m:
        raise Invalid("line 1: expected `H N` (H 5 digits or -1, N a non-negative integer "
                      "without leading zeros), got %r" % lines[0][:60].decode("latin-1"))
    head, n = int(m.group(1)), int(m.group(2))
    if n > MAX_N:
        raise Invalid("line 1: N = %d is out of range 0..%d" % (n, MAX_N))
    if len(lines) - 1 != n:
        raise Invalid("expected N = %d node lines after the first line, found %d"
                      % (n, len(lines) - 1))
    nxt: dict[int, int] = {}
    for i, line in enumerate(lines[1:], start=2):
        m = NODE.fullmatch(line)
        if not m:
            raise Invalid("line %d: expected `Address Data Next` (Address 5 digits, Data an "
                          "integer, Next 5 digits or -1), got %r"
                          % (i, line[:60].decode("latin-1")))
        a, d = int(m.group(1)), int(m.group(2))
        if abs(d) > MAX_DATA:
            raise Invalid("line %d: Data = %d is out of range [-10^9, 10^9]" % (i, d))
        if a in nxt:
            raise Invalid("line %d: duplicate address %05d" % (i, a))
        nxt[a] = int(m.group(3))
    if head != -1 and head not in nxt:
        raise Invalid("head %05d is not a given address" % head)
    seen = set()
    a = head
    while a != -1:
        seen.add(a)
        b = nxt[a]
        if b != -1 and b not in nxt:
            raise Invalid("node %05d on the list points to %05d, which is not a given address"
                          % (a, b))
        if b in seen:
            raise Invalid("the list from the head has a cycle: node %05d points back to %05d"
                          % (a, b))
        a = b


def main() -> int:
    try:
        validate(sys.stdin.buffer.read())
    except Invalid as e:
        print(e, file=sys.stderr)
        return 43
    return 42


if __name__ == "__main__":
    sys.exit(main())
