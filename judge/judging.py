"""Judge a solution: build it, run it on every test, check each output, aggregate.

The unit of work is a TestTask (one run of one program on one test, plus its
check): a small picklable value handed to `run_test` through any
`concurrent.futures`-style executor. Nothing in run_test depends on the judge's
own process, so a distributed executor (e.g. a Dask distributed client) can take
the local thread pool's place.
"""
from __future__ import annotations

import dataclasses
import os
import re
import threading
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from judge import package_programs, sandbox
from judge.checkers import CheckerSpec, CheckResult, check, warm_up
from judge.errors import PackageError, UserError
from judge.languages import CompileError, Program, language_for, prepare, program_source
from judge.package import Problem, TestCase
from judge.sandbox import Limits, Status
from judge.verdicts import SubmissionResult, TestResult, Verdict, aggregate

@dataclass(frozen=True)
class TestTask:
    __test__ = False  # not a pytest test class

    program: Program
    test: TestCase
    limits: Limits
    checker: CheckerSpec
    isolation: str
    server: str = "exec"   # "python", "python-numpy": in a warm interpreter (see sandbox.run, warm_server)
    interactive: bool = False  # run against the output validator (see interaction.py)
    passes: int = 1            # more: a multi-pass problem's most passes (see passes.py)
    transcript: bool = False   # interactive: record what both sides said (see transcript.py)


def run_test(task: TestTask) -> TestResult:
    """Run one program on one test under limits and check its output."""
    if task.passes > 1:
        from judge import passes

        return passes.run_test(task)
    if task.interactive:
        from judge import interaction

        return interaction.run_test(task)
    result = sandbox.run(task.program.argv, stdin=task.test.input, limits=task.limits, isolation=task.isolation,
                         visible=(task.program.folder,), tools=task.program.tools, server=task.server)
    return checked(task, result)


def checked(task: TestTask, result: sandbox.RunResult) -> TestResult:
    """The test's result from its run: how the run ended, then its output checked."""
    checked = classify(result, task.limits, task.test, task.checker)
    return TestResult(name=task.test.name, verdict=checked.verdict, cpu_s=result.cpu_s, wall_s=result.wall_s,
                      memory_mib=result.memory_mib, message=checked.message, exit_code=result.exit_code,
                      signal=result.signal, score_files=checked.score_files)


