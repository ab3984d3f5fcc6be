"""The linked-list-backward input validator: exit 43 with a one-line reason for
each malformed input, exit 42 for every valid one, including every stored test."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBLEM = Path(__file__).resolve().parents[1] / "problems" / "linked-list-backward"
VALIDATOR = PROBLEM / "input_validators" / "validate.py"


def validate(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(VALIDATOR)], input=data, capture_output=True)


# (case, input, a word the one-line reason must contain)
INVALID = [
    # the list from the head has a cycle
    ("cycle of two", b"00001 2\n00001 5 00002\n00002 6 00001\n", "cycle"),
    ("self-loop at the head", b"00001 1\n00001 5 00001\n", "cycle"),
    ("tail back to the middle", b"00001 3\n00001 5 00002\n00002 6 00003\n00003 7 00002\n",
     "cycle"),
    # duplicate address
    ("duplicate address on the list", b"00001 2\n00001 5 -1\n00001 6 -1\n", "duplicate"),
    ("duplicate address off the list", b"-1 2\n00007 1 -1\n00007 2 -1\n", "duplicate"),
    # dangling Next or head
    ("dangling Next on the list", b"00001 2\n00001 5 00003\n00002 6 -1\n", "not a given"),
    ("dangling Next at the tail", b"00001 2\n00001 5 00002\n00002 6 99999\n", "not a given"),
    ("head not a given address", b"00003 1\n00001 5 -1\n", "head"),
    ("head with no nodes", b"00001 0\n", "head"),
    # badly formatted address
    ("address of 4 digits", b"00001 2\n00001 5 0002\n00002 6 -1\n", "line 2"),
    ("address of 6 digits", b"00001 1\n000001 5 -1\n", "line 2"),
    ("address without leading zeros", b"00001 2\n00001 5 -1\n2 6 -1\n", "line 3"),
    ("address with a letter", b"00001 1\n0000a 5 -1\n", "line 2"),
    ("negative address", b"00001 2\n00001 5 -1\n-0002 6 -1\n", "line 3"),
    ("null written as -2", b"00001 1\n00001 5 -2\n", "line 2"),
    ("null written as -00001", b"00001 1\n00001 5 -00001\n", "line 2"),
    ("head of 4 digits", b"0001 1\n00001 5 -1\n", "line 1"),
    # N out of range or not matching the node lines
    ("N above 100000", b"00000 100001\n", "out of range"),
    ("N negative", b"-1 -1\n", "line 1"),
    ("N with a leading zero", b"00001 01\n00001 5 -1\n", "line 1"),
    ("fewer node lines than N", b"00001 2\n00001 5 -1\n", "found 1"),
    ("more node lines than N", b"00001 1\n00001 5 -1\n00002 6 -1\n", "found 2"),
    # Data
    ("Data above 10^9", b"00001 1\n00001 1000000001 -1\n", "out of range"),
    ("Data below -10^9", b"00001 1\n00001 -1000000001 -1\n", "out of range"),
    ("Data with a leading zero", b"00001 1\n00001 05 -1\n", "line 2"),
    ("Data -0", b"00001 1\n00001 -0 -1\n", "line 2"),
    ("Data with a plus sign", b"00001 1\n00001 +5 -1\n", "line 2"),
    ("Data not an integer", b"00001 1\n00001 5.0 -1\n", "line 2"),
    ("Data not ASCII", b"00001 1\n00001 \xff -1\n", "line 2"),
    # whitespace and line structure
    ("empty input", b"", "newline"),
    ("no final newline", b"00001 1\n00001 5 -1", "newline"),
    ("CRLF line ends", b"00001 1\r\n00001 5 -1\r\n", "line 1"),
    ("blank line at the end", b"00001 1\n00001 5 -1\n\n", "found 2"),
    ("two spaces", b"00001 1\n00001  5 -1\n", "line 2"),
    ("a tab", b"00001 1\n00001\t5 -1\n", "line 2"),
    ("trailing space", b"00001 1\n00001 5 -1 \n", "line 2"),
    ("leading space", b" 00001 1\n00001 5 -1\n", "line 1"),
    ("extra token", b"00001 1\n00001 5 -1 7\n", "line 2"),
    ("missing token", b"00001 1\n00001 -1\n", "line 2"),
    ("first line with one token", b"-1\n", "line 1"),
]

VALID = [
    ("empty list", b"-1 0\n"),
    ("head -1 with nodes", b"-1 2\n00005 1 00007\n00007 2 -1\n"),
    ("one node", b"54321 1\n54321 -1000000000 -1\n"),
    ("address 00000 as a node", b"99999 2\n99999 1000000000 00000\n00000 0 -1\n"),
    ("dangling Next off the list", b"00001 2\n00001 5 -1\n00002 6 12345\n"),
    ("cycle off the list", b"00001 3\n00001 5 -1\n00002 6 00003\n00003 7 00002\n"),
    ("self-loop off the list", b"00001 2\n00001 5 -1\n00002 6 00002\n"),
    ("off-list node pointing into the list", b"00001 2\n00001 5 -1\n00002 6 00001\n"),
    ("nodes given tail first", b"00003 3\n00001 3 -1\n00002 2 00001\n00003 1 00002\n"),
]


@pytest.mark.parametrize("case,data,reason", INVALID, ids=[c[0] for c in INVALID])
def test_rejects_malformed_input(case: str, data: bytes, reason: str) -> None:
    r = validate(data)
    message = r.stderr.decode()
    assert r.returncode == 43, message
    assert message.count("\n") == 1 and message.strip(), "one line reason expected"
    assert reason in message


@pytest.mark.parametrize("case,data", VALID, ids=[c[0] for c in VALID])
def test_accepts_valid_input(case: str, data: bytes) -> None:
    r = validate(data)
    assert r.returncode == 42, r.stderr.decode()


@pytest.mark.parametrize("test", sorted(PROBLEM.glob("data/*/*.in")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_accepts_every_stored_test_input(test: Path) -> None:
    r = validate(test.read_bytes())
    assert r.returncode == 42, r.stderr.decode()
