#!/usr/bin/env python3
"""Input validator for linked-list-queries: exit 42 if the test input on stdin is valid,
43 with a one-line reason on stderr if not.

`H N Q`, then N lines `Address Data Next` (single spaces, each line ending in a
newline): addresses have five digits and are distinct; H and Next are an address or
-1; |Data| <= 10^9; 0 <= N <= 100000. The list from H (empty if H is -1) is made of
given nodes and has no cycle; Q, the query budget, is at least its length.
"""
import re
import sys

HEADER = re.compile(r"(\d{5}|-1) (0|[1-9]\d*) (0|[1-9]\d*)")
NODE = re.compile(r"(\d{5}) (0|-?[1-9]\d*) (\d{5}|-1)")


def check(text: str) -> str | None:
    """The reason the input is invalid, or None."""
    if not text.endswith("\n"):
        return "the input must end with a newline"
    header, *rows = text[:-1].split("\n")
    match = HEADER.fullmatch(header)
    if match is None:
        return f"first line {header[:40]!r}: expected `H N Q`"
    head, count, budget = match.group(1), int(match.group(2)), int(match.group(3))
    if count > 100000 or len(rows) != count:
        return f"N = {count}, but {len(rows)} node lines follow (and N <= 100000)"
    successor = {}
    for number, row in enumerate(rows, start=2):
        node = NODE.fullmatch(row)
        if node is None or abs(int(node.group(2))) > 10**9:
            return f"line {number}: expected `Address Data Next`, got {row[:40]!r}"
        if node.group(1) in successor:
            return f"line {number}: address {node.group(1)} appears twice"
        successor[node.group(1)] = node.group(3)
    length, at, seen = 0, head, set()
    while at != "-1":
        if at not in successor:
            return f"the list reaches {at}, which no node line has"
        if at in seen:
            return f"the list has a cycle through {at}"
        seen.add(at)
        length, at = length + 1, successor[at]
    if budget < length:
        return f"the query budget Q = {budget} is below the list's length {length}"
    return None


if __name__ == "__main__":
    reason = check(sys.stdin.read())
    if reason:
        print(reason, file=sys.stderr)
    sys.exit(43 if reason else 42)