def _last_stderr_line(result: sandbox.RunResult) -> str:
    lines = [line for line in result.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


def classify(result: sandbox.RunResult, limits: Limits, test: TestCase, checker: CheckerSpec) -> CheckResult:
    """The verdict of one run on one test: how it ended, then (if it ended well) its check."""
    status = result.status
    if status is Status.CPU:
        return CheckResult(Verdict.TLE, f"CPU time over the {limits.cpu_s:g} s limit")
    if status is Status.WALL:
        return CheckResult(Verdict.TLE, f"still running after {limits.wall_deadline_s:g} s of wall-clock time "
                                        f"({result.cpu_s:.2f} s CPU): waiting or sleeping")
    if status is Status.MEMORY:
        return CheckResult(Verdict.MLE, f"memory limit of {limits.memory_mib} MiB reached")
    if status is Status.OUTPUT:
        return CheckResult(Verdict.OLE, f"output over the {limits.output_mib} MiB limit")
    if status in (Status.EXIT, Status.SIGNAL):
        tail = _last_stderr_line(result)
        return CheckResult(Verdict.RTE, result.describe_exit + (f": {tail}" if tail else ""))
    return check(result.stdout, test, checker)


HARNESS = Path(__file__).with_name("harness") / "functions.py"
# A line importing NumPy or a library built on it: `import numpy as np`, `from scipy import ...`
_NUMPY_IMPORT = re.compile(rb"^[ \t]*(?:import[ \t]+(?:[\w.]+[ \t]*(?:as[ \t]+\w+)?[ \t]*,[ \t]*)*|from[ \t]+)"
                           rb"(?:numpy|scipy|pandas|sklearn|networkx)\b", re.M)


def warm_server(problem: Problem, source: Path) -> str:
    """The warm interpreter a Python solution runs in: one with NumPy preloaded when a function
    problem's harness or the source imports it (its import is then not the run's), else a lean
    one, quicker to start and to fork. A source that imports NumPy in a way this misses
    (`__import__`) pays the import in its own time, as a cold run does."""
    if is_function_problem(problem):
        return "python-numpy"
    try:
        text = source.read_bytes()
    except OSError:
        return "python"
    return "python-numpy" if _NUMPY_IMPORT.search(text) else "python"


def is_function_problem(problem: Problem) -> bool:
    return problem.extensions.get("type") == "function"


def prepare_solution(problem: Problem, source: Path, language: str | None = None,
                     entry: str | None = None) -> Program:
    """The program to run for a solution (a file or a folder) of this problem, in `language` if
    given (else from its extensions), from the entry file `entry` if given; a function problem's
    runs its harness. Raises CompileError."""
    return prepare(source, harness=HARNESS if is_function_problem(problem) else None, language=language,
                   memory_mib=problem.memory_mib, entry=entry)


def prepare_checker(problem: Problem) -> CheckerSpec:
    """The package's custom validator built like a submission; the arrays checker for function
    problems; else the Kattis default validator."""
    path = problem.output_validator
    if path is None and is_function_problem(problem):
        compare = problem.extensions.get("compare") or {}
        known = ("rtol", "atol", "rtol_float32", "atol_float32")
        options = [(k, float(v)) for k, v in compare.items() if k in known]
        options.append(("max_output_bytes", float(problem.output_mib * sandbox.MIB)))  # bounds the inflated results too
        return CheckerSpec("arrays", options=tuple(sorted(options)))
    if path is None:
        return CheckerSpec("default")
    path = program_source(path, "output validator")
    try:
        program = prepare(package_programs.source_for(problem, path))
    except CompileError as exc:
        raise PackageError(f"{path}: the output validator does not compile:\n{exc.message}") from None
    return CheckerSpec("custom", program.argv, folder=program.folder)


def problem_limits(problem: Problem, time_limit: float | None = None) -> Limits:
    return Limits(cpu_s=time_limit or problem.time_limit_s, memory_mib=problem.memory_mib,
                  output_mib=problem.output_mib)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def judge_solution(problem: Problem, solution: str | os.PathLike, *, jobs: int | None = None,
                   fail_fast: bool = False, isolation: str = "auto", time_limit: float | None = None,
                   tests: list[TestCase] | None = None,
                   on_result: Callable[[int, TestResult], None] | None = None,
                   executor: Executor | None = None, warm: bool = True,
                   language: str | None = None, entry: str | None = None,
                   transcript: bool = False) -> SubmissionResult:
    """Judge one solution (a file, or a folder of one language's files) on a problem's tests (all
    of them unless `tests` is given), in `language` if given, else the one its extensions say
    (a folder's entry file `entry` if given).
    Python solutions run in a warm interpreter unless `warm` is False (see harness/warm.py
    for what that does and does not count)."""
    source = Path(solution)
    if not source.exists():
        raise UserError(f"solution {str(solution)!r} not found: give the path of a source file or folder")
    isolation = sandbox.resolve_isolation(isolation)
    limits = problem_limits(problem, time_limit)
    tests = problem.tests if tests is None else tests
    language = language_for(source, language).name
    # A folder runs cold: the warm server does not put the script's folder on sys.path (its siblings)
    warm = warm and language == "python" and not source.is_dir()
    base = dict(problem=problem.slug, solution=str(solution), language=language, time_limit_s=limits.cpu_s,
                memory_limit_mib=limits.memory_mib, sandbox=isolation,
                runner="warm" if warm else "cold")
    try:
        program = prepare_solution(problem, source, language, entry)
    except CompileError as exc:
        return SubmissionResult(verdict=Verdict.CE, message=exc.message, **base)
    checker = prepare_checker(problem)
    warm_up(checker)  # its imports while the first runs start
    server = warm_server(problem, source) if warm else "exec"
    passes = problem.validation_passes if problem.multi_pass else 1
    tasks = [TestTask(program, test, limits, checker, isolation, server, problem.interactive, passes,
                      transcript and problem.interactive) for test in tests]
    results, interrupted = _run_tasks(tasks, jobs or default_jobs(), fail_fast, on_result, executor)
    return scored(problem, SubmissionResult(verdict=aggregate(results), tests=results, interrupted=interrupted,
                                            **base))


def scored(problem: Problem, result: SubmissionResult) -> SubmissionResult:
    """A scoring problem's result with its score (and its tests' scores); others unchanged.
    The verdict becomes the scoring model's (legacy: the default grader's), JE on a score error."""
    if not problem.scoring or result.verdict is Verdict.CE:
        return result
    from judge import scoring

    score = scoring.score(problem, result.tests)
    tests = [dataclasses.replace(t, score=score.tests.get(t.name)) for t in result.tests]
    message = f"score error: {score.error}" if score.error else result.message
    return dataclasses.replace(result, tests=tests, score=score, verdict=score.verdict, message=message)


def _judge_error(task: TestTask, error: BaseException) -> TestResult:
    return TestResult(name=task.test.name, verdict=Verdict.JE,
                      message=f"the judge failed on this test: {type(error).__name__}: {error}")


def _run_tasks(tasks: list[TestTask], jobs: int, fail_fast: bool,
               on_result: Callable[[int, TestResult], None] | None,
               executor: Executor | None) -> tuple[list[TestResult], bool]:
    """Results in test order; with fail_fast, up to and including the first failure in test order."""
    done: dict[int, TestResult] = {}
    first_failure = len(tasks)

    lock = threading.Lock()  # record() may be called from several threads (_run_in_turn)

    def record(index: int, result: TestResult) -> None:
        nonlocal first_failure
        with lock:
            done[index] = result
            if on_result is not None:
                on_result(index, result)
            if fail_fast and result.verdict is not Verdict.AC:
                first_failure = min(first_failure, index)

    def ordered() -> list[TestResult]:
        return [done[i] for i in sorted(done) if i <= first_failure]

    if executor is None and _can_overlap(tasks):
        interrupted = _run_in_turn(tasks, jobs, record, lambda index: index > first_failure)
        return ordered(), interrupted
    if executor is None and jobs <= 1:
        try:
            for index, task in enumerate(tasks):
                if index > first_failure:
                    break
                try:
                    result = run_test(task)
                except Exception as error:  # a bug or a broken environment: never blame the solution
                    result = _judge_error(task, error)
                record(index, result)
        except KeyboardInterrupt:
            sandbox.kill_active()
            return ordered(), True
        return ordered(), False

    own = executor is None
    pool = executor or ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="judge")
    futures: dict[Future, int] = {}
    interrupted = False
    try:
        futures = {pool.submit(run_test, task): i for i, task in enumerate(tasks)}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                if not future.cancelled():
                    index = futures[future]
                    error = future.exception()
                    record(index, future.result() if error is None else _judge_error(tasks[index], error))
            if first_failure < len(tasks):
                for future in list(pending):
                    if futures[future] > first_failure and future.cancel():
                        pending.discard(future)
    except KeyboardInterrupt:
        interrupted = True
        for future in futures:
            future.cancel()
        sandbox.kill_active()
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
            if interrupted:
                sandbox.kill_active()
    return ordered(), interrupted


