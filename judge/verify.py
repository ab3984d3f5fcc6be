"""Verify a problem package: prove that its pieces agree with each other.

1. Every input validator accepts every test input, and rejects every input under
   data/invalid_input/.
2. Generated inputs regenerate byte for byte (determinism), and every answer is
   what the reference solution prints.
3. Every solution gets the verdict its folder promises (accepted: AC on every test;
   wrong_answer: WA somewhere and nothing but AC/WA; likewise time_limit_exceeded,
   run_time_error, memory_limit_exceeded).
4. The time limit is sane, as Kattis defines it: the slowest accepted time T must
   satisfy limit >= AC_TO_TIME_LIMIT * T, and every time_limit_exceeded solution
   must run longer than TIME_LIMIT_TO_TLE * limit on some test. A package with no
   time limit gets one derived from its accepted solutions, and says so.

Solutions are judged once, with the CPU limit raised to TIME_LIMIT_TO_TLE * limit;
verdicts at the real limit are read off the measured CPU times, so one run answers
both "is it TLE?" and "is it TLE by a safe margin?". Every run of every solution
goes through one shared executor, so tests and solutions run in parallel.
"""
from __future__ import annotations

import math
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from judge import generate, sandbox
from judge.errors import PackageError, UserError
from judge.checkers import check
from judge.judging import default_jobs, judge_solution, prepare_checker
from judge.languages import is_supported, program_source
from judge.package import Problem, Solution, load_problem
from judge.verdicts import SubmissionResult, TestResult, Verdict

AC_TO_TIME_LIMIT = 2.0       # Kattis: limit >= 2 x slowest accepted time
TIME_LIMIT_TO_TLE = 1.5      # Kattis: a TLE solution must run > 1.5 x limit somewhere
DERIVE_MULTIPLIER = 5.0      # legacy Kattis time_multiplier, for packages without a limit
DERIVE_CAP_S = 10.0          # CPU cap while measuring accepted solutions to derive a limit
VALID, INVALID = 42, 43
VALIDATOR_LIMITS = sandbox.Limits(cpu_s=30.0, memory_mib=4096, output_mib=8)


@dataclass
class Finding:
    level: str       # "error" or "warning"
    message: str

    def to_dict(self) -> dict:
        return {"level": self.level, "message": self.message}


@dataclass
class SolutionReport:
    path: str
    expected: str            # the folder's verdict, or "-" for folders without one
    got: str                 # the verdict at the real time limit, "CE", or "unsupported"
    ok: bool
    slowest_test: str = ""
    max_cpu_s: float = 0.0
    max_memory_mib: float = 0.0
    note: str = ""

    def to_dict(self) -> dict:
        return {"solution": self.path, "expected": self.expected, "got": self.got, "ok": self.ok,
                "slowest_test": self.slowest_test, "max_cpu_s": round(self.max_cpu_s, 4),
                "max_memory_mib": round(self.max_memory_mib, 2), "note": self.note}


@dataclass
class VerifyReport:
    problem: str
    time_limit_s: float = 0.0
    time_limit_source: str = ""
    findings: list[Finding] = field(default_factory=list)
    solutions: list[SolutionReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings) and all(s.ok for s in self.solutions)

    def error(self, message: str) -> None:
        self.findings.append(Finding("error", message))

    def warning(self, message: str) -> None:
        self.findings.append(Finding("warning", message))

    def to_dict(self) -> dict:
        return {"problem": self.problem, "ok": self.ok, "time_limit_s": self.time_limit_s,
                "time_limit_source": self.time_limit_source,
                "findings": [f.to_dict() for f in self.findings],
                "solutions": [s.to_dict() for s in self.solutions]}


def verify_problem(spec, *, jobs: int | None = None, isolation: str = "auto",
                   executor: Executor | None = None) -> VerifyReport:
    """Verify one package; problems with the package itself become findings, never exceptions."""
    try:
        problem = load_problem(spec)
    except UserError as exc:
        report = VerifyReport(problem=Path(str(spec)).name)
        report.error(str(exc))
        return report
    report = VerifyReport(problem=problem.slug, time_limit_s=problem.time_limit_s,
                          time_limit_source=problem.time_limit_source)
    own = executor is None
    pool = executor or ThreadPoolExecutor(max_workers=jobs or default_jobs(), thread_name_prefix="verify")
    try:
        for check in (lambda: _check_inputs(problem, report, pool), lambda: _check_generated(problem, report),
                      lambda: _check_solutions(problem, report, pool, isolation)):
            try:  # each check reports what it can; one broken piece does not hide the others
                check()
            except PackageError as exc:
                report.error(str(exc))
    finally:
        if own:
            pool.shutdown(wait=True)
    return report


