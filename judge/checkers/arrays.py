"""Compare the arrays a function problem's solution returned with the answer's.

Both are .npz archives (the harness writes the output, see judge/harness/
functions.py). Every array of the answer must be present with the same shape
and a matching dtype (floats exactly: float32 for float32; integers of any
width for integers) and match within `rtol`/`atol`
(numpy.isclose; problem.yaml may give float32 arrays their own rtol_float32 and
atol_float32). The message names the array, the index of the largest
error, both values and how far apart they are.
"""
from __future__ import annotations

import io

from judge.checkers import CheckResult, CheckerSpec
from judge.verdicts import Verdict

DEFAULT_RTOL = DEFAULT_ATOL = 1e-6


def _load(data: bytes):
    import numpy as np

    return np.load(io.BytesIO(data), allow_pickle=False)


def compare(answer: bytes, output: bytes, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
            float32: tuple[float, float] | None = None) -> CheckResult:
    """`float32` = (rtol, atol) for float32 arrays, whose rounding is 2^29 times coarser."""
    import numpy as np

    expected = _load(answer)
    try:
        got = _load(output)
    except Exception:
        return CheckResult(Verdict.WA, "the output is not an .npz archive of arrays (did the solution print?)")
    if "__error__" in got.files:
        return CheckResult(Verdict.WA, str(got["__error__"]))
    for name in expected.files:
        if name not in got.files:
            return CheckResult(Verdict.WA, f"{name}: missing from the solution's results")
        e, g = expected[name], got[name]
        if e.shape != g.shape:
            return CheckResult(Verdict.WA, f"{name}: shape {g.shape}, expected {e.shape}")
        if e.dtype.kind != g.dtype.kind or (e.dtype.kind in "fc" and g.dtype != e.dtype):
            return CheckResult(Verdict.WA, f"{name}: dtype {g.dtype}, expected {e.dtype}")
        if e.dtype.kind not in "fciub":
            if not np.array_equal(e, g):
                return CheckResult(Verdict.WA, f"{name}: differs")
            continue
        r, a = float32 if (float32 and e.dtype == np.float32) else (rtol, atol)
        close = np.isclose(g, e, rtol=r, atol=a, equal_nan=False)
        if not close.all():
            error = np.where(close, 0.0, np.abs(g.astype(np.float64) - e.astype(np.float64)))
            error = np.where(np.isnan(error), np.inf, error)
            index = np.unravel_index(int(np.argmax(error)), e.shape) if e.shape else ()
            where = f"[{', '.join(map(str, index))}]" if index else ""
            bad = int((~close).sum())
            return CheckResult(Verdict.WA, f"{name}{where}: got {g[index].item()!r}, expected {e[index].item()!r} "
                                           f"(off by {float(error[index]):.3g}; {bad} of {e.size} values "
                                           f"outside rtol={r:g}, atol={a:g})")
    return CheckResult(Verdict.AC)


def check(output: bytes, test, spec: CheckerSpec) -> CheckResult:
    options = dict(spec.options)
    try:
        answer = test.answer.read_bytes()
    except OSError as exc:
        return CheckResult(Verdict.JE, f"cannot read answer file {test.answer}: {exc.strerror}")
    try:
        rtol, atol = float(options.get("rtol", DEFAULT_RTOL)), float(options.get("atol", DEFAULT_ATOL))
        float32 = (float(options.get("rtol_float32", rtol)), float(options.get("atol_float32", atol)))
        return compare(answer, output, rtol, atol, float32)
    except ValueError as exc:  # an answer archive that does not load: the package's fault
        return CheckResult(Verdict.JE, f"answer {test.answer.name} is not a valid .npz archive: {exc}")