def _can_overlap(tasks: list[TestTask]) -> bool:
    """Whether the tests may run in turn on servers of their own (_run_in_turn): plain runs of
    one program (an interaction or a multi-pass test is its own sequence of runs)."""
    return len(tasks) > 1 and not any(t.interactive or t.passes > 1 for t in tasks)


class _InTurn:
    """Tests judged in turn on run servers (one program per server at a time), each server
    taking the next test in order when it is free and checking each output while its own next
    test runs, so the judge's work per test hides behind the programs'. Under fail-fast, a
    failure stops at once every run of a later test (on its own server: started before the
    failure was known, or running on another server); those are never recorded. Without a
    cgroup a run cannot be stopped alone: then a server checks before it starts the next run.
    A server that fails (a judge error on that test) is replaced for the tests after it."""

    def __init__(self, tasks: list[TestTask], record: Callable[[int, TestResult], None],
                 skipped: Callable[[int], bool]):
        self.tasks, self._record, self._skipped = tasks, record, skipped
        self._lock = threading.Lock()
        self._left = iter(range(len(tasks)))
        self._running: dict[sandbox.Runner, int] = {}  # server -> the test it runs
        self.stopped = threading.Event()  # Ctrl-C: nothing more is recorded

    def skipped(self, index: int) -> bool:
        return self.stopped.is_set() or self._skipped(index)

    def record(self, index: int, result: TestResult) -> None:
        if self.stopped.is_set():  # after Ctrl-C, what ends was killed: it did not finish
            return
        self._record(index, result)
        if result.verdict is not Verdict.AC:
            with self._lock:
                later = [server for server, running in self._running.items() if self.skipped(running)]
            for server in later:
                server.request_stop()

    def _take(self, server: sandbox.Runner | None = None) -> int | None:
        with self._lock:
            index = next(self._left, None)
            if server is not None and index is not None:
                self._running[server] = index
            return index

    def serve(self) -> None:
        """One server's work, until no test is left (a failed server replaced)."""
        while True:
            try:
                self._serve_on_one_server()
                return
            except _ServerFailed:
                continue

    def _serve_on_one_server(self) -> None:
        index = self._take()
        if index is None or self.skipped(index):
            return
        task = self.tasks[index]
        try:
            with sandbox.runner(isolation=task.isolation, visible=(task.program.folder,),
                                tools=task.program.tools, server=task.server) as taken:
                with self._lock:
                    self._running[taken] = index
                try:
                    self._serve_on(taken, index)
                finally:
                    with self._lock:
                        self._running.pop(taken, None)
        except sandbox.RunnerError as error:  # no server could be started
            self.record(index, _judge_error(self.tasks[index], error))
            raise _ServerFailed() from None

    def _serve_on(self, taken: sandbox.Runner, index: int | None) -> None:
        overlap = taken.can_stop_run
        previous: tuple[int, sandbox.RunResult] | None = None
        while index is not None:
            if previous is not None and not overlap:
                self._checked(*previous)
                previous = None
            if self.skipped(index):
                break
            task = self.tasks[index]
            try:
                taken.start(list(task.program.argv), task.limits, task.test.input, None, None)
                if previous is not None:
                    self._checked(*previous)
                    previous = None
                if self.skipped(index):  # an earlier test failed under fail-fast: this run is not wanted
                    taken.stop_run()
                    taken.finish()
                    return
                previous = (index, taken.finish())
            except sandbox.RunnerError as error:
                if previous is not None:
                    self._checked(*previous)
                if not self.skipped(index):
                    self.record(index, _judge_error(task, error))
                raise _ServerFailed() from None
            index = self._take(taken)
        if previous is not None:
            self._checked(*previous)

    def _checked(self, index: int, result: sandbox.RunResult) -> None:
        if self.skipped(index):  # stopped by a failure of an earlier test
            return
        try:
            tested = checked(self.tasks[index], result)
        except Exception as error:  # a bug or a broken environment: never blame the solution
            tested = _judge_error(self.tasks[index], error)
        self.record(index, tested)


class _ServerFailed(Exception):
    pass


def _run_in_turn(tasks: list[TestTask], jobs: int, record: Callable[[int, TestResult], None],
                 skipped: Callable[[int], bool]) -> bool:
    """Judge the tests on `jobs` run servers in turn (_InTurn); whether Ctrl-C interrupted it."""
    turn = _InTurn(tasks, record, skipped)
    workers = min(max(1, jobs), len(tasks))
    if workers == 1:
        try:
            turn.serve()
            return False
        except KeyboardInterrupt:
            turn.stopped.set()
            sandbox.kill_active()
            return True
    failures: list[BaseException] = []

    def work() -> None:
        try:
            turn.serve()
        except BaseException as error:  # a bug of the judge's: raised again in the caller's thread
            failures.append(error)

    threads = [threading.Thread(target=work, name=f"judge-{n}", daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.05)  # a join with a timeout: Ctrl-C reaches this thread
    except KeyboardInterrupt:
        turn.stopped.set()
        sandbox.kill_active()
        for thread in threads:
            thread.join()
        return True
    if failures:
        raise failures[0]
    return False
