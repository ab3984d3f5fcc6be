"""A custom output validator, run by the Kattis protocol:

    validator <input> <judge_answer> <feedback_dir> [arguments] < solution_output

A validator is code from outside the judge: it runs sandboxed, reading the input and
the answer as /dev/fd/3 and /dev/fd/4 (opened by the judge) and writing into a fresh
feedback folder of its own; nothing else of the package or the machine is visible.

Exit 42 means accepted, 43 wrong answer, anything else (a crash, a time-out) is
a judge error: the solution is never blamed for the validator's fault. What the
validator writes to feedback_dir/judgemessage.txt becomes the test's message.
"""
from __future__ import annotations

from judge import sandbox
from judge.checkers import CheckResult, CheckerSpec
from judge.verdicts import Verdict

ACCEPT, REJECT = 42, 43
VALIDATOR_LIMITS = sandbox.Limits(cpu_s=30.0, memory_mib=2048, output_mib=8, wall_s=60.0)
MESSAGE_CHARS = 400


def feedback_message(files: dict[str, bytes]) -> str:
    """What a validator wrote for the judge and the team (judgemessage.txt, teammessage.txt)."""
    parts = []
    for name in ("judgemessage.txt", "teammessage.txt"):
        text = files.get(name, b"")[:MESSAGE_CHARS].decode("utf-8", "replace").strip()
        if text:
            parts.append(text)
    return " | ".join(parts)


SCORE_FILES = ("score.txt", "score_multiplier.txt")  # what scoring.py reads of a feedback folder


def feedback_scores(files: dict[str, bytes]) -> tuple[tuple[str, str], ...]:
    """The score files a validator wrote (name, text), for scoring problems."""
    return tuple((name, files[name][:100].decode("utf-8", "replace")) for name in SCORE_FILES if name in files)


def validator_failure(result: sandbox.RunResult) -> str:
    """Why a validator's run is not a judgement (it must exit 42 or 43)."""
    stderr = result.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = f": {stderr[-1][:200]}" if stderr else ""
    how = result.describe_exit if result.status in (sandbox.Status.EXIT, sandbox.Status.SIGNAL, sandbox.Status.OK) \
        else f"{result.status.value} limit exceeded"
    return f"output validator failed ({how}, expected exit 42 or 43){detail}"


def validator_argv(spec: CheckerSpec, test) -> list[str]:
    """The validator's command line by the Kattis protocol: input, answer, feedback folder, arguments."""
    assert spec.program is not None, "a custom checker needs its program"
    return [*spec.program, "/dev/fd/3", "/dev/fd/4", sandbox.FEEDBACK_DIR + "/", *test.validator_args]


def check(output: bytes, test, spec: CheckerSpec) -> CheckResult:
    with sandbox.runner(visible=(spec.folder,) if spec.folder else (), feedback=True) as validator:
        return check_with(validator, output, test, spec)[0]


def check_with(validator: sandbox.Runner, output: bytes, test, spec: CheckerSpec,
               keep_feedback: bool = False) -> tuple[CheckResult, dict[str, bytes]]:
    """Run the validator on `output` in the given run server (its feedback folder kept from the
    previous pass with `keep_feedback`); the judgement and the files of the feedback folder."""
    validator.start(validator_argv(spec, test), VALIDATOR_LIMITS, None, output, None,
                    files=(test.input, test.answer), keep_feedback=keep_feedback)
    result = validator.finish()
    files = result.files or {}
    message, scores = feedback_message(files), feedback_scores(files)
    if result.status is sandbox.Status.EXIT and result.exit_code == REJECT:
        return CheckResult(Verdict.WA, message, scores), files
    if result.status is sandbox.Status.EXIT and result.exit_code == ACCEPT:
        return CheckResult(Verdict.AC, message, scores), files
    return CheckResult(Verdict.JE, validator_failure(result)), files
