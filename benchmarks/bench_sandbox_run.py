"""What the sandbox costs per run and per start: `sandbox.run` of /bin/true, sandboxed
(bubblewrap) and unisolated, side by side in one process; and the time to start one
sandboxed run server (launcher, bubblewrap, server) and to probe for bubblewrap.

    python3 benchmarks/bench_sandbox_run.py [--runs 200] [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import time

from judge import sandbox

LIMITS = sandbox.Limits(cpu_s=1, memory_mib=64, output_mib=1)


def per_run_ms(isolation: str, runs: int) -> float:
    sandbox.run(["/bin/true"], limits=LIMITS, stdin_bytes=b"", isolation=isolation)  # server started
    start = time.perf_counter()
    for _ in range(runs):
        sandbox.run(["/bin/true"], limits=LIMITS, stdin_bytes=b"", isolation=isolation)
    return (time.perf_counter() - start) / runs * 1000


def start_ms(isolation: str) -> float:
    start = time.perf_counter()
    runner = sandbox.Runner(isolation)
    runner.run(["/bin/true"], LIMITS, None, b"", None)
    elapsed = time.perf_counter() - start
    runner.close()
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    usable = sandbox.bwrap_available()
    probe = (time.perf_counter() - start) * 1000
    levels = ["none"] + (["bwrap"] if usable else [])
    rows = []
    for level in levels:
        runs = [per_run_ms(level, args.runs) for _ in range(args.repeat)]
        starts = [start_ms(level) for _ in range(args.repeat)]
        rows.append((level, min(runs), statistics.median(runs), min(starts), statistics.median(starts)))
    print(f"| isolation | ms per run (min / median of {args.repeat}) | ms to start a run server (min / median) |")
    print("| --- | ---: | ---: |")
    for level, rmin, rmed, smin, smed in rows:
        print(f"| {level} | {rmin:.2f} / {rmed:.2f} | {smin:.1f} / {smed:.1f} |")
    print(f"\nbubblewrap probe (once per judge process): {probe:.0f} ms, usable: {usable}")


if __name__ == "__main__":
    main()
