"""Judge overhead on many small tests: `judge run` against a bare shell loop.

Builds a throwaway package of 200 small IncDec tests (answers from the C++
reference), compiles the reference once, then times, side by side in rounds (each
round runs every command once, so the machine's moods hit all of them alike):
  - a bare bash loop running the binary on every input (the floor),
  - `judge run -j 1` and `-j 2`, without isolation and with bubblewrap (the terminal
    report, piped, as a script would see it; `--json` once for comparison),
  - online-judge-tools' `oj t` when it is installed (pip install online-judge-tools),
  - `judge --version` against `python -c pass` (the interpreter's own start),
  - how long after `judge run` starts its first test starts (a program that prints the
    time it starts, then fails, under --fail-fast).
The judge's own start-up is part of every judge figure, as a user sees it (its bytecode
compiled first, as an installed judge has it: benchmarks/bytecode.py). Prints the minimum and
the median of the rounds, and where the machine's CPU time can be read (the root cgroup's
cpuacct.usage, or cpu.stat under cgroup v2) the CPU time every process on the machine used
during the command: on N cores no command finishes before its CPU time / N. Run it on a quiet
machine: that column counts everything that runs meanwhile. Two floors are computed, not run:
the loop after a bare interpreter's start (the least any Python command could take) and the
loop's CPU time spread over every core (the least any parallel runner could take).

    python3 benchmarks/bench_judge_overhead.py [--tests 200] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_judge

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "incdec" / "accepted" / "incdec.cpp"


def timed(argv: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, proc


def machine_cpu_s() -> float | None:
    """CPU seconds every process on the machine has used (since boot), if the root cgroup says."""
    try:
        return int(Path("/sys/fs/cgroup/cpuacct/cpuacct.usage").read_text()) / 1e9  # cgroup v1
    except (OSError, ValueError):
        pass
    try:
        stat = dict(line.split() for line in Path("/sys/fs/cgroup/cpu.stat").read_text().splitlines())
        return int(stat["usage_usec"]) / 1e6  # cgroup v2
    except (OSError, ValueError, KeyError):
        return None


def timed_cpu(argv: list[str]) -> tuple[float, float | None, subprocess.CompletedProcess]:
    """Wall seconds, the machine's CPU seconds meanwhile (None if unknown) and the process."""
    before = machine_cpu_s()
    seconds, proc = timed(argv)
    after = machine_cpu_s()
    return seconds, None if before is None or after is None else after - before, proc


