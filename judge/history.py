"""The learner's history: every judged attempt, in a local SQLite database.

Where: ``$JUDGE_HISTORY``, else ``$XDG_DATA_HOME/judge/history.sqlite3``, else
``~/.local/share/judge/history.sqlite3`` (a ``--history FILE`` option wins over all).

The history is never required for judging: a database that cannot be written
(locked for longer than the busy timeout, read-only, on a path that cannot exist,
corrupt) costs one warning line on stderr, nothing more. Each write is one
transaction in WAL mode, so several judges may record at once.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from judge.verdicts import SubmissionResult, Verdict

ENV_VAR = "JUDGE_HISTORY"
BUSY_TIMEOUT_S = 2.0
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    problem       TEXT    NOT NULL,     -- the package folder's name (slug)
    solution      TEXT    NOT NULL,     -- absolute path of the solution file
    sha256        TEXT    NOT NULL,     -- of the solution file's content
    language      TEXT    NOT NULL,
    verdict       TEXT    NOT NULL,
    max_cpu_s     REAL    NOT NULL,
    max_memory_mib REAL   NOT NULL,
    passed        INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    time_limit_s  REAL    NOT NULL,
    samples_only  INTEGER NOT NULL,     -- 1: `--samples` run, never counts as solved
    judged_at     TEXT    NOT NULL      -- UTC, ISO 8601
);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (problem, id);
"""


class HistoryError(Exception):
    """The history database could not be read or written."""


@dataclass(frozen=True)
class Attempt:
    id: int
    problem: str
    solution: str
    sha256: str
    language: str
    verdict: str
    max_cpu_s: float
    max_memory_mib: float
    passed: int
    total: int
    time_limit_s: float
    samples_only: bool
    judged_at: str

    @property
    def counts_as_solved(self) -> bool:
        return self.verdict == Verdict.AC.value and not self.samples_only


def default_path() -> Path:
    """$JUDGE_HISTORY, else the XDG data directory's judge/history.sqlite3."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / "judge" / "history.sqlite3"


def resolve_path(path: str | os.PathLike | None) -> Path:
    return Path(path).expanduser() if path else default_path()


def _describe(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        _set_wal(connection, timeout)
        connection.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash may lose the last row, never the file
    except BaseException:
        connection.close()
        raise
    return connection


def _set_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL. Two judges creating the database at once can make the switch fail with
    "database is locked" at once, without SQLite's busy wait: retry until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def content_sha256(solution: Path) -> str:
    """The sha256 of a solution file's bytes; of a folder solution, of its files' names and
    contents (top level, sorted), as the judge builds it."""
    if not solution.is_dir():
        return hashlib.sha256(solution.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    for entry in sorted(solution.iterdir()):
        if entry.is_file() and not entry.is_symlink():
            digest.update(os.fsencode(entry.name) + b"\0" + hashlib.sha256(entry.read_bytes()).digest())
    return digest.hexdigest()


def record(result: SubmissionResult, *, samples_only: bool, total: int | None = None,
           path: str | os.PathLike | None = None, timeout: float = BUSY_TIMEOUT_S) -> int:
    """Store one judged attempt in one transaction; returns its id. Raises HistoryError."""
    target = resolve_path(path)
    solution = Path(result.solution).resolve()
    passed = sum(t.verdict is Verdict.AC for t in result.tests)
    # a file name need not be UTF-8: its undecodable bytes are kept as \xNN escapes
    shown = os.fsencode(solution).decode("utf-8", "backslashreplace")
    row = dict(problem=result.problem, solution=shown, language=result.language,
               verdict=result.verdict.value, max_cpu_s=result.max_cpu_s, max_memory_mib=result.max_memory_mib,
               passed=passed, total=len(result.tests) if total is None else total,
               time_limit_s=result.time_limit_s, samples_only=int(samples_only),
               judged_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds"))
    try:
        row["sha256"] = content_sha256(solution)
        connection = _connect(target, timeout)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                cursor = connection.execute(
                    f"INSERT INTO attempts ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})", row)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            return int(cursor.lastrowid)
        finally:
            connection.close()
    except (sqlite3.Error, OSError) as error:
        raise HistoryError(f"{target}: {_describe(error)}") from None


def record_or_warn(result: SubmissionResult, *, samples_only: bool, total: int | None = None,
                   path: str | os.PathLike | None = None, timeout: float = BUSY_TIMEOUT_S) -> None:
    """`judge run`'s hook: record the attempt, or say in one line on stderr why it was not."""
    if result.interrupted:  # a partial run is not an attempt's result
        return
    try:
        record(result, samples_only=samples_only, total=total, path=path, timeout=timeout)
    except HistoryError as error:
        print(f"judge: warning: this result was not recorded in the history ({error})", file=sys.stderr)


def attempts(path: str | os.PathLike | None = None, *, problem: str | None = None,
             limit: int | None = None) -> list[Attempt]:
    """Recorded attempts, newest first; none if there is no database yet. Raises HistoryError."""
    target = resolve_path(path)
    if not target.exists():
        return []
    query = "SELECT * FROM attempts" + (" WHERE problem = ?" if problem else "") + " ORDER BY id DESC"
    if limit:
        query += f" LIMIT {int(limit)}"
    try:
        connection = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(query, (problem,) if problem else ()).fetchall()
        finally:
            connection.close()
    except (sqlite3.Error, OSError) as error:
        if "no such table" in str(error):
            return []
        raise HistoryError(f"{target}: {_describe(error)}") from None
    return [Attempt(**{**dict(row), "samples_only": bool(row["samples_only"])}) for row in rows]


def best_accepted(history: list[Attempt]) -> dict[str, Attempt]:
    """Per problem, the accepted full run with the lowest max CPU time (the earliest on a tie)."""
    best: dict[str, Attempt] = {}
    for attempt in sorted(history, key=lambda a: a.id):
        if attempt.counts_as_solved:
            current = best.get(attempt.problem)
            if current is None or attempt.max_cpu_s < current.max_cpu_s:
                best[attempt.problem] = attempt
    return best


def status(history: list[Attempt], problem: str, time_limit_s: float | None = None) -> str:
    """"solved" (accepted on every test, within the problem's own time limit), "tried" or "not tried"."""
    mine = [a for a in history if a.problem == problem]
    if not mine:
        return "not tried"
    limit = float("inf") if time_limit_s is None else time_limit_s + 1e-9
    if any(a.counts_as_solved and a.time_limit_s <= limit for a in mine):
        return "solved"
    return "tried"
