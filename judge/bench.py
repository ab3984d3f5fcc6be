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
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from judge import generate, sandbox
from judge.errors import UserError
from judge.judging import classify, prepare_checker, prepare_solution, warm_server
from judge.languages import CompileError, cache_dir
from judge.package import Problem, TestCase

SPREAD_WARNING = 1.5     # max/min of a size's runs above this: the figure is noisy
FIT_MIN_SIZES, FIT_MIN_RUNS = 3, 2  # an exponent from fewer timed sizes, or runs per size, is rough
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
    content = source.read_bytes() if source.is_file() else b""  # a generators.yaml name: its command
    key = hashlib.sha256(content + "\0".join(command).encode()).hexdigest()[:16]
    path = cache_dir() / "bench" / problem.slug / f"{key}-s{BENCH_SEED}-n{size}.in"
    if not path.is_file():
        data = generate.run_generator(problem, (*command, "--seed", str(BENCH_SEED), "--n", str(size)))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.rename(path)
    return path


def check_plot_file(path: str | Path) -> Path:
    """`--plot FILE`, checked before any measurement: a format matplotlib writes, a writable path."""
    from matplotlib.backend_bases import FigureCanvasBase

    from judge.outputs import writable_file

    formats = FigureCanvasBase.get_supported_filetypes()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        kind = f".{suffix} file" if suffix else "file without an extension"
        others = ", ".join(f".{f}" for f in sorted(formats) if f != "png")
        raise UserError(f"--plot {str(path)!r}: a plot cannot be written as a {kind}: name it .png (or {others})")
    return writable_file(path, "--plot")


def bench(problem: Problem, solutions: list[Path], sizes: list[int], *, repeat: int = 3,
          generator: str | None = None, reference: Path | None = None, time_limit: float = 10.0,
          isolation: str = "auto", warm: bool = True, on_run=None) -> list[Series]:
    """Each solution's series (a solution given twice is measured once)."""
    isolation = sandbox.resolve_isolation(isolation)
    solutions = list({path.resolve(): path for path in reversed(solutions)}.values())[::-1]
    if not (problem.path / "generators").is_dir():
        raise UserError(f"{problem.slug}: no generators/ folder: judge bench needs a generator taking --n")
    command = generate.generator_command(problem, generator or "gen.py",
                                         "--generator" if generator else "the default generator")
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
        server = warm_server(problem, Path(source)) if warm and program.language == "python" else "exec"
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
    elif len(timed) < FIT_MIN_SIZES or min(len(p.cpu_s) for p in upper) < FIT_MIN_RUNS:
        entry.warnings.append(f"the exponent comes from {len(timed)} timed size(s) of "
                              f"{min(len(p.cpu_s) for p in upper)} run(s) at least: a rough figure (give "
                              f"{FIT_MIN_SIZES} sizes or more, and --repeat {FIT_MIN_RUNS} or more)")


def plot(series: list[Series], path: Path, title: str) -> tuple[list[str], list[str]]:
    """Write the log-log plot; returns its time legend's labels and the solutions left out of it
    (no accepted run), which the figure names under the plot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(11, 4.5))
    unplotted = []
    for entry in series:
        points = [p for p in entry.points if p.cpu_s]
        failed = sorted({f for p in entry.points for f in p.failures})
        if not points:  # nothing accepted to draw: said under the plot, not as an empty legend entry
            unplotted.append(f"{Path(entry.solution).name} ({', '.join(failed) or 'no run'})")
            continue
        label = Path(entry.solution).name + (f" (k = {entry.exponent:.2f})" if entry.exponent is not None else "")
        if failed:
            label += f" ({', '.join(failed)} on some sizes, not drawn)"
        ax_time.plot([p.size for p in points], [p.median_cpu for p in points], marker="o", label=label)
        ax_mem.plot([p.size for p in points], [statistics.median(p.memory_mib) for p in points], marker="o",
                    label=Path(entry.solution).name)
    for ax, ylabel in ((ax_time, "median CPU time (s)"), (ax_mem, "median peak memory (MiB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("input size n")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        if ax.get_legend_handles_labels()[1]:
            ax.legend(fontsize="small")
    fig.suptitle(title)
    fig.tight_layout()
    if unplotted:
        fig.subplots_adjust(bottom=0.2)
        fig.text(0.01, 0.02, "not plotted, no accepted run: " + ", ".join(unplotted), fontsize="small")
    labels = ax_time.get_legend_handles_labels()[1]
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return labels, unplotted
