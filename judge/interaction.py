"""Interactive problems: the submission and the output validator run at the same time,
each in a sandbox of its own with its own limits, wired by two pipes (the validator's
stdout is the submission's stdin and back). Nothing of the judge sits between them, so
a query and its answer cost what two processes connected by pipes cost.

    interact(task) -> Interaction       both runs, and which of them ended first
    verdict(interaction, task) -> CheckResult

Who decides, as the problem package format's tools (problemtools, BAPCtools) do:
- if the submission ended first by failing (over its CPU limit, still running at its
  wall-clock limit because both sides waited, a crash, MLE), its verdict stands, even
  if the validator then died of the broken pipe;
- otherwise a validator that does not exit 42 or 43 is a judge error;
- if the validator ended first: its WA stands (the submission is stopped at once);
  after its AC, a submission that then fails gets that failure (TLE, RTE, MLE), else AC;
- if the submission ended first and well: the validator's verdict.
The submission's CPU time and memory are its own (its own cgroup): time the validator
spends waiting is not charged to it, and the validator's to it neither.
"""
from __future__ import annotations

import os
import select
import threading
from dataclasses import dataclass

from judge import sandbox
from judge.checkers import CheckResult
from judge.checkers.custom import (ACCEPT, REJECT, VALIDATOR_LIMITS, feedback_message, feedback_scores,
                                  validator_argv, validator_failure)
from judge.sandbox import RunResult, Status
from judge.verdicts import Verdict


@dataclass
class Interaction:
    submission: RunResult
    validator: RunResult
    first: str  # "submission" or "validator": whose run ended first
    transcript: str | None = None  # what they said, when the task asked for it (see transcript.py)


def interact(task, validator: sandbox.Runner | None = None, keep_feedback: bool = False) -> Interaction:
    """Run task.program against the problem's output validator (task.checker) on task.test, in
    `validator` (a run server with a feedback folder) if given, else one of the pool's."""
    if validator is None:
        checker = task.checker
        with sandbox.runner(isolation=task.isolation, visible=(checker.folder,) if checker.folder else (),
                            feedback=True) as validator:
            return interact(task, validator)
    checker, test = task.checker, task.test
    to_submission = os.pipe2(os.O_CLOEXEC)  # validator's stdout -> submission's stdin
    to_validator = os.pipe2(os.O_CLOEXEC)   # submission's stdout -> validator's stdin
    # The judge keeps both read ends, so that a side writing after the other ended is not killed
    # by SIGPIPE (what it writes then is drained, see _drain), and the submission's write end
    # until the submission has ended: the validator sees the end of the submission's output only
    # then, so a submission that closes its output and then fails is judged by its failure, not
    # by the validator's reaction to the early end (as BAPCtools' relay does).
    held = [_Held(fd) for fd in (*to_submission, *to_validator)]
    output_end = held[3]
    validator_stdio, submission_stdio = (to_validator[0], to_submission[1]), (to_submission[0], to_validator[1])
    relay = None
    if getattr(task, "transcript", False):
        # the judge between them (see transcript.py): two more pipes, the relay owns its ends
        from judge.transcript import Relay

        from_validator, into_validator = os.pipe2(os.O_CLOEXEC), os.pipe2(os.O_CLOEXEC)
        validator_stdio = (into_validator[0], from_validator[1])
        held += [_Held(into_validator[0]), _Held(from_validator[1])]
        relay = Relay(from_validator[0], to_submission[1], to_validator[0], into_validator[1])
        held[1].give_away()   # the relay's now: it closes them
        held[2].give_away()
    drains: list[threading.Thread] = []
    try:
        with sandbox.runner(isolation=task.isolation, visible=(task.program.folder,), tools=task.program.tools,
                            server=task.server) as submission:
            validator.start(validator_argv(checker, test), VALIDATOR_LIMITS, None, None, None,
                            files=(test.input, test.answer), stdio=validator_stdio,
                            keep_feedback=keep_feedback)
            submission.start(list(task.program.argv), task.limits, None, None, None, stdio=submission_stdio)
            held[1].close()  # the validator's output is the validator's alone
            if relay is not None:  # the runs hold their ends now; the relay's reads end with them
                for end in (held[0], *held[4:]):
                    end.close()
            deadline = max(VALIDATOR_LIMITS.wall_deadline_s, task.limits.wall_deadline_s) + sandbox.REPLY_GRACE_S
            ready, _, _ = select.select([validator.sock, submission.sock], [], [], deadline)
            drain = (lambda fd: None) if relay is not None else (lambda fd: drains.append(_drain(fd)))
            if validator.sock in ready and submission.sock not in ready:
                validator_result = validator.finish()
                drain(to_validator[0])
                if not (validator_result.status is Status.EXIT and validator_result.exit_code == ACCEPT):
                    submission.stop_run()  # the verdict is the validator's: no need to wait for the submission
                submission_result = _finish_submission(submission, output_end)
                drain(to_submission[0])
            else:
                submission_result = _finish_submission(submission, output_end)
                drain(to_submission[0])
                validator_result = validator.finish()
                drain(to_validator[0])
    finally:
        output_end.close()
        for thread in drains:
            thread.join(sandbox.REPLY_GRACE_S)  # both runs have ended: their writers are gone
        if relay is not None:
            relay.join(sandbox.REPLY_GRACE_S)
        for one in held:
            one.close()
    # which ended first: the servers report when, on the machine's monotonic clock
    first = "validator" if validator_result.ended_at < submission_result.ended_at else "submission"
    return Interaction(submission_result, validator_result, first, relay.text() if relay is not None else None)


