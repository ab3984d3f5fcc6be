"""Answer validators and the test data that tests the validators (verify's step 2b).

    answer_validators/        programs (BAPCtools): `validator <input> [answer_validator_args] < answer`,
                              exit 42 = the answer is well-formed, 43 = it is not
    data/invalid_answer/      .in + .ans: the input is valid, the answer must be rejected by an
                              answer validator or by the output validator in strict mode
                              (`case_sensitive space_change_sensitive`, as BAPCtools runs it)
    data/invalid_output/      .in + .ans + .out: the .out must fail output validation (2025-09)
    data/valid_output/        .in + .ans + .out: the .out must pass output validation (2025-09)

Every answer of sample/, secret/, invalid_output/ and valid_output/ must pass every answer
validator. The inputs of all three folders must be valid (verify's input step checks them).
`answer_validator_args` come from the test's own .yaml, else the nearest test_group.yaml
that sets them (as BAPCtools). Checktestdata and viva answer validators run when their
tool is on PATH and are reported as skipped by name otherwise.
"""
from __future__ import annotations

import dataclasses
from concurrent.futures import Executor
from pathlib import Path

from judge import constants, sandbox
from judge.errors import PackageError
from judge.package import Problem, TestCase, data_cases, read_yaml

GROUPS = ("invalid_answer", "invalid_output", "valid_output")
STRICT = ("case_sensitive", "space_change_sensitive")
LIMITS = sandbox.Limits(cpu_s=30.0, memory_mib=4096, output_mib=8)
VALID, INVALID = 42, 43
SKIPPED_SUFFIXES = (".h", ".hpp", ".md", ".txt")


def answer_validators(problem: Problem) -> list[Path]:
    """Each file or folder of answer_validators/ is one program."""
    folder = problem.path / "answer_validators"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.suffix not in SKIPPED_SUFFIXES)


def answer_args(problem: Problem, test: TestCase) -> tuple[str, ...]:
    """answer_validator_args of the test's .yaml, else of the nearest test_group.yaml."""
    data = problem.path / "data"
    places = [test.input.with_suffix(".yaml")]
    folder = test.input.parent
    while folder == data or data in folder.parents:
        places += [folder / "test_group.yaml", folder / "testdata.yaml"]
        folder = folder.parent
    for place in places:
        if place.is_file():
            config = read_yaml(place)
            if "answer_validator_args" in config:
                value = config["answer_validator_args"]
                if isinstance(value, str):
                    value = value.split()
                if not isinstance(value, list):
                    raise PackageError(f"{place}: answer_validator_args must be a list, got {value!r}")
                return tuple(constants.substitute(str(v), problem.constants) for v in value)
    return ()


def _programs(problem: Problem, report) -> list[tuple[str, object]]:
    from judge.verify import validator_programs

    return validator_programs(problem, answer_validators(problem), "answer validator", report)


def _run(program, test: TestCase, args: tuple[str, ...]) -> tuple[int | None, str]:
    """One answer validator on one answer: its exit status (42/43) or None, and its last words."""
    from judge.verify import _External, _validate

    if isinstance(program, _External):
        return _validate(program, test.answer)
    result = sandbox.run([*program.argv, "/dev/fd/3", *args], limits=LIMITS, stdin=test.answer,
                         visible=(program.folder,), files=(test.input,))
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    reason = lines[-1][:200] if lines else ""
    if result.status in (sandbox.Status.OK, sandbox.Status.EXIT):
        return result.exit_code, reason
    return None, f"{result.status.value} ({result.describe_exit}) {reason}"


def check(problem: Problem, report, pool: Executor) -> None:
    cases = {group: data_cases(problem, group) for group in GROUPS}
    validators = _programs(problem, report)
    if not validators and not any(cases.values()):
        return
    _check_answers(problem, report, pool, validators, cases)
    if problem.interactive or problem.multi_pass:
        if cases["invalid_output"] or cases["valid_output"]:
            report.warning("data/invalid_output/ and data/valid_output/ are for problems with one output: "
                           "not checked for this interactive or multi-pass problem")
        return
    _check_outputs(problem, report, pool, cases)


def _check_answers(problem: Problem, report, pool: Executor, validators, cases) -> None:
    must_pass = [*problem.tests, *cases["invalid_output"], *cases["valid_output"]]
    must_fail = cases["invalid_answer"]
    jobs = [(name, program, test, ok) for name, program in validators
            for ok, tests in ((True, must_pass), (False, must_fail)) for test in tests]
    results = list(pool.map(lambda job: _run(job[1], job[2], answer_args(problem, job[2])), jobs))
    rejected: dict[str, bool] = {test.name: False for test in must_fail}
    for (name, _, test, ok), (code, reason) in zip(jobs, results):
        if code not in (VALID, INVALID):
            report.error(f"answer validator {name} failed on {test.name}: "
                         f"{reason or f'exit status {code}'} (expected exit 42 or 43)")
        elif ok and code == INVALID:
            report.error(f"answer validator {name} rejects the answer of {test.name}: {reason or 'no reason given'}")
        elif not ok and code == INVALID:
            rejected[test.name] = True
    unrejected = [test for test in must_fail if not rejected[test.name]]
    if unrejected and not (problem.interactive or problem.multi_pass):
        spec = _checker(problem)  # the output validator, strict, on the answer as an output
        strict = [dataclasses.replace(t, validator_args=(*STRICT, *t.validator_args)) for t in unrejected]
        verdicts = list(pool.map(lambda t: _output_check(t.answer.read_bytes(), t, spec), strict))
        for test, (verdict, message) in zip(unrejected, verdicts):
            if verdict == "WA":
                rejected[test.name] = True
            elif verdict == "JE":
                report.error(f"the output validator failed on the answer of {test.name}: {message}")
    for test in must_fail:
        if not rejected[test.name]:
            report.error(f"{test.name} is under data/invalid_answer/ but every answer validator and the output "
                         f"validator (strict) accept its answer")


def _checker(problem: Problem):
    from judge.judging import prepare_checker

    return prepare_checker(problem)


def _output_check(output: bytes, test: TestCase, spec) -> tuple[str, str]:
    from judge.checkers import check as run_check

    result = run_check(output, test, spec)
    return result.verdict.value, result.message


def _check_outputs(problem: Problem, report, pool: Executor, cases) -> None:
    jobs = []
    for group, wanted in (("invalid_output", "WA"), ("valid_output", "AC")):
        for test in cases[group]:
            out = test.input.with_suffix(".out")
            if not out.is_file():
                report.error(f"{test.name}: a case under data/{group}/ needs its output {out.name}")
            else:
                jobs.append((group, wanted, test, out))
    if not jobs:
        return
    spec = _checker(problem)
    results = list(pool.map(lambda job: _output_check(job[3].read_bytes(), job[2], spec), jobs))
    for (group, wanted, test, out), (verdict, message) in zip(jobs, results):
        if verdict == "JE":
            report.error(f"the output validator failed on {test.name}.out: {message}")
        elif verdict != wanted:
            said = "accepts" if verdict == "AC" else "rejects"
            report.error(f"the output validator {said} {test.name}.out, which is under data/{group}/"
                         + (f": {message}" if message else ""))
