"""Multi-pass problems: the output validator may ask for another run of the submission.

After a pass it accepted, a validator that wrote `nextpass.in` into its feedback folder
gets another pass: the submission runs again with that file as its input (and the
validator gets it as its input file, as BAPCtools does), up to the package's
`limits.validation_passes`. The feedback folder persists between the passes of one test
(a validator appends to judgemessage.txt); `nextpass.in` is removed before each pass.
A pass that is not accepted ends the test with its verdict; a validator that asks for
more passes than allowed, or writes `nextpass.in` and rejects, is a judge error. Time
and memory limits apply to each pass; the test reports its slowest pass.

Interactive multi-pass problems run each pass as an interaction (see interaction.py).
"""
from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from judge import sandbox
from judge.verdicts import TestResult, Verdict

NEXT_PASS = "nextpass.in"


def run_test(task) -> TestResult:
    from judge.judging import classify

    checker = task.checker
    slowest: TestResult | None = None
    with sandbox.runner(isolation=task.isolation, visible=(checker.folder,) if checker.folder else (),
                        feedback=True) as validator, tempfile.TemporaryDirectory(prefix="judge-pass-") as scratch:
        test = task.test
        said: list[str] = []   # each pass's transcript, when asked for
        for number in range(1, task.passes + 1):
            keep = number > 1
            if task.interactive:
                from judge import interaction

                ran = interaction.interact(dataclasses.replace(task, test=test), validator, keep_feedback=keep)
                run, files = ran.submission, ran.validator.files or {}
                if ran.transcript is not None:
                    said.append(f"# pass {number}\n{ran.transcript}")
                checked = interaction.verdict(ran, dataclasses.replace(task, test=test))
            else:
                from judge.checkers.custom import check_with

                run = sandbox.run(task.program.argv, stdin=test.input, limits=task.limits, isolation=task.isolation,
                                  visible=(task.program.folder,), tools=task.program.tools, server=task.server)
                files = {}
                if run.status is not sandbox.Status.OK:
                    checked = classify(run, task.limits, test, checker)
                else:
                    checked, files = check_with(validator, run.stdout, test, checker, keep_feedback=keep)
            verdict = checked.verdict
            result = TestResult(name=task.test.name, verdict=verdict, cpu_s=run.cpu_s, wall_s=run.wall_s,
                                memory_mib=run.memory_mib, message=checked.message, exit_code=run.exit_code,
                                signal=run.signal, score_files=checked.score_files,
                                transcript="".join(said) if said else None)
            if slowest is None or result.cpu_s > slowest.cpu_s:
                slowest = result
            asked = NEXT_PASS in files
            if verdict is not Verdict.AC:
                if asked and verdict is Verdict.WA:
                    return _judge_error(result, f"pass {number}: the validator rejected and wrote {NEXT_PASS}")
                return _in_pass(result, number)
            if not asked:
                return dataclasses.replace(slowest, verdict=Verdict.AC, message=result.message,
                                           score_files=result.score_files, transcript=result.transcript)
            if number == task.passes:
                return _judge_error(result, f"the validator asked for pass {number + 1}; the package allows "
                                            f"{task.passes} (limits.validation_passes)")
            following = Path(scratch) / f"pass{number + 1}.in"
            following.write_bytes(files[NEXT_PASS])
            (validator.feedback / NEXT_PASS).unlink(missing_ok=True)  # removed before the next pass
            test = dataclasses.replace(task.test, input=following)
    raise AssertionError("unreachable: every pass returns")


def _in_pass(result: TestResult, number: int) -> TestResult:
    if number == 1:
        return result
    return dataclasses.replace(result, message=f"pass {number}: {result.message}" if result.message
                               else f"pass {number}")


def _judge_error(result: TestResult, message: str) -> TestResult:
    return dataclasses.replace(result, verdict=Verdict.JE, message=message)
