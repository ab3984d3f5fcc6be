#!/usr/bin/env python3
"""IncDec: the Python reference against the C++ reference, CPU time as the judge
measures it (user + sys of the run's process tree), on inputs generated on the fly.

    python benchmarks/bench_incdec_languages.py [--sizes 100000 1000000] [--repeat 1]

Each size gets one input from the package's generator (random shape, full value
range); n = 10^6 is beyond the problem's bound on purpose. Both solutions are judged
on it through the judge's API, one run at a time, and must be accepted. Prints a
Markdown table. Run it on a quiet machine: figures from a busy one mean little.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from judge.judging import judge_solution  # noqa: E402
from judge.package import TestCase, load_problem  # noqa: E402
from judge.verdicts import Verdict  # noqa: E402

PROBLEM = ROOT / "problems" / "incdec"
GENERATOR = PROBLEM / "generators" / "gen.py"
PYTHON_REF = ROOT / "solutions" / "incdec" / "accepted" / "incdec.py"
CPP_REF = ROOT / "solutions" / "incdec" / "accepted" / "incdec.cpp"


def load_reference():
    spec = importlib.util.spec_from_file_location("incdec_reference", PYTHON_REF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_test(folder: Path, n: int, seed: int, reference) -> TestCase:
    data = subprocess.run([sys.executable, str(GENERATOR), "--seed", str(seed), "--n", str(n),
                           "--shape", "random"], capture_output=True, check=True).stdout
    inp, ans = folder / f"n{n}.in", folder / f"n{n}.ans"
    inp.write_bytes(data)
    ans.write_text(reference.solve(data))
    return TestCase(name=f"bench/n{n}", input=inp, answer=ans)


def cpu_seconds(problem, solution: Path, test: TestCase, args) -> float:
    """The smallest CPU time over --repeat judged runs (each must be accepted)."""
    best = float("inf")
    for _ in range(args.repeat):
        result = judge_solution(problem, solution, jobs=1, tests=[test], time_limit=args.time_limit,
                                isolation=args.sandbox, warm=not args.cold)
        run = result.tests[0]
        if result.verdict is not Verdict.AC:
            sys.exit(f"{solution.name} on n = {test.name}: {result.verdict} {run.message}")
        best = min(best, run.cpu_s)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], metavar="N")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per solution and size; the minimum is shown")
    ap.add_argument("--time-limit", type=float, default=10.0, help="CPU seconds allowed per run (default 10)")
    ap.add_argument("--sandbox", default="auto", help="auto, bwrap or none (as `judge run --sandbox`)")
    ap.add_argument("--cold", action="store_true",
                    help="a fresh interpreter per run (default: the judge's warm Python runner)")
    args = ap.parse_args()
    if args.repeat < 1 or any(n < 1 for n in args.sizes):
        ap.error("--repeat and every size must be positive")

    problem = load_problem(PROBLEM)
    reference = load_reference()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-incdec-") as tmp:
        for n in args.sizes:
            test = make_test(Path(tmp), n, args.seed, reference)
            size = test.input.stat().st_size
            path = "numpy" if size > reference.LARGE else "plain"
            py = cpu_seconds(problem, PYTHON_REF, test, args)
            cpp = cpu_seconds(problem, CPP_REF, test, args)
            ratio = f"{py / cpp:.2f}" if cpp > 0 else "n/a"
            rows.append(f"| {n:,} | {size / 2**20:.1f} MiB | {py:.3f} ({path}) | {cpp:.3f} | {ratio} |")

    print(f"IncDec references, CPU time per run as the judge measures it (min of {args.repeat}):\n")
    print("| n | input | Python s (input path) | C++ s | Python / C++ |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
