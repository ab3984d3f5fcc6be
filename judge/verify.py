"""Verify a problem package: prove that its pieces agree with each other.

1. Every input validator accepts every test input (with the test's input validator
   arguments), and rejects every input under data/invalid_input/. Checktestdata
   (`.ctd`) and viva (`.viva`) validators run when their tool is on PATH and are
   reported as skipped by name otherwise.
2. Tests generators.yaml describes but data/ lacks are generated first (as `bt
   generate` does); generated inputs regenerate byte for byte (determinism), and
   every answer is what its solution prints.
   Answer validators accept every answer, and invalid_answer/, invalid_output/ and
   valid_output/ hold what they say (validation_data.py).
3. Every solution meets its expectation (expectations.py: its folder, submissions.yaml,
   an @EXPECTED_RESULTS@ tag); one in a folder with no known meaning is reported.
4. The time limit is sane, as the format defines it (Problem.timing): the slowest run
   T of a solution bounding it from below satisfies limit >= ac_to_time_limit * T, and
   every solution bounding it from above runs longer than time_limit_to_tle * limit on
   some test. A package with no time limit gets one derived as verifyproblem does
   (the smallest multiple of time_resolution >= ac_to_time_limit * T), and says so.

Solutions are judged once, with the CPU limit raised to time_limit_to_tle * limit,
each until its first failure in test order (as problemtools and BAPCtools judge them:
a rule covering tests that did not run is not held to its `required`);
verdicts at the real limit are read off the measured CPU times, so one run answers
both "is it TLE?" and "is it TLE by a safe margin?". Every run of every solution
goes through one shared executor, so tests and solutions run in parallel.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from judge import expectations, generate, package_programs, sandbox, scoring, validation_data
from judge.errors import PackageError, UserError
from judge.checkers import check
from judge.expectations import Expectation
from judge.judging import default_jobs, judge_solution, prepare_checker, prepare_solution
from judge.languages import is_supported, language_for, program_source
from judge.package import Problem, Solution, data_cases, invalid_inputs, load_problem, load_problem_yaml
from judge.scoring import Score
from judge.verdicts import SubmissionResult, TestResult, Verdict

DERIVE_CAP_S = 10.0          # CPU cap while measuring accepted solutions to derive a limit
VALID, INVALID = 42, 43
DISABLED = (".disabled", ".template")  # submissions so named are kept but not judged (as BAPCtools)
VALIDATOR_LIMITS = sandbox.Limits(cpu_s=30.0, memory_mib=4096, output_mib=8)
# Validators run by a tool of their own: extension -> (tool, its exit status for valid, for invalid)
EXTERNAL_VALIDATORS = {".ctd": ("checktestdata", 0, 1), ".viva": ("viva", 0, 1)}
# Judges solutions (here, or elsewhere: a Dask cluster): (problem, [(solution path, its
# expectation)], CPU limit, isolation) -> each one's result or why it cannot be run, in order;
# each solution judged with judge_options(problem, expectation)
JudgeMany = Callable[[Problem, list[tuple[Path, "Expectation"]], float, str], list["SubmissionResult | str"]]


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
    score: "Score | None" = None   # scoring problems: the score at the real time limit

    def to_dict(self) -> dict:
        return {"solution": self.path, "expected": self.expected, "got": self.got, "ok": self.ok,
                "slowest_test": self.slowest_test, "max_cpu_s": round(self.max_cpu_s, 4),
                "max_memory_mib": round(self.max_memory_mib, 2), "note": self.note,
                **({"score": self.score.to_dict()["score"], "max_score": self.score.to_dict()["max_score"]}
                   if self.score is not None else {})}


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
                   executor: Executor | None = None, judge_many: JudgeMany | None = None,
                   on_run=None) -> VerifyReport:
    """Verify one package; problems with the package itself become findings, never exceptions.
    `judge_many` judges the solutions elsewhere (a Dask cluster: cluster.DaskRunner.judge_solutions);
    `on_run()` hears every test run of a solution judged here as it ends (for a progress display)."""
    report = VerifyReport(problem=Path(str(spec)).name)
    try:
        _generate_missing(spec, report)
        problem = load_problem(spec)
    except UserError as exc:
        report.error(str(exc))
        return report
    report.problem, report.time_limit_s = problem.slug, problem.time_limit_s
    report.time_limit_source = problem.time_limit_source
    for note in problem.notes:
        report.warning(note)
    own = executor is None
    pool = executor or ThreadPoolExecutor(max_workers=jobs or default_jobs(), thread_name_prefix="verify")
    try:
        if judge_many is None:
            _build_ahead(problem, pool)
        for check in (lambda: _check_inputs(problem, report, pool), lambda: _check_generated(problem, report),
                      lambda: validation_data.check(problem, report, pool),
                      lambda: _check_solutions(problem, report, isolation, judge_many or judging_here(pool, on_run))):
            try:  # each check reports what it can; one broken piece does not hide the others
                check()
            except PackageError as exc:
                report.error(str(exc))
    finally:
        if own:
            pool.shutdown(wait=True)
    return report


def _build_ahead(problem: Problem, pool: Executor) -> None:
    """Every program the checks below build (validators, the output validator, the solutions
    judged here) built side by side first, so that the checks find them in the build cache: an
    empty cache costs the longest build, not the sum of the builds. A build that fails is left
    for its check to report in its place (and to try again: failures are not cached)."""
    builds: list[Callable[[], object]] = [lambda: prepare_checker(problem)]
    for path in [*problem.input_validators, *validation_data.answer_validators(problem)]:
        if path.suffix not in EXTERNAL_VALIDATORS:
            builds.append(lambda path=path: package_programs.built(problem, program_source(path, "validator")))
    for solution, expected in _expected(problem, problem.solutions()).items():
        if _judged_here(solution, expected):
            builds.append(lambda s=solution, e=expected: prepare_solution(problem, s.path, e.language, e.entrypoint))

    def quietly(build: Callable[[], object]) -> None:
        try:
            build()
        except Exception:  # noqa: BLE001 (its check reports it)
            pass

    for done in [pool.submit(quietly, build) for build in builds]:
        done.result()


def _generate_missing(spec, report: VerifyReport) -> None:
    """Build into data/ the tests generators.yaml describes and data/ lacks (as `bt generate`)."""
    problem = load_problem_yaml(spec)
    if not (problem.path / "generators" / "generators.yaml").is_file():
        return
    outcome = generate.generate(problem, missing_only=True)
    written = [name for name, what in outcome.items() if what == "written"]
    if written:
        report.warning(f"generated {len(written)} test(s) described by generators.yaml into data/ "
                       f"(they were missing)")
    for name, what in outcome.items():
        if what.startswith("failed"):
            report.error(f"generated test {name} could not be built: {what[len('failed: '):].splitlines()[0]}")


# --- 1. input validators -----------------------------------------------------------

def _validator_programs(problem: Problem, report: VerifyReport) -> list:
    """(name, how to run it on one input) of every input validator the judge can run."""
    return validator_programs(problem, problem.input_validators, "input validator", report)


def validator_programs(problem: Problem, paths: list[Path], kind: str, report: VerifyReport) -> list:
    """(name, how to run it) of each of a package's validators at `paths` (input or answer
    validators: a program, or a pattern file for checktestdata or viva) that the judge can
    run; each one it cannot is a warning naming it."""
    programs = []
    for path in paths:
        external = EXTERNAL_VALIDATORS.get(path.suffix)
        if external is not None:
            tool = shutil.which(external[0])
            if tool is None:
                report.warning(f"{kind} {path.name} skipped: {external[0]} is not on PATH")
            else:
                programs.append((path.stem, _External(tool, path, external[1], external[2])))
            continue
        source = program_source(path, kind)
        if is_supported(source):
            programs.append((path.stem, package_programs.built(problem, source)))
        else:
            report.warning(f"{kind} {path.name} skipped: its language is not supported")
    return programs


@dataclass(frozen=True)
class _External:
    """A validator that is a pattern file for a tool (checktestdata, viva): `tool pattern < input`."""

    tool: str
    pattern: Path
    valid: int
    invalid: int


def _validate(program, input_path: Path, args: tuple[str, ...] = ()) -> tuple[int | None, str]:
    if isinstance(program, _External):
        result = sandbox.run([program.tool, str(program.pattern), *args], limits=VALIDATOR_LIMITS,
                             stdin=input_path, visible=(program.pattern.parent, Path(program.tool).parent))
        codes = {program.valid: VALID, program.invalid: INVALID}
    else:
        result = sandbox.run([*program.argv, *args], limits=VALIDATOR_LIMITS, stdin=input_path,
                             visible=(program.folder,))
        codes = {}
    reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
    reason_text = reason[-1][:200] if reason else ""
    if result.status in (sandbox.Status.OK, sandbox.Status.EXIT):
        return codes.get(result.exit_code, result.exit_code), reason_text
    return None, f"{result.status.value} ({result.describe_exit}) {reason_text}"


def _check_inputs(problem: Problem, report: VerifyReport, pool: Executor) -> None:
    programs = _validator_programs(problem, report)
    if not programs:
        if not problem.input_validators:
            report.warning("no input validator: test inputs are not checked against the statement's format")
        return
    jobs = [(name, program, test.input, test.name, True, test.input_args(name))
            for name, program in programs for test in problem.tests]
    jobs += [(name, program, test.input, test.name, False, test.input_args(name))
             for name, program in programs for test in invalid_inputs(problem)]
    jobs += [(name, program, test.input, test.name, True, test.input_args(name))  # their inputs are valid
             for name, program in programs for group in validation_data.GROUPS
             for test in data_cases(problem, group)]
    results = list(pool.map(lambda job: _validate(job[1], job[2], job[5]), jobs))
    rejected_invalid: dict[str, bool] = {}
    for (validator, _, _, name, should_pass, _), (code, reason) in zip(jobs, results):
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
    for note in config.plan.notes:
        report.warning(note)
    listed = {case.path for case in config.plan.cases}
    for case in config.plan.cases:
        for ext, regex in case.patterns:
            path = problem.path / "data" / f"{case.path}.{ext}"
            if path.is_file() and not re.search(regex, path.read_text(errors="replace"), re.MULTILINE | re.DOTALL):
                report.warning(f"generated test {case.path}.{ext} does not match {regex!r} (its `match` in "
                               f"generators.yaml)")
    for test in config.tests:
        stored = test.input_path(problem)
        if not stored.is_file():
            continue  # reported when it failed to build
        try:
            fresh = generate.run_generator(problem, test.command, config.plan.generators)
        except UserError as exc:
            report.error(f"generated test {test.name}: {str(exc).splitlines()[0]}")
            continue
        if stored.read_bytes() != fresh:
            again = generate.run_generator(problem, test.command, config.plan.generators)
            if again != fresh:
                report.error(f"generator is not deterministic: `{' '.join(test.command)}` gave different "
                             f"bytes on two runs (use random.Random(seed), never time or the global random)")
            else:
                report.error(f"generated test {test.name} differs from what `{' '.join(test.command)}` writes "
                             f"now; run `judge generate {problem.slug}` (or fix the generator)")
    if problem.interactive:
        return  # an interactive problem's answer file is for its interactor, not what a program prints
    references: dict[Path, object] = {}
    checker = None
    for test in problem.tests:
        name = test.name
        case = config.plan.case(name)
        if case is not None and (not case.needs_answer or case.source is not None or case.copy is not None):
            continue  # its answer is written out, copied or included: no solution to compare with
        solution = config.solutions.get(name) if name in listed else config.solution
        if solution is None or not solution.exists():
            continue
        if solution not in references:
            references[solution] = generate.reference_program(problem, solution)
        printed = generate.run_reference(references[solution], test.input, problem)
        if test.answer.read_bytes() == printed:
            continue
        # floating-point output may differ in its last digits from one machine (CPU, NumPy) to
        # another: the answer stands if the problem's own checker accepts what the reference prints
        checker = checker or prepare_checker(problem)
        checked = check(printed, test, checker)
        if checked.verdict is not Verdict.AC:
            report.error(f"answer {test.name}.ans differs from what the reference "
                         f"{solution.name} prints ({checked.message or checked.verdict.description})")


# --- 3 and 4. solutions and the time limit ----------------------------------------------

def _at_limit(test: TestResult, limit: float) -> Verdict:
    """The verdict this test would have had with the real time limit."""
    if test.verdict is Verdict.TLE or test.cpu_s > limit:
        return Verdict.TLE
    return test.verdict


def judge_options(problem: Problem, expected: Expectation) -> dict:
    """How verify judges a solution, here or on a cluster (judge_solution's keywords): until its
    first failure in test order, as problemtools and BAPCtools do (on a scoring problem on every
    test: its score needs them all), in the language and from the entry point submissions.yaml
    gives, if it does."""
    return dict(fail_fast=not problem.scoring, language=expected.language, entry=expected.entrypoint)


def judging_here(pool: Executor, on_run=None) -> JudgeMany:
    """The JudgeMany of this machine, test runs through `pool`; `on_run()` hears each run as it ends.

    With at least as many solutions as the pool has workers, each solution's tests run one
    after the other (solutions side by side, as many at once as the pool's workers): judging
    stops at its first failure, so no later test of it runs in vain (a time-limit-exceeded
    solution burns its margin once, not once per core). With fewer solutions, an accepted
    one's tests share the pool, and one expected to fail still runs its tests in turn."""
    def judge_many(problem: Problem, solutions: list[tuple[Path, Expectation]], limit: float,
                   isolation: str) -> list[SubmissionResult | str]:
        width = getattr(pool, "_max_workers", None) or default_jobs()
        in_turn = len(solutions) >= width

        def one(solution: tuple[Path, Expectation]) -> SubmissionResult | str:
            path, expected = solution
            how = dict(jobs=1) if in_turn or not expected.accepted else dict(executor=pool)
            try:
                return judge_solution(problem, path, time_limit=limit, isolation=isolation,
                                      on_result=on_run and (lambda *_: on_run()),
                                      **judge_options(problem, expected), **how)
            except PackageError:
                raise
            except UserError as exc:
                return str(exc).splitlines()[0]

        workers = width if in_turn else max(1, min(8, len(solutions)))
        with ThreadPoolExecutor(max_workers=workers) as outer:
            return list(outer.map(one, solutions))
    return judge_many


def _judge_all(problem: Problem, solutions: list[Solution], limit: float, isolation: str,
               judge_many: JudgeMany) -> list[SubmissionResult | str]:
    """Each solution's result, or why it could not be built (a program the judge cannot run)."""
    expected = _expected(problem, solutions)
    planned = [(s.path, expected[s]) for s in solutions]
    return judge_many(problem, planned, limit, isolation) if solutions else []


def _expected(problem: Problem, solutions: list[Solution]) -> dict[Solution, Expectation]:
    """What the package expects of each solution (submissions.yaml, else its folder and tags)."""
    book = expectations.load(problem.path)
    return {s: book.of(_relative(s, problem), s.path) for s in solutions}


def _judged_here(solution: Solution, expected: Expectation) -> bool:
    """Whether verify judges the solution: not disabled by its name, and in a language the judge runs."""
    return not solution.path.name.endswith(DISABLED) and _supported(solution, expected)


def _supported(solution: Solution, expected: Expectation) -> bool:
    """Whether the judge runs this solution's language (submissions.yaml's, else its extensions')."""
    if expected.language is None:
        return is_supported(solution.path)
    try:
        language_for(solution.path, expected.language)
    except UserError:
        return False
    return True


def _relative(solution: Solution, problem: Problem) -> str:
    """A solution's path below its root (submissions/ or solutions/<slug>/), as globs see it."""
    for root in problem.solution_roots():
        try:
            return solution.path.relative_to(root).as_posix()
        except ValueError:
            pass
    return solution.path.name


def _check_solutions(problem: Problem, report: VerifyReport, isolation: str, judge_many: JudgeMany) -> None:
    solutions = problem.solutions()
    expected = _expected(problem, solutions)
    disabled = [s for s in solutions if s.path.name.endswith(DISABLED)]
    supported = [s for s in solutions if _judged_here(s, expected[s])]
    for s in solutions:
        if s in disabled:
            report.solutions.append(SolutionReport(_display(s.path, problem), expected[s].label, "disabled", True,
                                                   note=f"named *{s.path.suffix}: not judged"))
        elif s not in supported:
            report.solutions.append(SolutionReport(_display(s.path, problem), expected[s].label, "unsupported",
                                                   True, note="language not supported: skipped"))
        elif not expected[s].known:
            report.warning(f"{_display(s.path, problem)}: folder {s.path.parent.name!r} has no known meaning "
                           f"(no default folder, submissions.yaml entry or @EXPECTED_RESULTS@ tag): "
                           f"judged, but nothing is expected of it")
    if not any(expected[s].accepted for s in supported):
        report.error("no accepted solution in solutions/<slug>/accepted/ or submissions/accepted/")

    timing = problem.timing
    lower = [s for s in supported if expected[s].bounds == "lower"]
    limit = problem.time_limit_s
    results: dict[Solution, SubmissionResult | str] = {}
    if problem.time_limit_source == "default" and lower:
        limit, how, results = _derive(problem, lower, isolation, judge_many)
        report.time_limit_s, report.time_limit_source = float(limit), "derived"
        report.warning(how)

    pending = [s for s in supported if s not in results]
    for s, r in zip(pending, _judge_all(problem, pending, limit * timing.time_limit_to_tle, isolation, judge_many)):
        results[s] = r

    slowest_lower = 0.0
    for s in supported:
        if isinstance(results[s], str):
            report.solutions.append(SolutionReport(_display(s.path, problem), expected[s].label, "unsupported",
                                                   True, note=f"cannot be run: {results[s]}"[:160]))
            continue
        entry = _assess(problem, expected[s], results[s], limit, _display(s.path, problem))
        report.solutions.append(entry)
        if expected[s].bounds == "lower" and entry.got != "CE":
            slowest_lower = max(slowest_lower, _slowest(results[s]))
    if lower and slowest_lower * timing.ac_to_time_limit > limit:
        report.error(f"time limit {limit:g} s is too tight: the slowest accepted run takes {slowest_lower:.3f} s, "
                     f"and the limit should be at least {timing.ac_to_time_limit:g} x that")
    report.solutions.sort(key=lambda e: (e.expected, e.path))


def _derive(problem: Problem, lower: list[Solution], isolation: str,
            judge_many: JudgeMany) -> tuple[float, str, dict[Solution, SubmissionResult | str]]:
    """verifyproblem's limit for a package that states none, the sentence saying so, and the runs."""
    results = dict(zip(lower, _judge_all(problem, lower, DERIVE_CAP_S, isolation, judge_many)))
    slowest = max((_slowest(r) for r in results.values() if not isinstance(r, str)), default=0.0)
    timing = problem.timing
    limit = timing.derive(slowest)
    return limit, (f"no time limit in problem.yaml: derived {limit:g} s from the slowest accepted run "
                   f"({slowest:.3f} s) x {timing.ac_to_time_limit:g}, rounded up to a multiple of "
                   f"{timing.time_resolution:g} s"), results


def derived_time_limit(problem: Problem, *, isolation: str = "auto", jobs: int | None = None,
                       judge_many: JudgeMany | None = None) -> tuple[float, str]:
    """For `judge run` on a package with no time limit: the limit `judge verify` derives (from
    the solutions that bound it from below) and the sentence saying how; the package's
    fallback and a sentence saying so when it has no such solution."""
    runnable = [s for s in problem.solutions() if is_supported(s.path)]
    lower = [s for s, expected in _expected(problem, runnable).items() if expected.bounds == "lower"]
    if not lower:
        return problem.time_limit_s, (f"no time limit in the package and no accepted solution to derive one "
                                      f"from: {problem.time_limit_s:g} s used")
    with ThreadPoolExecutor(max_workers=jobs or default_jobs(), thread_name_prefix="derive") as pool:
        limit, how, _ = _derive(problem, lower, isolation, judge_many or judging_here(pool))
    return limit, how


STOPPED_BY_A_LIMIT = (Verdict.TLE, Verdict.MLE, Verdict.OLE)


def _slowest(result: SubmissionResult) -> float:
    """The slowest run that counts for the time limit: runs stopped by a limit (time, memory,
    output) do not; how long a run took to reach its memory or output limit says nothing of
    the time the problem needs (a JVM's collector thrashing on a full heap, a flood of output)."""
    return max((t.cpu_s for t in result.tests if t.verdict not in STOPPED_BY_A_LIMIT), default=0.0)


def _assess(problem: Problem, expected: Expectation, result: SubmissionResult, limit: float,
            path: str) -> SolutionReport:
    if result.verdict is Verdict.CE:
        first = result.message.splitlines()[0] if result.message else ""
        ok = expected.compile_error or not expected.known
        return SolutionReport(path, expected.label, "CE", ok, note=first[:120] if ok else f"does not compile: {first}"[:160])
    tle_factor = problem.timing.time_limit_to_tle
    verdicts = [_at_limit(t, limit) for t in result.tests]
    got = next((v for v in verdicts if v is not Verdict.AC), Verdict.AC)
    score = None
    if problem.scoring:  # scored again with the verdicts at the real limit
        score = scoring.score(problem, [dataclasses.replace(t, verdict=v) for t, v in zip(result.tests, verdicts)])
        got = score.verdict
    slowest = max(result.tests, key=lambda t: t.cpu_s, default=None)
    entry = SolutionReport(path, expected.label, got.value, True,
                           slowest_test=slowest.name if slowest else "", max_cpu_s=result.max_cpu_s,
                           max_memory_mib=result.max_memory_mib, score=score)
    if score is not None and score.error:
        entry.ok, entry.note = False, f"score error: {score.error}"[:200]
        return entry
    if expected.compile_error and not expected.rules:
        entry.ok, entry.note = False, "compiles, but its folder expects a compilation error"
        return entry
    judged = {t.name for t in result.tests}
    problems = expected.problems([(t.name, v) for t, v in zip(result.tests, verdicts)],
                                 {t.name: t.message for t in result.tests}, score,
                                 tuple(t.name for t in problem.tests if t.name not in judged))
    if problems:
        entry.ok, entry.note = False, "; ".join(problems)[:200]
    elif expected.bounds == "upper" and Verdict.TLE in verdicts:
        margin = limit * tle_factor
        if not any(t.verdict is Verdict.TLE for t in result.tests):
            entry.ok = False
            entry.note = (f"TLE only by a small margin (at most {result.max_cpu_s:.2f} s, never over "
                          f"{tle_factor:g} x limit = {margin:.2f} s): the verdict is sensitive to the limit")
        elif any(v is Verdict.TLE and t.verdict is not Verdict.TLE for t, v in zip(result.tests, verdicts)):
            entry.note = "some tests exceed the limit by less than the margin (sensitive)"
    return entry


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
