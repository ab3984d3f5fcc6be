#!/usr/bin/env python3
"""Test generator for batchnorm-numpy: writes one test (an .npz archive) to stdout.

    gen.py --seed S [--layout fc|spatial] [--n N] [--d D] [--h H] [--w W] [--steps K]
           [--dtype float64|float32] [--shift X] [--const] [--gamma-zero] [--no-running]
           [--momentum M] [--eps E] [--example]

A test is a sequence of calls (see the judge's function-problem harness): K 'train'
steps, each a forward and a backward on a new batch sharing one bn_param dict, with
bn_param's running statistics recorded after each step, then one 'test' forward.
--layout fc gives (N, D) batches and batchnorm_*; spatial gives (N, C=D, H, W) and
spatial_batchnorm_*. --shift adds X to every input (values near 1e6 break the
one-pass variance), --const makes feature 0 constant, --gamma-zero sets gamma to 0,
--no-running leaves the running statistics out of bn_param (the solution must create
them). --lean compares only dgamma, dbeta and the running statistics of the training
steps, and uses a 4-row batch for the test-mode call: a large test whose answer stays
small. --reuse makes every training step use the first batch (more work, same data).
--example writes the statement's example. Same arguments, same bytes.

Every test also carries recognised wrong answers (see the judge's arrays checker): the
running statistics a module produces when it keeps some of CS231n's conventions, as
arrays __alt__/<convention>/running_mean<i> (and running_var<i>) plus one explanation
__alt__/<convention>, which `record` steps copy into the results (so into the .ans),
for the checker to name the convention when a module's running statistics match it.
"""
import argparse
import io
import itertools
import json
import sys

import numpy as np

# CS231n's conventions that differ from this problem's, as the WA message names them.
CS231N = {
    "momentum": "momentum = fraction kept",
    "biased": "biased variance in the running update",
    "zeros": "zeros for a missing running_var",
}
NOTE = "see 'A note on CS231n's convention' in the statement"


def running_statistics(batches, axes, bn, start, differences=()):
    """(running_mean, running_var) after each training step, in float64, under this
    problem's convention or with the given CS231n `differences`."""
    d = batches[0].shape[1]
    if start is None:
        start = np.zeros(d), (np.zeros(d) if "zeros" in differences else np.ones(d))
    rm, rv = (a.astype(np.float64) for a in start)
    if "momentum" in differences:
        new = 1 - bn.get("momentum", 0.9)   # CS231n: momentum (default 0.9) is the fraction kept
    else:
        new = bn.get("momentum", 0.1)
    steps = []
    for x in batches:
        x = x.astype(np.float64)
        m = x.size // d
        var = x.var(axis=axes) * (1 if "biased" in differences else m / (m - 1))
        rm, rv = (1 - new) * rm + new * x.mean(axis=axes), (1 - new) * rv + new * var
        steps.append((rm, rv))
    return steps


