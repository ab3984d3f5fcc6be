"""Compare the arrays a function problem's solution returned with the answer's.

Both are .npz archives (the harness writes the output, see judge/harness/
functions.py). Every required array of the answer must be present with the same
shape and a matching dtype (floats exactly: float32 for float32; integers of any
width for integers) and match within `rtol`/`atol` (numpy.isclose; problem.yaml may
give float32 arrays their own rtol_float32 and atol_float32). The message names the
array, the index of the largest error, both values and how far apart they are.

Recognised wrong answers. Under the reserved prefix `__alt__/` the answer may also
describe known wrong approaches, each by an explanation and the arrays it produces:

    __alt__/<approach>            a string: one sentence saying what the mistake is
    __alt__/<approach>/<array>    what that approach gives for the required <array>

Only arrays whose names do not start with `__alt__/` are required (the solution's own
`__alt__/` arrays are ignored). When a required array mismatches and the solution's
value matches an approach's version of it (same shape, dtype and tolerance), the
message is that approach's explanation, then the usual numbers. Approaches are tried
in the answer archive's order, so a package lists the most specific first. The
checker knows nothing about any approach: the package's tests carry them (the
batchnorm-numpy generator writes them into each .in and the harness records them).

Bounded parsing. The solution's archive is untrusted and is parsed in the judge's
process, so it is read with zipfile and numpy.lib.format (never np.load) at a cost
bounded by `max_output_bytes` (option; default DEFAULT_MAX_OUTPUT_BYTES): at most
MAX_MEMBERS members, stored or deflated only; the declared sizes of all members
together, and the bytes actually inflated, within the bound (checked before and
while inflating); each member a .npy array whose header's shape x itemsize is
exactly the bytes that follow it; no object (pickle) or structured dtypes. Anything
else is a wrong answer saying why; only an answer archive that does not parse (the
package's fault) is a judge error.
"""
from __future__ import annotations

import io
import math
import zipfile

from judge.checkers import CheckResult, CheckerSpec
from judge.verdicts import Verdict

DEFAULT_RTOL = DEFAULT_ATOL = 1e-6
DEFAULT_MAX_OUTPUT_BYTES = 64 << 20  # when the spec gives no max_output_bytes (the sandbox caps stdout too)
MAX_MEMBERS = 10_000
ALTERNATIVE = "__alt__/"             # prefix of recognised wrong answers in an answer archive
_KINDS = "biufcUS"                   # dtype kinds an array may have: numbers, booleans, strings
_SHOWN_CHARS = 300


class MalformedArchive(ValueError):
    """An .npz archive that cannot be read (within the bound on its size)."""


def _printable(text: str) -> str:
    """Untrusted text shown in a message: non-printable characters escaped, length bounded."""
    shown = text if text.isprintable() else repr(text)[1:-1]
    return shown if len(shown) <= _SHOWN_CHARS else shown[:_SHOWN_CHARS - 3] + "..."


def _mib(n: int) -> str:
    return f"{n / 2**20:g} MiB"


