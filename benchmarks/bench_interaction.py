"""Interaction overhead: query-answer round trips between a C++ submission and a C++
interactor, run by the judge (two sandboxes wired by pipes, judge/interaction.py) and as
two plain processes connected by pipes, side by side in one process.

    python3 benchmarks/bench_interaction.py [--queries 100000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from judge import interaction, sandbox
from judge.checkers import CheckerSpec
from judge.judging import TestTask
from judge.languages import prepare
from judge.package import TestCase
from judge.verdicts import Verdict

HERE = Path(__file__).resolve().parent / "interaction"


def plain(ping: tuple[str, ...], pong: tuple[str, ...], test: Path, feedback: Path) -> float:
    """Two processes, the interactor's stdout into the submission's stdin and back."""
    to_ping, to_pong = os.pipe(), os.pipe()
    start = time.perf_counter()
    a = subprocess.Popen(pong + (str(test), str(test), f"{feedback}/"), stdin=to_pong[0], stdout=to_ping[1])
    b = subprocess.Popen(ping, stdin=to_ping[0], stdout=to_pong[1])
    for fd in (*to_ping, *to_pong):
        os.close(fd)
    b.wait()
    status = a.wait()
    elapsed = time.perf_counter() - start
    assert status == 42, status
    return elapsed


def judged(task: TestTask) -> float:
    start = time.perf_counter()
    result = interaction.run_test(task)
    elapsed = time.perf_counter() - start
    assert result.verdict is Verdict.AC, result.message
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ping, pong = prepare(HERE / "ping.cpp"), prepare(HERE / "pong.cpp")
    with tempfile.TemporaryDirectory(prefix="judge-bench-") as tmp:
        test = Path(tmp) / "1.in"
        test.write_text(f"{args.queries}\n")
        feedback = Path(tmp) / "feedback"
        feedback.mkdir()
        limits = sandbox.Limits(cpu_s=30, memory_mib=256, output_mib=64)
        task = TestTask(ping, TestCase("bench", test, test), limits,
                        CheckerSpec("custom", pong.argv, folder=pong.folder), "auto")
        judged(task)  # run servers started
        rows = {"two plain processes, pipes": [], "judge (two sandboxes, pipes)": []}
        for _ in range(args.repeat):
            rows["two plain processes, pipes"].append(plain(ping.argv, pong.argv, test, feedback))
            rows["judge (two sandboxes, pipes)"].append(judged(task))
    floor = min(rows["two plain processes, pipes"])
    print(f"| what ({args.queries} round trips, C++ both sides) | s min | s median | us per round trip (min) "
          f"| x plain (min) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, times in rows.items():
        print(f"| {name} | {min(times):.3f} | {statistics.median(times):.3f} | "
              f"{min(times) / args.queries * 1e6:.1f} | {min(times) / floor:.2f} |")
    print(f"\nsandbox: {sandbox.resolve_isolation('auto')}")


if __name__ == "__main__":
    main()