# --- 1. input validators -----------------------------------------------------------

def _validator_programs(problem: Problem) -> list:
    programs = []
    for path in problem.input_validators:
        path = program_source(path, "input validator")
        if is_supported(path):
            programs.append(generate.program_for(path))
    return programs


def _validate(program, input_path: Path) -> tuple[int | None, str]:
    result = sandbox.run(program.argv, limits=VALIDATOR_LIMITS, stdin=input_path, visible=(program.folder,))
    reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
    reason_text = reason[-1][:200] if reason else ""
    if result.status in (sandbox.Status.OK, sandbox.Status.EXIT):
        return result.exit_code, reason_text
    return None, f"{result.status.value} ({result.describe_exit}) {reason_text}"


def _check_inputs(problem: Problem, report: VerifyReport, pool: Executor) -> None:
    programs = _validator_programs(problem)
    if not programs:
        report.warning("no input validator: test inputs are not checked against the statement's format")
        return
    invalid_dir = problem.path / "data" / "invalid_input"
    invalid = sorted(invalid_dir.rglob("*.in")) if invalid_dir.is_dir() else []
    jobs = [(program, test.input, test.name, True) for program in programs for test in problem.tests]
    jobs += [(program, path, str(path.relative_to(problem.path / "data").with_suffix("")), False)
             for program in programs for path in invalid]
    results = list(pool.map(lambda job: _validate(job[0], job[1]), jobs))
    rejected_invalid: dict[str, bool] = {}
    for (program, _, name, should_pass), (code, reason) in zip(jobs, results):
        validator = program.source.name
        if code is None or code not in (VALID, INVALID):
            report.error(f"input validator {validator} failed on {name}: "
                         f"{reason or f'exit status {code}'} (expected exit 42 or 43)")
        elif should_pass and code == INVALID:
            report.error(f"input validator {validator} rejects test {name}: {reason or 'no reason given'}")
        elif not should_pass:
            rejected_invalid[name] = rejected_invalid.get(name, False) or code == INVALID
    for name, rejected in rejected_invalid.items():
        if not rejected:
            report.error(f"{name} is under data/invalid_input/ but every input validator accepts it")


# --- 2. generated tests and answers ---------------------------------------------------

def _check_generated(problem: Problem, report: VerifyReport) -> None:
    config = generate.load_config(problem)
    if config is None:
        return
    for test in config.tests:
        stored = test.input_path(problem)
        fresh = generate.run_generator(problem, test.command)
        if not stored.is_file():
            report.error(f"generated test {test.name} is listed in generators.yaml but {stored.name} is missing; "
                         f"run `judge generate {problem.slug}`")
        elif stored.read_bytes() != fresh:
            again = generate.run_generator(problem, test.command)
            if again != fresh:
                report.error(f"generator is not deterministic: `{' '.join(test.command)}` gave different "
                             f"bytes on two runs (use random.Random(seed), never time or the global random)")
            else:
                report.error(f"generated test {test.name} differs from what `{' '.join(test.command)}` writes "
                             f"now; run `judge generate {problem.slug}` (or fix the generator)")
    if config.solution is not None:
        reference = generate.reference_program(problem, config.solution)
        checker = None
        for test in problem.tests:
            printed = generate.run_reference(reference, test.input, problem)
            if test.answer.read_bytes() == printed:
                continue
            # floating-point output may differ in its last digits from one machine (CPU, NumPy) to
            # another: the answer stands if the problem's own checker accepts what the reference prints
            checker = checker or prepare_checker(problem)
            checked = check(printed, test, checker)
            if checked.verdict is not Verdict.AC:
                report.error(f"answer {test.name}.ans differs from what the reference "
                             f"{config.solution.name} prints ({checked.message or checked.verdict.description})")


# --- 3 and 4. solutions and the time limit ----------------------------------------------

def _at_limit(test: TestResult, limit: float) -> Verdict:
    """The verdict this test would have had with the real time limit."""
    if test.verdict is Verdict.TLE or test.cpu_s > limit:
        return Verdict.TLE
    return test.verdict


def _judge_all(problem: Problem, solutions: list[Solution], limit: float, pool: Executor,
               isolation: str) -> list[SubmissionResult]:
    with ThreadPoolExecutor(max_workers=max(1, min(8, len(solutions)))) as outer:
        return list(outer.map(lambda s: judge_solution(problem, s.path, time_limit=limit, executor=pool,
                                                       isolation=isolation), solutions))


