"""Benchmark solutions of one problem on inputs of growing size.

Inputs come from the problem's own generator (`gen.py --seed S --n N [args]`, the
convention of generators.yaml) and are cached by generator, arguments, seed and size.
Every solution runs `repeat` times per size under the judge's measurement (CPU time,
wall time, peak memory, in the sandbox), and every output is checked against the
reference's, so a wrong output is marked and never timed silently. The growth
exponent k of time ~ n^k is fitted by least squares on a log-log scale over the larger
half of the sizes, where start-up costs weigh least.
"""
from __future__ import annotations

import hashlib
import math
import shlex
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from judge import generate, sandbox
from judge.errors import UserError
from judge.judging import classify, prepare_checker, prepare_solution
from judge.languages import CompileError, cache_dir
from judge.package import Problem, TestCase

SPREAD_WARNING = 1.5     # max/min of a size's runs above this: the figure is noisy
BENCH_SEED = 1


@dataclass
class Point:
    size: int
    cpu_s: list[float] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)
    memory_mib: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)   # verdicts of runs that were not accepted

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu_s) if self.cpu_s else math.nan

    @property
    def spread(self) -> float:
        return max(self.cpu_s) / min(self.cpu_s) if self.cpu_s and min(self.cpu_s) > 0 else math.nan

    def to_dict(self) -> dict:
        return {"size": self.size, "cpu_s": self.cpu_s, "wall_s": self.wall_s, "memory_mib": self.memory_mib,
                "median_cpu_s": self.median_cpu, "failures": self.failures}


@dataclass
class Series:
    solution: str
    points: list[Point] = field(default_factory=list)
    exponent: float | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"solution": self.solution, "exponent": self.exponent, "warnings": self.warnings,
                "points": [p.to_dict() for p in self.points]}


def fit_exponent(sizes: list[float], times: list[float]) -> float | None:
    """Slope of log(time) against log(size) by least squares (None with fewer than 2 points)."""
    pairs = [(math.log(n), math.log(t)) for n, t in zip(sizes, times) if n > 0 and t > 0]
    if len(pairs) < 2:
        return None
    mx = sum(x for x, _ in pairs) / len(pairs)
    my = sum(y for _, y in pairs) / len(pairs)
    var = sum((x - mx) ** 2 for x, _ in pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / var if var else None


def _input(problem: Problem, command: tuple[str, ...], size: int) -> Path:
    source = problem.path / "generators" / command[0]
    key = hashlib.sha256(source.read_bytes() + "\0".join(command).encode()).hexdigest()[:16]
    path = cache_dir() / "bench" / problem.slug / f"{key}-s{BENCH_SEED}-n{size}.in"
    if not path.is_file():
        data = generate.run_generator(problem, (*command, "--seed", str(BENCH_SEED), "--n", str(size)))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.rename(path)
    return path


def bench(problem: Problem, solutions: list[Path], sizes: list[int], *, repeat: int = 3,
          generator: str | None = None, reference: Path | None = None, time_limit: float = 10.0,
          isolation: str = "auto", warm: bool = True, on_run=None) -> list[Series]:
    isolation = sandbox.resolve_isolation(isolation)
    if not (problem.path / "generators").is_dir():
        raise UserError(f"{problem.slug}: no generators/ folder: judge bench needs a generator taking --n")
    command = tuple(shlex.split(generator)) if generator else ("gen.py",)
    config = generate.load_config(problem)
    reference = reference or (config.solution if config else None)
    if reference is None:
        raise UserError(f"{problem.slug}: no reference solution to check outputs: give --reference")
    reference_program = generate.reference_program(problem, reference)
    checker = prepare_checker(problem)
    limits = sandbox.Limits(cpu_s=time_limit, memory_mib=problem.memory_mib, output_mib=max(problem.output_mib, 256))
    args = problem.tests[0].validator_args if problem.tests else ()

    cases = []
    for size in sizes:
        path = _input(problem, command, size)
        answer = path.with_suffix(".ans")
        if not answer.is_file():
            answer.write_bytes(generate.run_reference(reference_program, path, problem))
        cases.append((size, TestCase(f"n={size}", path, answer, args)))

    series = []
    for source in solutions:
        try:
            program = prepare_solution(problem, source)
        except CompileError as exc:
            raise UserError(f"{source} does not compile:\n{exc.message}") from None
        server = "python" if warm and program.language == "python" else "exec"
        entry = Series(str(source))
        for size, case in cases:
            point = Point(size)
            for _ in range(repeat):
                run = sandbox.run(program.argv, limits=limits, stdin=case.input, isolation=isolation,
                                  visible=(program.folder,), server=server)
                verdict = classify(run, limits, case, checker).verdict.value
                if verdict == "AC":
                    point.cpu_s.append(run.cpu_s)
                    point.wall_s.append(run.wall_s)
                    point.memory_mib.append(run.memory_mib)
                else:
                    point.failures.append(verdict)
                if on_run:
                    on_run()
            entry.points.append(point)
            if "TLE" in point.failures:  # larger inputs would only time out too
                skipped = [n for n, _ in cases if n > size]
                if skipped:
                    entry.warnings.append(f"not run on n = {', '.join(map(str, skipped))} after a time-out")
                break
        _assess(entry)
        series.append(entry)
    return series


def _assess(entry: Series) -> None:
    timed = [p for p in entry.points if p.cpu_s and not p.failures]
    for p in entry.points:
        if p.failures:
            entry.warnings.append(f"n={p.size}: {', '.join(sorted(set(p.failures)))} in {len(p.failures)} run(s)"
                                  f" (not timed)")
        elif p.spread > SPREAD_WARNING:
            entry.warnings.append(f"n={p.size}: runs spread {p.spread:.1f}x: too noisy to trust")
    upper = timed[len(timed) // 2:] if len(timed) >= 4 else timed[-2:]
    entry.exponent = fit_exponent([p.size for p in upper], [p.median_cpu for p in upper])
    if entry.exponent is None:
        entry.warnings.append("fewer than two timed sizes: no growth exponent")


def plot(series: list[Series], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(11, 4.5))
    for entry in series:
        points = [p for p in entry.points if p.cpu_s]
        label = Path(entry.solution).name + (f" (k = {entry.exponent:.2f})" if entry.exponent is not None else "")
        ax_time.plot([p.size for p in points], [p.median_cpu for p in points], marker="o", label=label)
        ax_mem.plot([p.size for p in points], [statistics.median(p.memory_mib) for p in points], marker="o",
                    label=Path(entry.solution).name)
    for ax, ylabel in ((ax_time, "median CPU time (s)"), (ax_mem, "median peak memory (MiB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("input size n")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
