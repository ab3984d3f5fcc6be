"""The transcript of an interaction, on request (`judge run --transcript DIR`).

Normally the submission and the validator talk through two pipes with nothing of the
judge between them. To see what they said, the judge sits between them instead: a
relay of two threads copies each direction from one pipe to the next and records it.
What each side sees is the same as without the relay (the end of the other's output
once it has closed it, nothing written after a side has ended reaches anyone, and no
side is killed by a broken pipe), so verdicts are unchanged; a round trip costs two
thread hand-offs more. The record is capped (LIMIT bytes), then says it was cut.
"""
from __future__ import annotations

import os
import threading
import time

LIMIT = 256 * 1024
TO_SUBMISSION, TO_VALIDATOR = ">", "<"


class Relay:
    """Copies validator -> submission and submission -> validator, recording both."""

    def __init__(self, from_validator: int, to_submission: int, from_submission: int, to_validator: int):
        self._lock = threading.Lock()
        self._chunks: list[tuple[float, str, bytes]] = []
        self._size = 0
        self._start = time.monotonic()
        self._threads = [
            threading.Thread(target=self._copy, args=(from_validator, to_submission, TO_SUBMISSION),
                             name="judge-relay", daemon=True),
            threading.Thread(target=self._copy, args=(from_submission, to_validator, TO_VALIDATOR),
                             name="judge-relay", daemon=True)]
        for thread in self._threads:
            thread.start()

    def _copy(self, source: int, target: int, direction: str) -> None:
        """Until the source's writers have all ended: forward (while the reader is there) and record."""
        try:
            while True:
                try:
                    data = os.read(source, 65536)
                except OSError:
                    break
                if not data:
                    break
                self._record(direction, data)
                if target >= 0:
                    try:
                        _write_all(target, data)
                    except OSError:   # the reader has ended: what follows reaches no one
                        os.close(target)
                        target = -1
        finally:
            os.close(source)
            if target >= 0:
                os.close(target)   # the reader sees the end of the writer's output

    def _record(self, direction: str, data: bytes) -> None:
        with self._lock:
            room = LIMIT - self._size
            if room > 0:
                self._chunks.append((time.monotonic() - self._start, direction, data[:room]))
            self._size += len(data)

    def join(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def text(self) -> str:
        """The conversation, a line per message line: `>` the validator to the submission,
        `<` the submission to the validator, each with the seconds since the start."""
        with self._lock:
            chunks, size = list(self._chunks), self._size
        lines = [f"# {TO_SUBMISSION} validator to submission, {TO_VALIDATOR} submission to validator; "
                 f"seconds since the start"]
        pending = {TO_SUBMISSION: "", TO_VALIDATOR: ""}
        for at, direction, data in chunks:
            pending[direction] += data.decode("utf-8", "replace")
            *complete, pending[direction] = pending[direction].split("\n")
            lines += [f"{direction} {at:8.4f}  {line}" for line in complete]
        for direction, rest in pending.items():
            if rest:
                lines.append(f"{direction}          {rest}   [no newline at the end]")
        if size > LIMIT:
            lines.append(f"[transcript cut at {LIMIT // 1024} KiB of {size} bytes]")
        return "\n".join(lines) + "\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_failed(result, folder) -> list:
    """The transcripts of a judged submission's failed tests, one file each in `folder`
    (created if missing): <test name with / as ->.txt. Returns the files written."""
    from pathlib import Path

    from judge.verdicts import Verdict

    folder = Path(folder)
    written = []
    for test in result.tests:
        if test.transcript is None or test.verdict is Verdict.AC:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (test.name.replace("/", "-") + ".txt")
        path.write_text(f"# {result.problem}, {result.solution}, test {test.name}: {test.verdict.value}"
                        f"{' (' + test.message + ')' if test.message else ''}\n{test.transcript}", encoding="utf-8")
        written.append(path)
    return written
