"""A custom output validator, run by the Kattis protocol:

    validator <input> <judge_answer> <feedback_dir> [arguments] < solution_output

Exit 42 means accepted, 43 wrong answer, anything else (a crash, a time-out) is
a judge error: the solution is never blamed for the validator's fault. What the
validator writes to feedback_dir/judgemessage.txt becomes the test's message.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from judge import sandbox
from judge.checkers import CheckResult, CheckerSpec
from judge.verdicts import Verdict

ACCEPT, REJECT = 42, 43
VALIDATOR_LIMITS = sandbox.Limits(cpu_s=30.0, memory_mib=2048, output_mib=8, wall_s=60.0)
MESSAGE_CHARS = 400


def _feedback(folder: Path) -> str:
    parts = []
    for name in ("judgemessage.txt", "teammessage.txt"):
        path = folder / name
        if path.is_file():
            text = path.read_bytes()[:MESSAGE_CHARS].decode("utf-8", "replace").strip()
            if text:
                parts.append(text)
    return " | ".join(parts)


def check(output: bytes, test, spec: CheckerSpec) -> CheckResult:
    assert spec.program is not None, "a custom checker needs its program"
    feedback = Path(tempfile.mkdtemp(prefix="judge-feedback-"))
    try:
        argv = [*spec.program, str(test.input.resolve()), str(test.answer.resolve()), str(feedback) + "/",
                *test.validator_args]
        result = sandbox.run(argv, limits=VALIDATOR_LIMITS, stdin_bytes=output, cwd=feedback)
        message = _feedback(feedback)
    finally:
        shutil.rmtree(feedback, ignore_errors=True)
    if result.status is sandbox.Status.EXIT and result.exit_code == REJECT:
        return CheckResult(Verdict.WA, message)
    if result.status is sandbox.Status.EXIT and result.exit_code == ACCEPT:
        return CheckResult(Verdict.AC, message)
    stderr = result.stderr.decode("utf-8", "replace").strip().splitlines()
    detail = f": {stderr[-1][:200]}" if stderr else ""
    how = result.describe_exit if result.status in (sandbox.Status.EXIT, sandbox.Status.SIGNAL, sandbox.Status.OK) \
        else f"{result.status.value} limit exceeded"
    return CheckResult(Verdict.JE, f"output validator failed ({how}, expected exit 42 or 43){detail}")