def _check_solutions(problem: Problem, report: VerifyReport, pool: Executor, isolation: str) -> None:
    solutions = problem.solutions()
    supported = [s for s in solutions if is_supported(s.path)]
    for s in solutions:
        if s not in supported:
            report.solutions.append(SolutionReport(_display(s.path, problem), _name(s.expected), "unsupported", True,
                                                   note="language not supported: skipped"))
    accepted = [s for s in supported if s.expected is Verdict.AC]
    if not accepted:
        report.error("no accepted solution in solutions/<slug>/accepted/ or submissions/accepted/")

    limit = problem.time_limit_s
    results: dict[Solution, SubmissionResult] = {}
    if problem.time_limit_source == "default" and accepted:
        for s, r in zip(accepted, _judge_all(problem, accepted, DERIVE_CAP_S, pool, isolation)):
            results[s] = r
        slowest = max((r.max_cpu_s for r in results.values()), default=0.0)
        limit = max(1.0, math.ceil(slowest * DERIVE_MULTIPLIER))
        report.time_limit_s, report.time_limit_source = float(limit), "derived"
        report.warning(f"no time limit in problem.yaml: derived {limit:g} s from the slowest accepted run "
                       f"({slowest:.3f} s) x {DERIVE_MULTIPLIER:g}, rounded up to whole seconds")

    pending = [s for s in supported if s not in results]
    for s, r in zip(pending, _judge_all(problem, pending, limit * TIME_LIMIT_TO_TLE, pool, isolation)):
        results[s] = r

    slowest_ac = 0.0
    for s in supported:
        entry = _assess(s, results[s], limit, _display(s.path, problem))
        report.solutions.append(entry)
        if s.expected is Verdict.AC:
            slowest_ac = max(slowest_ac, entry.max_cpu_s)
    if accepted and slowest_ac * AC_TO_TIME_LIMIT > limit:
        report.error(f"time limit {limit:g} s is too tight: the slowest accepted run takes {slowest_ac:.3f} s, "
                     f"and the limit should be at least {AC_TO_TIME_LIMIT:g} x that")
    report.solutions.sort(key=lambda e: (e.expected, e.path))


def _assess(solution: Solution, result: SubmissionResult, limit: float, path: str) -> SolutionReport:
    expected = solution.expected
    if result.verdict is Verdict.CE:
        first = result.message.splitlines()[0] if result.message else ""
        return SolutionReport(path, _name(expected), "CE", expected is None, note=first[:120])
    verdicts = [_at_limit(t, limit) for t in result.tests]
    got = next((v for v in verdicts if v is not Verdict.AC), Verdict.AC)
    slowest = max(result.tests, key=lambda t: t.cpu_s, default=None)
    entry = SolutionReport(path, _name(expected), got.value, True,
                           slowest_test=slowest.name if slowest else "", max_cpu_s=result.max_cpu_s,
                           max_memory_mib=result.max_memory_mib)
    if expected is None:
        return entry
    others = sorted({v.value for v in verdicts} - {Verdict.AC.value, expected.value})
    if expected is Verdict.AC:
        if got is not Verdict.AC:
            first = next(t for t, v in zip(result.tests, verdicts) if v is not Verdict.AC)
            entry.ok, entry.note = False, f"{got.value} on {first.name}: {first.message}"[:160]
    elif expected.value not in {v.value for v in verdicts}:
        entry.ok, entry.note = False, f"never gets {expected.value}"
    elif others:
        entry.ok, entry.note = False, f"also gets {', '.join(others)}: a {expected.folder} solution may only get AC or {expected.value}"
    elif expected is Verdict.TLE:
        margin = limit * TIME_LIMIT_TO_TLE
        if not any(t.verdict is Verdict.TLE for t in result.tests):
            entry.ok = False
            entry.note = (f"TLE only by a small margin (at most {result.max_cpu_s:.2f} s, never over "
                          f"{TIME_LIMIT_TO_TLE:g} x limit = {margin:.2f} s): the verdict is sensitive to the limit")
        elif any(v is Verdict.TLE and t.verdict is not Verdict.TLE for t, v in zip(result.tests, verdicts)):
            entry.note = "some tests exceed the limit by less than the margin (sensitive)"
    return entry


def _name(verdict: Verdict | None) -> str:
    return verdict.value if verdict is not None else "-"


def _display(path: Path, problem: Problem) -> str:
    """A package's own submissions relative to the package, ours relative to the repository."""
    for root in (problem.path, problem.path.parent.parent):
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    return str(path)


def all_problems() -> list[Path]:
    """Every problem folder in ./problems and the repository's problems/."""
    from judge.package import problem_folders

    found = problem_folders()
    if not found:
        raise UserError("no problems/ folder with packages here: run from the repository or name a problem")
    return found
