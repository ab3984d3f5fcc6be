"""Input validator for batchnorm-numpy: stdin is an .npz archive of a call sequence.

Checks: it loads without pickles; __calls__ is a JSON list of let/call/record steps that
call only the four functions of the statement; every array it names exists (the
__alt__/ arrays too: CS231n's running statistics, which record steps copy into the
results); batches are (N, D) or (N, C, H, W) with N*H*W >= 2 values per feature,
float64 or float32, finite, |x| <= 1e7; gamma and beta have one value per feature and
the batch's dtype.
Exit 42 valid, 43 invalid (one line on stderr).
"""
import io
import json
import sys

import numpy as np

FUNCTIONS = {"batchnorm_forward", "batchnorm_backward", "spatial_batchnorm_forward", "spatial_batchnorm_backward"}


def names_in(value):
    if isinstance(value, str) and value.startswith("@"):
        yield value[1:]
    elif isinstance(value, dict):
        for v in value.values():
            yield from names_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from names_in(v)


def check(data: bytes) -> str | None:
    try:
        archive = np.load(io.BytesIO(data), allow_pickle=False)
        arrays = {name: archive[name] for name in archive.files}
        calls = json.loads(str(arrays.pop("__calls__")))
    except Exception as exc:
        return f"not an .npz archive with __calls__: {type(exc).__name__}"
    if not isinstance(calls, list) or not calls:
        return "__calls__ must be a non-empty list"
    for step in calls:
        if not isinstance(step, dict) or len({"let", "call", "record"} & step.keys()) != 1:
            return f"bad step {step!r}"
        if "call" in step and step["call"] not in FUNCTIONS:
            return f"unknown function {step['call']}"
        for name in names_in(step.get("args", step.get("value"))):
            if name not in arrays:
                return f"step names a missing array {name}"
    for name, a in arrays.items():
        if a.dtype not in (np.float64, np.float32):
            return f"{name}: dtype {a.dtype}"
        if not np.isfinite(a).all() or (a.size and np.abs(a).max() > 1e7):
            return f"{name}: values must be finite and at most 1e7 in size"
    gamma = arrays.get("gamma")
    if gamma is None or arrays.get("beta") is None or gamma.shape != arrays["beta"].shape or gamma.ndim != 1:
        return "gamma and beta must be vectors of one shape"
    for name, a in arrays.items():
        if name.startswith(("x", "dout")):
            if a.ndim not in (2, 4) or a.shape[1] != gamma.shape[0] or a.dtype != gamma.dtype:
                return f"{name}: shape {a.shape} {a.dtype} does not fit gamma {gamma.shape} {gamma.dtype}"
            if a.size // a.shape[1] < 2:
                return f"{name}: fewer than 2 values per feature"
    return None


problem = check(sys.stdin.buffer.read())
if problem:
    print(problem, file=sys.stderr)
    sys.exit(43)
sys.exit(42)
