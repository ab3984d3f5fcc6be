"""Submissions per second for `judge grade`: the local pool against a local Dask cluster.

    python3 benchmarks/bench_grade.py [--copies 4] [--repeat 1]

The same work each time: `copies` submitters, each sending the AC and WA submissions of
tests/fixtures/grade/submissions.txt (no TLE one: its second of spinning would dominate),
graded into a fresh results file. Compiled programs come from the judge's cache (warmed first).
The cluster figures include shipping the packages (their first task on each worker unpacks
them; with --repeat over 1, the best run is one where the workers had them already) but not
starting the cluster, which is reported on its own line. "unit: a test" is `judge grade --unit
test` (each test a task, across machines as on this one); Dask's own cost per task is printed
for the scale argument of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge import grade  # noqa: E402

MANIFEST = ROOT / "tests" / "fixtures" / "grade" / "submissions.txt"
SLOW = {"carol/incdec.py"}


def make_submissions(folder: Path, copies: int) -> None:
    """`copies` submitters per submitter of the grade tests' manifest, each with the same files."""
    for i in range(copies):
        for line in MANIFEST.read_text().splitlines():
            if line.strip() and not line.startswith("#") and line.split()[0] not in SLOW:
                target, source = line.split()
                submitter, name = target.split("/")
                (folder / f"{submitter}{i}").mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / source, folder / f"{submitter}{i}" / name)


def _nothing(i: int) -> int:
    return i


def task_round_trip_ms(client, n: int = 1000) -> float:
    """Dask's own cost per task on this cluster: n tasks that do nothing, submitted and gathered."""
    start = time.perf_counter()
    client.gather(client.map(_nothing, range(n), pure=False))
    return (time.perf_counter() - start) * 1000 / n


def timed(jobs, runner, where: Path) -> float:
    db = grade.ResultsDB(where)
    start = time.perf_counter()
    grading = grade.grade(jobs, db, runner)
    elapsed = time.perf_counter() - start
    assert grading.complete and grading.graded_now == len(jobs), grading.failed
    db.close()
    where.unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    import distributed

    from judge.cluster import DaskRunner

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submissions"
        make_submissions(folder, args.copies)
        problems = grade.problem_packages()
        found, _ = grade.find_submissions(folder, problems)
        jobs = grade.make_jobs(found, problems)
        n = len(jobs)
        timed(jobs[: len(jobs) // args.copies], grade.run_here, Path(tmp) / "warm.sqlite3")  # compile once
        print(f"{n} submissions, best of {args.repeat}; seconds (submissions per second, x the local pool)")
        rows = [("local pool (judge run's threads)",
                 min(timed(jobs, grade.run_here, Path(tmp) / "r.sqlite3") for _ in range(args.repeat)))]
        for workers in (1, 2):
            start = time.perf_counter()
            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          dashboard_address=":0", silence_logs=logging.CRITICAL) as local, \
                    distributed.Client(local) as client:
                print(f"  starting a local Dask cluster of {workers}: {time.perf_counter() - start:.2f} s")
                with DaskRunner(client=client) as runner:
                    rows.append((f"local Dask cluster, {workers} worker(s), unit: a submission",
                                 min(timed(jobs, runner, Path(tmp) / "r.sqlite3") for _ in range(args.repeat))))
                if workers == 2:  # the other unit: each test a Dask task (judge grade --unit test)
                    with DaskRunner(client=client, unit="test") as runner:
                        rows.append((f"local Dask cluster, {workers} worker(s), unit: a test",
                                     min(timed(jobs, runner, Path(tmp) / "r.sqlite3") for _ in range(args.repeat))))
                    print(f"  Dask's cost per task that does nothing, {workers} workers: "
                          f"{task_round_trip_ms(client):.2f} ms")
        base = rows[0][1]
        for label, seconds in rows:
            print(f"| {label} | {seconds:.2f} ({n / seconds:.2f}/s) | x{seconds / base:.2f} |")

if __name__ == "__main__":
    main()
