"""Grade many submissions at once: find them, judge each one, keep the results, show a gradebook.

A SUBMISSIONS folder holds one subfolder per submitter, each with files named after the problem
they solve (`alice/incdec.py`). The unit of work is one submission (a GradeJob): compiled once,
then run on every test of its problem. Jobs run here (one after another, each on the same thread
pool as `judge run`) or on a Dask cluster (judge/cluster.py, the only module that imports Dask;
there a task is a submission, or with `--unit test` one test run of one);
either way this module sees GradeRecords coming back and keeps them in a SQLite file keyed by
submitter, problem, the file's sha256 and the judge settings that matter, so grading again
grades only what is missing and a result is recorded once.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, Iterator

from judge import __version__
from judge.errors import UserError
from judge.languages import is_supported

RESULTS_NAME = "grades.sqlite3"


@dataclass(frozen=True)
class Submission:
    submitter: str
    problem: str
    path: Path
    sha256: str

    @property
    def file(self) -> str:
        """The path inside SUBMISSIONS, as reports show it."""
        return f"{self.submitter}/{self.path.name}"


@dataclass(frozen=True)
class GradeJob:
    """One submission to grade: a picklable value, paths valid where it runs."""

    submitter: str
    problem: str
    file: str
    sha256: str
    source: Path          # the submission's file
    package: Path         # the problem's package folder
    time_limit_s: float
    settings: str         # what else the result depends on (judge version, limits)
    jobs: int | None = None  # tests at once inside the submission (None: the cores)


@dataclass
class GradeRecord:
    submitter: str
    problem: str
    file: str
    sha256: str
    verdict: str
    passed: int
    total: int
    max_cpu_s: float
    max_memory_mib: float
    message: str = ""
    settings: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        del d["settings"]
        d["max_cpu_s"] = round(self.max_cpu_s, 4)
        d["max_memory_mib"] = round(self.max_memory_mib, 2)
        return d


@dataclass
class Skipped:
    """A file that is no submission, or a submission that could not be graded, and why."""

    file: str
    reason: str


@dataclass
class Grading:
    records: list[GradeRecord] = field(default_factory=list)  # every submission's, old and new
    graded_now: int = 0
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)     # files that are not submissions
    failed: list[Skipped] = field(default_factory=list)      # submissions that could not be graded

    @property
    def complete(self) -> bool:
        return not self.skipped and not self.failed


# ---------------------------------------------------------------- finding submissions


def problem_packages(problems_dir: str | Path | None = None) -> dict[str, Path]:
    """Problem name -> package folder: those `judge run` finds by name, or those of problems_dir."""
    from judge.package import problem_folders

    if problems_dir is None:
        folders = problem_folders()
    else:
        root = Path(problems_dir)
        if not root.is_dir():
            raise UserError(f"problems folder {str(problems_dir)!r} not found")
        folders = [f for f in sorted(root.iterdir())
                   if f.is_dir() and not f.name.startswith((".", "_")) and (f / "problem.yaml").is_file()]
    return {folder.name: folder for folder in folders}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_submissions(folder: str | Path, problems: dict[str, Path]) -> tuple[list[Submission], list[Skipped]]:
    """Every submitter's files named after a problem with a language's extension; the rest, with why."""
    root = Path(folder)
    if not root.is_dir():
        raise UserError(f"submissions folder {str(folder)!r} not found: give a folder with one subfolder "
                        f"per submitter")
    found: list[Submission] = []
    skipped: list[Skipped] = []
    for submitter in sorted(root.iterdir()):
        if submitter.name.startswith("."):
            continue
        if not submitter.is_dir():
            if submitter.name != RESULTS_NAME and not submitter.name.startswith(RESULTS_NAME):
                skipped.append(Skipped(submitter.name, "not in a submitter's folder"))
            continue
        for path in sorted(submitter.iterdir()):
            name = f"{submitter.name}/{path.name}"
            if path.name.startswith("."):
                continue
            if not path.is_file():
                skipped.append(Skipped(name, "not a file"))
            elif path.name.split(".")[0] not in problems:
                skipped.append(Skipped(name, f"{path.name.split('.')[0]!r} is no problem"))
            elif not is_supported(path):
                skipped.append(Skipped(name, f"no language has the extension {path.suffix!r}"))
            else:
                found.append(Submission(submitter.name, path.name.split(".")[0], path, sha256_file(path)))
    return found, skipped


# ---------------------------------------------------------------- the results database


class ResultsDB:
    """Results keyed by submitter, problem, sha256 and settings; a second insert of a key is a no-op."""

    _COLUMNS = [f.name for f in fields(GradeRecord)]

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("""CREATE TABLE IF NOT EXISTS grades (
                submitter TEXT NOT NULL, problem TEXT NOT NULL, sha256 TEXT NOT NULL, settings TEXT NOT NULL,
                file TEXT NOT NULL, verdict TEXT NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL,
                max_cpu_s REAL NOT NULL, max_memory_mib REAL NOT NULL, message TEXT NOT NULL,
                PRIMARY KEY (submitter, problem, sha256, settings))""")
            self._db.execute("""CREATE TABLE IF NOT EXISTS derived_time_limits (
                problem TEXT PRIMARY KEY, time_limit_s REAL NOT NULL, how TEXT NOT NULL)""")
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:
            raise UserError(f"results file {str(path)!r}: {exc}") from None

    def get(self, submitter: str, problem: str, sha256: str, settings: str) -> GradeRecord | None:
        row = self._db.execute(f"SELECT {', '.join(self._COLUMNS)} FROM grades WHERE submitter = ? AND "
                               f"problem = ? AND sha256 = ? AND settings = ?",
                               (submitter, problem, sha256, settings)).fetchone()
        return GradeRecord(*row) if row else None

    def add(self, record: GradeRecord) -> bool:
        """Record a result once; False when its key was already there."""
        cursor = self._db.execute(f"INSERT OR IGNORE INTO grades ({', '.join(self._COLUMNS)}) "
                                  f"VALUES ({', '.join('?' * len(self._COLUMNS))})",
                                  tuple(getattr(record, c) for c in self._COLUMNS))
        self._db.commit()
        return cursor.rowcount == 1

    def derived_time_limit(self, problem: str) -> tuple[float, str] | None:
        row = self._db.execute("SELECT time_limit_s, how FROM derived_time_limits WHERE problem = ?",
                               (problem,)).fetchone()
        return (row[0], row[1]) if row else None

    def keep_derived_time_limit(self, problem: str, time_limit_s: float, how: str) -> tuple[float, str]:
        """Keep the first limit derived for this problem; the one kept (another judge's, if it was first)."""
        self._db.execute("INSERT OR IGNORE INTO derived_time_limits VALUES (?, ?, ?)", (problem, time_limit_s, how))
        self._db.commit()
        return self.derived_time_limit(problem)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM grades").fetchone()[0]

    def close(self) -> None:
        self._db.close()


# ---------------------------------------------------------------- grading


def settings_key(time_limit_s: float) -> str:
    return f"judge {__version__}; time limit {time_limit_s:g} s"


def problem_time_limit(folder: Path, db: ResultsDB | None = None, judge_many=None,
                       say: Callable[[str], None] | None = None) -> float:
    """The problem's time limit; for a package without one, the limit `judge run` and `judge verify`
    derive from its accepted solutions (their runs through `judge_many`, verify's seam, if given).
    A derived limit is kept in db, and a later grading into the same db uses it: its grades and
    the new ones are judged with the same limit, and the settings key of its grades still matches."""
    from judge.package import load_problem, load_problem_yaml
    from judge.verify import derived_time_limit

    problem = load_problem_yaml(folder)
    if problem.time_limit_source != "default":
        return problem.time_limit_s
    kept = db.derived_time_limit(problem.slug) if db is not None else None
    if kept is None:
        limit, how = derived_time_limit(load_problem(folder), judge_many=judge_many)
        kept = db.keep_derived_time_limit(problem.slug, limit, how) if db is not None else (limit, how)
        if say is not None:
            say(f"{problem.slug}: {kept[1]}")
    elif say is not None:
        say(f"{problem.slug}: {kept[0]:g} s, the time limit kept in {db.path} since it was derived there: "
            f"{kept[1]}")
    return kept[0]


def make_jobs(submissions: list[Submission], problems: dict[str, Path], time_limit: float | None = None,
              db: ResultsDB | None = None, judge_many=None,
              say: Callable[[str], None] | None = None) -> list[GradeJob]:
    """A job per submission, with its problem's time limit (or `time_limit`) in its settings;
    a missing one derived as `judge run` does (problem_time_limit: db, judge_many and say are its)."""
    limits: dict[str, float] = {}
    jobs = []
    for sub in submissions:
        if sub.problem not in limits:
            limits[sub.problem] = time_limit or problem_time_limit(problems[sub.problem], db, judge_many, say)
        tl = limits[sub.problem]
        jobs.append(GradeJob(sub.submitter, sub.problem, sub.file, sub.sha256, sub.path, problems[sub.problem],
                             tl, settings_key(tl)))
    return jobs


_PROBLEMS: dict[Path, object] = {}  # loaded packages, per process (a worker grades many of each)


def grade_one(job: GradeJob, executor=None) -> GradeRecord:
    """Judge one submission where this runs. The unit of work, local or on a cluster worker;
    `executor` (judge_solution's) runs its tests elsewhere, e.g. to measure a test as the unit."""
    from judge.judging import judge_solution
    from judge.package import load_problem

    problem = _PROBLEMS.get(job.package)
    if problem is None:
        problem = _PROBLEMS[job.package] = load_problem(job.package)
    result = judge_solution(problem, job.source, jobs=job.jobs, time_limit=job.time_limit_s, executor=executor)
    if result.interrupted:  # Ctrl-C mid-submission: a partial result is no grade; stop, record nothing
        raise KeyboardInterrupt
    passed = sum(1 for t in result.tests if t.verdict.value == "AC")
    return GradeRecord(job.submitter, job.problem, job.file, job.sha256, result.verdict.value, passed,
                       len(problem.tests), result.max_cpu_s, result.max_memory_mib,
                       result.message.splitlines()[0][:200] if result.message else "", job.settings)


Outcome = tuple[GradeJob, "GradeRecord | BaseException"]
Runner = Callable[[list[GradeJob]], Iterable[Outcome]]


def run_here(jobs: list[GradeJob]) -> Iterator[Outcome]:
    """One submission after another in this process, each on judge run's thread pool."""
    for job in jobs:
        try:
            yield job, grade_one(job)
        except (UserError, Exception) as error:  # noqa: B014 - a user error or a judge bug: said, not raised
            yield job, error


def grade(jobs: list[GradeJob], db: ResultsDB, runner: Runner = run_here,
          on_record: Callable[[GradeRecord], None] | None = None) -> Grading:
    """Grade the jobs not already in db, recording each result as it arrives; on_record sees
    every job's outcome (a record already in db, a new one, or why it could not be graded)."""
    grading = Grading()
    pending = []
    for job in jobs:
        old = db.get(job.submitter, job.problem, job.sha256, job.settings)
        if old is None:
            pending.append(job)
        else:
            grading.already += 1
            grading.records.append(old)
            if on_record is not None:
                on_record(old)
    if pending:
        for job, outcome in runner(pending):
            if isinstance(outcome, BaseException):
                grading.failed.append(Skipped(job.file, f"{type(outcome).__name__}: {outcome}"
                                              if not isinstance(outcome, UserError) else str(outcome)))
            elif outcome.verdict == "JE":  # the judge failed, not the submission: not kept, so retried
                grading.failed.append(Skipped(job.file, f"the judge failed: {outcome.message}"))
            else:
                if db.add(outcome):
                    grading.graded_now += 1
                grading.records.append(outcome)
            if on_record is not None:
                on_record(outcome)
    order = {(j.submitter, j.problem, j.file): i for i, j in enumerate(jobs)}
    grading.records.sort(key=lambda r: order.get((r.submitter, r.problem, r.file), len(order)))
    return grading


# ---------------------------------------------------------------- output


def summary(grading: Grading) -> dict:
    verdicts: dict[str, int] = {}
    for r in grading.records:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    return {"graded": len(grading.records), "graded_now": grading.graded_now, "already_graded": grading.already,
            "verdicts": dict(sorted(verdicts.items())),
            "submitters": len({r.submitter for r in grading.records}),
            "skipped": [asdict(s) for s in grading.skipped], "failed": [asdict(s) for s in grading.failed]}


def to_json(grading: Grading) -> str:
    return json.dumps({"results": [r.to_dict() for r in grading.records], "summary": summary(grading)}, indent=2)


def write_csv(grading: Grading, path: str | Path) -> None:
    columns = ["submitter", "problem", "file", "sha256", "verdict", "passed", "total", "max_cpu_s",
               "max_memory_mib", "message"]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for r in grading.records:
        writer.writerow({k: v for k, v in r.to_dict().items() if k in columns})
    try:
        Path(path).write_text(out.getvalue())
    except OSError as exc:
        raise UserError(f"cannot write {str(path)!r}: {exc.strerror}") from None


def gradebook(grading: Grading) -> str:
    """Submitter x problem: verdict, tests passed, max CPU."""
    problems = sorted({r.problem for r in grading.records})
    cells: dict[tuple[str, str], str] = {}
    for r in grading.records:
        cells[(r.submitter, r.problem)] = f"{r.verdict} {r.passed}/{r.total} {r.max_cpu_s:.2f}s"
    submitters = sorted({r.submitter for r in grading.records})
    rows = [["submitter", *problems]] + [[s, *(cells.get((s, p), "-") for p in problems)] for s in submitters]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)
