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
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from judge.verdicts import SubmissionResult, Verdict

ENV_VAR = "JUDGE_HISTORY"
BUSY_TIMEOUT_S = 2.0
SCHEMA_VERSION = 2  # 2: package and problem_time_limit_s (added to a version 1 file, its rows kept)

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
    judged_at     TEXT    NOT NULL,     -- UTC, ISO 8601
    package       TEXT    NOT NULL DEFAULT '',  -- which package: uuid:<its uuid>, else path:<its folder>
    problem_time_limit_s REAL               -- the problem's own limit (NULL: unknown), above which AC is no solve
);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (problem, id);
"""
_ADDED_COLUMNS = {  # version 2's columns, added to an older file
    "package": "TEXT NOT NULL DEFAULT ''",
    "problem_time_limit_s": "REAL",
}


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
    package: str = ""                        # "" in rows recorded before packages were told apart
    problem_time_limit_s: float | None = None

    @property
    def looser_limit(self) -> bool:
        """Judged with a --time-limit above the problem's own."""
        return self.problem_time_limit_s is not None and self.time_limit_s > self.problem_time_limit_s + 1e-9

    @property
    def counts_as_solved(self) -> bool:
        return self.verdict == Verdict.AC.value and not self.samples_only and not self.looser_limit

    def of(self, problem: str, package: str | None = None) -> bool:
        """Whether this is an attempt at that problem (and that package, when both are known)."""
        return self.problem == problem and (not package or not self.package or self.package == package)


def package_key(path: Path, config: dict) -> str:
    """What tells a package apart from another of the same folder name: its uuid, else its folder."""
    uuid = config.get("uuid")
    return f"uuid:{uuid}" if isinstance(uuid, str) and uuid.strip() else f"path:{Path(path).resolve()}"


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
           path: str | os.PathLike | None = None, timeout: float = BUSY_TIMEOUT_S, package: str = "",
           problem_time_limit_s: float | None = None) -> int:
    """Store one judged attempt in one transaction; returns its id. Raises HistoryError.
    `package` is package_key() of the problem, `problem_time_limit_s` its own time limit."""
    target = resolve_path(path)
    solution = Path(result.solution).resolve()
    passed = sum(t.verdict is Verdict.AC for t in result.tests)
    # a file name need not be UTF-8: its undecodable bytes are kept as \xNN escapes
    shown = os.fsencode(solution).decode("utf-8", "backslashreplace")
    row = dict(problem=result.problem, solution=shown, language=result.language,
               verdict=result.verdict.value, max_cpu_s=result.max_cpu_s, max_memory_mib=result.max_memory_mib,
               passed=passed, total=len(result.tests) if total is None else total,
               time_limit_s=result.time_limit_s, samples_only=int(samples_only),
               judged_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds"), package=package,
               problem_time_limit_s=problem_time_limit_s)
    try:
        row["sha256"] = content_sha256(solution)
        connection = _connect(target, timeout)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                have = {row[1] for row in connection.execute("PRAGMA table_info(attempts)")}
                for column, kind in _ADDED_COLUMNS.items():
                    if column not in have:
                        connection.execute(f"ALTER TABLE attempts ADD COLUMN {column} {kind}")
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
                   path: str | os.PathLike | None = None, timeout: float = BUSY_TIMEOUT_S, package: str = "",
                   problem_time_limit_s: float | None = None) -> None:
    """`judge run`'s hook: record the attempt, or say in one line on stderr why it was not."""
    if result.interrupted:  # a partial run is not an attempt's result
        return
    try:
        record(result, samples_only=samples_only, total=total, path=path, timeout=timeout, package=package,
               problem_time_limit_s=problem_time_limit_s)
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
    known = {f.name for f in fields(Attempt)}  # a newer judge's columns are not this one's to read
    return [Attempt(**{**{k: v for k, v in dict(row).items() if k in known}, "samples_only": bool(row["samples_only"])})
            for row in rows]


def best_accepted(history: list[Attempt]) -> dict[str, Attempt]:
    """Per problem, the accepted full run with the lowest max CPU time (the earliest on a tie)."""
    best: dict[str, Attempt] = {}
    for attempt in sorted(history, key=lambda a: a.id):
        if attempt.counts_as_solved:
            current = best.get(attempt.problem)
            if current is None or attempt.max_cpu_s < current.max_cpu_s:
                best[attempt.problem] = attempt
    return best


def status(history: list[Attempt], problem: str, time_limit_s: float | None = None,
           package: str | None = None) -> str:
    """"solved" (accepted on every test, within the problem's own time limit), "tried" or "not tried";
    with `package` (package_key()), attempts recorded for another package of that name do not count."""
    mine = [a for a in history if a.of(problem, package)]
    if not mine:
        return "not tried"
    limit = float("inf") if time_limit_s is None else time_limit_s + 1e-9
    if any(a.counts_as_solved and a.time_limit_s <= limit for a in mine):
        return "solved"
    return "tried"