def _members(archive: zipfile.ZipFile, max_bytes: int | None) -> list[zipfile.ZipInfo]:
    """The archive's members, refused unless each is a plain .npy member and their
    declared sizes together are within `max_bytes`."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise MalformedArchive("two members have the same name")
    for info in infos:
        if not info.filename.endswith(".npy"):
            raise MalformedArchive(f"member '{_printable(info.filename)}' is not a .npy array")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 1:
            raise MalformedArchive(f"member '{_printable(info.filename)}' is encrypted or compressed "
                                   f"with a method other than deflate")
    declared = sum(info.file_size for info in infos)
    if max_bytes is not None and declared > max_bytes:
        raise MalformedArchive(f"its members declare {_mib(declared)} of arrays, over the "
                               f"{_mib(max_bytes)} limit on results")
    return infos


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int | None) -> bytes:
    """A member's bytes, inflating at most its declared size and at most `budget` bytes
    (zipfile stops at the declared size and checks the CRC when it gets there)."""
    limit = info.file_size if budget is None else min(info.file_size, budget)
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise MalformedArchive(f"member '{_printable(info.filename)}' inflates beyond its declared size "
                               f"or the limit on results")
    return data


def warm_up() -> None:
    """What the first check imports, imported ahead (checkers.warm_up)."""
    import numpy  # noqa: F401
    from numpy.lib import format  # noqa: F401


def _parse_npy(name: str, raw: bytes):
    """The array of one .npy member: its header must describe exactly the bytes that follow."""
    import numpy as np
    from numpy.lib import format as npy

    stream = io.BytesIO(raw)
    version = npy.read_magic(stream)
    if version == (1, 0):
        shape, fortran, dtype = npy.read_array_header_1_0(stream)
    elif version == (2, 0):
        shape, fortran, dtype = npy.read_array_header_2_0(stream)
    else:
        raise MalformedArchive(f"{name}: .npy format version {version} is not accepted")
    if dtype.hasobject or dtype.kind not in _KINDS or dtype.itemsize == 0:
        raise MalformedArchive(f"{name}: dtype {dtype} is not accepted (object arrays, pickles and "
                               f"records are refused)")
    if any(n < 0 for n in shape):
        raise MalformedArchive(f"{name}: negative dimension in shape {shape}")
    count = math.prod(shape)
    held = len(raw) - stream.tell()
    if count * dtype.itemsize != held:
        raise MalformedArchive(f"{name}: header declares shape {shape} of {dtype} "
                               f"({count * dtype.itemsize} bytes) but the member holds {held} bytes")
    array = np.frombuffer(raw, dtype=dtype, count=count, offset=stream.tell())
    return array.reshape(shape, order="F" if fortran else "C")


def read_npz(data: bytes, max_bytes: int | None = None) -> dict:
    """The arrays of an .npz archive by name, read at a cost bounded by `max_bytes` (the
    decompressed size; None: no bound, for trusted archives). Raises MalformedArchive."""
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:  # each directory entry zipfile parses starts so
        raise MalformedArchive(f"more than {MAX_MEMBERS} members")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        arrays, used = {}, 0
        for info in _members(archive, max_bytes):
            raw = _read_member(archive, info, None if max_bytes is None else max_bytes - used)
            used += len(raw)
            name = info.filename[:-len(".npy")]
            arrays[name] = _parse_npy(f"'{_printable(name)}'", raw)
        return arrays
    except MalformedArchive:
        raise
    except Exception as exc:  # anything zipfile or numpy.lib.format reject in untrusted bytes
        raise MalformedArchive(_printable(f"{type(exc).__name__}: {exc}")) from None


def _mismatch(name: str, e, g, tolerances: tuple[float, float]) -> str | None:
    """Why the array `g` does not match the expected `e`, or None if it does."""
    import numpy as np

    if e.shape != g.shape:
        return f"{name}: shape {g.shape}, expected {e.shape}"
    if e.dtype.kind != g.dtype.kind or (e.dtype.kind in "fc" and g.dtype != e.dtype):
        return f"{name}: dtype {g.dtype}, expected {e.dtype}"
    if e.dtype.kind not in "fciub":
        return None if np.array_equal(e, g) else f"{name}: differs"
    r, a = tolerances
    close = np.isclose(g, e, rtol=r, atol=a, equal_nan=False)
    if close.all():
        return None
    error = np.where(close, 0.0, np.abs(g.astype(np.float64) - e.astype(np.float64)))
    error = np.where(np.isnan(error), np.inf, error)
    index = np.unravel_index(int(np.argmax(error)), e.shape) if e.shape else ()
    where = f"[{', '.join(map(str, index))}]" if index else ""
    bad = int((~close).sum())
    return (f"{name}{where}: got {g[index].item()!r}, expected {e[index].item()!r} "
            f"(off by {float(error[index]):.3g}; {bad} of {e.size} values outside rtol={r:g}, atol={a:g})")


def _recognised(name: str, g, expected: dict, tolerances) -> str | None:
    """The explanation of the first recognised wrong approach whose `name` array `g` matches."""
    for key, explanation in expected.items():
        approach = key[len(ALTERNATIVE):]
        if key.startswith(ALTERNATIVE) and "/" not in approach:
            alternative = expected.get(f"{key}/{name}")
            if alternative is not None and _mismatch(name, alternative, g, tolerances) is None:
                return str(explanation).rstrip(". ")
    return None


def compare(answer: bytes, output: bytes, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
            float32: tuple[float, float] | None = None,
            max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES) -> CheckResult:
    """`float32` = (rtol, atol) for float32 arrays, whose rounding is 2^29 times coarser.
    Raises MalformedArchive if the answer does not parse; a bad output is a WA."""
    import numpy as np

    expected = read_npz(answer)
    try:
        got = read_npz(output, max_output_bytes)
    except MalformedArchive as exc:
        return CheckResult(Verdict.WA, f"the results are not a valid .npz archive of arrays "
                                       f"(did the solution write to stdout?): {exc}")
    if "__error__" in got:
        return CheckResult(Verdict.WA, _printable(str(got["__error__"])))
    for name, e in expected.items():
        if name.startswith(ALTERNATIVE):
            continue
        if name not in got:
            return CheckResult(Verdict.WA, f"{name}: missing from the solution's results")
        tolerances = float32 if (float32 and e.dtype == np.float32) else (rtol, atol)
        problem = _mismatch(name, e, got[name], tolerances)
        if problem is not None:
            explanation = _recognised(name, got[name], expected, tolerances)
            return CheckResult(Verdict.WA, f"{explanation}. {problem}" if explanation else problem)
    return CheckResult(Verdict.AC)


def check(output: bytes, test, spec: CheckerSpec) -> CheckResult:
    options = dict(spec.options)
    try:
        answer = test.answer.read_bytes()
    except OSError as exc:
        return CheckResult(Verdict.JE, f"cannot read answer file {test.answer}: {exc.strerror}")
    rtol, atol = float(options.get("rtol", DEFAULT_RTOL)), float(options.get("atol", DEFAULT_ATOL))
    float32 = (float(options.get("rtol_float32", rtol)), float(options.get("atol_float32", atol)))
    max_output_bytes = int(options.get("max_output_bytes", DEFAULT_MAX_OUTPUT_BYTES))
    try:
        return compare(answer, output, rtol, atol, float32, max_output_bytes)
    except MalformedArchive as exc:  # the package's fault
        return CheckResult(Verdict.JE, f"answer {test.answer.name} is not a valid .npz archive: {exc}")
