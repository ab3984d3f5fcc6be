"""Stress-test a solution against a reference on random inputs, then shrink what fails.

Generator convention (the one generators.yaml uses): a program in the package's
generators/ that writes one input to stdout and takes `--seed S` plus size
parameters such as `--n N`. Stress runs the generator with seeds 1, 2, 3, ...,
the reference and the candidate on each input, and compares them with the
problem's checker (the reference's output playing the judge's answer). On the
first disagreement (or crash, or time-out) it shrinks the case: smaller values of
every integer size parameter (`--n`, `--k`, ...) and nearby seeds, keeping the
smallest input that still fails.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from judge import generate, sandbox
from judge.errors import UserError
from judge.judging import classify, prepare_checker, prepare_solution, problem_limits
from judge.languages import CompileError, Program
from judge.package import Problem, TestCase
from judge.verdicts import Verdict

SHRINK_BUDGET = 300       # runs spent on shrinking at most
SEEDS_PER_SIZE = 5        # seeds tried at each smaller size


@dataclass
class Failure:
    command: tuple[str, ...]     # generator command that makes the input
    input: bytes
    expected: bytes              # the reference's output
    got: bytes                   # the candidate's output
    verdict: Verdict
    message: str


@dataclass
class StressResult:
    tries: int
    failure: Failure | None
    shrink_steps: int = 0


def _with_arg(command: tuple[str, ...], flag: str, value: int) -> tuple[str, ...]:
    parts = list(command)
    if flag in parts and parts.index(flag) + 1 < len(parts):
        parts[parts.index(flag) + 1] = str(value)
    else:
        parts += [flag, str(value)]
    return tuple(parts)


def _size_flags(command: tuple[str, ...]) -> list[tuple[str, int]]:
    """Integer-valued options other than --seed: the size parameters to shrink."""
    found = []
    for flag, value in zip(command, command[1:]):
        if flag.startswith("--") and flag != "--seed" and re.fullmatch(r"\d+", value):
            found.append((flag, int(value)))
    return found


class _Stress:
    def __init__(self, problem: Problem, candidate: Program, reference: Program, isolation: str):
        self.problem, self.candidate, self.reference = problem, candidate, reference
        self.isolation = isolation
        self.limits = problem_limits(problem)
        self.checker = prepare_checker(problem)
        self.args = problem.tests[0].validator_args if problem.tests else ()
        self.scratch = Path(tempfile.mkdtemp(prefix="judge-stress-"))

    def attempt(self, command: tuple[str, ...]) -> Failure | None:
        data = generate.run_generator(self.problem, command)
        case_in, case_ans = self.scratch / "case.in", self.scratch / "case.ans"
        case_in.write_bytes(data)
        expected = generate.run_reference(self.reference, case_in, self.problem)
        case_ans.write_bytes(expected)
        run = sandbox.run(self.candidate.argv, limits=self.limits, stdin=case_in, isolation=self.isolation,
                          visible=(self.candidate.folder,))
        checked = classify(run, self.limits, TestCase("stress", case_in, case_ans, self.args), self.checker)
        verdict, message = checked.verdict, checked.message
        if verdict is Verdict.AC:
            return None
        return Failure(command, data, expected, run.stdout, verdict, message)

    def shrink(self, failure: Failure) -> tuple[Failure, int]:
        steps = runs = 0
        improved = True
        while improved and runs < SHRINK_BUDGET:
            improved = False
            for flag, value in _size_flags(failure.command):
                for smaller in dict.fromkeys((value // 2, value * 3 // 4, value - 1)):  # big steps first
                    if smaller < 1 or smaller >= value:
                        continue
                    for seed in range(1, SEEDS_PER_SIZE + 1):
                        runs += 1
                        command = _with_arg(_with_arg(failure.command, flag, smaller), "--seed", seed)
                        try:
                            found = self.attempt(command)
                        except UserError:
                            found = None  # the generator may reject a size (e.g. n below its minimum)
                        if found is not None and len(found.input) <= len(failure.input):
                            failure, improved, steps = found, True, steps + 1
                            break
                    if improved or runs >= SHRINK_BUDGET:
                        break
                if improved:
                    break
        return failure, steps


def stress(problem: Problem, candidate: Path, *, reference: Path | None = None, generator: str | None = None,
           count: int | None = None, seconds: float | None = None, isolation: str = "auto",
           on_try=None) -> StressResult:
    """Run until the candidate disagrees with the reference, `count` inputs, or `seconds` pass."""
    isolation = sandbox.resolve_isolation(isolation)
    reference = reference or _default_reference(problem)
    command = generate.generator_command(problem, generator) if generator else _default_generator(problem)
    try:
        candidate_program = prepare_solution(problem, candidate)
    except CompileError as exc:
        raise UserError(f"{candidate} does not compile:\n{exc.message}") from None
    reference_program = generate.reference_program(problem, reference)
    runner = _Stress(problem, candidate_program, reference_program, isolation)
    if count is None and seconds is None:
        count = 100
    start = time.monotonic()
    tries = 0
    try:
        while (count is None or tries < count) and (seconds is None or time.monotonic() - start < seconds):
            tries += 1
            failure = runner.attempt(_with_arg(command, "--seed", tries))
            if on_try:
                on_try(tries)
            if failure is not None:
                small, steps = runner.shrink(failure)
                return StressResult(tries, small, steps)
        return StressResult(tries, None)
    finally:
        shutil.rmtree(runner.scratch, ignore_errors=True)  # the judge's own two files: nothing of a run's


def check_save_name(problem: Problem, name: str) -> Path:
    """Where `--save NAME` writes its input: a new test's name in data/secret/. Raises UserError."""
    if not generate.is_test_name(name):
        raise UserError(f"--save {name!r}: {generate.TEST_NAME_RULE}")
    target = problem.path / "data" / "secret" / f"{name}.in"
    if target.exists() or target.with_suffix(".ans").exists():
        raise UserError(f"--save {name!r}: test secret/{name} already exists: choose another name")
    return target


def save_case(problem: Problem, failure: Failure, name: str) -> Path:
    """Add the failing case as a secret test, with the reference's answer."""
    target = check_save_name(problem, name)
    target.write_bytes(failure.input)
    target.with_suffix(".ans").write_bytes(failure.expected)
    return target


def _default_reference(problem: Problem) -> Path:
    config = generate.load_config(problem)
    if config is not None and config.solution is not None:
        return config.solution
    accepted = [s.path for s in problem.solutions() if s.expected is Verdict.AC]
    if not accepted:
        raise UserError(f"{problem.slug}: no reference: give --reference or add an accepted solution")
    return accepted[0]


def _default_generator(problem: Problem) -> tuple[str, ...]:
    if (problem.path / "generators" / "gen.py").is_file():
        return ("gen.py", "--n", "10")
    raise UserError(f"{problem.slug}: no generators/gen.py: give --generator 'PROGRAM ARGS'")
