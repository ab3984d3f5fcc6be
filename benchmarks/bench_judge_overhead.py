"""Judge overhead on many small tests: `judge run` against a bare shell loop.

Builds a throwaway package of 200 small IncDec tests (answers from the C++
reference), compiles the reference once, then times, one run each:
  - a bare bash loop running the binary on every input (the floor),
  - `judge run -j 1` and `-j 2`, without isolation and with bubblewrap,
  - online-judge-tools' `oj t` when it is installed.
The judge's own start-up is part of every judge figure, as a user sees it.

    python3 benchmarks/bench_judge_overhead.py [--tests 200]
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "incdec" / "accepted" / "incdec.cpp"


def timed(argv: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, proc


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
    args = parser.parse_args()

    from judge.languages import prepare
    from judge.sandbox import bwrap_available

    binary = Path(prepare(REFERENCE).argv[0])
    with tempfile.TemporaryDirectory(prefix="judge-bench-") as tmp:
        pkg = Path(tmp) / "overhead"
        build_package(pkg, args.tests, binary)
        loop = (f'for f in {pkg}/data/secret/*.in; do "{binary}" < "$f" > {tmp}/out.txt; done')
        rows: list[tuple[str, float]] = []
        seconds, _ = timed(["bash", "-c", loop])
        rows.append(("bare shell loop", seconds))
        judge = [sys.executable, "-m", "judge", "run", str(pkg), str(REFERENCE), "--json"]
        timed(judge + ["--sandbox", "none"])  # warm the build cache and the page cache
        for sandbox in ["none"] + (["bwrap"] if bwrap_available() else []):
            for jobs in ("1", "2"):
                seconds, proc = timed(judge + ["--sandbox", sandbox, "-j", jobs])
                assert '"verdict": "AC"' in proc.stdout, proc.stdout[-500:] + proc.stderr
                rows.append((f"judge run -j {jobs} --sandbox {sandbox}", seconds))
        oj = shutil.which("oj")
        if oj:
            tests = Path(tmp) / "oj-tests"
            tests.mkdir()
            for f in (pkg / "data" / "secret").iterdir():
                shutil.copy(f, tests / f.name.replace(".ans", ".out"))
            seconds, _ = timed([oj, "t", "-c", str(binary), "-d", str(tests)])
            rows.append(("oj t", seconds))

    floor = rows[0][1]
    print(f"| what ({args.tests} tests, C++ IncDec reference) | seconds | x bare loop |")
    print("| --- | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / floor:.2f} |")


if __name__ == "__main__":
    main()
