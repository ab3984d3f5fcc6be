"""The warm Python runner against fresh interpreters, one run each.

1. A NumPy function problem: 50 generated batchnorm-numpy tests (small batches, so the
   interpreter start and the NumPy import dominate), judged with the accepted staged
   solution, `judge run -j 1` cold vs warm.
2. A plain Python solution (the IncDec reference) on 200 small tests: judge wall time
   per test, cold vs warm, against a bare shell loop running `python3 -I` per test.

    python3 benchmarks/bench_warm_runner.py
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_judge

ROOT = Path(__file__).resolve().parent.parent
BN = ROOT / "problems" / "batchnorm-numpy"
BN_SOLUTION = ROOT / "solutions" / "batchnorm-numpy" / "accepted" / "staged.py"
INCDEC = ROOT / "solutions" / "incdec" / "accepted" / "incdec.py"


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert '"verdict": "AC"' in proc.stdout or argv[0] == "bash", proc.stdout[-400:] + proc.stderr[-400:]
    return seconds


def function_package(folder: Path, count: int) -> Path:
    from judge.generate import reference_program, run_generator, run_reference
    from judge.package import load_problem_yaml

    pkg = folder / "bn50"
    (pkg / "data" / "secret").mkdir(parents=True)
    shutil.copy(BN / "problem.yaml", pkg / "problem.yaml")
    shutil.copytree(BN / "generators", pkg / "generators")
    problem = load_problem_yaml(pkg)
    reference = reference_program(problem, BN_SOLUTION)
    for i in range(count):
        layout = ["--layout", "spatial", "--h", "2", "--w", "2"] if i % 2 else []
        stem = pkg / "data" / "secret" / f"{i:02d}"
        stem.with_suffix(".in").write_bytes(run_generator(problem, ("gen.py", "--seed", str(i + 1), *layout)))
        stem.with_suffix(".ans").write_bytes(run_reference(reference, stem.with_suffix(".in"), problem))
    return pkg


def plain_package(folder: Path, count: int) -> Path:
    pkg = folder / "plain"
    (pkg / "data" / "secret").mkdir(parents=True)
    (pkg / "problem.yaml").write_text("name: plain\nlimits:\n  time_limit: 1\n  memory: 256\n")
    rng = random.Random(1)
    for i in range(count):
        values = [rng.randint(0, 100) for _ in range(rng.randint(1, 30))]
        text = f"{len(values)}\n{' '.join(map(str, values))}\n"
        stem = pkg / "data" / "secret" / f"{i:03d}"
        stem.with_suffix(".in").write_text(text)
        answer = subprocess.run([sys.executable, str(INCDEC)], input=text, capture_output=True, text=True).stdout
        stem.with_suffix(".ans").write_text(answer)
    return pkg


def main() -> None:
    compile_judge()
    with tempfile.TemporaryDirectory(prefix="judge-warm-") as tmp:
        folder = Path(tmp)
        judge = [sys.executable, "-m", "judge", "run"]
        bn = function_package(folder, 50)
        timed(judge + [str(bn), str(BN_SOLUTION), "--json", "-j", "1"])  # warm the caches
        cold = timed(judge + [str(bn), str(BN_SOLUTION), "--json", "-j", "1", "--cold"])
        warm = timed(judge + [str(bn), str(BN_SOLUTION), "--json", "-j", "1"])
        print("| what | seconds | per test (ms) |")
        print("| --- | ---: | ---: |")
        print(f"| 50 batchnorm-numpy tests, cold (`--cold -j 1`) | {cold:.2f} | {cold / 50 * 1000:.1f} |")
        print(f"| 50 batchnorm-numpy tests, warm (`-j 1`) | {warm:.2f} | {warm / 50 * 1000:.1f} |")
        print(f"| speed-up | {cold / warm:.1f}x | |")

        plain = plain_package(folder, 200)
        # a plain solution: the reference's own pure-Python path, without its NumPy branch for huge
        # inputs (a source importing NumPy runs in the warm interpreter that has it preloaded)
        lean = folder / "incdec_plain.py"
        lean.write_text("import sys\na = list(map(int, sys.stdin.buffer.read().split()))\nn = a[0]\n"
                        "s = sum(abs(y - x) for x, y in zip(a[1:n], a[2:n + 1]))\nd = abs(a[n] - a[1])\n"
                        "print((s + d) // 2)\nprint(d + 1)\n")
        for solution, what in ((INCDEC, "the reference (imports NumPy)"), (lean, "a plain solution")):
            loop = f'for f in {plain}/data/secret/*.in; do {sys.executable} -I {solution} < "$f" > {tmp}/out.txt; done'
            bare = timed(["bash", "-c", loop])
            timed(judge + [str(plain), str(solution), "--json", "-j", "1"])
            cold = timed(judge + [str(plain), str(solution), "--json", "-j", "1", "--cold"])
            warm = timed(judge + [str(plain), str(solution), "--json", "-j", "1"])
            for name, seconds in [("bare loop, `python3 -I` per test", bare), ("judge run --cold -j 1", cold),
                                  ("judge run -j 1 (warm)", warm)]:
                print(f"| 200 plain Python tests, {what}: {name} | {seconds:.2f} | {seconds / 200 * 1000:.1f} |")


if __name__ == "__main__":
    main()