def cs231n_alternatives(batches, axes, bn, start, dtype):
    """{name: (explanation, {array name: values})} for every combination of CS231n's
    differences, fewest first, keeping only arrays that differ from the right ones and
    from every earlier combination's."""
    seen = {}
    for i, (rm, rv) in enumerate(running_statistics(batches, axes, bn, start)):
        seen[f"running_mean{i}"], seen[f"running_var{i}"] = [rm], [rv]
    alternatives = {}
    for k in range(1, len(CS231N) + 1):
        for differences in itertools.combinations(CS231N, k):
            arrays = {}
            for i, stats in enumerate(running_statistics(batches, axes, bn, start, differences)):
                for name, values in zip((f"running_mean{i}", f"running_var{i}"), stats):
                    if not any(np.allclose(values, other, rtol=1e-9, atol=1e-12) for other in seen[name]):
                        seen[name].append(values)
                        arrays[name] = values.astype(dtype)
            if arrays:
                explanation = (f"your running statistics follow CS231n's convention "
                               f"({', '.join(CS231N[d] for d in differences)}), not this problem's; {NOTE}")
                alternatives[f"cs231n-{'-'.join(differences)}"] = explanation, arrays
    return alternatives


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--layout", choices=("fc", "spatial"), default="fc")
    p.add_argument("--n", type=int, default=8)
    p.add_argument("--d", type=int, default=5)
    p.add_argument("--h", type=int, default=3)
    p.add_argument("--w", type=int, default=3)
    p.add_argument("--steps", type=int, default=2)
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--shift", type=float, default=0.0)
    p.add_argument("--const", action="store_true")
    p.add_argument("--gamma-zero", action="store_true")
    p.add_argument("--no-running", action="store_true")
    p.add_argument("--momentum", type=float, default=None)
    p.add_argument("--eps", type=float, default=None)
    p.add_argument("--example", action="store_true")
    p.add_argument("--lean", action="store_true")
    p.add_argument("--reuse", action="store_true")
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    dtype = np.dtype(a.dtype)
    shape = (a.n, a.d) if a.layout == "fc" else (a.n, a.d, a.h, a.w)
    prefix = "" if a.layout == "fc" else "spatial_"

    def batch(scale=1.0):
        x = rng.standard_normal(shape) * scale
        if a.shift:
            x = np.round(x * 64) / 64 + a.shift  # exact in binary: every correct two-pass method agrees
        if a.const:
            x[:, 0] = 2.25 + a.shift
        return x.astype(dtype)

    arrays = {}
    if a.example:
        arrays["x0"] = np.array([[2., 1.], [4., 1.], [4., 1.], [6., 1.]])
        arrays["dout0"] = np.array([[1., 1.], [0., 0.], [0., 0.], [0., -1.]])
        arrays["xt"] = arrays["x0"].copy()
        arrays["gamma"], arrays["beta"] = np.array([1., 2.]), np.array([0., .5])
        steps = 1
    else:
        steps = a.steps
        for i in range(1 if a.reuse else steps):
            arrays[f"x{i}"] = batch(rng.uniform(0.5, 3.0))
            arrays[f"dout{i}"] = rng.standard_normal(shape).astype(dtype)
        arrays["xt"] = batch()[:4] if a.lean else batch()
        gamma = np.zeros(a.d) if a.gamma_zero else rng.uniform(-2, 2, a.d)
        arrays["gamma"], arrays["beta"] = gamma.astype(dtype), rng.uniform(-1, 1, a.d).astype(dtype)

    bn = {"mode": "train"}
    for key in ("eps", "momentum"):
        if getattr(a, key) is not None:
            bn[key] = getattr(a, key)
    if not a.no_running and not a.example:
        arrays["running_mean"] = rng.uniform(-0.5, 0.5, a.d).astype(dtype)
        arrays["running_var"] = rng.uniform(0.5, 1.5, a.d).astype(dtype)
        bn.update(running_mean="@running_mean", running_var="@running_var")
    calls = [{"let": "bn", "value": bn}]
    for i in range(steps):
        j = 0 if a.reuse else i
        calls.append({"call": f"{prefix}batchnorm_forward", "args": [f"@x{j}", "@gamma", "@beta", "$bn"],
                      "save": [f"{'$' if a.lean else ''}out{i}", f"$cache{i}"]})
        calls.append({"call": f"{prefix}batchnorm_backward", "args": [f"@dout{j}", f"$cache{i}"],
                      "save": [f"{'$' if a.lean else ''}dx{i}", f"dgamma{i}", f"dbeta{i}"]})
        calls.append({"record": f"running_mean{i}", "value": "$bn.running_mean"})
        calls.append({"record": f"running_var{i}", "value": "$bn.running_var"})
    test = {"mode": "test", "running_mean": "$bn.running_mean", "running_var": "$bn.running_var"}
    test.update({k: v for k, v in bn.items() if k in ("eps", "momentum")})
    calls.append({"let": "bn_test", "value": test})
    calls.append({"call": f"{prefix}batchnorm_forward", "args": ["@xt", "@gamma", "@beta", "$bn_test"],
                  "save": ["out_test", "$cache_test"]})
    batches = [arrays[f"x{0 if a.reuse else i}"] for i in range(steps)]
    start = None if "running_mean" not in arrays else (arrays["running_mean"], arrays["running_var"])
    axes = (0,) if a.layout == "fc" else (0, 2, 3)
    for name, (explanation, alternative) in cs231n_alternatives(batches, axes, bn, start, dtype).items():
        calls.append({"record": f"__alt__/{name}", "value": explanation})
        for array, values in alternative.items():
            arrays[f"__alt__/{name}/{array}"] = values
            calls.append({"record": f"__alt__/{name}/{array}", "value": f"@__alt__/{name}/{array}"})
    arrays["__calls__"] = np.array(json.dumps(calls))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    sys.stdout.buffer.write(buffer.getvalue())


if __name__ == "__main__":
    main()