def build_package(folder: Path, count: int, binary: Path) -> None:
    (folder / "data" / "secret").mkdir(parents=True)
    (folder / "problem.yaml").write_text("name: overhead\nlimits:\n  time_limit: 1\n  memory: 256\n")
    rng = random.Random(1)
    for i in range(count):
        n = rng.randint(1, 50)
        text = f"{n}\n" + "\n".join(str(rng.randint(0, 2**31 - 1)) for _ in range(n)) + "\n"
        stem = folder / "data" / "secret" / f"{i:03d}"
        stem.with_suffix(".in").write_text(text)
        answer = subprocess.run([str(binary)], input=text, capture_output=True, text=True, check=True).stdout
        stem.with_suffix(".ans").write_text(answer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from judge.languages import prepare
    from judge.sandbox import bwrap_available

    compile_judge()
    binary = Path(prepare(REFERENCE).argv[0])
    with tempfile.TemporaryDirectory(prefix="judge-bench-") as tmp:
        pkg = Path(tmp) / "overhead"
        build_package(pkg, args.tests, binary)
        loop = (f'for f in {pkg}/data/secret/*.in; do "{binary}" < "$f" > {tmp}/out.txt; done')
        judge = [sys.executable, "-m", "judge", "run", str(pkg), str(REFERENCE)]
        commands: dict[str, list[str]] = {"bare shell loop": ["bash", "-c", loop]}
        for sandbox in ["none"] + (["bwrap"] if bwrap_available() else []):
            for jobs in ("1", "2"):
                commands[f"judge run -j {jobs} --sandbox {sandbox}"] = judge + ["--sandbox", sandbox, "-j", jobs]
        commands["judge run -j 1 --sandbox bwrap --json"] = judge + ["-j", "1", "--json"]
        oj = shutil.which("oj")
        if oj:
            tests = Path(tmp) / "oj-tests"
            tests.mkdir()
            for f in (pkg / "data" / "secret").iterdir():
                shutil.copy(f, tests / f.name.replace(".ans", ".out"))
            commands["oj t (online-judge-tools)"] = [oj, "t", "-c", str(binary), "-d", str(tests)]
        for argv in commands.values():  # warm the build cache, the page cache and the probe's record
            timed(argv)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        bare = []
        for _ in range(args.rounds):
            for name, argv in commands.items():
                seconds, used, proc = timed_cpu(argv)
                if name.startswith("judge"):
                    assert proc.returncode == 0, proc.stdout[-500:] + proc.stderr
                times[name].append(seconds)
                if used is not None:
                    cpu[name].append(used)
            bare.append(timed([sys.executable, "-c", "pass"])[0])

        floor = statistics.median(times["bare shell loop"])
        cores = len(os.sched_getaffinity(0))
        print(f"| what ({args.tests} tests, C++ IncDec reference) | min s | median s | median x loop "
              f"| median CPU s, all processes | CPU / {cores} cores, s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, values in times.items():
            median = statistics.median(values)
            used = f"{statistics.median(cpu[name]):.3f} | {statistics.median(cpu[name]) / cores:.3f}" \
                if cpu[name] else "- | -"
            print(f"| {name} | {min(values):.3f} | {median:.3f} | {median / floor:.2f} | {used} |")
        least = statistics.median(bare) + floor
        print(f"| floor of any Python command: `python -c pass` + the loop (computed) | | {least:.3f} | "
              f"{least / floor:.2f} | | |")
        if cpu["bare shell loop"]:
            spread = statistics.median(cpu["bare shell loop"]) / cores
            print(f"| floor of any parallel runner: the loop's CPU / {cores} cores (computed) | | {spread:.3f} | "
                  f"{spread / floor:.2f} | | |")
        print()
        start_up(pkg, Path(tmp), args.rounds)


def start_up(pkg: Path, tmp: Path, rounds: int) -> None:
    """`judge --version` against a bare interpreter, and how long after `judge run` starts its
    first test's program starts (it prints CLOCK_REALTIME and fails: the RTE message carries it)."""
    from judge.languages import prepare

    stamp = tmp / "stamp.c"
    stamp.write_text('#include <stdio.h>\n#include <time.h>\nint main(void) { struct timespec t; '
                     'clock_gettime(CLOCK_REALTIME, &t); fprintf(stderr, "%lld\\n", '
                     '(long long)t.tv_sec * 1000000000LL + t.tv_nsec); return 1; }\n')
    prepare(stamp)  # built once, outside the measurement
    version, bare, first = [], [], []
    for _ in range(rounds):
        version.append(timed([sys.executable, "-m", "judge", "--version"])[0])
        bare.append(timed([sys.executable, "-c", "pass"])[0])
        began = time.time_ns()
        _, proc = subprocess_json([sys.executable, "-m", "judge", "run", str(pkg), str(stamp), "-j", "1",
                                   "--fail-fast", "--json"])
        first.append((int(proc["tests"][0]["message"].rsplit(" ", 1)[-1]) - began) / 1e9)
    print("| start-up | min ms | median ms |")
    print("| --- | ---: | ---: |")
    for name, values in (("python -c pass", bare), ("judge --version", version),
                         ("judge run: its first test's program starts after", first)):
        print(f"| {name} | {min(values) * 1000:.1f} | {statistics.median(values) * 1000:.1f} |")


def subprocess_json(argv: list[str]) -> tuple[float, dict]:
    import json

    seconds, proc = timed(argv)
    return seconds, json.loads(proc.stdout)

if __name__ == "__main__":
    main()