class _Held:
    """A descriptor the judge holds for a while, closed exactly once (never a number that another
    thread may have been given since)."""

    def __init__(self, fd: int):
        self.fd = fd

    def give_away(self) -> None:
        """Another owner closes it now."""
        self.fd = -1

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)


def _finish_submission(submission: sandbox.Runner, output_end: _Held) -> RunResult:
    """Wait for the submission; then the validator may see the end of its output."""
    try:
        return submission.finish()
    finally:
        output_end.close()


def _drain(fd: int) -> threading.Thread:
    """Read and drop what is still written into a pipe whose reader has ended, until its
    writer ends too (every run ends, at its limits at the latest)."""
    def drain() -> None:
        try:
            while os.read(fd, 65536):
                pass
        except OSError:
            pass

    thread = threading.Thread(target=drain, name="judge-drain", daemon=True)
    thread.start()
    return thread


def verdict(interaction: Interaction, task) -> CheckResult:
    """The test's verdict from how both runs ended (see the module's docstring)."""
    from judge.judging import classify

    validator, submission = interaction.validator, interaction.submission
    judged = validator.status is Status.EXIT and validator.exit_code in (ACCEPT, REJECT)
    message, scores = feedback_message(validator.files or {}), feedback_scores(validator.files or {})
    failed = submission.status is not Status.OK
    if interaction.first == "submission" and failed:
        # its limit or crash stands: a validator dying afterwards (SIGPIPE) is its consequence
        return classify(submission, task.limits, task.test, task.checker)
    if not judged:
        return CheckResult(Verdict.JE, validator_failure(validator))
    if validator.exit_code == REJECT and interaction.first == "validator":
        return CheckResult(Verdict.WA, message, scores)
    if failed:
        return classify(submission, task.limits, task.test, task.checker)
    return CheckResult(Verdict.WA if validator.exit_code == REJECT else Verdict.AC, message, scores)


def run_test(task):
    """One interactive test: both runs, then the verdict; the submission's measurements."""
    from judge.verdicts import TestResult

    interaction = interact(task)
    result = interaction.submission
    checked = verdict(interaction, task)
    return TestResult(name=task.test.name, verdict=checked.verdict, cpu_s=result.cpu_s, wall_s=result.wall_s,
                      memory_mib=result.memory_mib, message=checked.message, exit_code=result.exit_code,
                      signal=result.signal, score_files=checked.score_files, transcript=interaction.transcript)

