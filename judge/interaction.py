"""Interactive problems: the submission and the output validator run at the same time,
each in a sandbox of its own with its own limits, wired by two pipes (the validator's
stdout is the submission's stdin and back). Nothing of the judge sits between them, so
a query and its answer cost what two processes connected by pipes cost.

    interact(task) -> Interaction       both runs, and which of them ended first
    verdict(interaction, task) -> (Verdict, message)

Who decides, in the order the problem package format's tools (problemtools, BAPCtools)
apply it:
- a validator that does not exit 42 or 43 (a crash, a limit) is a judge error;
- a submission over its CPU limit, or still running at its wall-clock limit (both
  sides waiting for each other), is TLE;
- if the validator ended first: its WA stands (the submission is stopped at once);
  after its AC, a submission that then fails is RTE (or MLE), else AC;
- if the submission ended first: its failure (RTE, MLE) stands; else the validator's
  verdict.
The submission's CPU time and memory are its own (its own cgroup): time the validator
spends waiting is not charged to it, and the validator's to it neither.
"""
from __future__ import annotations

import os
import select
from dataclasses import dataclass

from judge import sandbox
from judge.checkers.custom import (ACCEPT, REJECT, VALIDATOR_LIMITS, feedback_message, validator_argv,
                                  validator_failure)
from judge.sandbox import RunResult, Status
from judge.verdicts import Verdict


@dataclass
class Interaction:
    submission: RunResult
    validator: RunResult
    first: str  # "submission" or "validator": whose run ended first


def interact(task) -> Interaction:
    """Run task.program against the problem's output validator (task.checker) on task.test."""
    checker, test = task.checker, task.test
    to_submission = os.pipe2(os.O_CLOEXEC)  # validator's stdout -> submission's stdin
    to_validator = os.pipe2(os.O_CLOEXEC)   # submission's stdout -> validator's stdin
    with sandbox.runner(isolation=task.isolation, visible=(checker.folder,) if checker.folder else (),
                        feedback=True) as validator, \
            sandbox.runner(isolation=task.isolation, visible=(task.program.folder,),
                           tools=task.program.tools, server=task.server) as submission:
        try:
            validator.start(validator_argv(checker, test), VALIDATOR_LIMITS, None, None, None, files=(test.input, test.answer),
                            stdio=(to_validator[0], to_submission[1]))
            submission.start(list(task.program.argv), task.limits, None, None, None,
                             stdio=(to_submission[0], to_validator[1]))
        finally:
            for fd in (*to_submission, *to_validator):  # only the two runs hold the pipes now
                os.close(fd)
        deadline = max(VALIDATOR_LIMITS.wall_deadline_s, task.limits.wall_deadline_s) + sandbox.REPLY_GRACE_S
        ready, _, _ = select.select([validator.sock, submission.sock], [], [], deadline)
        if validator.sock in ready and submission.sock not in ready:
            validator_result = validator.finish()
            if not (validator_result.status is Status.EXIT and validator_result.exit_code == ACCEPT):
                submission.stop_run()  # the verdict is the validator's: no need to wait for the submission
            submission_result = submission.finish()
        else:
            submission_result, validator_result = submission.finish(), validator.finish()
    # which ended first: the servers report when, on the machine's monotonic clock
    first = "validator" if validator_result.ended_at < submission_result.ended_at else "submission"
    return Interaction(submission_result, validator_result, first)


def verdict(interaction: Interaction, task) -> tuple[Verdict, str]:
    """The test's verdict from how both runs ended (see the module's docstring)."""
    from judge.judging import classify

    validator, submission = interaction.validator, interaction.submission
    if not (validator.status is Status.EXIT and validator.exit_code in (ACCEPT, REJECT)):
        return Verdict.JE, validator_failure(validator)
    message = feedback_message(validator.files or {})
    if submission.status in (Status.CPU, Status.WALL):
        return classify(submission, task.limits, task.test, task.checker)
    failed = submission.status is not Status.OK
    rejected = validator.exit_code == REJECT
    if interaction.first == "validator" and rejected:
        return Verdict.WA, message
    if failed:
        return classify(submission, task.limits, task.test, task.checker)
    return (Verdict.WA, message) if rejected else (Verdict.AC, message)


def run_test(task):
    """One interactive test: both runs, then the verdict; the submission's measurements."""
    from judge.verdicts import TestResult

    interaction = interact(task)
    result = interaction.submission
    test_verdict, message = verdict(interaction, task)
    return TestResult(name=task.test.name, verdict=test_verdict, cpu_s=result.cpu_s, wall_s=result.wall_s,
                      memory_mib=result.memory_mib, message=message, exit_code=result.exit_code,
                      signal=result.signal)

