"""The Kattis default output validator.

- Both outputs are split into tokens on whitespace: any run of whitespace equals
  any other, leading and trailing whitespace is ignored.
- Tokens compare case-insensitively unless `case_sensitive` is given.
- `space_change_sensitive`: whitespace must match byte for byte.
- `float_absolute_tolerance e`, `float_relative_tolerance e`, `float_tolerance e`
  (both): a judge token that parses fully as a finite float is compared
  numerically; the solution's token must be a float too, and is accepted when
  |a - s| <= abs_tol or |a - s| <= rel_tol * |a| (a = the judge's value).
- Missing or extra tokens are wrong answers. The message names the line and the
  token on that line (both 1-based, in the solution's output) where the outputs
  first differ, and shows both tokens.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from judge.verdicts import Verdict
from judge.checkers import CheckResult, CheckerSpec

SHOWN_CHARS = 30
# The decimal float syntax strtod accepts (no hex, no underscores as Python allows).
_FLOAT = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.IGNORECASE)
_TOKEN = re.compile(rb"\S+")
_PIECE = re.compile(rb"\s+|\S+")


class FlagError(ValueError):
    pass


@dataclass(frozen=True)
class Options:
    case_sensitive: bool = False
    space_change_sensitive: bool = False
    abs_tol: float | None = None
    rel_tol: float | None = None

    @property
    def floats(self) -> bool:
        return self.abs_tol is not None or self.rel_tol is not None


def parse_flags(args: tuple[str, ...]) -> Options:
    opts = {"case_sensitive": False, "space_change_sensitive": False, "abs_tol": None, "rel_tol": None}
    i = 0
    while i < len(args):
        flag = args[i]
        if flag in ("case_sensitive", "space_change_sensitive"):
            opts[flag] = True
            i += 1
            continue
        if flag in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
            if i + 1 >= len(args):
                raise FlagError(f"{flag} needs a value")
            try:
                value = float(args[i + 1])
            except ValueError:
                raise FlagError(f"{flag} needs a number, got {args[i + 1]!r}") from None
            if flag != "float_relative_tolerance":
                opts["abs_tol"] = value
            if flag != "float_absolute_tolerance":
                opts["rel_tol"] = value
            i += 2
            continue
        raise FlagError(f"unknown output validator flag {flag!r}")
    return Options(**opts)


def _parse_float(token: bytes) -> float | None:
    if _FLOAT.fullmatch(token) is None:
        return None
    return float(token)


def _show(token: bytes | None) -> str:
    if token is None:
        return "end of output"
    text = token.decode("utf-8", "backslashreplace")
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 3] + "..."
    return f"'{text}'"


def _where(output: bytes, offset: int) -> str:
    line_start = output.rfind(b"\n", 0, offset) + 1
    line = output.count(b"\n", 0, offset) + 1
    index = len(output[line_start:offset].split()) + 1
    return f"line {line}, token {index}"


def _token_equal(judge: bytes, user: bytes, opts: Options) -> tuple[bool, str]:
    if opts.floats:
        expected = _parse_float(judge)
        if expected is not None and math.isfinite(expected):
            got = _parse_float(user)
            if got is None:
                return False, "expected a number"
            diff = abs(expected - got)
            if (opts.abs_tol is not None and diff <= opts.abs_tol) or \
                    (opts.rel_tol is not None and diff <= opts.rel_tol * abs(expected)):
                return True, ""
            return False, f"difference {diff:.3g}"
    if opts.case_sensitive:
        return judge == user, ""
    return judge.lower() == user.lower(), ""


def compare(answer: bytes, output: bytes, opts: Options) -> CheckResult:
    if opts.space_change_sensitive:
        judge_pieces = [(m.group(), m.start()) for m in _PIECE.finditer(answer)]
        user_pieces = [(m.group(), m.start()) for m in _PIECE.finditer(output)]
    else:
        judge_pieces = [(m.group(), m.start()) for m in _TOKEN.finditer(answer)]
        user_pieces = [(m.group(), m.start()) for m in _TOKEN.finditer(output)]

    if not opts.floats and len(judge_pieces) == len(user_pieces):
        # Fast path for the common case: one comparison of whole lists in C.
        key = (lambda p: p[0]) if opts.case_sensitive else (lambda p: p[0].lower())
        if list(map(key, judge_pieces)) == list(map(key, user_pieces)):
            return CheckResult(Verdict.AC)

    for (judge, _), (user, offset) in zip(judge_pieces, user_pieces):
        judge_space, user_space = judge[:1].isspace(), user[:1].isspace()
        if judge_space or user_space:
            if judge != user:
                return CheckResult(Verdict.WA, f"{_where(output, offset)}: whitespace differs: "
                                               f"expected {judge!r}, got {user!r}")
            continue
        ok, why = _token_equal(judge, user, opts)
        if not ok:
            detail = f" ({why})" if why else ""
            return CheckResult(Verdict.WA, f"{_where(output, offset)}: expected {_show(judge)}, "
                                           f"got {_show(user)}{detail}")
    if len(user_pieces) > len(judge_pieces):
        user, offset = user_pieces[len(judge_pieces)]
        return CheckResult(Verdict.WA, f"{_where(output, offset)}: extra output {_show(user)} "
                                       f"after the expected end")
    if len(judge_pieces) > len(user_pieces):
        judge, _ = judge_pieces[len(user_pieces)]
        where = _where(output, len(output)) if user_pieces else "line 1, token 1"
        return CheckResult(Verdict.WA, f"{where}: expected {_show(judge)}, got end of output")
    return CheckResult(Verdict.AC)


def check(output: bytes, test, spec: CheckerSpec) -> CheckResult:
    try:
        opts = parse_flags(test.validator_args)
    except FlagError as exc:
        return CheckResult(Verdict.JE, f"bad output validator arguments for {test.name}: {exc}")
    try:
        answer = test.answer.read_bytes()
    except OSError as exc:
        return CheckResult(Verdict.JE, f"cannot read answer file {test.answer}: {exc.strerror}")
    return compare(answer, output, opts)
